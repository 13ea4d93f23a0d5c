"""The residents' pages through the Django client: plain form posts, as a browser without
JavaScript sends them. Each page, each error state, and what is kept when something goes wrong."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from putright.audit.models import AuditEvent
from putright.cases.models import CaseStatus, Complaint, Correspondence, Direction, ServiceRequest
from putright.correspondence.models import OutboundEmail
from putright.organisations.models import Organisation, ServiceArea, User
from putright.public.models import AdjustmentRequest, PendingUpload, SurveyResponse, TrackingLink
from putright.public.services import contact_details_update
from tests.factories import ServiceAreaFactory
from tests.record_factories import (
    EXE_BYTES,
    HTML_BYTES,
    PDF_BYTES,
    at_stage_2,
    complaint_for,
    png_bytes,
    responded,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def area(org_a: Organisation) -> ServiceArea:
    return ServiceAreaFactory(organisation=org_a, name="Housing repairs", profile="hos-2024")


def url(name: str, org: Organisation, *args: Any) -> str:
    return reverse(f"public:{name}", args=[org.slug, *args])


def step(org: Organisation, slug: str) -> str:
    return url("step", org, slug)


ANSWERS: list[tuple[str, dict[str, str]]] = [
    ("what-happened", {"what_happened": "The boiler has been broken for three weeks."}),
    ("when", {"issue_date_day": "3", "issue_date_month": "2", "issue_date_year": "2025"}),
    ("put-right", {"put_right": "Fix the boiler and say sorry."}),
    ("who", {"who": "myself"}),
    ("your-name", {"name": "Pat Example"}),
    (
        "contact",
        {"contact_method": "email", "email": "pat@example.net", "phone": "", "address": ""},
    ),
    ("adjustments", {"needs": "yes", "adjustments": "Large print letters, please."}),
]


def answer_all(
    client: Client, org: Organisation, area: ServiceArea, kind: str = "complaint"
) -> None:
    assert client.post(url("start", org), {"kind": kind}).status_code == 302
    response = client.post(step(org, "service"), {"service_area": area.pk})
    assert response.status_code == 302
    for slug, data in ANSWERS:
        response = client.post(step(org, slug), data)
        assert response.status_code == 302, (slug, response.content.decode()[:2000])
    response = client.post(url("files", org), {"action": "continue"})
    assert response["Location"] == url("check", org)


def test_the_start_page_explains_the_choice_and_asks_for_one(client: Client, org_a, area) -> None:
    page = client.get(url("start", org_a))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Asking for a service" in text
    assert "Making a complaint" in text
    assert 'name="csrfmiddlewaretoken"' in text

    refused = client.post(url("start", org_a), {})
    assert refused.status_code == 400
    assert "govuk-error-summary" in refused.content.decode()
    assert "Select whether you want to make a complaint or ask for a service" in (
        refused.content.decode()
    )


def test_an_unknown_organisation_is_404(client: Client, db) -> None:
    assert client.get("/o/nobody-here/").status_code == 404


def test_a_page_opened_too_early_sends_you_to_the_first_unanswered(
    client: Client, org_a, area
) -> None:
    response = client.get(step(org_a, "contact"))
    assert response["Location"] == url("start", org_a)
    client.post(url("start", org_a), {"kind": "complaint"})
    assert client.get(url("check", org_a))["Location"] == step(org_a, "service")


def test_each_question_refuses_an_empty_answer_and_keeps_what_was_typed(
    client: Client, org_a, area
) -> None:
    client.post(url("start", org_a), {"kind": "complaint"})
    refused = client.post(step(org_a, "service"), {})
    assert refused.status_code == 400
    assert "Select the service it is about" in refused.content.decode()
    client.post(step(org_a, "service"), {"service_area": area.pk})
    assert client.post(step(org_a, "what-happened"), {"what_happened": ""}).status_code == 400
    client.post(step(org_a, "what-happened"), {"what_happened": "Broken boiler"})
    bad_date = client.post(
        step(org_a, "when"),
        {"issue_date_day": "31", "issue_date_month": "2", "issue_date_year": "2025"},
    )
    assert bad_date.status_code == 400
    assert "When it happened must be a real date" in bad_date.content.decode()
    assert 'value="31"' in bad_date.content.decode()
    future = client.post(
        step(org_a, "when"),
        {"issue_date_day": "1", "issue_date_month": "1", "issue_date_year": "2999"},
    )
    assert "must be today or in the past" in future.content.decode()
    # Blank is allowed: not everyone knows.
    assert client.post(step(org_a, "when"), {}).status_code == 302


def test_someone_else_needs_their_name_and_permission(client: Client, org_a, area) -> None:
    answer_all(client, org_a, area)
    refused = client.post(step(org_a, "who"), {"who": "someone_else", "relationship": "Son"})
    text = refused.content.decode()
    assert refused.status_code == 400
    assert "Enter the full name of the person it is for" in text
    assert "Confirm you have their permission" in text
    assert 'value="Son"' in text


def test_contact_needs_the_detail_of_the_way_chosen(client: Client, org_a, area) -> None:
    answer_all(client, org_a, area)
    for method, message in [
        ("email", "Enter your email address"),
        ("phone", "Enter your phone number"),
        ("letter", "Enter your postal address"),
    ]:
        refused = client.post(step(org_a, "contact"), {"contact_method": method})
        assert refused.status_code == 400
        assert message in refused.content.decode()
    bad = client.post(step(org_a, "contact"), {"contact_method": "email", "email": "pat@"})
    assert "Enter an email address in the correct format" in bad.content.decode()


def test_check_answers_lists_every_answer_with_a_change_link(client: Client, org_a, area) -> None:
    answer_all(client, org_a, area)
    page = client.get(url("check", org_a)).content.decode()
    for text in [
        "Housing repairs",
        "The boiler has been broken for three weeks.",
        "3 February 2025",
        "Fix the boiler and say sorry.",
        "Pat Example",
        "pat@example.net",
        "Large print letters, please.",
    ]:
        assert text in page
    assert page.count(">Change<") == 10
    # A change goes back to the check page, with the other answers kept.
    client.get(step(org_a, "your-name"))
    response = client.post(step(org_a, "your-name"), {"name": "Pat Changed"})
    assert response["Location"] == url("check", org_a)
    page = client.get(url("check", org_a)).content.decode()
    assert "Pat Changed" in page
    assert "Fix the boiler and say sorry." in page


def test_sending_makes_the_complaint_and_shows_the_reference_and_real_dates(
    client: Client, org_a, area
) -> None:
    answer_all(client, org_a, area)
    response = client.post(url("check", org_a), {"website": ""})
    assert response["Location"] == url("sent", org_a)
    complaint = Complaint.objects.get()
    stage = complaint.stages.get()
    assert complaint.channel == "web"
    assert complaint.email == "pat@example.net"
    assert complaint.outcome_sought == "Fix the boiler and say sorry."
    assert AdjustmentRequest.objects.get().description == "Large print letters, please."
    page = client.get(url("sent", org_a)).content.decode()
    assert "govuk-panel--confirmation" in page
    assert complaint.reference in page
    assert f"{stage.acknowledge_by:%-d %B %Y}" in page
    assert f"{stage.final_respond_by:%-d %B %Y}" in page
    # The answers are gone from the session: a new journey starts blank.
    assert client.get(url("check", org_a))["Location"] == url("start", org_a)
    assert AuditEvent.objects.filter(action__startswith="complaint.").exists()


def test_a_service_request_goes_through_the_same_pages(client: Client, org_a, area) -> None:
    answer_all(client, org_a, area, kind="service_request")
    page = client.get(url("check", org_a)).content.decode()
    assert "What you need" in page
    client.post(url("check", org_a), {"website": ""})
    request = ServiceRequest.objects.get()
    assert not Complaint.objects.exists()
    sent = client.get(url("sent", org_a)).content.decode()
    assert "Request sent" in sent
    assert request.reference in sent


def test_the_honeypot_sends_nothing(client: Client, org_a, area) -> None:
    answer_all(client, org_a, area)
    response = client.post(url("check", org_a), {"website": "http://spam.example"})
    assert response.status_code == 400
    assert not Complaint.objects.exists()
    # A person can still send it.
    assert client.post(url("check", org_a), {"website": ""}).status_code == 302


def test_sending_is_rate_limited(client: Client, org_a, area, settings: Any) -> None:
    settings.PUTRIGHT_PUBLIC_RATE_LIMITS = {"submit_ip": (1, 3600)}
    answer_all(client, org_a, area)
    client.post(url("check", org_a), {"website": ""})
    answer_all(client, org_a, area)
    refused = client.post(url("check", org_a), {"website": ""})
    assert refused.status_code == 429
    assert "too many times" in refused.content.decode()
    assert Complaint.objects.count() == 1


def test_csrf_is_checked(org_a, area) -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post(url("start", org_a), {"kind": "complaint"}).status_code == 403


def test_files_are_checked_by_content_and_a_refusal_keeps_the_answers(
    client: Client, org_a, area
) -> None:
    answer_all(client, org_a, area)
    ok = client.post(
        url("files", org_a), {"action": "upload", "file": upload("boiler.png", png_bytes())}
    )
    assert ok.status_code == 200
    assert "boiler.png has been added" in ok.content.decode()
    disguised = client.post(
        url("files", org_a), {"action": "upload", "file": upload("letter.pdf", HTML_BYTES)}
    )
    assert disguised.status_code == 400
    text = disguised.content.decode()
    assert "letter.pdf" in text
    assert "govuk-error-summary" in text
    program = client.post(
        url("files", org_a), {"action": "upload", "file": upload("cv.docx", EXE_BYTES)}
    )
    assert program.status_code == 400
    assert PendingUpload.objects.count() == 1
    page = client.get(url("check", org_a)).content.decode()
    assert "boiler.png" in page
    assert "Fix the boiler and say sorry." in page
    client.post(url("check", org_a), {"website": ""})
    complaint = Complaint.objects.get()
    assert [d.name for d in complaint.documents.all()] == ["boiler.png"]


def test_a_file_too_large_says_so(client: Client, org_a, area, settings: Any) -> None:
    settings.PUTRIGHT_MAX_UPLOAD_BYTES = 10
    answer_all(client, org_a, area)
    refused = client.post(
        url("files", org_a), {"action": "upload", "file": upload("big.pdf", PDF_BYTES)}
    )
    assert refused.status_code == 400
    assert "limit" in refused.content.decode()


def test_a_file_can_be_removed(client: Client, org_a, area) -> None:
    answer_all(client, org_a, area)
    client.post(url("files", org_a), {"action": "upload", "file": upload("a.pdf", PDF_BYTES)})
    pending = PendingUpload.objects.get()
    other = Client()
    other.post(url("file-remove", org_a, pending.pk))
    assert PendingUpload.objects.exists(), "another journey's file is left alone"
    client.post(url("file-remove", org_a, pending.pk))
    assert not PendingUpload.objects.exists()


def test_no_file_chosen_is_an_error(client: Client, org_a, area) -> None:
    answer_all(client, org_a, area)
    refused = client.post(url("files", org_a), {"action": "upload"})
    assert refused.status_code == 400
    assert "Select a file to add" in refused.content.decode()


def test_the_footer_shows_the_organisations_contact_details(client: Client, org_a, area) -> None:
    contact_details_update(
        actor=None, organisation=org_a, phone="01234 567890", email="complaints@org-a.example"
    )
    page = client.get(url("start", org_a)).content.decode()
    assert "01234 567890" in page
    assert "complaints@org-a.example" in page


def test_every_public_page_has_the_strict_content_security_policy(
    client: Client, org_a, area
) -> None:
    response = client.get(url("start", org_a))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "<script>" not in response.content.decode()
    assert " style=" not in response.content.decode()


# --- Tracking -----------------------------------------------------------------------------------


@pytest.fixture
def case(org_a_handler: User) -> Complaint:
    return complaint_for(org_a_handler, email="pat@example.net")


def open_tracking(client: Client, org: Organisation, case: Complaint) -> None:
    """Ask for a link, read it from the email, and open it."""
    client.post(
        url("track", org), {"reference": case.reference.lower(), "email": "PAT@example.net"}
    )
    email = OutboundEmail.objects.filter(complaint=case).latest("pk")
    link = next(line for line in email.text.splitlines() if "/track/open/" in line)
    path = link[link.index("/o/") :]
    assert client.get(path).status_code == 200
    assert client.post(path)["Location"] == url("tracking", org)


def test_asking_for_a_link_says_the_same_whether_or_not_it_matched(
    client: Client, org_a, case
) -> None:
    right = client.post(
        url("track", org_a), {"reference": case.reference, "email": "pat@example.net"}
    )
    wrong = client.post(
        url("track", org_a), {"reference": case.reference, "email": "eve@example.net"}
    )
    nothing = client.post(url("track", org_a), {"reference": "NOPE-1", "email": "pat@example.net"})
    assert right["Location"] == wrong["Location"] == nothing["Location"] == url("track-sent", org_a)
    assert OutboundEmail.objects.count() == 1
    assert OutboundEmail.objects.get().to == "pat@example.net"
    assert TrackingLink.objects.count() == 1


def test_asking_for_a_link_checks_its_fields(client: Client, org_a, case) -> None:
    refused = client.post(url("track", org_a), {"reference": "", "email": "pat"})
    text = refused.content.decode()
    assert refused.status_code == 400
    assert "Enter your complaint reference" in text
    assert "Enter an email address in the correct format" in text
    bot = client.post(
        url("track", org_a),
        {"reference": case.reference, "email": "pat@example.net", "website": "x"},
    )
    assert bot.status_code == 400
    assert not OutboundEmail.objects.exists()


def test_asking_for_links_is_rate_limited(client: Client, org_a, case, settings: Any) -> None:
    settings.PUTRIGHT_PUBLIC_RATE_LIMITS = {"link_case": (2, 3600)}
    data = {"reference": case.reference, "email": "pat@example.net"}
    client.post(url("track", org_a), data)
    client.post(url("track", org_a), data)
    refused = client.post(url("track", org_a), data)
    assert refused.status_code == 429
    assert OutboundEmail.objects.count() == 2


def test_a_link_works_once_and_not_on_another_organisations_pages(
    client: Client, org_a, org_b, case
) -> None:
    client.post(url("track", org_a), {"reference": case.reference, "email": "pat@example.net"})
    text = OutboundEmail.objects.get().text
    token = (
        next(line for line in text.splitlines() if "/track/open/" in line)
        .rstrip("/")
        .split("/")[-1]
    )
    assert Client().post(url("track-open", org_b, token)).status_code == 400
    assert client.post(url("track-open", org_a, token)).status_code == 302
    again = Client().post(url("track-open", org_a, token))
    assert again.status_code == 400
    assert "expired or has already been used" in again.content.decode()


def test_without_a_link_the_tracking_pages_send_you_to_ask_for_one(client: Client, org_a) -> None:
    for name in ("tracking", "track-add", "track-escalate", "track-withdraw", "feedback"):
        response = client.get(url(name, org_a))
        assert response["Location"] == url("track", org_a) + "?expired=1"
    assert "Ask for a new link" in client.get(url("track", org_a) + "?expired=1").content.decode()


def test_the_tracking_page_shows_stage_dates_letters_and_remedies(
    client: Client, org_a, case, org_a_handler
) -> None:
    from putright.cases.services.record import correspondence_log

    correspondence_log(
        actor=org_a_handler,
        complaint=case,
        direction=Direction.OUT,
        channel="letter",
        date=case.received,
        summary="Acknowledgement letter",
    )
    open_tracking(client, org_a, case)
    page = client.get(url("tracking", org_a)).content.decode()
    stage = case.stages.get()
    assert case.reference in page
    assert "Stage 1" in page
    assert f"{stage.acknowledge_by:%-d %B %Y}" in page
    assert "Acknowledgement letter" in page
    assert "Add information or files" in page
    assert "Withdraw your complaint" in page


def test_adding_information_with_a_file(client: Client, org_a, case) -> None:
    open_tracking(client, org_a, case)
    empty = client.post(url("track-add", org_a), {"text": ""})
    assert empty.status_code == 400
    refused = client.post(
        url("track-add", org_a), {"text": "A photo", "file": upload("x.pdf", HTML_BYTES)}
    )
    assert refused.status_code == 400
    assert "A photo</textarea>" in refused.content.decode()
    done = client.post(
        url("track-add", org_a), {"text": "A photo", "file": upload("p.png", png_bytes())}
    )
    assert done["Location"] == url("tracking", org_a)
    added = Correspondence.objects.get(complaint=case, direction=Direction.IN)
    assert added.body == "A photo"
    assert [d.name for d in added.attachments.all()] == ["p.png"]
    assert "Your information has been added" in client.get(url("tracking", org_a)).content.decode()


def test_asking_for_stage_2_needs_no_reason(client: Client, org_a, case, org_a_handler) -> None:
    responded(case, org_a_handler)
    open_tracking(client, org_a, case)
    page = client.get(url("track-escalate", org_a)).content.decode()
    assert "You do not have to tell us why" in page
    case.refresh_from_db()
    response = client.post(url("track-escalate", org_a), {"version": case.version})
    assert response["Location"] == url("tracking", org_a)
    case.refresh_from_db()
    assert case.stage == 2
    event = AuditEvent.objects.filter(action="complaint.escalate").get()
    assert event.actor is None
    assert event.actor_label == "resident (web form)"


def test_stage_2_is_not_offered_before_a_response(client: Client, org_a, case) -> None:
    open_tracking(client, org_a, case)
    assert "Ask for stage 2" not in client.get(url("tracking", org_a)).content.decode()
    refused = client.post(url("track-escalate", org_a), {"version": case.version})
    assert refused.status_code == 400
    case.refresh_from_db()
    assert case.stage == 1


def test_a_stale_page_changes_nothing(client: Client, org_a, case, org_a_handler) -> None:
    open_tracking(client, org_a, case)
    old = case.version
    responded(case, org_a_handler)
    refused = client.post(url("track-withdraw", org_a), {"version": old})
    assert refused.status_code == 409
    case.refresh_from_db()
    assert case.status != CaseStatus.WITHDRAWN


def test_withdrawing_asks_first_then_withdraws(client: Client, org_a, case) -> None:
    open_tracking(client, org_a, case)
    page = client.get(url("track-withdraw", org_a)).content.decode()
    assert "Are you sure you want to withdraw your complaint?" in page
    case.refresh_from_db()
    client.post(url("track-withdraw", org_a), {"version": case.version})
    case.refresh_from_db()
    assert case.status == CaseStatus.WITHDRAWN
    page = client.get(url("tracking", org_a)).content.decode()
    assert "Your complaint has been withdrawn" in page
    assert "make a new complaint" in page


def test_the_survey_after_closure(client: Client, org_a, case, org_a_handler) -> None:
    at_stage_2(case, org_a_handler)
    case.refresh_from_db()
    from putright.cases.services import complaint_withdraw

    complaint_withdraw(actor=org_a_handler, complaint=case, withdrawn=case.stages.last().received)
    open_tracking(client, org_a, case)
    page = client.get(url("feedback", org_a)).content.decode()
    assert "make a new complaint" in page
    refused = client.post(url("feedback", org_a), {"ease": "satisfied"})
    assert refused.status_code == 400
    assert "Select how satisfied you are with how we kept you informed" in refused.content.decode()
    done = client.post(
        url("feedback", org_a),
        {
            "ease": "satisfied",
            "kept_informed": "neither",
            "respect": "very_satisfied",
            "overall": "satisfied",
            "comment": "Fine.",
        },
    )
    assert done["Location"] == url("feedback-done", org_a)
    assert SurveyResponse.objects.get().kept_informed == "neither"
    assert client.get(url("feedback", org_a))["Location"] == url("tracking", org_a)


def test_the_survey_waits_until_the_complaint_is_finished(client: Client, org_a, case) -> None:
    open_tracking(client, org_a, case)
    assert client.get(url("feedback", org_a))["Location"] == url("tracking", org_a)


def test_finish_and_close_ends_the_tracking_session(client: Client, org_a, case) -> None:
    open_tracking(client, org_a, case)
    client.post(url("track-leave", org_a))
    assert client.get(url("tracking", org_a)).status_code == 302


def test_the_demo_council_has_its_public_pages(client: Client, settings: Any) -> None:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("demo", stdout=out)
    assert "/o/riverside/" in out.getvalue()
    page = client.get("/o/riverside/").content.decode()
    assert "Riverside District Council" in page
    assert "complaints@riverside.example" in page
    service = Client()
    service.post("/o/riverside/", {"kind": "complaint"})
    assert "Waste and recycling" in service.get("/o/riverside/service/").content.decode()


def test_letters_sent_can_be_downloaded_and_nothing_else(
    client: Client, org_a, case, org_a_handler
) -> None:
    from putright.cases.services.record import correspondence_log

    sent = correspondence_log(
        actor=org_a_handler,
        complaint=case,
        direction=Direction.OUT,
        channel="letter",
        date=case.received,
        summary="Our stage 1 response",
        files=[upload("response.pdf", PDF_BYTES)],
    )
    received = correspondence_log(
        actor=org_a_handler,
        complaint=case,
        direction=Direction.IN,
        channel="letter",
        date=case.received,
        summary="Their letter",
        files=[upload("theirs.pdf", PDF_BYTES)],
    )
    other = complaint_for(org_a_handler, email="someone@example.net")
    elsewhere = correspondence_log(
        actor=org_a_handler,
        complaint=other,
        direction=Direction.OUT,
        channel="letter",
        date=other.received,
        summary="Someone else's letter",
        files=[upload("other.pdf", PDF_BYTES)],
    )
    letter = sent.attachments.get()
    assert client.get(url("track-document", org_a, letter.pk)).status_code == 302
    open_tracking(client, org_a, case)
    page = client.get(url("tracking", org_a)).content.decode()
    assert "Download response.pdf" in page
    assert "theirs.pdf" not in page
    response = client.get(url("track-document", org_a, letter.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    for document in (received.attachments.get(), elsewhere.attachments.get()):
        assert client.get(url("track-document", org_a, document.pk)).status_code == 404


def test_a_representative_complains_for_someone_and_tracks_it(client: Client, org_a, area) -> None:
    answer_all(client, org_a, area)
    client.post(
        step(org_a, "who"),
        {
            "who": "someone_else",
            "their_name": "Jo Example",
            "relationship": "daughter",
            "consent": "yes",
        },
    )
    page = client.get(url("check", org_a)).content.decode()
    assert "Jo Example (you are their daughter), with their permission" in page
    client.post(url("check", org_a), {"website": ""})
    complaint = Complaint.objects.get()
    assert complaint.name == "Jo Example"
    assert complaint.representative is not None
    assert complaint.representative.name == "Pat Example"
    assert complaint.representative.consent_given
    open_tracking(client, org_a, complaint)
    assert OutboundEmail.objects.get(complaint=complaint).to == "pat@example.net"
    assert complaint.reference in client.get(url("tracking", org_a)).content.decode()
