"""The content security policy and the other security headers, on every kind of response."""

from __future__ import annotations

import pytest
from django.test import Client

from putright.organisations.models import User

pytestmark = pytest.mark.django_db

POLICY = (
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
)


def _directives(header: str) -> set[str]:
    return {part.strip() for part in header.split(";") if part.strip()}


@pytest.mark.parametrize(
    "url", ["/staff/sign-in/", "/staff/work/", "/admin/", "/admin/login/", "/no-such-page/"]
)
def test_every_response_has_the_policy_and_headers(
    client: Client, org_a_handler: User, url: str
) -> None:
    client.force_login(org_a_handler)
    response = client.get(url)

    directives = _directives(response["Content-Security-Policy"])
    assert set(POLICY) <= directives
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_anonymous_pages_have_the_policy_too(client: Client) -> None:
    response = client.get("/staff/sign-in/")

    assert set(POLICY) <= _directives(response["Content-Security-Policy"])


def test_the_session_cookie_is_not_readable_by_scripts(client: Client, org_a_handler: User) -> None:
    from tests.security.conftest import sign_in, with_password

    response = sign_in(client, with_password(org_a_handler))

    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
