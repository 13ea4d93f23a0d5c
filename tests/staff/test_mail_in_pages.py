"""The mail in pages: the mailbox settings and its check against a real IMAP server, the triage
queue, a message and the decisions on it; and who is refused (404 across organisations)."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from putright.audit.models import AuditEvent
from putright.cases.models import Complaint, ServiceRequest
from putright.inbound.models import InboundMessage, Mailbox, MessageStatus
from putright.inbound.services import message_receive
from putright.organisations.models import Organisation, Role, User
from tests.factories import ServiceAreaFactory, UserFactory, received_complaint
from tests.mailservers import ImapServer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def received(organisation: Organisation, subject: str = "Damp in the flat") -> InboundMessage:
    made = EmailMessage()
    made["From"] = "Pat Example <pat@example.org>"
    made["Subject"] = subject
    made["Message-ID"] = f"<{abs(hash(subject))}@example.org>"
    made.set_content("The damp is back. <script>alert(1)</script>")
    made.add_attachment(
        b"%PDF-1.7\n%%EOF\n", maintype="application", subtype="pdf", filename="a.pdf"
    )
    return message_receive(organisation=organisation, raw=made.as_bytes())[0]


def test_the_queue_lists_new_messages_and_the_message_page_shows_one(
    org_a: Organisation, org_a_handler: User
) -> None:
    message = received(org_a)
    client = client_for(org_a_handler)

    queue = client.get(reverse("staff:mail-in"))
    assert queue.status_code == 200
    assert "Damp in the flat" in queue.content.decode()
    page = client.get(reverse("staff:mail-in-message", args=[message.pk]))
    body = page.content.decode()
    assert "&lt;script&gt;" in body
    assert "<script>alert" not in body
    assert "Make it a case" in body
    assert "a.pdf" in body
    attachment = message.attachments.get()
    download = client.get(reverse("staff:mail-in-attachment", args=[message.pk, attachment.pk]))
    assert download["Content-Type"] == "application/octet-stream"
    assert download["Content-Disposition"] == 'attachment; filename="a.pdf"'


def test_making_a_complaint_from_the_page(org_a: Organisation, org_a_handler: User) -> None:
    area = ServiceAreaFactory(organisation=org_a, name="Repairs")
    message = received(org_a)
    client = client_for(org_a_handler)
    url = reverse("staff:mail-in-make", args=[message.pk])

    empty = client.post(url, {"make-kind": "complaint"})
    assert "Select the service area it is about" in empty.content.decode()
    response = client.post(
        url,
        {
            "make-kind": "complaint",
            "make-service_area": area.pk,
            "make-name": "Pat Example",
            "make-email": "pat@example.org",
            "make-description": "The damp is back.",
        },
    )

    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.channel == "email"
    message.refresh_from_db()
    assert message.status == MessageStatus.TRIAGED
    again = client.post(
        url,
        {
            "make-kind": "service_request",
            "make-service_area": area.pk,
            "make-name": "Pat",
            "make-description": "x",
        },
    )
    assert "already been dealt with" in again.content.decode()
    assert not ServiceRequest.objects.exists()


def test_adding_to_a_case_and_setting_aside_from_the_page(
    org_a: Organisation, org_a_handler: User
) -> None:
    complaint = received_complaint(org_a_handler)
    first, second = received(org_a, "One"), received(org_a, "Two")
    client = client_for(org_a_handler)

    unknown = client.post(
        reverse("staff:mail-in-link", args=[first.pk]), {"link-reference": "CMP-1999-1"}
    )
    assert "There is no complaint or service request CMP-1999-1" in unknown.content.decode()
    client.post(
        reverse("staff:mail-in-link", args=[first.pk]), {"link-reference": complaint.reference}
    )
    blank = client.post(reverse("staff:mail-in-dismiss", args=[second.pk]), {"dismiss-reason": ""})
    assert "Say why the message is not a case" in blank.content.decode()
    client.post(reverse("staff:mail-in-dismiss", args=[second.pk]), {"dismiss-reason": "Spam"})

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.complaint) == ("threaded", complaint)
    assert (second.status, second.reason) == ("ignored", "Spam")
    assert "One" in client.get(reverse("staff:mail-in")).content.decode()


def test_another_organisations_message_is_not_found(
    org_a: Organisation, org_b_handler: User
) -> None:
    message = received(org_a)
    client = client_for(org_b_handler)
    attachment = message.attachments.get()
    for url in (
        reverse("staff:mail-in-message", args=[message.pk]),
        reverse("staff:mail-in-attachment", args=[message.pk, attachment.pk]),
    ):
        assert client.get(url).status_code == 404
    for name, data in (
        ("staff:mail-in-make", {"make-kind": "complaint"}),
        ("staff:mail-in-link", {"link-reference": "x"}),
        ("staff:mail-in-dismiss", {"dismiss-reason": "x"}),
    ):
        assert client.post(reverse(name, args=[message.pk]), data).status_code == 404
    assert "Damp" not in client.get(reverse("staff:mail-in")).content.decode()


def test_a_member_reads_but_does_not_decide(org_a: Organisation) -> None:
    message = received(org_a)
    member = client_for(UserFactory(organisation=org_a, role=Role.MEMBER))
    page = member.get(reverse("staff:mail-in-message", args=[message.pk]))
    assert page.status_code == 200
    assert "Make it a case" not in page.content.decode()
    refused = member.post(
        reverse("staff:mail-in-dismiss", args=[message.pk]), {"dismiss-reason": "x"}
    )
    assert refused.status_code == 403


def test_the_mailbox_settings_are_for_managers(org_a_manager: User, org_a_handler: User) -> None:
    assert client_for(org_a_handler).get(reverse("staff:settings-mail-in")).status_code == 403
    client = client_for(org_a_manager)
    page = client.get(reverse("staff:settings-mail-in"))
    assert page.status_code == 200
    refused = client.post(
        reverse("staff:settings-mail-in"),
        {"host": "bad host", "username": "u", "password": "p", "security": "tls"},
    )
    assert "Enter the mail server&#x27;s host name" in refused.content.decode()


@pytest.mark.imap
def test_saving_and_checking_the_mailbox_against_a_real_server(
    imap_server: ImapServer, org_a_manager: User
) -> None:
    imap_server.append(b"From: a@example.org\r\nSubject: waiting\r\n\r\nHi\r\n")
    client = client_for(org_a_manager)
    values = {
        "host": imap_server.host,
        "port": imap_server.port,
        "security": "none",
        "username": imap_server.username,
        "password": imap_server.password,
        "folder": "",
        "enabled": "on",
    }

    saved = client.post(reverse("staff:settings-mail-in"), values)
    assert saved.status_code == 302
    page = client.get(reverse("staff:settings-mail-in")).content.decode()
    assert imap_server.password not in page
    assert "password: set" in page
    checked = client.post(reverse("staff:settings-mail-in-check")).content.decode()
    assert "Signed in to INBOX on 127.0.0.1: 1 message not read yet." in checked
    client.post(reverse("staff:settings-mail-in"), values | {"password": ""})
    assert Mailbox.objects.get().password == imap_server.password
    client.post(reverse("staff:settings-mail-in"), values | {"password": "wrong"})
    failed = client.post(reverse("staff:settings-mail-in-check")).content.decode()
    assert "refused the user name or password" in failed
    assert AuditEvent.objects.filter(action="mailbox.check").count() == 2
