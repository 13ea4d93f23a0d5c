"""factory_boy factories for the database-backed tests."""

from datetime import date
from typing import Any

import factory
from factory.django import DjangoModelFactory

from putright.cases.models import Channel, Complaint
from putright.cases.services import complaint_receive
from putright.organisations.models import (
    ClosureDay,
    Division,
    Organisation,
    Role,
    ServiceArea,
    User,
)

PASSWORD = "correct horse battery staple"


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"org-{n}")
    name = factory.Sequence(lambda n: f"Organisation {n}")
    division = Division.ENGLAND_AND_WALES
    default_profile = "hos-2024"
    homes = 1000


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"staff{n}@example.org")
    email = factory.SelfAttribute("username")
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.HANDLER
    password = factory.django.Password(PASSWORD)


class ServiceAreaFactory(DjangoModelFactory):
    class Meta:
        model = ServiceArea
        django_get_or_create = ("organisation", "name")

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Service area {n}")
    profile = factory.SelfAttribute("organisation.default_profile")


class ClosureDayFactory(DjangoModelFactory):
    class Meta:
        model = ClosureDay
        django_get_or_create = ("organisation", "day")

    organisation = factory.SubFactory(OrganisationFactory)
    day = date(2025, 12, 29)
    reason = "Closed between Christmas and New Year"


def received_complaint(
    actor: User, *, service_area: ServiceArea | None = None, **fields: Any
) -> Complaint:
    """A complaint logged through ``complaint_receive``, so its deadlines and audit are real."""
    if service_area is None:
        service_area = ServiceAreaFactory(organisation=actor.organisation, name="Repairs")
    received = fields.pop("received", date(2025, 3, 3))
    values: dict[str, Any] = {
        "channel": Channel.WEB,
        "name": "Pat Example",
        "description": "The repair to my boiler was booked three times and never done.",
        "today": max(received, date(2025, 6, 2)),
        **fields,
    }
    return complaint_receive(actor=actor, service_area=service_area, received=received, **values)
