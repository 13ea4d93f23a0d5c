"""Service requests for the tests, recorded through the service so references and audit are real."""

from datetime import date
from typing import Any

from putright.cases.models import Channel, ServiceRequest
from putright.cases.services.requests import service_request_record
from putright.organisations.models import ServiceArea, User
from tests.factories import ServiceAreaFactory


def recorded_request(
    actor: User, *, service_area: ServiceArea | None = None, **fields: Any
) -> ServiceRequest:
    """A service request recorded by ``actor`` through ``service_request_record``."""
    if service_area is None:
        service_area = ServiceAreaFactory(organisation=actor.organisation, name="Repairs")
    received = fields.pop("received", date(2025, 3, 3))
    values: dict[str, Any] = {
        "channel": Channel.PHONE,
        "name": "Sam Example",
        "description": "Please fix the broken gutter at the back of the house.",
        "today": max(received, date(2025, 6, 2)),
        **fields,
    }
    return service_request_record(
        actor=actor, service_area=service_area, received=received, **values
    )
