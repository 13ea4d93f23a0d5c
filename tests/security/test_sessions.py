"""Sessions end after 30 idle minutes or 10 hours, and the sign-in page says which."""

from __future__ import annotations

import time

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from putright.audit.models import AuditEvent
from putright.organisations.models import User
from putright.security.middleware import SEEN_AT, SIGNED_IN_AT
from tests.security.conftest import sign_in, with_password

pytestmark = pytest.mark.django_db


def _shift(client: Client, **seconds_ago: float) -> None:
    session = client.session
    for key, ago in seconds_ago.items():
        session[key] = time.time() - ago
    session.save()


def test_a_session_ends_after_thirty_idle_minutes(client: Client, org_a_handler: User) -> None:
    sign_in(client, with_password(org_a_handler))
    assert client.get("/staff/work/").status_code == 200
    _shift(client, **{SEEN_AT: 31 * 60})

    response = client.get("/staff/work/")

    assert response.status_code == 302
    assert response["Location"] == "/staff/sign-in/?next=%2Fstaff%2Fwork%2F"
    page = client.get(response["Location"]).content.decode()
    assert "You were signed out because you had not used putright for 30 minutes" in page
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="staff.session_expired", actor=org_a_handler).exists()
    # Said once: the next visit to the sign-in page is plain.
    assert "You were signed out" not in client.get("/staff/sign-in/").content.decode()


def test_use_keeps_a_session_open(client: Client, org_a_handler: User) -> None:
    sign_in(client, with_password(org_a_handler))
    _shift(client, **{SEEN_AT: 29 * 60})

    assert client.get("/staff/work/").status_code == 200
    assert time.time() - client.session[SEEN_AT] < 5


def test_a_session_ends_ten_hours_after_sign_in_however_busy(
    client: Client, org_a_handler: User
) -> None:
    sign_in(client, with_password(org_a_handler))
    _shift(client, **{SIGNED_IN_AT: 10 * 3600 + 1, SEEN_AT: 10})

    response = client.get("/staff/work/")

    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "because you signed in more than 10 hours ago" in page


def test_the_idle_time_is_a_setting(client: Client, org_a_handler: User, settings: object) -> None:
    settings.PUTRIGHT_SESSION_IDLE_MINUTES = 5  # type: ignore[attr-defined]
    sign_in(client, with_password(org_a_handler))
    _shift(client, **{SEEN_AT: 6 * 60})

    assert client.get("/staff/work/").status_code == 302


def test_sign_out_clears_the_session(client: Client, org_a_handler: User) -> None:
    sign_in(client, with_password(org_a_handler))
    key = client.session.session_key

    response = client.post("/staff/sign-out/")

    assert response.status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get("/staff/work/").status_code == 302
    assert AuditEvent.objects.filter(action="staff.sign_out", actor=org_a_handler).exists()
