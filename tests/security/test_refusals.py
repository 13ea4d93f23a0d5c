"""Every refusal a signed-in person meets is in the audit record, from one place (the refusal
middleware): permission refused (403) and not found for them (404)."""

from __future__ import annotations

import pytest
from django.test import Client

from putright.audit.models import AuditEvent
from putright.organisations.models import User
from tests.factories import received_complaint

pytestmark = pytest.mark.django_db


def test_a_permission_refused_is_recorded(client: Client, org_a_handler: User) -> None:
    client.force_login(org_a_handler)

    assert client.get("/staff/settings/").status_code == 403

    event = AuditEvent.objects.get(action="staff.permission_denied")
    assert event.actor == org_a_handler
    assert event.organisation == org_a_handler.organisation
    assert event.after == {
        "method": "GET",
        "path": "/staff/settings/",
        "status": 403,
        "reason": "Only a manager or senior lead changes the organisation's settings.",
    }


def test_another_organisations_case_is_recorded_as_not_found(
    client: Client, org_a_handler: User, org_b_handler: User
) -> None:
    complaint = received_complaint(org_a_handler)
    client.force_login(org_b_handler)

    assert client.get(f"/staff/cases/{complaint.reference}/").status_code == 404

    event = AuditEvent.objects.get(action="staff.not_found")
    assert event.actor == org_b_handler
    assert event.organisation == org_b_handler.organisation
    assert event.after["path"] == f"/staff/cases/{complaint.reference}/"  # type: ignore[index]


def test_an_unknown_address_is_not_a_refusal(client: Client, org_a_handler: User) -> None:
    client.force_login(org_a_handler)

    assert client.get("/staff/no-such-page/").status_code == 404

    assert not AuditEvent.objects.filter(action__startswith="staff.not").exists()


def test_anonymous_refusals_are_not_recorded(client: Client) -> None:
    assert client.get("/staff/settings/").status_code == 302
    assert not AuditEvent.objects.exists()
