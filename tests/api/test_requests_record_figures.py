"""Service requests, a complaint's correspondence and files, the service areas and the figures
through the API."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from rest_framework.test import APIClient

from putright.audit.models import AuditEvent
from putright.cases.models import Correspondence, Document, ServiceRequest
from putright.organisations.models import ServiceArea, User
from tests.api.test_auth_and_errors import assert_problem
from tests.factories import ServiceAreaFactory, received_complaint
from tests.record_factories import EXE_BYTES, HTML_BYTES, PDF_BYTES, png_bytes, responded
from tests.request_factories import recorded_request

pytestmark = pytest.mark.django_db


def new_request(**fields: object) -> dict[str, object]:
    return {
        "name": "Sam Example",
        "description": "Please fix the broken gutter at the back of the house.",
        "received": "2025-03-03",
        **fields,
    }


def test_a_service_request_is_recorded_once_per_key(api: APIClient, housing: ServiceArea) -> None:
    def send(**fields: object):  # type: ignore[no-untyped-def]
        return api.post(
            "/api/v1/service-requests/",
            new_request(service_area=housing.pk, **fields),
            format="json",
            HTTP_IDEMPOTENCY_KEY="sr-1",
        )

    first = send()
    assert first.status_code == 201, first.content
    assert first.json()["reference"].startswith("SR-2025-")
    assert first["Location"] == f"/api/v1/service-requests/{first.json()['reference']}/"
    again = send()
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert_problem(send(name="Other"), 422, "idempotency-key-reused")
    assert ServiceRequest.objects.count() == 1
    event = AuditEvent.objects.get(action__startswith="service_request.")
    assert event.actor == api.token.account  # type: ignore[attr-defined]


def test_service_requests_are_read_and_listed(api: APIClient, org_a_manager: User) -> None:
    area = ServiceAreaFactory(organisation=org_a_manager.organisation, name="Repairs")
    late = recorded_request(org_a_manager, service_area=area, target_date=date(2025, 4, 1))
    other = recorded_request(org_a_manager, received=date(2025, 5, 1), service_area=area)

    one = api.get(f"/api/v1/service-requests/{late.reference}/")
    assert one.status_code == 200
    assert one.json()["target_date"] == "2025-04-01"

    def references(query: str) -> list[str]:
        response = api.get(f"/api/v1/service-requests/?{query}")
        assert response.status_code == 200, response.content
        return [row["reference"] for row in response.json()["results"]]

    assert references("") == [other.reference, late.reference]
    assert references("overdue=true") == [late.reference]
    assert references("received_from=2025-04-01") == [other.reference]
    assert references("status=done") == []


def test_service_requests_need_their_scopes(
    make_client: Callable[..., APIClient], housing: ServiceArea
) -> None:
    client = make_client(["complaints:read", "complaints:write"])
    assert_problem(client.get("/api/v1/service-requests/"), 403, "forbidden")
    response = client.post(
        "/api/v1/service-requests/",
        new_request(service_area=housing.pk),
        format="json",
        HTTP_IDEMPOTENCY_KEY="k",
    )
    assert_problem(response, 403, "forbidden")


def test_the_service_areas(api: APIClient, housing: ServiceArea, org_b_handler: User) -> None:
    ServiceAreaFactory(organisation=org_b_handler.organisation, name="Theirs")

    assert api.get("/api/v1/service-areas/").json() == [
        {"id": housing.pk, "name": "Housing", "profile": "hos-2024"}
    ]


def test_correspondence_is_listed_and_added(api: APIClient, org_a_manager: User) -> None:
    complaint = received_complaint(org_a_manager)
    url = f"/api/v1/complaints/{complaint.reference}/correspondence/"

    added = api.post(
        url,
        {
            "direction": "in",
            "channel": "email",
            "date": "2025-03-05",
            "summary": "Photos of the boiler",
        },
        format="json",
    )

    assert added.status_code == 201, added.content
    entry = Correspondence.objects.get()
    assert entry.created_by == api.token.account  # type: ignore[attr-defined]
    assert AuditEvent.objects.filter(action="record.log_correspondence").exists()
    listed = api.get(url).json()
    assert [row["summary"] for row in listed] == ["Photos of the boiler"]
    assert listed[0]["id"] == entry.pk

    refused = api.post(
        url,
        {"direction": "in", "channel": "email", "date": "2099-01-01", "summary": "x"},
        format="json",
    )
    assert "is in the future" in assert_problem(refused, 400, "invalid-request")["detail"]


def test_files_are_checked_kept_listed_and_downloaded(api: APIClient, org_a_manager: User) -> None:
    complaint = received_complaint(org_a_manager)
    url = f"/api/v1/complaints/{complaint.reference}/attachments/"

    uploaded = api.post(
        url,
        {
            "file": SimpleUploadedFile("photo.txt", png_bytes(), "text/plain"),
            "description": "The boiler",
        },
        format="multipart",
    )

    assert uploaded.status_code == 201, uploaded.content
    body = uploaded.json()
    assert body["content_type"] == "image/png"
    assert body["name"] == "photo.txt"
    assert [row["id"] for row in api.get(url).json()] == [body["id"]]
    download = api.get(uploaded["Location"])
    assert download.status_code == 200
    assert download["Content-Type"] == "image/png"
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == png_bytes()  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("content", "words"),
    [(HTML_BYTES, "web page"), (EXE_BYTES, "Windows program")],
)
def test_a_refused_file_says_why(
    api: APIClient, org_a_manager: User, content: bytes, words: str
) -> None:
    complaint = received_complaint(org_a_manager)

    response = api.post(
        f"/api/v1/complaints/{complaint.reference}/attachments/",
        {"file": SimpleUploadedFile("letter.pdf", content, "application/pdf")},
        format="multipart",
    )

    assert words in assert_problem(response, 400, "invalid-request")["detail"]
    assert not Document.objects.exists()


def test_a_file_of_another_complaint_is_not_found_here(api: APIClient, org_a_manager: User) -> None:
    one = received_complaint(org_a_manager)
    two = received_complaint(org_a_manager, service_area=one.service_area)
    uploaded = api.post(
        f"/api/v1/complaints/{one.reference}/attachments/",
        {"file": SimpleUploadedFile("a.pdf", PDF_BYTES, "application/pdf")},
        format="multipart",
    ).json()

    response = api.get(f"/api/v1/complaints/{two.reference}/attachments/{uploaded['id']}/")

    assert_problem(response, 404, "not-found")


def test_the_figures_are_those_of_putright_kpis(
    make_client: Callable[..., APIClient], org_a_manager: User
) -> None:
    complaint = received_complaint(org_a_manager)
    responded(complaint, org_a_manager)
    client = make_client(["figures:read"])
    out = StringIO()
    call_command(
        "kpis", "org-a", "--from", "2025-01-01", "--to", "2025-12-31", "--json", stdout=out
    )

    response = client.get("/api/v1/figures/?from=2025-01-01&to=2025-12-31")

    assert response.status_code == 200, response.content
    assert response.json() == {**json.loads(out.getvalue()), "service_area": None}
    area = complaint.service_area
    by_area = client.get(f"/api/v1/figures/?from=2025-01-01&to=2025-12-31&service_area={area.pk}")
    assert by_area.json()["complaints_received"] == 1
    assert by_area.json()["service_area"] == area.pk


def test_the_figures_check_the_period(make_client: Callable[..., APIClient]) -> None:
    client = make_client(["figures:read"])

    backwards = client.get("/api/v1/figures/?from=2025-12-31&to=2025-01-01")
    body = assert_problem(backwards, 400, "invalid-request")
    assert body["errors"][0]["parameter"] == "to"
    missing = assert_problem(client.get("/api/v1/figures/"), 400, "invalid-request")
    assert {e["parameter"] for e in missing["errors"]} == {"from", "to"}
    assert_problem(
        make_client(["complaints:read"]).get("/api/v1/figures/?from=2025-01-01&to=2025-01-02"),
        403,
        "forbidden",
    )
