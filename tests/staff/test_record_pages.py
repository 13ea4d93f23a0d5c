"""The record pages: correspondence with files, documents and their download, questions,
responsibility, keep-informed, additional issues, the time limit, and the case page's panel."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.test import Client

from putright.cases.models import (
    AdditionalIssue,
    CaseStatus,
    Clarification,
    Complaint,
    Correspondence,
    Document,
    KeepInformed,
    Stage,
)
from putright.cases.services.record import (
    clarification_ask,
    document_add,
    keep_informed_agree,
    time_limit_assess,
)
from putright.organisations.models import ExclusionReason, Organisation, Role, User
from tests.factories import UserFactory
from tests.record_factories import (
    EXE_BYTES,
    HTML_BYTES,
    PDF_BYTES,
    TEXT_BYTES,
    complaint_for,
    png_bytes,
    upload,
)

pytestmark = pytest.mark.django_db

REFERENCE = "CMP-2025-00042"
BASE = f"/staff/cases/{REFERENCE}/record"


@pytest.fixture(autouse=True)
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def case(org_a_handler: User) -> Complaint:
    return complaint_for(org_a_handler, reference=REFERENCE)


@pytest.fixture
def question(case: Complaint, org_a_handler: User) -> Clarification:
    return clarification_ask(
        actor=org_a_handler, complaint=case, question="Which visits?", asked_on=date(2025, 3, 4)
    )


@pytest.fixture
def document(case: Complaint, org_a_handler: User) -> Document:
    return document_add(actor=org_a_handler, complaint=case, file=upload("a.pdf", PDF_BYTES))


@pytest.fixture
def signed_in(client: Client, org_a_handler: User) -> Client:
    client.force_login(org_a_handler)
    return client


def date_fields(name: str, day: date) -> dict[str, str]:
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


def urls(question: Clarification, document: Document) -> list[str]:
    return [
        f"{BASE}/correspondence/new/",
        f"{BASE}/documents/new/",
        f"{BASE}/questions/new/",
        f"{BASE}/questions/{question.pk}/answer/",
        f"{BASE}/responsibility/",
        f"{BASE}/keep-informed/",
        f"{BASE}/keep-informed/update/",
        f"{BASE}/additional-issue/",
        f"{BASE}/time-limit/",
        f"/staff/documents/{document.pk}/download/",
    ]


FORM_PAGES = [
    "correspondence/new/",
    "documents/new/",
    "questions/new/",
    "responsibility/",
    "keep-informed/",
    "keep-informed/update/",
    "additional-issue/",
    "time-limit/",
]


# --- Access ----------------------------------------------------------------------------------


def test_every_record_page_needs_sign_in(
    client: Client, question: Clarification, document: Document
) -> None:
    for url in urls(question, document):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/staff/sign-in/?next="), url


def test_every_record_page_is_not_found_for_another_organisation(
    client: Client,
    question: Clarification,
    document: Document,
    org_b_handler: User,
    case: Complaint,
) -> None:
    client.force_login(org_b_handler)
    before = (Correspondence.objects.count(), Document.objects.count(), case.version)

    for url in urls(question, document):
        assert client.get(url).status_code == 404, url
        posted = client.post(
            url,
            {
                "version": case.version,
                "summary": "x",
                "question": "x",
                "answer": "x",
                "responsible_for": "x",
                "interval_days": "5",
                "description": "x",
                "handling": "folded",
                "accept": "yes",
                "file": upload("b.pdf", PDF_BYTES),
                **date_fields("date", date(2025, 3, 5)),
                **date_fields("asked_on", date(2025, 3, 5)),
            },
        )
        assert posted.status_code in (404, 405), url
        if url.endswith("/download/"):
            assert posted.status_code == 405
    assert (Correspondence.objects.count(), Document.objects.count()) == before[:2]
    assert Complaint.objects.get(pk=case.pk).version == case.version
    assert Clarification.objects.get(pk=question.pk).answer == ""


def test_a_read_only_role_cannot_write(
    client: Client, case: Complaint, org_a: Organisation
) -> None:
    auditor = UserFactory(username="ada@org-a.example", organisation=org_a, role=Role.AUDITOR)
    client.force_login(auditor)

    page = client.get(f"/staff/cases/{REFERENCE}/")
    assert "Log correspondence" not in page.content.decode()
    response = client.post(
        f"{BASE}/questions/new/",
        {"question": "Which?", **date_fields("asked_on", date(2025, 3, 4))},
    )

    assert response.status_code == 403
    assert not Clarification.objects.exists()


@pytest.mark.parametrize("page", FORM_PAGES)
def test_record_pages_have_no_inline_scripts_or_styles(
    signed_in: Client, case: Complaint, page: str
) -> None:
    html = signed_in.get(f"{BASE}/{page}").content.decode()

    assert html.count("<script") == html.count('<script type="module" src="') == 1
    assert " style=" not in html
    assert "<style" not in html


# --- Correspondence and files ----------------------------------------------------------------


def correspondence_post(**extra: object) -> dict[str, object]:
    return {
        "direction": "in",
        "channel": "letter",
        **date_fields("date", date(2025, 3, 5)),
        "summary": "Letter from Pat with a photo",
        "party": "",
        "body": "Pat says the boiler is still broken.",
        **extra,
    }


def test_the_correspondence_form_uploads_files(signed_in: Client, case: Complaint) -> None:
    html = signed_in.get(f"{BASE}/correspondence/new/").content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert 'class="govuk-file-upload"' in html
    assert "multiple" in html

    response = signed_in.post(
        f"{BASE}/correspondence/new/",
        correspondence_post(
            files=[upload("letter.pdf", PDF_BYTES), upload("photo.txt", png_bytes())]
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == f"/staff/cases/{REFERENCE}/"
    entry = Correspondence.objects.get()
    assert entry.summary == "Letter from Pat with a photo"
    assert sorted(entry.attachments.values_list("content_type", flat=True)) == [
        "application/pdf",
        "image/png",
    ]
    page = signed_in.get(f"/staff/cases/{REFERENCE}/").content.decode()
    assert "Letter from Pat with a photo" in page
    assert '<td class="govuk-table__cell">Letter</td>' in page
    for attachment in entry.attachments.all():
        assert f"/staff/documents/{attachment.pk}/download/" in page


@pytest.mark.parametrize(
    ("name", "content", "why"),
    [("letter.pdf", HTML_BYTES, "web page"), ("setup.exe", EXE_BYTES, "Windows program")],
)
def test_a_refused_file_says_why_and_keeps_what_was_typed(
    signed_in: Client, case: Complaint, media: Path, name: str, content: bytes, why: str
) -> None:
    response = signed_in.post(
        f"{BASE}/correspondence/new/",
        correspondence_post(files=[upload("photo.png", png_bytes()), upload(name, content)]),
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert f"The file {name} was not saved" in html
    assert why in html
    assert 'value="Letter from Pat with a photo"' in html
    assert "Pat says the boiler is still broken.</textarea>" in html
    assert 'value="letter" selected' in html or '<option value="letter" selected>' in html
    assert 'name="date_day" type="text" inputmode="numeric" value="5"' in html
    assert not Correspondence.objects.exists()
    assert not Document.objects.exists()
    assert not media.exists() or not [p for p in media.rglob("*") if p.is_file()]


def test_an_oversize_file_is_refused_on_the_page(
    signed_in: Client, case: Complaint, settings
) -> None:
    settings.PUTRIGHT_MAX_UPLOAD_BYTES = 50

    response = signed_in.post(
        f"{BASE}/documents/new/",
        {"file": upload("scan.pdf", PDF_BYTES), "description": "Survey report"},
    )

    html = response.content.decode()
    assert "The file scan.pdf was not saved" in html
    assert "the limit is 50 bytes" in html
    assert 'value="Survey report"' in html
    assert not Document.objects.exists()


def test_a_document_is_added_and_downloaded_as_an_attachment(
    signed_in: Client, case: Complaint
) -> None:
    response = signed_in.post(
        f"{BASE}/documents/new/",
        {"file": upload("photo.txt", png_bytes(), "text/html"), "description": "Damp"},
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.content_type == "image/png"

    download = signed_in.get(f"/staff/documents/{document.pk}/download/")

    assert download.status_code == 200
    assert download["Content-Type"] == "image/png"
    assert download["Content-Disposition"].startswith("attachment;")
    assert 'filename="photo.txt"' in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == png_bytes()


def test_a_text_file_downloads_as_plain_text(
    signed_in: Client, case: Complaint, org_a_handler: User
) -> None:
    document = document_add(actor=org_a_handler, complaint=case, file=upload("n.txt", TEXT_BYTES))

    download = signed_in.get(f"/staff/documents/{document.pk}/download/")

    assert download["Content-Type"] == "text/plain; charset=utf-8"
    assert download["Content-Disposition"].startswith("attachment;")


def test_a_document_without_a_file_chosen_asks_for_one(signed_in: Client, case: Complaint) -> None:
    response = signed_in.post(f"{BASE}/documents/new/", {"description": "Survey"})

    assert "Choose a file to upload" in response.content.decode()
    assert 'value="Survey"' in response.content.decode()


# --- Questions, responsibility, keep informed ------------------------------------------------


def test_a_question_is_asked_and_answered_on_the_pages(signed_in: Client, case: Complaint) -> None:
    response = signed_in.post(
        f"{BASE}/questions/new/",
        {"question": "Which visits were missed?", **date_fields("asked_on", date(2025, 3, 4))},
    )
    assert response.status_code == 302
    question = Clarification.objects.get()
    page = signed_in.get(f"/staff/cases/{REFERENCE}/").content.decode()
    assert "Which visits were missed?" in page
    assert "1 waiting for an answer" in page

    bad = signed_in.post(
        f"{BASE}/questions/{question.pk}/answer/",
        {"answer": "The 10th.", **date_fields("answered_on", date(2025, 3, 1))},
    )
    assert "before the question" in bad.content.decode()
    assert "The 10th.</textarea>" in bad.content.decode()

    signed_in.post(
        f"{BASE}/questions/{question.pk}/answer/",
        {"answer": "The 10th.", **date_fields("answered_on", date(2025, 3, 6))},
    )
    assert Clarification.objects.get().answer == "The 10th."


def test_responsibility_is_set_and_a_stale_form_is_refused(
    signed_in: Client, case: Complaint
) -> None:
    data = {
        "version": case.version,
        "responsible_for": "The boiler.",
        "not_responsible_for": "The gas meter: the supplier's.",
    }
    assert signed_in.post(f"{BASE}/responsibility/", data).status_code == 302
    stage = Stage.objects.get(complaint=case, number=1)
    assert stage.responsible_for == "The boiler."

    stale = signed_in.post(f"{BASE}/responsibility/", {**data, "responsible_for": "Other."})
    html = stale.content.decode()
    assert "changed by someone else" in html
    assert "Other.</textarea>" in html
    page = signed_in.get(f"/staff/cases/{REFERENCE}/").content.decode()
    assert "The gas meter: the supplier&#x27;s." in page


def test_keep_informed_is_agreed_and_shown_overdue(
    signed_in: Client, case: Complaint, org_a_handler: User
) -> None:
    bad = signed_in.post(
        f"{BASE}/keep-informed/",
        {"interval_days": "0", "note": "By phone", **date_fields("agreed_on", date(2025, 4, 16))},
    )
    assert "Working days between updates must be 1 or more" in bad.content.decode()
    assert "By phone</textarea>" in bad.content.decode()

    response = signed_in.post(
        f"{BASE}/keep-informed/",
        {"interval_days": "5", "note": "By phone", **date_fields("agreed_on", date(2025, 4, 16))},
    )

    assert response.status_code == 302
    assert KeepInformed.objects.get().next_update_by == date(2025, 4, 25)
    page = signed_in.get(f"/staff/cases/{REFERENCE}/").content.decode()
    assert "Next update due by 25 April 2025" in page
    assert "Overdue" in page

    sent = signed_in.post(
        f"{BASE}/keep-informed/update/",
        {"channel": "phone", "summary": "Called Pat", **date_fields("sent_on", date(2025, 4, 29))},
    )
    assert sent.status_code == 302
    # Five working days after Tuesday 29 April, skipping the early May bank holiday (5 May).
    assert KeepInformed.objects.get().next_update_by == date(2025, 5, 7)
    assert Correspondence.objects.get().direction == "out"


def test_an_update_without_an_agreement_keeps_what_was_typed(
    signed_in: Client, case: Complaint
) -> None:
    response = signed_in.post(
        f"{BASE}/keep-informed/update/",
        {"channel": "phone", "summary": "Called Pat", **date_fields("sent_on", date(2025, 4, 24))},
    )

    html = response.content.decode()
    assert "No interval for updates has been agreed" in html
    assert 'value="Called Pat"' in html


# --- Additional issues and the time limit ----------------------------------------------------


def test_an_additional_issue_is_folded_in_on_the_page(signed_in: Client, case: Complaint) -> None:
    response = signed_in.post(
        f"{BASE}/additional-issue/",
        {
            "version": case.version,
            "description": "The radiator leaks.",
            "handling": "folded",
            "reason": "",
            **date_fields("received", date(2025, 3, 5)),
        },
    )

    assert response.status_code == 302
    assert AdditionalIssue.objects.get().handling == "folded"
    assert "The radiator leaks." in Stage.objects.get(complaint=case, number=1).definition


def test_a_new_complaint_needs_a_reason_on_the_page(signed_in: Client, case: Complaint) -> None:
    response = signed_in.post(
        f"{BASE}/additional-issue/",
        {
            "version": case.version,
            "description": "Noise from next door.",
            "handling": "new_complaint",
            **date_fields("received", date(2025, 3, 5)),
        },
    )

    html = response.content.decode()
    assert "Give the reason for logging it as a new complaint" in html
    assert "Noise from next door.</textarea>" in html
    assert Complaint.objects.count() == 1


def test_the_time_limit_page_offers_the_organisations_reasons_and_excludes(
    signed_in: Client, case: Complaint, org_a: Organisation
) -> None:
    ExclusionReason.objects.create(organisation=org_a, label="Over 12 months old")
    ExclusionReason.objects.create(organisation=org_a, label="Old reason", active=False)

    html = signed_in.get(f"{BASE}/time-limit/").content.decode()
    assert '<option value="Over 12 months old">Over 12 months old</option>' in html
    assert "Old reason" not in html
    assert "HOS Code 2.3" in html

    response = signed_in.post(
        f"{BASE}/time-limit/",
        {
            "version": case.version,
            "accept": "no",
            "discretion_note": "No good reason for the delay.",
            "reason": "Over 12 months old",
            "ombudsman_details_given": "on",
            **date_fields("issue_date", date(2023, 1, 10)),
        },
    )

    assert response.status_code == 302
    stored = Complaint.objects.get(pk=case.pk)
    assert stored.status == CaseStatus.EXCLUDED
    assert stored.exclusion_reason == "Over 12 months old"
    page = signed_in.get(f"/staff/cases/{REFERENCE}/").content.decode()
    assert "Outside the time limit" in page
    assert "No good reason for the delay." in page


def test_a_late_complaint_without_a_note_keeps_what_was_typed(
    signed_in: Client, case: Complaint
) -> None:
    response = signed_in.post(
        f"{BASE}/time-limit/",
        {
            "version": case.version,
            "accept": "yes",
            "discretion_note": "",
            **date_fields("issue_date", date(2023, 1, 10)),
        },
    )

    html = response.content.decode()
    assert "more than 12 months after the issue" in html
    assert 'name="issue_date_year" type="text" inputmode="numeric" value="2023"' in html
    assert Complaint.objects.get(pk=case.pk).issue_date is None


def test_the_panel_shows_the_time_limit_when_accepted(
    signed_in: Client, case: Complaint, org_a_handler: User
) -> None:
    time_limit_assess(
        actor=org_a_handler,
        complaint=case,
        issue_date=date(2024, 1, 2),
        accept=True,
        discretion_note="Pat was in hospital.",
    )
    keep_informed_agree(
        actor=org_a_handler, complaint=case, interval_days=5, agreed_on=date(2025, 4, 16)
    )

    page = signed_in.get(f"/staff/cases/{REFERENCE}/").content.decode()

    assert "Outside the time limit" in page
    assert "Pat was in hospital." in page
    assert "Every 5 working days" in page
