"""The mail pages: the mail settings and test message, the messages not sent, the case page's
mail section and trying a message again; and who is refused (404 across organisations)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from putright.audit.models import AuditEvent
from putright.correspondence.models import Channel, EmailStatus, MailSettings, OutboundEmail
from putright.correspondence.services import email_queue
from putright.organisations.models import Organisation, Role, User
from tests.factories import ServiceAreaFactory, UserFactory, received_complaint
from tests.mailservers import SmtpServer

pytestmark = pytest.mark.django_db


def failed_email(
    organisation: Organisation, complaint: object = None, key: str = "k"
) -> OutboundEmail:
    email = email_queue(
        organisation=organisation,
        to="pat@example.org",
        subject="Your stage 1 response",
        text="Our response.",
        key=key,
        complaint=complaint,  # type: ignore[arg-type]
    )
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=EmailStatus.FAILED,
        attempts=1,
        next_attempt_at=None,
        last_error="The mail server refused the address (pat@example.org: 550 No such user).",
    )
    email.refresh_from_db()
    return email


def test_a_manager_saves_smtp_settings_and_sees_the_password_masked(
    client: Client, org_a: Organisation, org_a_manager: User
) -> None:
    client.force_login(org_a_manager)
    page = client.get(reverse("staff:settings-mail"))
    assert page.status_code == 200
    assert "The server&#x27;s mail settings" in page.content.decode()
    posted = client.post(
        reverse("staff:settings-mail"),
        {
            "channel": "smtp",
            "smtp_host": "smtp.org-a.example",
            "smtp_port": "587",
            "smtp_security": "starttls",
            "smtp_username": "mailer",
            "smtp_password": "a-long-secret-password",
            "from_email": "complaints@org-a.example",
        },
    )
    assert posted.status_code == 302
    row = MailSettings.objects.get(organisation=org_a)
    assert row.smtp_password == "a-long-secret-password"
    html = client.get(reverse("staff:settings-mail")).content.decode()
    assert "a-long-secret-password" not in html
    assert "A password is set. Leave this empty to keep it." in html
    assert "smtp.org-a.example:587" in html


def test_a_housing_association_choosing_notify_is_told_why_not(
    client: Client, org_a: Organisation, org_a_manager: User
) -> None:
    ServiceAreaFactory(organisation=org_a, name="Repairs", profile="hos-2024")
    client.force_login(org_a_manager)
    page = client.get(reverse("staff:settings-mail"))
    assert "Not available to Organisation A" in page.content.decode()
    answer = client.post(
        reverse("staff:settings-mail"),
        {
            "channel": "notify",
            "smtp_security": "starttls",
            "notify_api_key": "k-11111111-2222-3333-4444-555555555555-"
            "66666666-7777-8888-9999-000000000000",
            "notify_template_id": "0f7ab3c2-1111-2222-3333-444444444444",
        },
    )
    assert answer.status_code == 200
    html = answer.content.decode()
    assert "There is a problem" in html
    assert "GOV.UK Notify is only for public sector bodies" in html
    assert not MailSettings.objects.exists()


def test_the_test_message_says_what_happened(
    client: Client, org_a: Organisation, org_a_manager: User, smtp_server: SmtpServer
) -> None:
    MailSettings.objects.create(
        organisation=org_a,
        channel=Channel.SMTP,
        smtp_host=smtp_server.host,
        smtp_port=smtp_server.port,
        smtp_security="none",
        from_email="complaints@org-a.example",
    )
    client.force_login(org_a_manager)
    answer = client.post(reverse("staff:settings-mail-test"), {"to": "bob@org-a.example"})
    assert "Test message sent to bob@org-a.example." in answer.content.decode()
    assert smtp_server.wait_for(1)[0].recipients == ["bob@org-a.example"]
    smtp_server.refuse = "550 5.7.1 Relaying denied"
    answer = client.post(reverse("staff:settings-mail-test"), {"to": "x@elsewhere.example"})
    assert "Test message not sent" in answer.content.decode()
    assert "Relaying denied" in answer.content.decode()


def test_the_case_page_lists_the_mail_and_a_failed_message_can_be_tried_again(
    client: Client, org_a: Organisation, org_a_handler: User
) -> None:
    complaint = received_complaint(org_a_handler)
    email = failed_email(org_a, complaint)
    client.force_login(org_a_handler)
    case_url = reverse("staff:case", args=[complaint.reference])
    html = client.get(case_url).content.decode()
    assert 'id="mail"' in html
    assert "Your stage 1 response" in html
    assert "550 No such user" in html
    assert "1 message was not sent" in html
    answer = client.post(reverse("staff:mail-retry", args=[email.pk]))
    assert answer.status_code == 302
    assert answer["Location"] == case_url + "#mail"
    email.refresh_from_db()
    assert email.status == EmailStatus.QUEUED
    assert AuditEvent.objects.filter(action="email.retry", actor=org_a_handler).exists()
    # Asking again once it is on its way changes nothing.
    client.post(reverse("staff:mail-retry", args=[email.pk]))
    assert AuditEvent.objects.filter(action="email.retry").count() == 1


def test_a_case_with_no_mail_shows_no_mail_section(
    client: Client, org_a: Organisation, org_a_handler: User
) -> None:
    complaint = received_complaint(org_a_handler)
    client.force_login(org_a_handler)
    assert (
        'id="mail"'
        not in client.get(reverse("staff:case", args=[complaint.reference])).content.decode()
    )


def test_a_reader_sees_the_mail_but_cannot_try_again(
    client: Client, org_a: Organisation, org_a_handler: User
) -> None:
    complaint = received_complaint(org_a_handler)
    email = failed_email(org_a, complaint)
    auditor = UserFactory(username="aud@org-a.example", organisation=org_a, role=Role.AUDITOR)
    client.force_login(auditor)
    html = client.get(reverse("staff:case", args=[complaint.reference])).content.decode()
    assert "Your stage 1 response" in html
    assert reverse("staff:mail-retry", args=[email.pk]) not in html
    assert client.post(reverse("staff:mail-retry", args=[email.pk])).status_code == 403


def test_managers_see_the_messages_not_sent(
    client: Client, org_a: Organisation, org_a_manager: User, org_a_handler: User
) -> None:
    complaint = received_complaint(org_a_handler)
    email = failed_email(org_a, complaint)
    client.force_login(org_a_manager)
    settings_page = client.get(reverse("staff:settings")).content.decode()
    assert reverse("staff:settings-mail") in settings_page
    html = client.get(reverse("staff:mail-failed")).content.decode()
    assert "1 message not sent" in html
    assert complaint.reference in html
    assert "550 No such user" in html
    answer = client.post(reverse("staff:mail-retry", args=[email.pk]), {"back": "failed"})
    assert answer["Location"] == reverse("staff:mail-failed")
    assert (
        "Every message has been sent or is on its way."
        in client.get(reverse("staff:mail-failed")).content.decode()
    )


@pytest.mark.parametrize("name", ["staff:settings-mail", "staff:mail-failed"])
def test_a_handler_is_refused_the_managers_pages(
    client: Client, org_a_handler: User, name: str
) -> None:
    client.force_login(org_a_handler)
    assert client.get(reverse(name)).status_code == 403
    assert (
        client.post(reverse("staff:settings-mail-test"), {"to": "a@b.example"}).status_code == 403
    )


def test_another_organisations_message_is_not_found(
    client: Client,
    org_a: Organisation,
    org_a_handler: User,
    org_b: Organisation,
    org_b_handler: User,
) -> None:
    email = failed_email(org_a, received_complaint(org_a_handler))
    org_b_manager = UserFactory(
        username="dana@org-b.example", organisation=org_b, role=Role.MANAGER
    )
    for user in (org_b_handler, org_b_manager):
        client.force_login(user)
        assert client.post(reverse("staff:mail-retry", args=[email.pk])).status_code == 404
        assert (
            org_a.name not in client.get(reverse("staff:mail-failed")).content.decode()
            or user is org_b_handler
        )
    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED
    client.force_login(org_b_manager)
    listing = client.get(reverse("staff:mail-failed")).content.decode()
    assert "Your stage 1 response" not in listing
    # Organisation B's settings page shows its own (none), never A's.
    MailSettings.objects.create(
        organisation=org_a,
        channel="smtp",
        smtp_host="smtp.org-a.example",
        from_email="a@org-a.example",
        smtp_password="secret-of-a",
    )
    page = client.get(reverse("staff:settings-mail")).content.decode()
    assert "smtp.org-a.example" not in page
