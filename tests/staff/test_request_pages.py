"""The service request pages: the queue, recording a request, a request and its steps, and the
case page's note of the request a complaint came from."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from putright.audit.models import AuditEvent
from putright.cases.models import Complaint, RequestStatus, RequestUpdate, ServiceRequest
from putright.cases.services.requests import (
    service_request_complain,
    service_request_update,
)
from putright.organisations.models import Organisation, Role, ServiceArea, User
from tests.factories import ServiceAreaFactory, UserFactory, received_complaint
from tests.request_factories import recorded_request

pytestmark = pytest.mark.django_db

REFERENCE = "SR-2025-00001"
ACTIONS = ["assign", "update", "respond", "review", "complete", "cancel", "complain"]
REQUEST_URLS = [
    f"/staff/requests/{REFERENCE}/",
    *(f"/staff/requests/{REFERENCE}/{action}/" for action in ACTIONS),
]
STAFF_URLS = ["/staff/requests/", "/staff/requests/new/", *REQUEST_URLS]


def date_fields(name: str, day: date) -> dict[str, str]:
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


@pytest.fixture
def housing(org_a: Organisation) -> ServiceArea:
    return ServiceAreaFactory(organisation=org_a, name="Housing repairs", profile="hos-2024")


@pytest.fixture
def waste(org_a: Organisation) -> ServiceArea:
    return ServiceAreaFactory(organisation=org_a, name="Waste", profile="lgsco-2024")


@pytest.fixture
def service_request(org_a_handler: User, housing: ServiceArea) -> ServiceRequest:
    return recorded_request(
        org_a_handler,
        service_area=housing,
        received=date(2025, 3, 3),
        name="Sam Example",
        description="Please fix the broken gutter.",
    )


def valid_post(action: str, service_request: ServiceRequest, handler: User) -> dict[str, object]:
    fields: dict[str, dict[str, object]] = {
        "assign": {"handler": handler.pk, **date_fields("target_date", date(2025, 3, 20))},
        "update": {"note": "Contractor booked."},
        "respond": {
            "response": "Fixed on Friday.",
            **date_fields("responded_on", date(2025, 3, 5)),
        },
        "review": date_fields("review_by", date(2025, 4, 1)),
        "complete": date_fields("completed_on", date(2025, 3, 7)),
        "cancel": {"reason": "Recorded twice."},
        "complain": {
            "description": "Friday is too late.",
            **date_fields("dissatisfied_on", date(2025, 3, 6)),
        },
    }
    return {"version": service_request.version, **fields[action]}


# --- Access ----------------------------------------------------------------------------------


@pytest.mark.parametrize("url", STAFF_URLS)
def test_request_pages_need_sign_in(client: Client, url: str) -> None:
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/staff/sign-in/?next=")


@pytest.mark.parametrize("url", REQUEST_URLS)
def test_another_organisations_request_is_not_found(
    client: Client, service_request: ServiceRequest, org_b_handler: User, url: str
) -> None:
    client.force_login(org_b_handler)

    assert client.get(url).status_code == 404


@pytest.mark.parametrize("action", ACTIONS)
def test_another_organisation_cannot_take_a_step(
    client: Client, service_request: ServiceRequest, org_b_handler: User, action: str
) -> None:
    client.force_login(org_b_handler)
    events = AuditEvent.objects.exclude(action__startswith="staff.").count()

    response = client.post(
        f"/staff/requests/{REFERENCE}/{action}/",
        valid_post(action, service_request, org_b_handler),
    )

    assert response.status_code == 404
    assert ServiceRequest.objects.get(pk=service_request.pk).version == service_request.version
    assert Complaint.objects.count() == 0
    # Only the refusal itself is recorded (staff.not_found), nothing about the request.
    assert AuditEvent.objects.exclude(action__startswith="staff.").count() == events


def test_another_organisation_sees_none_of_the_queue(
    client: Client, service_request: ServiceRequest, org_b_handler: User
) -> None:
    client.force_login(org_b_handler)

    html = client.get("/staff/requests/?status=all").content.decode()

    assert REFERENCE not in html
    assert "Housing repairs" not in html


def test_another_organisation_cannot_record_in_our_service_area(
    client: Client, housing: ServiceArea, org_b_handler: User
) -> None:
    client.force_login(org_b_handler)

    response = client.post(
        "/staff/requests/new/",
        {
            "service_area": housing.pk,
            "channel": "phone",
            "name": "Sam Example",
            "description": "Please fix it.",
            **date_fields("received", date(2025, 3, 3)),
        },
    )

    assert response.status_code == 200
    assert "Select a service area from the list" in response.content.decode()
    assert ServiceRequest.objects.count() == 0


def test_an_unknown_step_is_not_found(
    client: Client, service_request: ServiceRequest, org_a_handler: User
) -> None:
    client.force_login(org_a_handler)

    assert client.get(f"/staff/requests/{REFERENCE}/delete/").status_code == 404


def test_a_read_only_role_cannot_take_a_step(
    client: Client, service_request: ServiceRequest, org_a: Organisation, org_a_handler: User
) -> None:
    auditor = UserFactory(username="ada@org-a.example", organisation=org_a, role=Role.AUDITOR)
    client.force_login(auditor)

    page = client.get(f"/staff/requests/{REFERENCE}/").content.decode()
    assert "Your role can read this request but not change it." in page
    assert f"/staff/requests/{REFERENCE}/update/" not in page
    response = client.post(
        f"/staff/requests/{REFERENCE}/update/", valid_post("update", service_request, auditor)
    )

    assert response.status_code == 403
    assert RequestUpdate.objects.count() == 0


@pytest.mark.parametrize("url", ["/staff/requests/", "/staff/requests/new/", *REQUEST_URLS])
def test_request_pages_have_no_inline_scripts_or_styles(
    client: Client, service_request: ServiceRequest, org_a_handler: User, url: str
) -> None:
    client.force_login(org_a_handler)

    response = client.get(url)
    html = response.content.decode()

    assert response.status_code == 200
    assert html.count("<script") == html.count('<script type="module" src="') == 1
    assert " style=" not in html


# --- The queue --------------------------------------------------------------------------------


def test_the_queue_lists_and_filters_requests(
    client: Client, org_a_handler: User, org_a_manager: User, housing: ServiceArea
) -> None:
    late = recorded_request(
        org_a_handler, service_area=housing, name="Late Lee", target_date=date(2025, 3, 10)
    )
    mine = recorded_request(
        org_a_handler, service_area=housing, name="Mine Mo", handler=org_a_manager
    )
    client.force_login(org_a_handler)

    html = client.get("/staff/requests/").content.decode()
    assert late.reference in html
    assert mine.reference in html
    assert html.index(late.reference) < html.index(mine.reference)
    assert "Overdue" in html
    assert '<span class="putright-count__number">1</span> past the target date' in html

    filtered = client.get(f"/staff/requests/?handler={org_a_manager.pk}").content.decode()
    assert mine.reference in filtered
    assert late.reference not in filtered
    done = client.get("/staff/requests/?status=done").content.decode()
    assert "No service requests match." in done


# --- Recording a request ----------------------------------------------------------------------


def test_record_a_request(client: Client, org_a_handler: User, housing: ServiceArea) -> None:
    client.force_login(org_a_handler)
    received = timezone.localdate() - timedelta(days=1)

    response = client.post(
        "/staff/requests/new/",
        {
            "service_area": housing.pk,
            "channel": "email",
            "name": "Sam Example",
            "email": "sam@example.org",
            "description": "Please fix the gutter.",
            "handler": org_a_handler.pk,
            **date_fields("received", received),
            **date_fields("target_date", received + timedelta(days=14)),
        },
    )

    service_request = ServiceRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/staff/requests/{service_request.reference}/"
    assert service_request.reference == f"SR-{received.year}-00001"
    assert service_request.handler == org_a_handler
    assert service_request.target_date == received + timedelta(days=14)
    page = client.get(response["Location"]).content.decode()
    assert f"Service request recorded: reference {service_request.reference}" in page
    assert "Email" in page


def test_the_record_form_keeps_what_was_typed(
    client: Client, org_a_handler: User, housing: ServiceArea
) -> None:
    client.force_login(org_a_handler)

    response = client.post(
        "/staff/requests/new/",
        {
            "service_area": housing.pk,
            "channel": "letter",
            "name": "Sam O'Example",
            "description": "Please fix the gutter.\nIt leaks.",
            "received_day": "31",
            "received_month": "2",
            "received_year": "2025",
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Date received must be a real date" in html
    typed_name = escape("Sam O'Example")
    assert f'value="{typed_name}"' in html
    assert "Please fix the gutter.\nIt leaks.</textarea>" in html
    assert 'name="received_day" type="text" inputmode="numeric" value="31"' in html
    assert '<option value="letter" selected>' in html
    assert ServiceRequest.objects.count() == 0


def test_the_services_refusal_shows_against_its_field(
    client: Client, org_a_handler: User, housing: ServiceArea
) -> None:
    client.force_login(org_a_handler)

    response = client.post(
        "/staff/requests/new/",
        {
            "service_area": housing.pk,
            "channel": "phone",
            "name": "Sam Example",
            "description": "Please fix it.",
            **date_fields("received", date(2025, 3, 3)),
            **date_fields("target_date", date(2025, 3, 1)),
        },
    )

    html = response.content.decode()
    assert "The target date, 1 March 2025, is before the request was received" in html
    assert 'id="id_target_date-error"' in html
    assert ServiceRequest.objects.count() == 0


# --- The request page and its steps -----------------------------------------------------------


def test_the_request_page_shows_the_request(
    client: Client, service_request: ServiceRequest, org_a_handler: User
) -> None:
    service_request_update(
        actor=org_a_handler, service_request=service_request, note="Contractor booked."
    )
    complaint = service_request_complain(
        actor=org_a_handler,
        service_request=service_request,
        dissatisfied_on=date(2025, 3, 6),
        description="Too slow.",
        today=date(2025, 6, 2),
    )
    client.force_login(org_a_handler)

    html = client.get(f"/staff/requests/{REFERENCE}/").content.decode()

    assert "Please fix the broken gutter." in html
    assert "Contractor booked." in html
    assert f'href="/staff/cases/{complaint.reference}/"' in html
    assert "You can choose to make a complaint" in html
    assert "HOS Code 1.4" in html
    for action in ACTIONS:
        assert f"/staff/requests/{REFERENCE}/{action}/" in html


@pytest.mark.parametrize("action", ACTIONS)
def test_each_step_through_its_form(
    client: Client, service_request: ServiceRequest, org_a_handler: User, action: str
) -> None:
    client.force_login(org_a_handler)
    form = client.get(f"/staff/requests/{REFERENCE}/{action}/")
    assert form.status_code == 200
    assert f'name="version" value="{service_request.version}"' in form.content.decode()

    response = client.post(
        f"/staff/requests/{REFERENCE}/{action}/",
        valid_post(action, service_request, org_a_handler),
    )

    assert response.status_code == 302
    fresh = ServiceRequest.objects.get(pk=service_request.pk)
    assert AuditEvent.objects.filter(action=f"service_request.{action}").count() == 1
    if action == "complain":
        complaint = Complaint.objects.get()
        assert response["Location"] == f"/staff/cases/{complaint.reference}/"
        assert complaint.service_request == fresh
        assert complaint.stage == 1
        assert fresh.status == RequestStatus.OPEN
    else:
        assert response["Location"] == f"/staff/requests/{REFERENCE}/"
        assert fresh.version == service_request.version + 1


def test_a_step_form_keeps_what_was_typed_on_error(
    client: Client, service_request: ServiceRequest, org_a_handler: User
) -> None:
    client.force_login(org_a_handler)

    response = client.post(
        f"/staff/requests/{REFERENCE}/respond/",
        {
            "version": service_request.version,
            "response": "We will fix it.",
            "responded_on_day": "5",
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Date of the response must include a month and a year" in html
    assert "We will fix it.</textarea>" in html
    assert 'name="responded_on_day" type="text" inputmode="numeric" value="5"' in html
    assert ServiceRequest.objects.get(pk=service_request.pk).responded_on is None


def test_a_refused_complaint_keeps_what_was_typed(
    client: Client, service_request: ServiceRequest, org_a_handler: User
) -> None:
    client.force_login(org_a_handler)

    response = client.post(
        f"/staff/requests/{REFERENCE}/complain/",
        {
            "version": service_request.version,
            "description": "Too slow.",
            "outcome_sought": "Fix it now.",
            **date_fields("dissatisfied_on", date(2025, 3, 1)),
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "before the request was received" in html
    assert 'id="id_dissatisfied_on-error"' in html
    assert "Too slow.</textarea>" in html
    assert "Fix it now.</textarea>" in html
    assert Complaint.objects.count() == 0


def test_a_stale_form_is_refused(
    client: Client, service_request: ServiceRequest, org_a_handler: User
) -> None:
    client.force_login(org_a_handler)
    service_request_update(actor=org_a_handler, service_request=service_request, note="First.")

    response = client.post(
        f"/staff/requests/{REFERENCE}/update/", valid_post("update", service_request, org_a_handler)
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "changed by someone else" in html
    assert "Contractor booked.</textarea>" in html
    assert RequestUpdate.objects.count() == 1


def test_a_finished_request_offers_only_a_complaint(
    client: Client, service_request: ServiceRequest, org_a_handler: User
) -> None:
    client.force_login(org_a_handler)
    client.post(
        f"/staff/requests/{REFERENCE}/cancel/", valid_post("cancel", service_request, org_a_handler)
    )

    html = client.get(f"/staff/requests/{REFERENCE}/").content.decode()
    assert f"/staff/requests/{REFERENCE}/complain/" in html
    assert f"/staff/requests/{REFERENCE}/update/" not in html
    fresh = ServiceRequest.objects.get(pk=service_request.pk)
    response = client.post(
        f"/staff/requests/{REFERENCE}/update/", valid_post("update", fresh, org_a_handler)
    )
    assert "cancelled: it can no longer be changed" in response.content.decode()
    assert RequestUpdate.objects.count() == 1


def test_the_complaint_form_uses_the_codes_words(
    client: Client, org_a_handler: User, housing: ServiceArea, waste: ServiceArea
) -> None:
    hos = recorded_request(org_a_handler, service_area=housing)
    lgsco = recorded_request(org_a_handler, service_area=waste)
    client.force_login(org_a_handler)

    hos_html = client.get(f"/staff/requests/{hos.reference}/complain/").content.decode()
    lgsco_html = client.get(f"/staff/requests/{lgsco.reference}/complain/").content.decode()

    assert "The individual is dissatisfied: open a complaint" in hos_html
    assert "You can choose to make a complaint" in hos_html
    assert "HOS Code 1.4" in hos_html
    assert "You have the opportunity to make a complaint" in lgsco_html
    assert "LGSCO Code 1.4" in lgsco_html


# --- The case page ----------------------------------------------------------------------------


def test_the_case_page_names_the_request_it_came_from(
    client: Client, service_request: ServiceRequest, org_a_handler: User
) -> None:
    complaint = service_request_complain(
        actor=org_a_handler,
        service_request=service_request,
        dissatisfied_on=date(2025, 3, 6),
        description="Too slow.",
        today=date(2025, 6, 2),
    )
    client.force_login(org_a_handler)

    html = client.get(f"/staff/cases/{complaint.reference}/").content.decode()

    assert "Raised from service request" in html
    assert f'href="/staff/requests/{REFERENCE}/">{REFERENCE}</a>' in html
    assert "Open" in html


def test_the_case_page_of_a_complaint_not_from_a_request_has_no_panel(
    client: Client, org_a_handler: User, housing: ServiceArea
) -> None:
    complaint = received_complaint(org_a_handler, service_area=housing)
    client.force_login(org_a_handler)

    html = client.get(f"/staff/cases/{complaint.reference}/").content.decode()

    assert "Raised from service request" not in html
