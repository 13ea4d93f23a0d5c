"""Complaints through the API: logged once per idempotency key, read, listed with filters a page
at a time, and their stage steps taken through the same services and audit as the staff pages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from putright.audit.models import AuditEvent
from putright.cases.models import Complaint
from putright.organisations.models import ServiceArea, User
from tests.api.conftest import new_complaint
from tests.api.test_auth_and_errors import assert_problem
from tests.factories import ServiceAreaFactory, received_complaint
from tests.record_factories import contents

pytestmark = pytest.mark.django_db


def create(api: APIClient, key: str = "key-1", **fields: object):  # type: ignore[no-untyped-def]
    return api.post(
        "/api/v1/complaints/", new_complaint(**fields), format="json", HTTP_IDEMPOTENCY_KEY=key
    )


def test_a_complaint_is_logged_through_the_service_and_audited(
    api: APIClient, housing: ServiceArea
) -> None:
    response = create(api, service_area=housing.pk, category="Repairs")

    assert response.status_code == 201
    body = response.json()
    complaint = Complaint.objects.get()
    assert body["reference"] == complaint.reference
    assert response["Location"] == f"/api/v1/complaints/{complaint.reference}/"
    assert body["channel"] == "api"
    assert body["stages"][0]["acknowledge_by"] == "2025-03-10"
    assert complaint.logged_by == api.token.account  # type: ignore[attr-defined]
    event = AuditEvent.objects.get(action="complaint.receive")
    assert event.actor == api.token.account  # type: ignore[attr-defined]
    assert event.actor_label == api.token.account.username  # type: ignore[attr-defined]


def test_the_same_key_and_body_gives_back_the_first_complaint(
    api: APIClient, housing: ServiceArea
) -> None:
    first = create(api, service_area=housing.pk)
    again = create(api, service_area=housing.pk)

    assert again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert "Idempotent-Replayed" not in first
    assert Complaint.objects.count() == 1
    assert AuditEvent.objects.filter(action="complaint.receive").count() == 1


def test_the_same_key_with_another_body_is_refused(api: APIClient, housing: ServiceArea) -> None:
    create(api, service_area=housing.pk)

    response = create(api, service_area=housing.pk, name="Someone Else")

    body = assert_problem(response, 422, "idempotency-key-reused")
    assert "'key-1' was already used with a different request" in body["detail"]
    assert body["errors"][0]["header"] == "Idempotency-Key"
    assert Complaint.objects.count() == 1


def test_keys_belong_to_their_token(
    api: APIClient, make_client: Callable[..., APIClient], housing: ServiceArea
) -> None:
    create(api, service_area=housing.pk)
    other = make_client(name="Another system")

    assert create(other, service_area=housing.pk).status_code == 201
    assert Complaint.objects.count() == 2


def test_a_failed_request_keeps_no_key(api: APIClient, housing: ServiceArea) -> None:
    assert create(api, service_area=housing.pk, received="2099-01-01").status_code == 400
    assert create(api, service_area=housing.pk).status_code == 201


def test_the_key_is_required_and_bounded(api: APIClient, housing: ServiceArea) -> None:
    missing = api.post("/api/v1/complaints/", new_complaint(service_area=housing.pk), format="json")
    body = assert_problem(missing, 400, "invalid-request")
    assert body["errors"][0]["header"] == "Idempotency-Key"

    too_long = create(api, key="k" * 256, service_area=housing.pk)
    assert "1 to 255 printable ASCII" in assert_problem(too_long, 400, "invalid-request")["detail"]


def test_another_organisations_service_area_is_a_mistake(
    api: APIClient, org_b_handler: User
) -> None:
    theirs = ServiceAreaFactory(organisation=org_b_handler.organisation, name="Theirs")

    body = assert_problem(create(api, service_area=theirs.pk), 400, "invalid-request")

    assert body["errors"] == [
        {
            "pointer": "#/service_area",
            "detail": f"There is no service area {theirs.pk} in your organisation: see "
            "/api/v1/service-areas/.",
        }
    ]


def test_read_by_reference(api: APIClient, org_a_manager: User) -> None:
    complaint = received_complaint(org_a_manager)

    body = api.get(f"/api/v1/complaints/{complaint.reference}/").json()

    assert body["reference"] == complaint.reference
    assert body["service_area"]["name"] == "Repairs"
    assert body["version"] == complaint.version


def test_reading_needs_the_read_scope(
    make_client: Callable[..., APIClient], org_a_manager: User
) -> None:
    complaint = received_complaint(org_a_manager)
    client = make_client(["requests:read"])

    assert_problem(client.get(f"/api/v1/complaints/{complaint.reference}/"), 403, "forbidden")
    assert_problem(client.get("/api/v1/complaints/"), 403, "forbidden")


def test_the_list_filters(api: APIClient, org_a_manager: User, housing: ServiceArea) -> None:
    old = received_complaint(org_a_manager, received=date(2025, 1, 6))
    repairs = old.service_area
    late = received_complaint(org_a_manager, service_area=housing, received=date(2025, 3, 3))
    recent_day = timezone.localdate() - timedelta(days=1)
    recent = received_complaint(
        org_a_manager, service_area=housing, received=recent_day, today=timezone.localdate()
    )

    def references(query: str) -> list[str]:
        response = api.get(f"/api/v1/complaints/?{query}")
        assert response.status_code == 200, response.content
        return [row["reference"] for row in response.json()["results"]]

    assert references("") == [recent.reference, late.reference, old.reference]
    assert references(f"service_area={repairs.pk}") == [old.reference]
    assert references("received_from=2025-02-01&received_to=2025-12-31") == [late.reference]
    assert references("overdue=true") == [late.reference, old.reference]
    assert references("overdue=false") == [recent.reference]
    assert references("status=acknowledged") == []
    assert references("status=received&stage=1") == [
        recent.reference,
        late.reference,
        old.reference,
    ]
    assert references("stage=2") == []


def test_the_list_comes_a_page_at_a_time(api: APIClient, org_a_manager: User) -> None:
    area = ServiceAreaFactory(organisation=org_a_manager.organisation, name="Repairs")
    made = [received_complaint(org_a_manager, service_area=area) for _ in range(3)]

    first = api.get("/api/v1/complaints/?page_size=2").json()
    second = api.get("/api/v1/complaints/?page_size=2&page=2").json()

    assert first["count"] == 3
    assert len(first["results"]) == 2
    assert first["next"].endswith("page=2&page_size=2")
    assert [r["reference"] for r in first["results"] + second["results"]] == [
        c.reference for c in reversed(made)
    ]
    past = assert_problem(api.get("/api/v1/complaints/?page=9"), 404, "not-found")
    assert past["detail"].startswith("There is no page '9' of this list")
    assert not AuditEvent.objects.filter(action="staff.not_found").exists()


def test_the_stage_steps_go_through_the_services(
    api: APIClient, housing: ServiceArea, org_a_handler: User
) -> None:
    reference = create(api, service_area=housing.pk).json()["reference"]
    url = f"/api/v1/complaints/{reference}"

    acknowledged = api.post(
        f"{url}/acknowledge/",
        {
            "acknowledged": "2025-03-04",
            "definition": "The boiler repair.",
            "handler": org_a_handler.username,
        },
        format="json",
    )
    assert acknowledged.status_code == 200, acknowledged.content
    assert acknowledged.json()["status"] == "acknowledged"
    assert acknowledged.json()["handler"] == org_a_handler.username

    extended = api.post(
        f"{url}/extend/",
        {
            "days": 5,
            "reason": "Waiting for the contractor's report.",
            "ombudsman_details_given": True,
            "granted_on": "2025-03-05",
        },
        format="json",
    )
    assert extended.status_code == 200, extended.content
    stage = extended.json()["stages"][0]
    assert stage["extension_days"] == 5
    assert stage["extensions"][0]["reason"] == "Waiting for the contractor's report."

    responded = api.post(
        f"{url}/respond/",
        {
            "responded": "2025-03-10",
            "outcome": "upheld",
            "decision": "Upheld.",
            "reasons": "Late.",
            "contents": contents(1),
        },
        format="json",
    )
    assert responded.status_code == 200, responded.content
    assert responded.json()["status"] == "responded"

    escalated = api.post(f"{url}/escalate/", {"requested": "2025-03-12"}, format="json")
    assert escalated.status_code == 200, escalated.content
    assert escalated.json()["stage"] == 2

    actions = set(
        AuditEvent.objects.filter(actor=api.token.account).values_list("action", flat=True)  # type: ignore[attr-defined]
    )
    assert {
        "complaint.receive",
        "complaint.acknowledge",
        "complaint.extend",
        "complaint.respond",
        "complaint.escalate",
    } <= actions


def test_a_step_the_code_refuses_is_422_with_each_reason_and_clause(
    api: APIClient, housing: ServiceArea
) -> None:
    reference = create(api, service_area=housing.pk).json()["reference"]

    response = api.post(f"/api/v1/complaints/{reference}/escalate/", {}, format="json")

    body = assert_problem(response, 422, "refused")
    assert body["refusals"]
    assert all(set(r) == {"reason", "clause"} for r in body["refusals"])
    assert body["detail"].startswith(body["refusals"][0]["reason"])


def test_a_step_on_a_changed_complaint_is_409(api: APIClient, housing: ServiceArea) -> None:
    made = create(api, service_area=housing.pk).json()
    url = f"/api/v1/complaints/{made['reference']}/acknowledge/"
    api.post(url, {"definition": "The boiler repair."}, format="json")

    response = api.post(
        f"/api/v1/complaints/{made['reference']}/extend/",
        {
            "days": 5,
            "reason": "More time.",
            "ombudsman_details_given": True,
            "version": made["version"],
        },
        format="json",
    )

    assert "changed by someone else" in assert_problem(response, 409, "stale")["detail"]


def test_a_step_names_an_unknown_handler(api: APIClient, housing: ServiceArea) -> None:
    reference = create(api, service_area=housing.pk).json()["reference"]

    response = api.post(
        f"/api/v1/complaints/{reference}/acknowledge/", {"handler": "nobody"}, format="json"
    )

    body = assert_problem(response, 400, "invalid-request")
    assert body["errors"][0]["pointer"] == "#/handler"


def test_steps_need_the_write_scope(
    make_client: Callable[..., APIClient], org_a_manager: User
) -> None:
    complaint = received_complaint(org_a_manager)
    client = make_client(["complaints:read"])

    response = client.post(
        f"/api/v1/complaints/{complaint.reference}/acknowledge/", {}, format="json"
    )

    assert_problem(response, 403, "forbidden")
