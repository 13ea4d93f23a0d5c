"""Reading a real mailbox (a private Dovecot on loopback): each message stored once, replies filed
to their case by reference or by the message they answer, attachments kept, automatic replies and
bounces set aside, and a server that is down delays intake and loses nothing.

These tests commit for real (``transaction=True``): the reader commits each message before it
marks it read on the server, and that order is what is being tested.
"""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction

from putright.audit.models import AuditEvent
from putright.cases.models import Correspondence, Document
from putright.correspondence.services import email_queue
from putright.inbound.models import IgnoredBecause, InboundMessage, Mailbox, MessageStatus
from putright.inbound.services import mailbox_poll, mailbox_update
from putright.inbound.tasks import mailbox_poll_task
from putright.organisations.models import Organisation, User
from tests.factories import received_complaint
from tests.mailservers import ImapServer, free_port
from tests.request_factories import recorded_request

pytestmark = [pytest.mark.imap, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.7\n% a photo of the damp\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def message(
    subject: str = "Mould in my bathroom",
    text: str = "The mould has come back for the third time this year.",
    sender: str = "Pat Example <pat@example.org>",
    **headers: str,
) -> EmailMessage:
    made = EmailMessage()
    made["From"] = sender
    made["To"] = "complaints@org-a.example"
    made["Subject"] = subject
    made["Message-ID"] = headers.pop("message_id", make_msgid(domain="example.org"))
    for name, value in headers.items():
        made[name.replace("_", "-")] = value
    made.set_content(text)
    return made


def mailbox_for(
    organisation: Organisation, manager: User, server: ImapServer, **values: Any
) -> Mailbox:
    return mailbox_update(
        organisation=organisation,
        actor=manager,
        host=server.host,
        port=values.pop("port", server.port),
        security="none",
        username=server.username,
        password=values.pop("password", server.password),
        **values,
    )


def poll(mailbox: Mailbox) -> Any:
    mailbox.refresh_from_db()
    return mailbox_poll(mailbox=mailbox)


def test_a_new_message_waits_for_triage_and_is_marked_read_once_stored(
    imap_server: ImapServer, org_a: Organisation, org_a_manager: User
) -> None:
    mailbox = mailbox_for(org_a, org_a_manager, imap_server)
    sent = message()
    uid = imap_server.append(sent)
    assert "\\Seen" not in imap_server.flags(uid)

    result = poll(mailbox)

    assert (result.read, result.stored, result.error) == (1, 1, "")
    stored = InboundMessage.objects.get()
    assert stored.status == MessageStatus.NEW
    assert stored.organisation == org_a
    assert stored.message_id == sent["Message-ID"]
    assert (stored.from_name, stored.from_address) == ("Pat Example", "pat@example.org")
    assert stored.subject == "Mould in my bathroom"
    assert "third time" in stored.text
    assert bytes(stored.raw) == sent.as_bytes().replace(b"\n", b"\r\n").replace(b"\r\r", b"\r")
    assert stored.arrived is not None
    assert (stored.uidvalidity, stored.uid) == (mailbox.uidvalidity or stored.uidvalidity, uid)
    assert "\\Seen" in imap_server.flags(uid)
    mailbox.refresh_from_db()
    assert mailbox.last_uid == uid
    assert mailbox.last_success
    assert not mailbox.last_error
    event = AuditEvent.objects.get(action="inbound.receive")
    assert event.actor_label == "mail in"
    assert event.after["status"] == "new"


def test_a_reply_giving_a_reference_is_filed_to_its_case(
    imap_server: ImapServer, org_a: Organisation, org_a_manager: User, org_a_handler: User
) -> None:
    complaint = received_complaint(org_a_handler, email="pat@example.org")
    request = recorded_request(org_a_handler)
    mailbox = mailbox_for(org_a, org_a_manager, imap_server)
    imap_server.append(message(f"Re: your complaint {complaint.reference}", "Still not fixed."))
    imap_server.append(
        message(
            "The gutter", f"About {request.reference}: it is still dripping.", "Sam <sam@x.org>"
        )
    )

    assert poll(mailbox).stored == 2

    first, second = InboundMessage.objects.order_by("uid")
    assert first.status == MessageStatus.THREADED
    assert first.complaint == complaint
    assert f"subject gives the reference {complaint.reference}" in first.reason
    letter = Correspondence.objects.get(complaint=complaint)
    assert (letter.direction, letter.channel, letter.party) == ("in", "email", "")
    assert letter.body == "Still not fixed."
    assert first.correspondence == letter
    assert second.status == MessageStatus.THREADED
    assert second.service_request == request
    assert "text gives the reference" in second.reason
    on_request = Correspondence.objects.get(service_request=request)
    assert on_request.party == "Sam <sam@x.org>"
    audited = AuditEvent.objects.get(action="record.receive_email", object_id=str(letter.pk))
    assert audited.actor is None
    assert audited.actor_label == "mail in"


def test_a_reply_to_a_message_we_sent_is_filed_by_in_reply_to(
    imap_server: ImapServer, org_a: Organisation, org_a_manager: User, org_a_handler: User
) -> None:
    complaint = received_complaint(org_a_handler)
    with transaction.atomic():
        ours = email_queue(
            organisation=org_a,
            to="pat@example.org",
            subject="We have received your complaint",
            text="Thank you.",
            key="letter:test",
            complaint=complaint,
        )
    mailbox = mailbox_for(org_a, org_a_manager, imap_server)
    first = message("Re: We have received your complaint", "Thanks.", In_Reply_To=ours.message_id)
    imap_server.append(first)
    # A reply to that reply names only our reader's copy in its References.
    imap_server.append(
        message("Re: Re: ...", "One more thing.", References=f"<unknown@x> {first['Message-ID']}")
    )

    poll(mailbox)

    replies = InboundMessage.objects.order_by("uid")
    assert [m.status for m in replies] == [MessageStatus.THREADED] * 2
    assert [m.complaint for m in replies] == [complaint, complaint]
    assert f"replies to our message {ours.message_id}" in replies[0].reason
    assert Correspondence.objects.filter(complaint=complaint).count() == 2


def test_attachments_are_kept_and_become_the_cases_documents(
    imap_server: ImapServer, org_a: Organisation, org_a_manager: User, org_a_handler: User
) -> None:
    complaint = received_complaint(org_a_handler)
    mailbox = mailbox_for(org_a, org_a_manager, imap_server)
    new = message()
    new.add_attachment(PDF, maintype="application", subtype="pdf", filename="damp.pdf")
    reply = message(f"{complaint.reference}: photos", "Attached.")
    reply.add_attachment(PNG, maintype="image", subtype="png", filename="wall.png")
    reply.add_attachment(
        b"MZ\x90\x00program", maintype="application", subtype="octet-stream", filename="run.exe"
    )
    imap_server.append(new)
    imap_server.append(reply)

    poll(mailbox)

    waiting, filed = InboundMessage.objects.order_by("uid")
    (kept,) = waiting.attachments.all()
    assert (kept.filename, bytes(kept.content), kept.document) == ("damp.pdf", PDF, None)
    photo, program = filed.attachments.order_by("pk")
    document = Document.objects.get(complaint=complaint)
    assert photo.document == document
    assert document.content_type == "image/png"
    assert document.correspondence == filed.correspondence
    assert document.file.read() == PNG
    assert program.document is None
    assert "a Windows program" in program.refused
    assert "The file run.exe was not saved" in filed.reason


@pytest.mark.parametrize(
    ("headers", "why"),
    [
        ({"Auto_Submitted": "auto-replied"}, "Auto-Submitted"),
        ({"X_Autoreply": "yes"}, "X-Autoreply"),
        ({"Precedence": "bulk"}, "Precedence"),
        ({"Precedence": "auto_reply"}, "Precedence"),
    ],
)
def test_an_automatic_reply_is_not_a_case(
    imap_server: ImapServer,
    org_a: Organisation,
    org_a_manager: User,
    org_a_handler: User,
    headers: dict[str, str],
    why: str,
) -> None:
    complaint = received_complaint(org_a_handler)
    mailbox = mailbox_for(org_a, org_a_manager, imap_server)
    imap_server.append(message(f"Out of office: {complaint.reference}", "I am away.", **headers))

    poll(mailbox)

    ignored = InboundMessage.objects.get()
    assert ignored.status == MessageStatus.IGNORED
    assert ignored.ignored_because == IgnoredBecause.AUTO_REPLY
    assert why in ignored.reason
    assert not Correspondence.objects.exists()


def test_a_bounce_is_not_a_case(
    imap_server: ImapServer, org_a: Organisation, org_a_manager: User
) -> None:
    mailbox = mailbox_for(org_a, org_a_manager, imap_server)
    report = EmailMessage()
    report["From"] = "Mail Delivery System <postmaster@relay.example>"
    report["To"] = "complaints@org-a.example"
    report["Subject"] = "Undelivered Mail Returned to Sender"
    report["Message-ID"] = make_msgid()
    report.set_content("The address pat@example.org does not exist.")
    report.add_attachment(
        "Reporting-MTA: dns; relay.example\n\nFinal-Recipient: rfc822; pat@example.org\n"
        "Action: failed\nStatus: 5.1.1\n",
        subtype="delivery-status",
    )
    report.replace_header("Content-Type", report["Content-Type"].replace("mixed", "report"))
    report.set_param("report-type", "delivery-status")
    imap_server.append(report)
    imap_server.append(message("Delivery failure", "Sorry.", "MAILER-DAEMON@relay.example"))

    poll(mailbox)

    first, second = InboundMessage.objects.order_by("uid")
    assert (first.status, first.ignored_because) == ("ignored", IgnoredBecause.BOUNCE)
    assert "multipart/report, delivery-status" in first.reason
    assert (second.status, second.ignored_because) == ("ignored", IgnoredBecause.BOUNCE)
    assert "MAILER-DAEMON@relay.example" in second.reason


def test_the_same_message_read_again_is_stored_once(
    imap_server: ImapServer, org_a: Organisation, org_a_manager: User
) -> None:
    imap_server.create("Complaints")
    mailbox = mailbox_for(org_a, org_a_manager, imap_server, folder="Complaints")
    sent = message()
    imap_server.append(sent, "Complaints")
    imap_server.append(sent, "Complaints")  # delivered twice: two UIDs, one Message-ID
    no_id = b"From: someone@example.org\r\nSubject: no id\r\n\r\nHello\r\n"
    imap_server.append(no_id, "Complaints")
    imap_server.append(no_id, "Complaints")

    assert poll(mailbox).read == 4
    assert InboundMessage.objects.count() == 2
    assert InboundMessage.objects.filter(key__startswith="sha256:").count() == 1

    # Read from the start again (the bookkeeping lost), and with a rebuilt folder (a new
    # UIDVALIDITY): still one record each.
    Mailbox.objects.filter(pk=mailbox.pk).update(last_uid=0)
    assert poll(mailbox).stored == 0
    old_validity = Mailbox.objects.get().uidvalidity
    imap_server.recreate("Complaints")
    imap_server.append(sent, "Complaints")
    result = poll(mailbox)
    assert (result.read, result.stored) == (1, 0)
    assert Mailbox.objects.get().uidvalidity != old_validity
    assert InboundMessage.objects.count() == 2


def test_a_server_that_is_down_delays_intake_and_loses_nothing(
    imap_server: ImapServer, org_a: Organisation, org_a_manager: User
) -> None:
    mailbox = mailbox_for(org_a, org_a_manager, imap_server)
    uid = imap_server.append(message())
    imap_server.stop()

    result = poll(mailbox)

    assert result.stored == 0
    assert "Could not reach the mail server" in result.error
    assert not InboundMessage.objects.exists()
    mailbox.refresh_from_db()
    assert mailbox.last_uid == 0
    assert "Could not reach" in mailbox.last_error
    assert mailbox.claimed_at is None
    assert mailbox.last_success is None

    imap_server.start()
    assert "\\Seen" not in imap_server.flags(uid)
    assert poll(mailbox).stored == 1
    mailbox.refresh_from_db()
    assert mailbox.last_error == ""
    assert mailbox.last_uid == uid
    assert "\\Seen" in imap_server.flags(uid)


def test_a_wrong_password_is_said_and_nothing_is_read(
    imap_server: ImapServer, org_a: Organisation, org_a_manager: User
) -> None:
    mailbox = mailbox_for(org_a, org_a_manager, imap_server, password="wrong")
    imap_server.append(message())

    result = poll(mailbox)

    assert "refused the user name or password" in result.error
    assert not InboundMessage.objects.exists()


def test_a_mailbox_being_read_is_not_read_again_at_once(
    imap_server: ImapServer, org_a: Organisation, org_a_manager: User
) -> None:
    from django.utils import timezone

    mailbox = mailbox_for(org_a, org_a_manager, imap_server)
    imap_server.append(message())
    Mailbox.objects.filter(pk=mailbox.pk).update(claimed_at=timezone.now())

    assert poll(mailbox).busy
    assert not InboundMessage.objects.exists()


def test_the_periodic_task_reads_every_enabled_mailbox(
    imap_server: ImapServer, org_a: Organisation, org_a_manager: User
) -> None:
    mailbox_for(org_a, org_a_manager, imap_server)
    imap_server.append(message())
    imap_server.append(message("Another"))

    assert mailbox_poll_task.call() == {"mailboxes": 1, "read": 2, "stored": 2, "failing": 0}


def test_polling_inside_a_transaction_is_refused(org_a: Organisation, org_a_manager: User) -> None:
    mailbox = mailbox_update(
        organisation=org_a,
        actor=org_a_manager,
        host="127.0.0.1",
        port=free_port(),
        security="none",
        username="x",
        password="y",
    )
    with transaction.atomic(), pytest.raises(RuntimeError, match="outside a transaction"):
        mailbox_poll(mailbox=mailbox)
