"""The full record of a complaint: correspondence and files checked by content, questions,
responsibility, keep-informed dates, additional issues and the time limit."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from putright.audit.models import AuditEvent
from putright.cases import record_selectors
from putright.cases.models import (
    AdditionalIssue,
    CaseStatus,
    Clarification,
    Complaint,
    Correspondence,
    Direction,
    Document,
    KeepInformed,
    Stage,
)
from putright.cases.services import CaseInputError, CaseRefused, StaleCase, complaint_withdraw
from putright.cases.services.record import (
    additional_issue_record,
    clarification_answer,
    clarification_ask,
    correspondence_log,
    definition_parts_set,
    document_add,
    file_check,
    keep_informed_agree,
    keep_informed_update_sent,
    months_before,
    time_limit_assess,
)
from putright.organisations.models import ExclusionReason, Organisation, Role, User
from tests.factories import ClosureDayFactory, UserFactory
from tests.record_factories import (
    EML_BYTES,
    EXE_BYTES,
    GIF_BYTES,
    HTML_BYTES,
    JPEG_BYTES,
    PDF_BYTES,
    TEXT_BYTES,
    at_stage_2,
    complaint_for,
    docx_bytes,
    odt_bytes,
    png_bytes,
    responded,
    upload,
    xlsx_bytes,
    zip_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def case(org_a_handler: User) -> Complaint:
    return complaint_for(org_a_handler)


def stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def log(actor: User, complaint: Complaint, *files, **fields) -> Correspondence:
    values = {
        "direction": Direction.IN,
        "channel": "email",
        "date": date(2025, 3, 5),
        "summary": "Email from Pat with photos",
        **fields,
    }
    return correspondence_log(actor=actor, complaint=complaint, files=files, **values)


# --- Files checked by content -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "detected"),
    [
        ("letter.pdf", PDF_BYTES, "application/pdf"),
        ("photo.png", png_bytes(), "image/png"),
        ("photo.jpg", JPEG_BYTES, "image/jpeg"),
        ("photo.gif", GIF_BYTES, "image/gif"),
        ("notes.txt", TEXT_BYTES, "text/plain"),
        (
            "report.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "costs.xlsx",
            xlsx_bytes(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("report.odt", odt_bytes(), "application/vnd.oasis.opendocument.text"),
        ("email.eml", EML_BYTES, "message/rfc822"),
        # The name and claimed type count for nothing: only the content does.
        ("photo.txt", png_bytes(), "image/png"),
        ("scan", PDF_BYTES, "application/pdf"),
    ],
)
def test_each_accepted_kind_is_detected_by_its_content(
    name: str, content: bytes, detected: str
) -> None:
    checked = file_check(upload(name, content, "application/octet-stream"))

    assert checked.content_type == detected
    assert checked.size == len(content)
    assert checked.name == name


@pytest.mark.parametrize(
    ("name", "content", "why"),
    [
        ("letter.pdf", HTML_BYTES, "web page"),
        ("notes.txt", b"   <svg onload='alert(1)'></svg>", "web page"),
        ("setup.exe", EXE_BYTES, "Windows program"),
        ("photo.png", EXE_BYTES, "Windows program"),
        ("data.bin", bytes(range(256)) * 4, "not a kind that is accepted"),
        ("files.zip", zip_bytes({"a.txt": b"hello"}), "zip archive"),
        ("report.docx", docx_bytes(macros=True), "macros"),
        ("empty.pdf", b"", "empty"),
        ("latin1.txt", "caf\xe9".encode("latin-1") + b"\x00\x01", "not a kind that is accepted"),
    ],
)
def test_a_file_of_another_kind_is_refused_naming_it_and_why(
    name: str, content: bytes, why: str
) -> None:
    with pytest.raises(CaseInputError) as refused:
        file_check(upload(name, content))

    assert name in str(refused.value)
    assert why in str(refused.value)


def test_a_file_over_the_limit_is_refused(settings) -> None:
    settings.PUTRIGHT_MAX_UPLOAD_BYTES = 1024

    with pytest.raises(
        CaseInputError, match=r"big\.pdf was not saved: it is 2 KB and the limit is 1 KB"
    ):
        file_check(upload("big.pdf", PDF_BYTES + b"0" * 2000))


def test_the_size_counted_is_what_was_read_not_what_was_claimed(settings) -> None:
    settings.PUTRIGHT_MAX_UPLOAD_BYTES = 1024
    lying = upload("big.pdf", PDF_BYTES + b"0" * 2000)
    lying.size = 10

    with pytest.raises(CaseInputError, match=r"big\.pdf.*larger than the limit of 1 KB"):
        file_check(lying)


def test_the_default_limit_is_20_mb(settings) -> None:
    del settings.PUTRIGHT_MAX_UPLOAD_BYTES

    with pytest.raises(CaseInputError, match="the limit is 20 MB"):
        file_check(upload("big.pdf", PDF_BYTES + b"0" * (20 * 1024 * 1024)))


def test_a_path_in_the_name_is_dropped() -> None:
    assert file_check(upload("C:\\Users\\pat\\letter.pdf", PDF_BYTES)).name == "letter.pdf"
    assert file_check(upload("../../etc/letter.pdf", PDF_BYTES)).name == "letter.pdf"


# --- Correspondence -----------------------------------------------------------------------------


def test_correspondence_is_logged_with_its_attachments(
    case: Complaint, org_a_handler: User, media: Path
) -> None:
    entry = log(
        org_a_handler,
        case,
        upload("letter.pdf", PDF_BYTES),
        upload("photo.txt", png_bytes(), "text/plain"),
        party="Pat's MP",
        body="Pat sent two files.",
    )

    documents = list(entry.attachments.order_by("pk"))
    assert [(d.name, d.content_type) for d in documents] == [
        ("letter.pdf", "application/pdf"),
        ("photo.txt", "image/png"),
    ]
    assert documents[0].size == len(PDF_BYTES)
    assert len(documents[0].sha256) == 64
    assert documents[0].organisation_id == case.organisation_id
    assert documents[0].complaint_id == case.pk
    assert documents[0].uploaded_by == org_a_handler
    assert documents[0].file.read() == PDF_BYTES
    assert "letter" not in documents[0].file.name
    assert len(stored_files(media)) == 2
    event = AuditEvent.objects.get(action="record.log_correspondence")
    assert event.after["summary"] == "Email from Pat with photos"
    assert [a["content_type"] for a in event.after["attachments"]] == [
        "application/pdf",
        "image/png",
    ]


def test_one_refused_file_writes_nothing(case: Complaint, org_a_handler: User, media: Path) -> None:
    with pytest.raises(CaseInputError, match=r"letter\.pdf.*web page"):
        log(
            org_a_handler,
            case,
            upload("photo.png", png_bytes()),
            upload("letter.pdf", HTML_BYTES),
        )

    assert not Correspondence.objects.exists()
    assert not Document.objects.exists()
    assert stored_files(media) == []
    assert not AuditEvent.objects.filter(action__startswith="record.").exists()


def test_an_oversize_file_writes_nothing(
    case: Complaint, org_a_handler: User, media: Path, settings
) -> None:
    settings.PUTRIGHT_MAX_UPLOAD_BYTES = 100

    with pytest.raises(CaseInputError, match=r"scan\.pdf"):
        log(org_a_handler, case, upload("scan.pdf", PDF_BYTES + b" " * 200))

    assert not Correspondence.objects.exists()
    assert stored_files(media) == []


def test_a_failure_while_storing_removes_the_files_already_written(
    case: Complaint, org_a_handler: User, media: Path
) -> None:
    with pytest.raises(CaseInputError, match="Keep the summary"):
        log(org_a_handler, case, upload("letter.pdf", PDF_BYTES), summary="x" * 301)

    assert stored_files(media) == []


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"direction": "sideways"}, "Unknown direction"),
        ({"channel": "pigeon"}, "Unknown channel"),
        ({"summary": "  "}, "summary"),
        ({"date": date(2999, 1, 1)}, "in the future"),
    ],
)
def test_bad_correspondence_is_refused(
    case: Complaint, org_a_handler: User, fields: dict, message: str
) -> None:
    with pytest.raises(CaseInputError, match=message):
        log(org_a_handler, case, **fields)

    assert not Correspondence.objects.exists()


def test_only_staff_of_the_organisation_who_change_cases_log_correspondence(
    case: Complaint, org_b_handler: User, org_a: Organisation
) -> None:
    auditor = UserFactory(username="ada@org-a.example", organisation=org_a, role=Role.AUDITOR)

    for actor in (org_b_handler, auditor):
        with pytest.raises(PermissionDenied):
            log(actor, case, upload("letter.pdf", PDF_BYTES))

    assert not Correspondence.objects.exists()
    assert not Document.objects.exists()


def test_a_document_is_added_without_correspondence(
    case: Complaint, org_a_handler: User, media: Path
) -> None:
    document = document_add(
        actor=org_a_handler,
        complaint=case,
        file=upload("survey.jpg", JPEG_BYTES, "text/html"),
        description="Damp survey",
    )

    assert document.correspondence is None
    assert document.content_type == "image/jpeg"
    assert document.description == "Damp survey"
    assert AuditEvent.objects.get(action="record.add_document").after["name"] == "survey.jpg"
    with pytest.raises(CaseInputError, match="Windows program"):
        document_add(actor=org_a_handler, complaint=case, file=upload("a.pdf", EXE_BYTES))
    assert Document.objects.count() == 1
    assert len(stored_files(media)) == 1


def test_a_document_of_another_organisation_is_not_found(
    case: Complaint, org_a_handler: User, org_b_handler: User
) -> None:
    document = document_add(actor=org_a_handler, complaint=case, file=upload("a.pdf", PDF_BYTES))

    assert record_selectors.document_get(org_a_handler, document.pk) == document
    with pytest.raises(Http404):
        record_selectors.document_get(org_b_handler, document.pk)
    assert not record_selectors.documents_for(org_b_handler, case).exists()
    assert not record_selectors.correspondence_for(org_b_handler, case).exists()


# --- Clarification ------------------------------------------------------------------------------


def test_a_question_is_asked_and_answered_once(case: Complaint, org_a_handler: User) -> None:
    question = clarification_ask(
        actor=org_a_handler,
        complaint=case,
        question="Which repair appointments were missed?",
        asked_on=date(2025, 3, 4),
    )
    assert question.stage == 1
    assert list(record_selectors.clarifications_open(org_a_handler, case)) == [question]

    with pytest.raises(CaseInputError, match="before the question"):
        clarification_answer(
            actor=org_a_handler, clarification=question, answer="x", answered_on=date(2025, 3, 3)
        )
    clarification_answer(
        actor=org_a_handler,
        clarification=question,
        answer="The 10th and the 17th.",
        answered_on=date(2025, 3, 6),
    )
    assert not record_selectors.clarifications_open(org_a_handler, case).exists()
    with pytest.raises(CaseInputError, match="already answered"):
        clarification_answer(
            actor=org_a_handler, clarification=question, answer="y", answered_on=date(2025, 3, 7)
        )
    assert Clarification.objects.get().answer == "The 10th and the 17th."
    assert AuditEvent.objects.filter(action="record.answer_clarification").count() == 1


def test_no_question_on_a_withdrawn_complaint(case: Complaint, org_a_handler: User) -> None:
    complaint_withdraw(actor=org_a_handler, complaint=case, withdrawn=date(2025, 3, 4))

    with pytest.raises(CaseRefused, match="withdrawn"):
        clarification_ask(
            actor=org_a_handler, complaint=case, question="Why?", asked_on=date(2025, 3, 5)
        )
    assert not Clarification.objects.exists()


def test_another_organisation_cannot_ask_or_answer(
    case: Complaint, org_a_handler: User, org_b_handler: User
) -> None:
    question = clarification_ask(
        actor=org_a_handler, complaint=case, question="Which?", asked_on=date(2025, 3, 4)
    )

    with pytest.raises(PermissionDenied):
        clarification_ask(
            actor=org_b_handler, complaint=case, question="x", asked_on=date(2025, 3, 4)
        )
    with pytest.raises(PermissionDenied):
        clarification_answer(
            actor=org_b_handler, clarification=question, answer="x", answered_on=date(2025, 3, 5)
        )
    with pytest.raises(Http404):
        record_selectors.clarification_get(org_b_handler, case, question.pk)


# --- Responsibility -----------------------------------------------------------------------------


def test_the_parts_are_set_on_the_current_stage(case: Complaint, org_a_handler: User) -> None:
    stage = definition_parts_set(
        actor=org_a_handler,
        complaint=case,
        responsible_for="The boiler repair.",
        not_responsible_for="The gas supply: the gas distributor's.",
        version=case.version,
    )

    assert stage.number == 1
    assert Stage.objects.get(pk=stage.pk).not_responsible_for.startswith("The gas supply")
    assert Complaint.objects.get(pk=case.pk).version == case.version + 1
    event = AuditEvent.objects.get(action="record.set_definition_parts")
    assert event.after == {
        "stage_1.responsible_for": "The boiler repair.",
        "stage_1.not_responsible_for": "The gas supply: the gas distributor's.",
    }
    with pytest.raises(StaleCase):
        definition_parts_set(
            actor=org_a_handler,
            complaint=case,
            responsible_for="Other",
            not_responsible_for="",
            version=case.version,
        )
    with pytest.raises(CaseInputError, match="Set out"):
        definition_parts_set(
            actor=org_a_handler, complaint=case, responsible_for=" ", not_responsible_for=""
        )


def test_the_parts_go_on_stage_2_once_escalated(case: Complaint, org_a_handler: User) -> None:
    at_stage_2(case, org_a_handler)

    stage = definition_parts_set(
        actor=org_a_handler, complaint=case, responsible_for="All of it.", not_responsible_for=""
    )

    assert stage.number == 2
    assert Stage.objects.get(complaint=case, number=1).responsible_for == ""


# --- Keep informed ------------------------------------------------------------------------------


def test_the_next_update_skips_easter(case: Complaint, org_a_handler: User) -> None:
    agreement = keep_informed_agree(
        actor=org_a_handler,
        complaint=case,
        interval_days=5,
        agreed_on=date(2025, 4, 16),
        note="By email",
    )

    # Good Friday (18 April) and Easter Monday (21 April) are not working days.
    assert agreement.next_update_by == date(2025, 4, 25)
    assert agreement.stage == 1


def test_the_next_update_skips_christmas_and_closure_days(
    case: Complaint, org_a_handler: User, org_a: Organisation
) -> None:
    first = keep_informed_agree(
        actor=org_a_handler, complaint=case, interval_days=3, agreed_on=date(2025, 12, 23)
    )
    assert first.next_update_by == date(2025, 12, 30)

    ClosureDayFactory(organisation=org_a, day=date(2025, 12, 29))
    second = keep_informed_agree(
        actor=org_a_handler, complaint=case, interval_days=3, agreed_on=date(2025, 12, 23)
    )

    assert second.next_update_by == date(2025, 12, 31)
    first.refresh_from_db()
    assert first.ended_on == date(2025, 12, 23)
    assert record_selectors.keep_informed_current(org_a_handler, case) == second


def test_an_update_sent_is_logged_and_moves_the_next_one_on(
    case: Complaint, org_a_handler: User
) -> None:
    keep_informed_agree(
        actor=org_a_handler, complaint=case, interval_days=5, agreed_on=date(2025, 4, 10)
    )

    agreement = keep_informed_update_sent(
        actor=org_a_handler,
        complaint=case,
        sent_on=date(2025, 4, 16),
        channel="email",
        summary="Update: the engineer is booked.",
    )

    assert agreement.next_update_by == date(2025, 4, 25)
    sent = Correspondence.objects.get()
    assert (sent.direction, sent.date, sent.summary) == (
        Direction.OUT,
        date(2025, 4, 16),
        "Update: the engineer is booked.",
    )
    event = AuditEvent.objects.get(action="record.send_update")
    assert event.before == {"next_update_by": "2025-04-17"}
    assert event.after["next_update_by"] == "2025-04-25"


def test_no_update_without_an_agreement(case: Complaint, org_a_handler: User) -> None:
    with pytest.raises(CaseInputError, match="No interval"):
        keep_informed_update_sent(
            actor=org_a_handler,
            complaint=case,
            sent_on=date(2025, 4, 16),
            channel="email",
            summary="Update",
        )
    assert not Correspondence.objects.exists()


def test_a_bad_interval_is_refused(case: Complaint, org_a_handler: User) -> None:
    for days in (0, 61):
        with pytest.raises(CaseInputError, match="interval"):
            keep_informed_agree(
                actor=org_a_handler, complaint=case, interval_days=days, agreed_on=date(2025, 4, 1)
            )
    assert not KeepInformed.objects.exists()


def test_updates_due_are_the_organisations_own_on_open_complaints(
    org_a_handler: User, org_b_handler: User
) -> None:
    due = complaint_for(org_a_handler)
    later = complaint_for(org_a_handler)
    withdrawn = complaint_for(org_a_handler)
    for complaint, agreed in ((due, date(2025, 4, 1)), (later, date(2025, 4, 14))):
        keep_informed_agree(
            actor=org_a_handler, complaint=complaint, interval_days=5, agreed_on=agreed
        )
    keep_informed_agree(
        actor=org_a_handler, complaint=withdrawn, interval_days=1, agreed_on=date(2025, 4, 1)
    )
    complaint_withdraw(actor=org_a_handler, complaint=withdrawn, withdrawn=date(2025, 4, 2))

    rows = record_selectors.keep_informed_due(org_a_handler, today=date(2025, 4, 10))

    assert [row.complaint for row in rows] == [due]
    assert not record_selectors.keep_informed_due(org_b_handler, today=date(2025, 4, 10)).exists()


# --- Additional issues --------------------------------------------------------------------------


def test_a_related_issue_before_the_stage_1_response_is_folded_in(
    case: Complaint, org_a_handler: User
) -> None:
    issue = additional_issue_record(
        actor=org_a_handler,
        complaint=case,
        received=date(2025, 3, 5),
        description="The radiator in the bedroom leaks too.",
        handling="folded",
        version=case.version,
    )

    stage = Stage.objects.get(complaint=case, number=1)
    assert stage.definition.endswith(
        "Additional issue received 5 March 2025: The radiator in the bedroom leaks too."
    )
    assert issue.new_complaint is None
    assert issue.handling == AdditionalIssue.Handling.FOLDED
    assert Complaint.objects.get(pk=case.pk).version == case.version + 1
    assert Complaint.objects.count() == 1


@pytest.mark.parametrize("when", ["responded", "stage_2"])
def test_an_issue_cannot_be_folded_in_after_the_stage_1_response(
    case: Complaint, org_a_handler: User, when: str
) -> None:
    complaint = (
        responded(case, org_a_handler) if when == "responded" else at_stage_2(case, org_a_handler)
    )
    definition = Stage.objects.get(complaint=case, number=1).definition

    with pytest.raises(CaseRefused) as refused:
        additional_issue_record(
            actor=org_a_handler,
            complaint=complaint,
            received=date(2025, 3, 20),
            description="The radiator leaks too.",
            handling="folded",
        )

    assert refused.value.refusals[0].citation == "Joint draft Code 6.9"
    assert "Log it as a new complaint" in str(refused.value)
    assert not AdditionalIssue.objects.exists()
    assert Stage.objects.get(complaint=case, number=1).definition == definition


def test_an_issue_logged_as_a_new_complaint_is_linked(case: Complaint, org_a_handler: User) -> None:
    complaint = responded(case, org_a_handler)

    issue = additional_issue_record(
        actor=org_a_handler,
        complaint=complaint,
        received=date(2025, 3, 20),
        description="The neighbour's noise has not been dealt with.",
        handling="new_complaint",
        reason="Unrelated to the repair.",
    )

    new = issue.new_complaint
    assert new is not None
    assert new.linked_to == case
    assert new.pk != case.pk
    assert new.received == date(2025, 3, 20)
    assert new.name == case.name
    assert new.service_area == case.service_area
    assert list(case.linked_complaints.all()) == [new]
    audit = AuditEvent.objects.get(action="record.additional_issue_new_complaint")
    assert audit.after["new_complaint"] == new.reference


def test_a_new_complaint_needs_a_reason(case: Complaint, org_a_handler: User) -> None:
    with pytest.raises(CaseInputError, match="reason"):
        additional_issue_record(
            actor=org_a_handler,
            complaint=case,
            received=date(2025, 3, 5),
            description="Noise.",
            handling="new_complaint",
        )
    assert Complaint.objects.count() == 1


# --- Time limit ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 3, 3), 12, date(2024, 3, 3)),
        (date(2024, 2, 29), 12, date(2023, 2, 28)),
        (date(2025, 3, 31), 1, date(2025, 2, 28)),
        (date(2025, 1, 15), 6, date(2024, 7, 15)),
    ],
)
def test_months_before(day: date, months: int, expected: date) -> None:
    assert months_before(day, months) == expected


def test_a_complaint_within_12_months_is_not_flagged(case: Complaint, org_a_handler: User) -> None:
    complaint = time_limit_assess(
        actor=org_a_handler,
        complaint=case,
        issue_date=date(2024, 3, 3),
        accept=True,
        discretion_note="",
    )

    assert complaint.outside_time_limit is False
    assert Complaint.objects.get(pk=case.pk).issue_date == date(2024, 3, 3)
    with pytest.raises(CaseInputError, match="within the time limit"):
        time_limit_assess(
            actor=org_a_handler,
            complaint=case,
            issue_date=date(2024, 3, 3),
            accept=False,
            discretion_note="No.",
        )


def test_a_late_complaint_is_flagged_and_needs_a_note(case: Complaint, org_a_handler: User) -> None:
    with pytest.raises(CaseInputError, match=r"more than 12 months.*HOS Code 2\.3"):
        time_limit_assess(
            actor=org_a_handler,
            complaint=case,
            issue_date=date(2024, 3, 2),
            accept=True,
            discretion_note=" ",
        )
    assert Complaint.objects.get(pk=case.pk).issue_date is None

    complaint = time_limit_assess(
        actor=org_a_handler,
        complaint=case,
        issue_date=date(2024, 3, 2),
        accept=True,
        discretion_note="Pat was in hospital for most of the year.",
        version=case.version,
    )

    stored = Complaint.objects.get(pk=case.pk)
    assert complaint.outside_time_limit is stored.outside_time_limit is True
    assert stored.discretion_note == "Pat was in hospital for most of the year."
    assert stored.status == CaseStatus.RECEIVED
    event = AuditEvent.objects.get(action="record.assess_time_limit")
    assert event.after["outside_time_limit"] is True
    assert event.after["accept"] is True


def test_a_late_complaint_not_accepted_is_excluded(
    case: Complaint, org_a_handler: User, org_a: Organisation
) -> None:
    ExclusionReason.objects.create(organisation=org_a, label="Over 12 months old")

    complaint = time_limit_assess(
        actor=org_a_handler,
        complaint=case,
        issue_date=date(2023, 1, 10),
        accept=False,
        discretion_note="No reason was given for the delay.",
        reason="Over 12 months old",
        ombudsman_details_given=True,
        decided=date(2025, 3, 4),
    )

    stored = Complaint.objects.get(pk=case.pk)
    assert complaint.status == stored.status == CaseStatus.EXCLUDED
    assert stored.exclusion_reason == "Over 12 months old"
    assert stored.exclusion_evidence == "No reason was given for the delay."
    assert stored.outside_time_limit is True
    assert AuditEvent.objects.filter(action="complaint.exclude").count() == 1
    assert [r.label for r in record_selectors.exclusion_reasons_for(org_a_handler)] == [
        "Over 12 months old"
    ]


def test_a_refused_exclusion_records_nothing(case: Complaint, org_a_handler: User) -> None:
    responded(case, org_a_handler)

    with pytest.raises(CaseRefused):
        time_limit_assess(
            actor=org_a_handler,
            complaint=case,
            issue_date=date(2023, 1, 10),
            accept=False,
            discretion_note="Too late.",
            ombudsman_details_given=True,
            decided=date(2025, 3, 11),
        )

    stored = Complaint.objects.get(pk=case.pk)
    assert stored.issue_date is None
    assert stored.outside_time_limit is False
    assert not AuditEvent.objects.filter(action="record.assess_time_limit").exists()


def test_the_issue_cannot_follow_the_complaint(case: Complaint, org_a_handler: User) -> None:
    with pytest.raises(CaseInputError, match="after the complaint was received"):
        time_limit_assess(
            actor=org_a_handler,
            complaint=case,
            issue_date=date(2025, 3, 4),
            accept=True,
            discretion_note="",
        )
