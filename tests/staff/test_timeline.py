"""The case timeline reads the whole record: the complaint's own steps and what is recorded
about it (remedies, correspondence...), and nothing of another complaint."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.test import Client

from putright.cases.selectors import complaint_audit_events
from putright.cases.services.remedies import remedy_offer
from putright.organisations.models import User
from tests.factories import received_complaint


def test_the_timeline_shows_a_remedy_and_not_another_cases(
    client: Client, org_a_handler: User
) -> None:
    case = received_complaint(org_a_handler)
    other = received_complaint(org_a_handler, service_area=case.service_area)
    remedy_offer(
        actor=org_a_handler,
        complaint=case,
        kind="financial",
        description="A payment for the time without heating.",
        due=date(2025, 4, 1),
        amount=Decimal("150.00"),
    )
    remedy_offer(
        actor=org_a_handler,
        complaint=other,
        kind="apology",
        description="We are sorry.",
    )

    actions = [event.action for event in complaint_audit_events(case)]
    assert actions == ["remedies.offer", "complaint.receive"]

    client.force_login(org_a_handler)
    page = client.get(f"/staff/cases/{case.reference}/").content.decode()
    assert "Remedy offered" in page
    assert "Complaint logged" in page
