"""Triage: a handler makes a message a complaint or a service request (through the case intake
services, by email), adds it to a case already recorded, or sets it aside with a reason; each
decision is audited, made once, and only by staff of the message's organisation who change cases.
Also the reading of a message that needs no server (``message_receive``) and the settings."""

from __future__ import annotations

from datetime import UTC, date, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from putright.audit.models import AuditEvent
from putright.cases.models import Complaint, Correspondence, Document, ServiceRequest
from putright.inbound.models import InboundMessage, Mailbox, MessageStatus
from putright.inbound.services import (
    MailboxError,
    TriageError,
    mailbox_update,
    message_dismiss,
    message_link,
    message_make_complaint,
    message_make_service_request,
    message_receive,
)
from putright.organisations.models import Organisation, Role, User
from tests.factories import ServiceAreaFactory, UserFactory, received_complaint

PDF = b"%PDF-1.7\n% the letter\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def received(organisation: Organisation, subject: str = "Damp", **headers: str) -> InboundMessage:
    made = EmailMessage()
    made["From"] = "Pat Example <pat@example.org>"
    made["Subject"] = subject
    made["Message-ID"] = headers.pop("message_id", f"<{subject.replace(' ', '.')}@example.org>")
    for name, value in headers.items():
        made[name.replace("_", "-")] = value
    made.set_content("The damp in the bedroom is back and nobody came.")
    made.add_attachment(PDF, maintype="application", subtype="pdf", filename="letter.pdf")
    message, created = message_receive(
        organisation=organisation,
        raw=made.as_bytes(),
        arrived=datetime(2026, 3, 6, 18, 0, tzinfo=UTC),
    )
    assert created
    return message


@pytest.mark.django_db
def test_a_message_made_a_complaint_is_logged_by_email_with_its_attachment(
    org_a: Organisation, org_a_handler: User
) -> None:
    area = ServiceAreaFactory(organisation=org_a, name="Repairs")
    message = received(org_a)

    complaint = message_make_complaint(
        actor=org_a_handler,
        message=message,
        service_area=area,
        name="Pat Example",
        email="pat@example.org",
        description=message.text,
    )

    assert complaint.channel == "email"
    assert complaint.received == date(2026, 3, 6)  # the day the mail server received it
    assert complaint.logged_by == org_a_handler
    message.refresh_from_db()
    assert message.status == MessageStatus.TRIAGED
    assert message.complaint == complaint
    assert message.handled_by == org_a_handler
    assert complaint.reference in message.reason
    letter = Correspondence.objects.get(complaint=complaint)
    assert (letter.direction, letter.channel, letter.created_by) == ("in", "email", org_a_handler)
    document = Document.objects.get(complaint=complaint)
    assert document.name == "letter.pdf"
    assert document.content_type == "application/pdf"
    assert message.attachments.get().document == document
    event = AuditEvent.objects.get(action="inbound.triaged")
    assert event.actor == org_a_handler
    assert event.after == {"status": "triaged", "case": complaint.reference, "kind": "complaint"}
    assert AuditEvent.objects.filter(action="complaint.receive", actor=org_a_handler).exists()


@pytest.mark.django_db
def test_a_message_made_a_service_request(org_a: Organisation, org_a_handler: User) -> None:
    area = ServiceAreaFactory(organisation=org_a, name="Repairs")
    message = received(org_a)

    request = message_make_service_request(
        actor=org_a_handler, message=message, service_area=area, name="Pat", description="Fix it"
    )

    assert isinstance(request, ServiceRequest)
    assert request.channel == "email"
    message.refresh_from_db()
    assert (message.status, message.service_request) == (MessageStatus.TRIAGED, request)
    assert Correspondence.objects.get(service_request=request).summary == "Damp"
    assert AuditEvent.objects.get(action="inbound.triaged").after["kind"] == "service_request"


@pytest.mark.django_db
def test_a_message_added_to_a_case_and_one_set_aside(
    org_a: Organisation, org_a_handler: User
) -> None:
    complaint = received_complaint(org_a_handler)
    first, second = received(org_a, "One"), received(org_a, "Two")

    message_link(actor=org_a_handler, message=first, case=complaint)
    message_dismiss(actor=org_a_handler, message=second, reason="  A newsletter. ")

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.complaint) == (MessageStatus.THREADED, complaint)
    assert Correspondence.objects.filter(complaint=complaint).count() == 1
    assert (second.status, second.ignored_because, second.reason) == (
        "ignored",
        "not_a_case",
        "A newsletter.",
    )
    assert AuditEvent.objects.get(action="inbound.threaded").after["case"] == complaint.reference
    assert AuditEvent.objects.get(action="inbound.ignored").after["reason"] == "A newsletter."


@pytest.mark.django_db
def test_a_decision_is_made_once(org_a: Organisation, org_a_handler: User) -> None:
    message = received(org_a)
    message_dismiss(actor=org_a_handler, message=message, reason="Spam")

    with pytest.raises(TriageError, match="already been dealt with"):
        message_dismiss(actor=org_a_handler, message=message, reason="Spam again")
    with pytest.raises(TriageError, match="Say why"):
        message_dismiss(actor=org_a_handler, message=received(org_a, "Other"), reason=" ")


@pytest.mark.django_db
def test_only_staff_who_change_cases_of_the_organisation_decide(
    org_a: Organisation, org_a_handler: User, org_b_handler: User
) -> None:
    message = received(org_a)
    member = UserFactory(organisation=org_a, role=Role.MEMBER)
    for actor in (org_b_handler, member):
        with pytest.raises(PermissionDenied):
            message_dismiss(actor=actor, message=message, reason="Spam")
    other = received_complaint(org_b_handler)
    with pytest.raises(TriageError, match="not one of your organisation's"):
        message_link(actor=org_a_handler, message=message, case=other)
    assert InboundMessage.objects.get().status == MessageStatus.NEW


@pytest.mark.django_db
def test_the_same_message_is_received_once_per_organisation(
    org_a: Organisation, org_b: Organisation
) -> None:
    raw = b"From: a@example.org\r\nMessage-ID: <same@example.org>\r\nSubject: x\r\n\r\nHi\r\n"
    first, created = message_receive(organisation=org_a, raw=raw)
    again, created_again = message_receive(organisation=org_a, raw=raw)
    elsewhere, created_elsewhere = message_receive(organisation=org_b, raw=raw)

    assert (created, created_again, created_elsewhere) == (True, False, True)
    assert again == first
    assert elsewhere != first
    assert InboundMessage.objects.count() == 2


@pytest.mark.django_db
def test_an_html_only_message_is_read_as_text(org_a: Organisation) -> None:
    made = EmailMessage()
    made["From"] = "x@example.org"
    made["Subject"] = "Html"
    made.set_content(
        "<html><head><style>p{}</style></head><body><p>Line one</p><p>Line &amp; two</p></body>",
        subtype="html",
    )
    message, _ = message_receive(organisation=org_a, raw=made.as_bytes())
    assert message.text == "Line one\nLine & two"
    assert message.key.startswith("sha256:")


@pytest.mark.django_db
def test_mailbox_settings_keep_the_password_and_never_audit_it(
    org_a: Organisation, org_a_manager: User, org_a_handler: User
) -> None:
    values: dict[str, Any] = {
        "organisation": org_a,
        "host": "imap.example.org",
        "username": "complaints@example.org",
        "security": "tls",
    }
    with pytest.raises(MailboxError, match="password"):
        mailbox_update(actor=org_a_manager, **values)
    mailbox_update(actor=org_a_manager, password="s3cret", **values)
    Mailbox.objects.update(uidvalidity=7, last_uid=40)
    mailbox = mailbox_update(actor=org_a_manager, password="", folder="Complaints", **values)

    assert mailbox.password == "s3cret"
    assert (mailbox.uidvalidity, mailbox.last_uid) == (None, 0)  # another folder: from its start
    first, second = AuditEvent.objects.filter(action="mailbox.update").order_by("pk")
    assert first.after["password"] == "(changed)"
    assert "password" not in second.after
    assert "s3cret" not in str(first.after)
    with pytest.raises(PermissionDenied):
        mailbox_update(actor=org_a_handler, password="x", **values)
    with pytest.raises(MailboxError, match="host name"):
        mailbox_update(actor=org_a_manager, **(values | {"host": "bad host"}))
    assert Complaint.objects.count() == 0


@pytest.mark.django_db
def test_nul_characters_are_dropped_so_any_database_keeps_the_message(org_a: Organisation) -> None:
    raw = (
        b"From: a\x00b@example.org\r\nSubject: bad\x00subject\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n\r\nHello\x00 there\r\n"
    )
    message, created = message_receive(organisation=org_a, raw=raw)
    assert created
    assert message.subject == "badsubject"
    assert message.text == "Hello there"
    assert bytes(message.raw) == raw  # the message as it came is kept as it came


def test_the_mailboxes_are_read_every_minute(settings: Any) -> None:
    assert ("putright.inbound.tasks.mailbox_poll_task", 60) in settings.PUTRIGHT_PERIODIC_TASKS
