"""Who may call the API, and every error as application/problem+json (RFC 9457)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rest_framework.test import APIClient

from putright.audit.models import AuditEvent
from putright.integrations.services import api_token_revoke
from putright.organisations.models import ServiceArea, User
from tests.api.conftest import new_complaint
from tests.factories import received_complaint

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def assert_problem(response, status: int, slug: str) -> dict:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["type"] == f"http://testserver/api/docs/#problem-{slug}"
    assert body["status"] == status
    assert body["title"]
    assert body["detail"]
    assert body["instance"] == response.wsgi_request.path
    return body  # type: ignore[no-any-return]


def test_no_token_is_401_with_the_scheme_to_use(org_a: object) -> None:
    response = APIClient().get("/api/v1/complaints/")

    body = assert_problem(response, 401, "not-authenticated")
    assert "Authorization: Bearer" in body["detail"]
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


@pytest.mark.parametrize(
    ("header", "words"),
    [
        ("Bearer pr_00000000_nothing", "not known or has been revoked"),
        ("Token abc", "Authorization: Bearer"),
        ("Bearer", "Authorization: Bearer"),
    ],
)
def test_a_wrong_token_is_401(org_a: object, header: str, words: str) -> None:
    response = APIClient().get("/api/v1/complaints/", HTTP_AUTHORIZATION=header)

    assert words in assert_problem(response, 401, "not-authenticated")["detail"]


def test_a_revoked_token_is_401(make_client: Callable[..., APIClient], org_a_manager: User) -> None:
    client = make_client()
    assert client.get("/api/v1/complaints/").status_code == 200

    api_token_revoke(actor=org_a_manager, token=client.token)  # type: ignore[attr-defined]

    assert_problem(client.get("/api/v1/complaints/"), 401, "not-authenticated")


def test_a_missing_scope_is_403_and_recorded_as_a_refusal(
    make_client: Callable[..., APIClient], housing: ServiceArea
) -> None:
    client = make_client(["complaints:read"], name="Reader")

    response = client.post(
        "/api/v1/complaints/",
        new_complaint(service_area=housing.pk),
        format="json",
        HTTP_IDEMPOTENCY_KEY="one",
    )

    body = assert_problem(response, 403, "forbidden")
    assert body["detail"] == (
        "This token does not have the complaints:write scope, which this request needs."
    )
    event = AuditEvent.objects.get(action="staff.permission_denied")
    assert event.actor == client.token.account  # type: ignore[attr-defined]
    assert event.actor_label == client.token.account.username  # type: ignore[attr-defined]
    assert event.after == {
        "method": "POST",
        "path": "/api/v1/complaints/",
        "status": 403,
        "reason": body["detail"],
    }


def test_another_organisations_complaint_is_404_and_recorded(
    api: APIClient, org_b_handler: User
) -> None:
    theirs = received_complaint(org_b_handler)

    body = assert_problem(api.get(f"/api/v1/complaints/{theirs.reference}/"), 404, "not-found")

    assert body["detail"] == "No such complaint."
    event = AuditEvent.objects.get(action="staff.not_found")
    assert event.actor == api.token.account  # type: ignore[attr-defined]
    assert event.organisation == api.token.organisation  # type: ignore[attr-defined]


def test_an_unknown_address_is_a_problem_but_not_a_refusal(api: APIClient) -> None:
    assert_problem(api.get("/api/v1/tickets/"), 404, "not-found")
    assert not AuditEvent.objects.filter(action="staff.not_found").exists()


def test_field_errors_name_each_field(api: APIClient) -> None:
    response = api.post(
        "/api/v1/complaints/",
        {"service_area": "housing", "received": "3 March", "email": "nope"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="one",
    )

    body = assert_problem(response, 400, "invalid-request")
    pointers = {error["pointer"]: error["detail"] for error in body["errors"]}
    assert set(pointers) == {"#/service_area", "#/received", "#/email", "#/name", "#/description"}
    assert pointers["#/name"] == "This field is required."
    assert body["detail"] == "5 things in the request need correcting: see errors."


def test_a_body_that_is_not_json_is_a_problem(api: APIClient) -> None:
    response = api.post(
        "/api/v1/complaints/",
        b"{not json",
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="one",
    )
    assert_problem(response, 400, "invalid-request")


def test_a_body_of_another_type_is_415(api: APIClient) -> None:
    response = api.post(
        "/api/v1/complaints/", b"name=Pat", content_type="text/plain", HTTP_IDEMPOTENCY_KEY="one"
    )
    assert_problem(response, 415, "unsupported-media-type")


def test_a_wrong_method_is_405(api: APIClient) -> None:
    assert_problem(api.delete("/api/v1/complaints/"), 405, "method-not-allowed")


def test_a_service_input_error_is_400_with_the_services_words(
    api: APIClient, housing: ServiceArea
) -> None:
    response = api.post(
        "/api/v1/complaints/",
        new_complaint(service_area=housing.pk, received="2099-01-01"),
        format="json",
        HTTP_IDEMPOTENCY_KEY="one",
    )

    body = assert_problem(response, 400, "invalid-request")
    assert body["detail"] == "The received date, 1 January 2099, is in the future."


def test_the_schema_and_the_docs_need_no_token(org_a: object) -> None:
    client = APIClient()
    schema = client.get("/api/schema/?format=json")
    assert schema.status_code == 200
    assert "/api/v1/complaints/" in schema.json()["paths"]

    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "<script>" not in html
    assert "<style" not in html
    assert 'id="problem-refused"' in html
    assert 'id="complaints_create"' in html
    assert "Needs the <code>complaints:write</code> scope" in html or "complaints:write" in html
