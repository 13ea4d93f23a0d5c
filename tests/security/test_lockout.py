"""Lockout after failed sign-ins, by username and address together, for minutes, with a page
saying when to try again; managers unlock; every failure and lockout is in the audit record."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.test import Client

from putright.audit.models import AuditEvent
from putright.organisations.models import User
from tests.security.conftest import PASSWORD, code_for, enrolled, with_password

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("axes")]

HERE = "203.0.113.7"
ELSEWHERE = "198.51.100.9"


def attempt(client: Client, username: str, password: str, ip: str = HERE) -> Any:
    return client.post(
        "/staff/sign-in/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def lock(client: Client, user: User, ip: str = HERE) -> Any:
    response = None
    for _ in range(5):
        response = attempt(client, user.get_username(), "wrong password", ip)
    return response


def test_five_failures_lock_that_username_from_that_address(
    client: Client, org_a_handler: User
) -> None:
    with_password(org_a_handler)
    for _ in range(4):
        assert attempt(client, org_a_handler.username, "wrong").status_code == 200

    response = attempt(client, org_a_handler.username, "wrong")

    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed sign-ins" in page
    assert "You can try again at" in page
    assert "15 minutes" in page
    # Even the right password is refused now, from here.
    assert attempt(client, org_a_handler.username, PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_an_attacker_elsewhere_cannot_lock_a_member_of_staff_out(
    org_a_handler: User,
) -> None:
    with_password(org_a_handler)
    lock(Client(), org_a_handler, ip=ELSEWHERE)

    response = attempt(Client(), org_a_handler.username, PASSWORD, ip=HERE)

    assert response.status_code == 302


def test_lockouts_are_kept_in_the_database(client: Client, org_a_handler: User) -> None:
    lock(client, org_a_handler)

    row = AccessAttempt.objects.get(username=org_a_handler.username)
    assert (row.ip_address, row.failures_since_start) == (HERE, 5)


def test_the_lockout_lasts_minutes_not_hours(client: Client, org_a_handler: User) -> None:
    with_password(org_a_handler)
    lock(client, org_a_handler)

    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16)
    )

    assert attempt(client, org_a_handler.username, PASSWORD).status_code == 302


def test_failures_and_the_lockout_are_recorded_for_the_organisation(
    client: Client, org_a_handler: User
) -> None:
    lock(client, org_a_handler)

    failures = AuditEvent.objects.filter(action="staff.sign_in_failed")
    assert failures.count() == 5
    assert {e.organisation_id for e in failures} == {org_a_handler.organisation_id}
    assert failures.first().after == {"ip": HERE}  # type: ignore[union-attr]
    locked = AuditEvent.objects.get(action="staff.locked_out")
    assert locked.actor_label == org_a_handler.username
    assert locked.organisation == org_a_handler.organisation
    # The password tried is never kept.
    assert "wrong password" not in str(list(AuditEvent.objects.values()))


def test_a_failure_for_an_unknown_username_belongs_to_no_organisation(client: Client) -> None:
    attempt(client, "nobody@example.org", "guess")

    event = AuditEvent.objects.get(action="staff.sign_in_failed")
    assert (event.actor_label, event.organisation) == ("nobody@example.org", None)


def test_a_manager_unlocks_a_colleague(
    client: Client, org_a_manager: User, org_a_handler: User, settings: Any
) -> None:
    settings.PUTRIGHT_MFA_REQUIRED = True
    with_password(org_a_handler)
    lock(Client(), org_a_handler)
    device = enrolled(org_a_manager)
    client.force_login(org_a_manager, backend="django.contrib.auth.backends.ModelBackend")
    client.post("/staff/sign-in/code/", {"code": code_for(device)})
    page = client.get("/staff/security/staff/").content.decode()
    assert "Until" in page

    response = client.post(f"/staff/security/staff/{org_a_handler.pk}/unlock/")

    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    event = AuditEvent.objects.get(action="staff.lockout_cleared")
    assert (event.actor, event.object_id) == (org_a_manager, str(org_a_handler.pk))
    assert attempt(Client(), org_a_handler.username, PASSWORD).status_code == 302


def test_a_handler_cannot_unlock(client: Client, org_a_handler: User, org_a_manager: User) -> None:
    lock(Client(), org_a_manager)
    client.force_login(org_a_handler, backend="django.contrib.auth.backends.ModelBackend")

    assert client.post(f"/staff/security/staff/{org_a_manager.pk}/unlock/").status_code == 403
    assert AccessAttempt.objects.exists()


def test_a_successful_sign_in_clears_the_failures(client: Client, org_a_handler: User) -> None:
    with_password(org_a_handler)
    for _ in range(4):
        attempt(client, org_a_handler.username, "wrong")
    assert attempt(client, org_a_handler.username, PASSWORD).status_code == 302
    client.post("/staff/sign-out/")

    for _ in range(4):
        assert attempt(client, org_a_handler.username, "wrong").status_code == 200
