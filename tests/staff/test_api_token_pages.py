"""The API tokens settings pages: managers make a token (its secret shown once) and revoke one;
other roles get 403, another organisation's token 404; both steps are audited."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from rest_framework.test import APIClient

from putright.audit.models import AuditEvent
from putright.integrations.models import ApiToken
from putright.integrations.services import api_token_create
from putright.organisations.models import Role, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_manager_makes_a_token_and_sees_it_once(client: Client, org_a_manager: User) -> None:
    client.force_login(org_a_manager)
    assert client.get("/staff/settings/").content.decode().count("/staff/settings/api-tokens/")

    response = client.post(
        "/staff/settings/api-tokens/new/",
        {"name": "Housing CRM", "scopes": ["complaints:read", "complaints:write"]},
    )

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    secret = re.search(r"<code>(pr_[0-9a-f]{8}_[\w-]+)</code>", html)
    assert secret is not None
    token = ApiToken.objects.get()
    assert token.name == "Housing CRM"
    assert AuditEvent.objects.filter(action="api_token.create", actor=org_a_manager).exists()
    listed = client.get("/staff/settings/api-tokens/").content.decode()
    assert "Housing CRM" in listed
    assert token.prefix in listed
    assert secret.group(1) not in listed
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret.group(1)}")
    assert api.get("/api/v1/complaints/").status_code == 200


def test_the_form_says_what_is_missing(client: Client, org_a_manager: User) -> None:
    client.force_login(org_a_manager)

    html = client.post("/staff/settings/api-tokens/new/", {"name": ""}).content.decode()

    assert "Enter what the token is for" in html
    assert "Select at least one thing the token may do" in html
    assert not ApiToken.objects.exists()


def test_a_name_in_use_is_refused(client: Client, org_a_manager: User) -> None:
    api_token_create(actor=org_a_manager, name="CRM", scopes=["complaints:read"])
    client.force_login(org_a_manager)

    html = client.post(
        "/staff/settings/api-tokens/new/", {"name": "CRM", "scopes": ["figures:read"]}
    ).content.decode()

    assert "There is already a token named" in html
    assert ApiToken.objects.count() == 1


def test_a_manager_revokes_a_token(client: Client, org_a_manager: User) -> None:
    made = api_token_create(actor=org_a_manager, name="CRM", scopes=["complaints:read"])
    client.force_login(org_a_manager)
    url = f"/staff/settings/api-tokens/{made.token.pk}/revoke/"
    assert "Revoke the token" in client.get(url).content.decode()

    response = client.post(url)

    assert response.status_code == 302
    made.token.refresh_from_db()
    assert made.token.revoked is not None
    assert AuditEvent.objects.filter(action="api_token.revoke", actor=org_a_manager).exists()
    assert "API token revoked: CRM" in client.get(response["Location"]).content.decode()
    assert "Revoked" in client.get("/staff/settings/api-tokens/").content.decode()


@pytest.mark.parametrize(
    "url",
    ["/staff/settings/api-tokens/", "/staff/settings/api-tokens/new/"],
)
def test_other_roles_are_refused(client: Client, org_a_handler: User, url: str) -> None:
    client.force_login(org_a_handler)
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "x", "scopes": ["figures:read"]}).status_code in (403, 405)
    assert not ApiToken.objects.exists()


def test_another_organisations_token_is_404(
    client: Client, org_a_manager: User, org_b: object
) -> None:
    made = api_token_create(actor=org_a_manager, name="CRM", scopes=["complaints:read"])
    manager_b = UserFactory(username="dana@org-b.example", organisation=org_b, role=Role.MANAGER)
    client.force_login(manager_b)

    assert client.get(f"/staff/settings/api-tokens/{made.token.pk}/revoke/").status_code == 404
    assert client.post(f"/staff/settings/api-tokens/{made.token.pk}/revoke/").status_code == 404
    assert "CRM" not in client.get("/staff/settings/api-tokens/").content.decode()
    made.token.refresh_from_db()
    assert made.token.revoked is None


def test_the_security_page_lists_tokens_made_and_the_apis_refusals(
    client: Client, org_a_manager: User
) -> None:
    made = api_token_create(actor=org_a_manager, name="CRM", scopes=["complaints:read"])
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {made.secret}")
    assert api.get("/api/v1/figures/?from=2025-01-01&to=2025-01-31").status_code == 403
    client.force_login(org_a_manager)

    page = client.get("/staff/security/", {"kind": "api-tokens"}).content.decode()
    assert "API token made" in page

    refused = client.get("/staff/security/", {"kind": "refused"}).content.decode()
    assert made.token.account.username in refused
    assert "Refused (not allowed)" in refused
