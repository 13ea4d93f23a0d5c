"""The adjustments residents asked for on the web form, on the staff pages: who sees them, agreeing
and not agreeing them, and every showing of what was asked for recorded."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from putright.audit.models import AuditEvent
from putright.cases.models import Complaint
from putright.organisations.models import Organisation, Role, ServiceArea, User
from putright.people.models import ReasonableAdjustment
from putright.public.models import AdjustmentRequest, AdjustmentStatus
from putright.public.services import Submission, public_submission_send
from putright.staff import views
from tests.factories import ServiceAreaFactory, UserFactory
from tests.staff.test_cases import date_fields

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 4)
ASKED = "Letters in large print, please: I have low vision."


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> date:
    monkeypatch.setattr(views, "today", lambda: TODAY)
    return TODAY


@pytest.fixture
def housing(org_a: Organisation) -> ServiceArea:
    return ServiceAreaFactory(organisation=org_a, name="Housing", profile="hos-2024")


def _send(organisation: Organisation, area: ServiceArea, kind: str = "complaint") -> Complaint:
    return public_submission_send(  # type: ignore[return-value]
        organisation=organisation,
        submission=Submission(
            kind=kind,
            service_area=area,
            what_happened="The boiler has not worked for a month.",
            put_right="Fix the boiler.",
            name="Pat Example",
            contact_method="email",
            email="pat@example.org",
            adjustments=ASKED,
        ),
        journey="journey-1",
        today=date(2026, 3, 2),
    )


@pytest.fixture
def complaint(org_a: Organisation, housing: ServiceArea) -> Complaint:
    return _send(org_a, housing)


@pytest.fixture
def asked(complaint: Complaint) -> AdjustmentRequest:
    return AdjustmentRequest.objects.get(complaint=complaint)


def _views(user: User) -> int:
    return AuditEvent.objects.filter(actor=user, action="people.view_adjustments").count()


def _urls(asked: AdjustmentRequest) -> dict[str, str]:
    return {
        "agree": f"/staff/people/adjustment-requests/{asked.pk}/agree/",
        "decline": f"/staff/people/adjustment-requests/{asked.pk}/decline/",
    }


def test_a_handler_sees_the_waiting_requests_and_the_showing_is_recorded(
    client: Client, asked: AdjustmentRequest, org_a_handler: User
) -> None:
    client.force_login(org_a_handler)

    people = client.get("/staff/people/").content.decode()
    assert 'href="/staff/people/adjustment-requests/"' in people
    assert "1 waiting" in people
    assert _views(org_a_handler) == 0  # a count shows nothing of what was asked for

    html = client.get("/staff/people/adjustment-requests/").content.decode()
    assert ASKED in html
    assert asked.complaint.reference in html
    assert f'href="/staff/people/adjustment-requests/{asked.pk}/agree/"' in html
    assert f'href="/staff/people/adjustment-requests/{asked.pk}/decline/"' in html
    event = AuditEvent.objects.get(actor=org_a_handler, action="people.view_adjustments")
    assert (event.object_type, event.object_id) == ("people.individual", str(asked.individual_id))
    assert event.after == {"shown_on": "the adjustment requests"}


def test_the_case_page_tells_the_handler_a_request_is_waiting(
    client: Client, asked: AdjustmentRequest, org_a_handler: User
) -> None:
    client.force_login(org_a_handler)

    html = client.get(f"/staff/cases/{asked.complaint.reference}/").content.decode()

    assert "An adjustment asked for on the web form is waiting for a decision" in html
    assert 'href="#adjustment-requests"' in html
    assert ASKED in html
    assert f'href="/staff/people/adjustment-requests/{asked.pk}/agree/"' in html
    assert AuditEvent.objects.filter(
        actor=org_a_handler, action="people.view_adjustments", after__shown_on="the case page"
    ).exists()


def test_the_persons_page_shows_what_they_asked_for(
    client: Client, asked: AdjustmentRequest, org_a_handler: User
) -> None:
    client.force_login(org_a_handler)

    html = client.get(f"/staff/people/{asked.individual_id}/").content.decode()

    assert "Asked for on the web form" in html
    assert ASKED in html
    assert asked.complaint.reference in html
    assert AuditEvent.objects.filter(
        actor=org_a_handler, action="people.view_adjustments", after__shown_on="the person's page"
    ).exists()


def test_agreeing_makes_a_reasonable_adjustment_under_review(
    client: Client, asked: AdjustmentRequest, org_a_handler: User
) -> None:
    client.force_login(org_a_handler)
    form = client.get(_urls(asked)["agree"]).content.decode()
    assert ASKED in form  # offered as what is agreed
    assert _views(org_a_handler) == 1

    response = client.post(
        _urls(asked)["agree"],
        {
            "description": "Letters in large print (18 point).",
            **date_fields("agreed_on", TODAY),
            **date_fields("review_by", date(2026, 9, 4)),
        },
    )

    assert response.status_code == 302
    assert response["Location"] == "/staff/people/adjustment-requests/"
    asked.refresh_from_db()
    assert (asked.status, asked.decided_on, asked.decided_by) == (
        AdjustmentStatus.AGREED,
        TODAY,
        org_a_handler,
    )
    adjustment = ReasonableAdjustment.objects.get()
    assert asked.adjustment == adjustment
    assert (adjustment.individual_id, adjustment.description, adjustment.review_by) == (
        asked.individual_id,
        "Letters in large print (18 point).",
        date(2026, 9, 4),
    )
    event = AuditEvent.objects.get(action="public.adjustment_request_agree")
    assert event.actor == org_a_handler
    assert event.after["adjustment"] == adjustment.pk
    queue = client.get("/staff/people/adjustment-requests/").content.decode()
    assert "Reasonable adjustment agreed with Pat Example, for review by 4 September 2026" in queue
    assert "No adjustment requests are waiting." in queue
    case = client.get(f"/staff/cases/{asked.complaint.reference}/").content.decode()
    assert "is waiting for a decision" not in case
    assert "Agreed" in case
    # Decided once: it cannot be decided again.
    again = client.post(
        _urls(asked)["decline"], {"reason": "No", **date_fields("decided_on", TODAY)}
    )
    assert again.status_code == 200
    assert "This request was already decided on 4 March 2026" in again.content.decode()


def test_not_agreeing_records_why(
    client: Client, asked: AdjustmentRequest, org_a_handler: User
) -> None:
    client.force_login(org_a_handler)

    response = client.post(
        _urls(asked)["decline"],
        {
            "reason": "We already send every letter in large print; we will phone you too.",
            **date_fields("decided_on", TODAY),
        },
    )

    assert response.status_code == 302
    asked.refresh_from_db()
    assert (asked.status, asked.decided_by) == (AdjustmentStatus.DECLINED, org_a_handler)
    assert asked.reason.startswith("We already send every letter")
    assert not ReasonableAdjustment.objects.exists()
    event = AuditEvent.objects.get(action="public.adjustment_request_decline")
    assert event.after["reason"] == "(withheld)"
    person = client.get(f"/staff/people/{asked.individual_id}/").content.decode()
    assert "Not agreed" in person
    assert "We already send every letter" in person


@pytest.mark.parametrize(
    ("page", "posted", "field", "message"),
    [
        ("agree", {"description": ""}, "description", "Enter what was agreed"),
        ("agree", {"description": "Large print"}, "agreed_on", "Enter the date agreed"),
        (
            "agree",
            {
                "description": "Large print",
                **date_fields("agreed_on", TODAY),
                **date_fields("review_by", date(2026, 3, 1)),
            },
            "review_by",
            "review date",
        ),
        ("decline", {**date_fields("decided_on", TODAY)}, "reason", "Enter why it was not agreed"),
        (
            "decline",
            {"reason": "Not possible", **date_fields("decided_on", date(2026, 2, 1))},
            "decided_on",
            "is before the request was made",
        ),
    ],
)
def test_the_decision_forms_name_what_is_wrong(
    client: Client,
    asked: AdjustmentRequest,
    org_a_handler: User,
    page: str,
    posted: dict[str, str],
    field: str,
    message: str,
) -> None:
    client.force_login(org_a_handler)

    response = client.post(_urls(asked)[page], posted)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    assert "govuk-error-summary" in html
    assert f'id="id_{field}-error"' in html
    assert message in html
    asked.refresh_from_db()
    assert asked.status == AdjustmentStatus.REQUESTED
    assert not ReasonableAdjustment.objects.exists()


@pytest.mark.parametrize("role", [Role.MEMBER, Role.AUDITOR])
def test_a_role_that_does_not_see_adjustments_is_refused(
    client: Client, org_a: Organisation, asked: AdjustmentRequest, role: str
) -> None:
    reader = UserFactory(username=f"{role}@org-a.example", organisation=org_a, role=role)
    client.force_login(reader)

    assert client.get("/staff/people/adjustment-requests/").status_code == 403
    for url in _urls(asked).values():
        assert client.get(url).status_code == 404
        assert client.post(url, {"reason": "No", "description": "x"}).status_code == 404
    case = client.get(f"/staff/cases/{asked.complaint.reference}/").content.decode()
    person = client.get(f"/staff/people/{asked.individual_id}/").content.decode()
    people = client.get("/staff/people/").content.decode()
    for html in (case, person, people):
        assert ASKED not in html
        assert "adjustment-requests" not in html
    asked.refresh_from_db()
    assert asked.status == AdjustmentStatus.REQUESTED
    assert _views(reader) == 0


def test_another_organisations_requests_are_not_found(
    client: Client, asked: AdjustmentRequest, org_b: Organisation, org_b_handler: User
) -> None:
    org_b_manager = UserFactory(
        username="dana@org-b.example", organisation=org_b, role=Role.MANAGER
    )
    for user in (org_b_handler, org_b_manager):
        client.force_login(user)
        queue = client.get("/staff/people/adjustment-requests/")
        assert queue.status_code == 200
        assert ASKED not in queue.content.decode()
        for url in _urls(asked).values():
            assert client.get(url).status_code == 404
            assert (
                client.post(
                    url,
                    {
                        "reason": "No",
                        "description": "x",
                        **date_fields("agreed_on", TODAY),
                        **date_fields("review_by", date(2026, 9, 1)),
                        **date_fields("decided_on", TODAY),
                    },
                ).status_code
                == 404
            )
        assert _views(user) == 0
    asked.refresh_from_db()
    assert asked.status == AdjustmentStatus.REQUESTED


def test_the_pages_need_sign_in(client: Client, asked: AdjustmentRequest) -> None:
    for url in ["/staff/people/adjustment-requests/", *_urls(asked).values()]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/staff/sign-in/")


def test_a_request_made_with_a_service_request_is_on_its_page(
    client: Client, org_a: Organisation, housing: ServiceArea, org_a_handler: User
) -> None:
    request = _send(org_a, housing, kind="service_request")
    client.force_login(org_a_handler)

    html = client.get("/staff/people/adjustment-requests/").content.decode()

    assert f"Service request {request.reference}" in html
    assert f'href="/staff/requests/{request.reference}/"' in html
    page = client.get(f"/staff/requests/{request.reference}/").content.decode()
    assert "An adjustment asked for on the web form is waiting for a decision" in page
    assert ASKED in page
    assert AuditEvent.objects.filter(
        actor=org_a_handler,
        action="people.view_adjustments",
        after__shown_on="the service request page",
    ).exists()
