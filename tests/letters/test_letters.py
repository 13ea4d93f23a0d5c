"""Letters: each kind drafted from the case with what its Code requires, refused while anything
required is missing, staff names flagged where the Code forbids them, and the letter kept as sent
(text, HTML and a tagged PDF) and emailed to a real SMTP server, or marked for post."""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable

import pypdf
import pytest
from django.core.exceptions import PermissionDenied

from putright.audit.models import AuditEvent
from putright.cases.models import Complaint, Correspondence
from putright.correspondence.models import Channel as MailChannel
from putright.correspondence.models import MailSettings, SmtpSecurity
from putright.letters import drafting
from putright.letters.models import Letter
from putright.letters.services import LetterRefused, letter_draft, letter_send
from putright.organisations.models import Role, User
from putright.people.models import Individual, Representative
from tests.factories import UserFactory
from tests.letters import cases
from tests.mailservers import SmtpServer
from tests.tasks import run_queued_tasks

Setup = Callable[[User, str], Complaint]

#: Each kind of letter, the case it is written for, and words its draft must contain.
KINDS: list[tuple[str, Setup, list[str]]] = [
    ("acknowledgement", cases.acknowledged, ["stage 1", "boiler repair was booked"]),
    ("extension", cases.extended, ["contractor's report", "Ombudsman"]),
    ("exclusion", cases.excluded, ["more than 12 months ago", "Ombudsman"]),
    ("response", cases.responded, ["upheld", "three appointments", "missed appointments"]),
    (
        "final_response",
        cases.final_responded,
        ["final stage", "part was never ordered", "Ombudsman"],
    ),
    ("update", cases.kept_informed, ["update you again by"]),
]


def token() -> str:
    return uuid.uuid4().hex


def send(actor: User, complaint: Complaint, kind: str, **changes: str) -> Letter:
    draft = letter_draft(complaint=complaint, kind=kind)
    parts = draft.parts | changes
    if kind == "update" and not parts["progress"]:
        parts["progress"] = "We have asked the contractor for a date to replace the boiler."
    return letter_send(
        actor=actor,
        complaint=complaint,
        kind=kind,
        subject=draft.subject,
        parts=parts,
        token=token(),
    )


@pytest.mark.parametrize("profile", ["hos-2024", "lgsco-2024"])
@pytest.mark.parametrize(("kind", "setup", "words"), KINDS, ids=[k[0] for k in KINDS])
def test_each_draft_contains_what_the_code_requires(
    org_a_handler: User, profile: str, kind: str, setup: Setup, words: list[str]
) -> None:
    complaint = setup(org_a_handler, profile)
    draft = letter_draft(complaint=complaint, kind=kind)
    parts = dict(draft.parts)
    if kind == "update":
        # The progress is the handler's to write: the draft leaves it for them, and says so.
        check = drafting.letter_check(draft.context, parts, [])
        assert [g.key for g in check.gaps] == ["progress"]
        parts["progress"] = "We have asked the contractor for a date."
    check = drafting.letter_check(draft.context, parts, [])
    assert check.required, "every letter here has required contents under both Codes"
    assert check.gaps == ()
    text = " ".join(parts.values())
    for word in words:
        assert word in text
    for item in check.required:
        assert parts[item.key], item.key
    if "ombudsman" in {i.key for i in check.required}:
        ombudsman = draft.context["ombudsman"]
        assert ombudsman.name in parts["ombudsman"]
        assert ombudsman.website_words in parts["ombudsman"]


def test_stage_2_acknowledgement_requires_and_gives_the_definition(org_a_handler: User) -> None:
    complaint = cases.at_stage_2(org_a_handler)
    draft = letter_draft(complaint=complaint, kind="acknowledgement")
    check = drafting.letter_check(draft.context, draft.parts, [])
    assert [i.key for i in check.required] == ["stage", "definition"]
    assert "still not fixed after our stage 1 response" in draft.parts["definition"]
    assert check.gaps == ()


def test_remedy_that_cannot_be_delivered_under_lgsco(org_a_handler: User) -> None:
    complaint = cases.remedy_failed(org_a_handler, "lgsco-2024")
    draft = letter_draft(complaint=complaint, kind="remedy_not_delivered")
    check = drafting.letter_check(draft.context, draft.parts, [])
    assert [i.key for i in check.required] == ["reasons", "alternative", "ombudsman"]
    assert check.gaps == ()
    assert "fitter who missed" in draft.parts["reasons"]
    assert "£50" in draft.parts["alternative"]
    assert "Local Government and Social Care Ombudsman" in draft.parts["ombudsman"]


def test_a_missing_element_refuses_the_send_and_names_it(org_a_handler: User) -> None:
    complaint = cases.responded(org_a_handler)
    with pytest.raises(LetterRefused) as refused:
        send(org_a_handler, complaint, "response", reasons="  ", remedy="")
    assert [g.key for g in refused.value.gaps] == ["reasons", "remedy"]
    assert "the reasons for any decisions made: it is missing (6.9)" in refused.value.messages[0]
    assert not Letter.objects.exists()
    assert not Correspondence.objects.filter(direction="out").exists()


def test_an_ombudsman_paragraph_without_the_ombudsman_is_refused(org_a_handler: User) -> None:
    complaint = cases.extended(org_a_handler)
    with pytest.raises(LetterRefused) as refused:
        send(org_a_handler, complaint, "extension", ombudsman="You can go to an ombudsman.")
    [gap] = refused.value.gaps
    assert gap.key == "ombudsman"
    assert "Housing Ombudsman Service" in gap.detail


def test_staff_names_are_flagged_where_the_code_forbids_naming_staff(
    org_a_handler: User,
) -> None:
    UserFactory(organisation=org_a_handler.organisation, first_name="Sam", last_name="Hughes")
    complaint = cases.responded(org_a_handler, "joint-draft-2023")
    draft = letter_draft(complaint=complaint, kind="response")
    reasons = draft.parts["reasons"] + " Mr Hughes checked the records."
    check = drafting.letter_check(
        draft.context, draft.parts | {"reasons": reasons}, ["Sam Hughes", "Alice Smith"]
    )
    assert check.staff_named == ("Sam Hughes",)
    assert check.naming_clause.endswith("5.6")
    with pytest.raises(LetterRefused) as refused:
        send(org_a_handler, complaint, "response", reasons=reasons)
    assert refused.value.gaps == ()
    assert refused.value.staff_named == ("Sam Hughes",)
    letter = letter_send(
        actor=org_a_handler,
        complaint=complaint,
        kind="response",
        subject=draft.subject,
        parts=draft.parts | {"reasons": reasons},
        token=token(),
        names_confirmed=True,
    )
    assert letter.staff_named == ["Sam Hughes"]


def test_staff_names_are_not_flagged_where_the_code_allows_them(org_a_handler: User) -> None:
    UserFactory(organisation=org_a_handler.organisation, first_name="Sam", last_name="Hughes")
    complaint = cases.responded(org_a_handler, "hos-2024")
    letter = send(org_a_handler, complaint, "response", reasons="Mr Hughes checked the records.")
    assert letter.staff_named == []


def test_the_sent_letter_is_kept_as_text_html_and_a_tagged_pdf(
    org_a_handler: User, django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    org = org_a_handler.organisation
    org.address = "Civic Centre\nHigh Street\nTown TW1 1AA"
    org.save()
    complaint = cases.final_responded(org_a_handler)
    letter = send(org_a_handler, complaint, "final_response")
    entry = letter.correspondence
    assert (entry.direction, entry.channel, entry.complaint) == ("out", "email", complaint)
    assert "The contractor confirmed the part was never ordered." in entry.body
    assert entry.body == letter.text
    assert "<h2>The Ombudsman</h2>" in letter.html
    assert "Civic Centre" in letter.html
    assert "Civic Centre" in letter.text
    document = letter.document
    assert (document.complaint, document.correspondence, document.content_type) == (
        complaint,
        entry,
        "application/pdf",
    )
    content = document.file.read()
    reader = pypdf.PdfReader(io.BytesIO(content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for words in (
        "Our final response to your complaint",
        complaint.reference,
        "part was never ordered",
        "Housing Ombudsman Service",
        "housing-ombudsman.org.uk",
        "Civic Centre",
    ):
        assert words in text
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert letter.email is not None
    assert letter.email.to == cases.EMAIL
    assert letter.reading_ease is not None
    event = AuditEvent.objects.get(action="letter.send")
    assert event.after["kind"] == "final_response"
    assert event.after["to"] == "withheld"


def test_the_letter_is_emailed_with_its_pdf_to_a_real_smtp_server(
    org_a_handler: User,
    smtp_server: SmtpServer,
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    org = org_a_handler.organisation
    MailSettings.objects.create(
        organisation=org,
        channel=MailChannel.SMTP,
        smtp_host=smtp_server.host,
        smtp_port=smtp_server.port,
        smtp_security=SmtpSecurity.NONE,
        from_email="complaints@org-a.example",
    )
    complaint = cases.acknowledged(org_a_handler)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        letter = send(org_a_handler, complaint, "acknowledgement")
    run_queued_tasks()
    [received] = smtp_server.wait_for(1)
    assert received.recipients == [cases.EMAIL]
    assert received.subject == letter.subject
    assert "stage 1 of our complaints procedure" in received.part("text/plain")
    assert "<h1>" in received.part("text/html")
    [(name, content, mime)] = received.attachments()
    assert mime == "application/pdf"
    assert name.endswith(".pdf")
    assert content == letter.document.file.open("rb").read()
    letter.email.refresh_from_db()
    assert letter.email.status == "sent"


def test_a_case_without_email_gets_a_letter_for_post(org_a_handler: User) -> None:
    complaint = cases.acknowledged(org_a_handler, email="")
    letter = send(org_a_handler, complaint, "acknowledgement")
    assert letter.by_post
    assert letter.email is None
    assert letter.correspondence.channel == "letter"
    assert "1 High Street" in letter.text


def test_a_representative_with_consent_gets_the_letter(org_a_handler: User) -> None:
    org = org_a_handler.organisation
    person = Individual.objects.create(organisation=org, name="Pat Example")
    rep = Representative.objects.create(
        organisation=org,
        individual=person,
        name="Jo Advocate",
        email="jo@advice.example",
        consent_given=True,
        consent_date=cases.RECEIVED,
        consent_evidence="Signed form",
    )
    complaint = cases.acknowledged(org_a_handler)
    Complaint.objects.filter(pk=complaint.pk).update(individual=person, representative=rep)
    complaint.refresh_from_db()
    letter = send(org_a_handler, complaint, "acknowledgement")
    assert (letter.to_name, letter.email.to) == ("Jo Advocate", "jo@advice.example")
    assert "Dear Jo Advocate" in letter.text
    assert letter.correspondence.party == "Jo Advocate"


def test_the_same_form_sent_twice_sends_one_letter(org_a_handler: User) -> None:
    complaint = cases.acknowledged(org_a_handler)
    draft = letter_draft(complaint=complaint, kind="acknowledgement")
    values = {
        "actor": org_a_handler,
        "complaint": complaint,
        "kind": "acknowledgement",
        "subject": draft.subject,
        "parts": draft.parts,
        "token": token(),
    }
    first = letter_send(**values)  # type: ignore[arg-type]
    assert letter_send(**values) == first  # type: ignore[arg-type]
    assert Letter.objects.count() == 1


def test_a_reader_or_another_organisation_cannot_send(
    org_a_handler: User, org_b_handler: User
) -> None:
    complaint = cases.acknowledged(org_a_handler)
    member = UserFactory(organisation=org_a_handler.organisation, role=Role.MEMBER)
    for actor in (member, org_b_handler):
        with pytest.raises(PermissionDenied):
            send(actor, complaint, "acknowledgement")
    assert not Letter.objects.exists()


def test_an_update_letter_is_recorded_as_the_update_sent(org_a_handler: User) -> None:
    complaint = cases.kept_informed(org_a_handler)
    agreement = complaint.keep_informed.get()
    due = agreement.next_update_by
    draft = letter_draft(complaint=complaint, kind="update")
    letter = send(org_a_handler, complaint, "update")
    agreement.refresh_from_db()
    assert agreement.next_update_by > due
    assert drafting.long_date(agreement.next_update_by) in draft.parts["next_update"]
    assert drafting.long_date(agreement.next_update_by) in letter.text
    event = AuditEvent.objects.get(action="record.send_update")
    assert event.after["correspondence"] == letter.correspondence_id
    assert complaint.correspondence.filter(direction="out").count() == 1


def test_a_profile_and_stage_have_their_own_wording_where_a_template_exists(
    org_a_handler: User,
) -> None:
    complaint = cases.responded(org_a_handler, "spso-mchp")
    draft = letter_draft(complaint=complaint, kind="response")
    assert "investigate your complaint at stage 2" in draft.parts["escalation"]
    assert "frontline stage" in draft.parts["stage"]
    check = drafting.letter_check(draft.context, draft.parts, [])
    assert [i.key for i in check.required] == ["decision", "reasons", "escalation"]
    assert check.gaps == ()
    other = letter_draft(complaint=cases.responded(org_a_handler, "hos-2024"), kind="response")
    assert "ask us to take your complaint to stage 2" in other.parts["escalation"]
