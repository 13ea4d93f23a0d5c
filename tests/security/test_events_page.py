"""The security events page: managers, senior leads and auditors read their organisation's."""

from __future__ import annotations

import pytest
from django.test import Client

from putright.audit import services as audit
from putright.organisations.models import Role, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(org_a_handler: User, org_b_handler: User) -> None:
    audit.record(action="staff.sign_in", actor=org_a_handler, target=org_a_handler)
    audit.record(
        action="staff.sign_in_failed",
        actor_label=org_a_handler.username,
        organisation=org_a_handler.organisation,
        after={"ip": "203.0.113.7"},
    )
    audit.record(action="staff.sign_in", actor=org_b_handler, target=org_b_handler)
    audit.record(action="organisation.update", actor=org_a_handler)


@pytest.mark.usefixtures("events")
def test_a_manager_reads_their_organisations_security_events(
    client: Client, org_a_manager: User, org_a_handler: User, org_b_handler: User
) -> None:
    client.force_login(org_a_manager)

    page = client.get("/staff/security/").content.decode()

    assert "Failed sign-in" in page
    assert "from 203.0.113.7" in page
    assert org_a_handler.username in page
    assert org_b_handler.username not in page
    assert "organisation.update" not in page
    assert 'href="/staff/security/staff/"' in page


@pytest.mark.usefixtures("events")
def test_the_events_filter_by_kind_and_username(client: Client, org_a_manager: User) -> None:
    client.force_login(org_a_manager)

    page = client.get("/staff/security/", {"kind": "failed"}).content.decode()
    assert "Failed sign-in" in page
    assert ">Signed in<" not in page

    page = client.get("/staff/security/", {"username": "nobody"}).content.decode()
    assert "No security events match" in page


def test_a_bad_date_range_is_explained(client: Client, org_a_manager: User) -> None:
    client.force_login(org_a_manager)
    query = {
        "start_day": "2",
        "start_month": "5",
        "start_year": "2026",
        "end_day": "1",
        "end_month": "5",
        "end_year": "2026",
    }

    page = client.get("/staff/security/", query).content.decode()

    assert "The end date must be the same as or after the start date" in page


@pytest.mark.usefixtures("events")
def test_an_auditor_reads_them_but_manages_nobody(client: Client, org_a: object) -> None:
    auditor = UserFactory(username="ed@org-a.example", organisation=org_a, role=Role.AUDITOR)
    client.force_login(auditor)

    page = client.get("/staff/security/")
    assert page.status_code == 200
    assert 'href="/staff/security/staff/"' not in page.content.decode()
    assert client.get("/staff/security/staff/").status_code == 403


def test_a_handler_cannot_read_them(client: Client, org_a_handler: User) -> None:
    client.force_login(org_a_handler)

    assert client.get("/staff/security/").status_code == 403
    assert 'href="/staff/security/"' not in client.get("/staff/work/").content.decode()


def test_the_security_pages_need_sign_in(client: Client) -> None:
    for url in ["/staff/security/", "/staff/security/staff/", "/staff/account/security/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/staff/sign-in/")
