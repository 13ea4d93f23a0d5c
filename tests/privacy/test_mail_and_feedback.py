"""The emails sent about a case and the feedback given on it: in the subject access bundle, and
gone (but counted) after anonymisation."""

from __future__ import annotations

import json
import uuid
from datetime import date
from email.message import EmailMessage
from pathlib import Path

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from putright.cases.models import Complaint
from putright.correspondence.models import OutboundAttachment, OutboundEmail
from putright.correspondence.services import email_queue
from putright.inbound.models import InboundAttachment, InboundMessage
from putright.inbound.services.intake import message_receive
from putright.letters.services import letter_draft, letter_send
from putright.organisations.models import User
from putright.organisations.permissions import Resident
from putright.privacy.services.anonymise import complaints_anonymise
from putright.privacy.services.common import PLACEHOLDER
from putright.privacy.services.disposal import disposal_run
from putright.public.models import SurveyResponse
from putright.public.services.feedback import survey_response_record
from tests.letters import cases as letter_cases
from tests.privacy.cases import full_complaint

LATER = date(2040, 1, 1)


@pytest.fixture(autouse=True)
def media(settings: pytest.FixtureRequest, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    return tmp_path


def _mail_and_feedback(actor: User) -> tuple[object, OutboundEmail]:
    record = full_complaint(actor)
    complaint = record.complaint
    email = email_queue(
        organisation=actor.organisation,
        to="pat@example.net",
        subject=f"Your complaint {complaint.reference}: our response",
        text="Dear Pat Example, we are sorry about the boiler.",
        html="<p>Dear Pat Example, we are sorry about the boiler.</p>",
        attachments=(("response.pdf", b"%PDF-1.7 letter", "application/pdf"),),
        key=f"test-response-{complaint.pk}",
        complaint=complaint,
        actor=actor,
    )
    survey_response_record(
        resident=Resident(actor.organisation, complaint_id=complaint.pk),
        complaint=complaint,
        ease="satisfied",
        kept_informed="dissatisfied",
        respect="very_satisfied",
        overall="satisfied",
        comment="Pat Example here: the engineer was kind.",
        today=date(2025, 5, 10),
    )
    return record, email


def test_subject_access_lists_the_emails_sent_and_the_feedback_given(
    client: Client, org_a_handler: User, org_a_manager: User
) -> None:
    record, _ = _mail_and_feedback(org_a_handler)
    client.force_login(org_a_manager)

    response = client.get(
        f"/staff/people/{record.individual.pk}/subject-access/everything.json"  # type: ignore[attr-defined]
    )

    data = json.loads(response.content)
    (complaint,) = data["complaints"]
    (email,) = complaint["emails"]
    assert email["to"] == "pat@example.net"
    assert email["subject"].endswith("our response")
    assert "sorry about the boiler" in email["text"]
    (survey,) = data["surveys"]
    assert survey["complaint"] == complaint["reference"]
    assert (survey["kept_informed"], survey["comment"]) == (
        "dissatisfied",
        "Pat Example here: the engineer was kind.",
    )


def test_anonymisation_clears_the_emails_and_feedback_but_keeps_what_happened(
    org_a_handler: User,
) -> None:
    _, email = _mail_and_feedback(org_a_handler)

    disposal_run(organisation=org_a_handler.organisation, today=LATER, commit=True)

    email.refresh_from_db()
    assert (email.to, email.subject, email.text, email.html) == (
        "",
        PLACEHOLDER,
        PLACEHOLDER,
        PLACEHOLDER,
    )
    assert email.status == "queued"  # whether and when it went is kept for the figures
    (attachment,) = OutboundAttachment.objects.filter(email=email)
    assert (attachment.filename, bytes(attachment.content), attachment.size) == (
        "(destroyed)",
        b"",
        0,
    )
    survey = SurveyResponse.objects.get(complaint_id=email.complaint_id)
    assert survey.comment == PLACEHOLDER
    assert survey.kept_informed == "dissatisfied"


def _reply_read_from_the_mailbox(complaint: Complaint) -> InboundMessage:
    made = EmailMessage()
    made["From"] = "Pat Example <pat@example.net>"
    made["Subject"] = f"Re: your complaint {complaint.reference}"
    made["Message-ID"] = "<reply-1@example.net>"
    made.set_content("Pat Example again: the boiler is still cold.")
    made.add_attachment(b"%PDF-1.7 photo", maintype="application", subtype="pdf", filename="p.pdf")
    message, created = message_receive(organisation=complaint.organisation, raw=made.as_bytes())
    assert created
    assert message.complaint_id == complaint.pk
    return message


def test_messages_read_from_the_mailbox_are_in_subject_access_and_go_with_the_case(
    client: Client, org_a_handler: User, org_a_manager: User
) -> None:
    record = full_complaint(org_a_handler)
    message = _reply_read_from_the_mailbox(record.complaint)
    client.force_login(org_a_manager)

    data = json.loads(
        client.get(f"/staff/people/{record.individual.pk}/subject-access/everything.json").content
    )

    (found,) = data["complaints"][0]["messages_in"]
    assert (found["from_address"], found["attachments"]) == ("pat@example.net", ["p.pdf"])
    assert "still cold" in found["text"]

    disposal_run(organisation=org_a_handler.organisation, today=LATER, commit=True)

    message.refresh_from_db()
    assert (bytes(message.raw), message.from_address, message.from_name) == (b"", "", "")
    assert (message.subject, message.text) == (PLACEHOLDER, PLACEHOLDER)
    assert message.status == "threaded"
    (attachment,) = InboundAttachment.objects.filter(message=message)
    assert (bytes(attachment.content), attachment.filename) == (b"", "(destroyed)")


def test_letters_sent_go_with_their_case(org_a_handler: User) -> None:
    complaint = letter_cases.responded(org_a_handler)
    draft = letter_draft(complaint=complaint, kind="response")
    letter = letter_send(
        actor=org_a_handler,
        complaint=complaint,
        kind="response",
        subject=draft.subject,
        parts=draft.parts,
        token=uuid.uuid4().hex,
    )
    assert "three appointments" in letter.text

    # The write step of a disposal run or an erasure (this case's remedy is still open, so a run
    # would keep it).
    with transaction.atomic():
        complaints_anonymise([complaint.pk], now=timezone.now())

    letter.refresh_from_db()
    assert (letter.subject, letter.text, letter.html) == (PLACEHOLDER, PLACEHOLDER, PLACEHOLDER)
    assert (letter.to_name, letter.to_email, letter.parts) == ("Anonymised", "", {})
    assert (letter.kind, letter.stage) == ("response", 1)
