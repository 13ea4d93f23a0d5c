"""Queuing and sending: stored once per key, sent after the commit, never twice, retried when a
failure may pass, shown as not sent when it will not, and settled after a worker dies mid-send."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from putright.audit.models import AuditEvent
from putright.correspondence.models import (
    Channel,
    EmailStatus,
    MailSettings,
    OutboundEmail,
    SendAttempt,
    SmtpSecurity,
)
from putright.correspondence.services import (
    MAX_ATTEMPTS,
    RETRY_DELAYS,
    SEND_LEASE,
    EmailInputError,
    email_dispatch_due,
    email_queue,
    email_retry,
    email_send,
)
from putright.organisations.models import Organisation, User
from tests.factories import received_complaint
from tests.mailservers import NotifyServer, SmtpServer, free_port
from tests.tasks import run_queued_tasks, time_passes

PDF = b"%PDF-1.7\n% a letter\n"


def queue(organisation: Organisation, key: str = "letter:1", **values: object) -> OutboundEmail:
    fields: dict[str, object] = {
        "to": "pat@example.org",
        "subject": "Your complaint",
        "text": "We have received your complaint.",
        **values,
    }
    return email_queue(organisation=organisation, key=key, **fields)  # type: ignore[arg-type]


def smtp_settings(organisation: Organisation, server: SmtpServer, **values: object) -> MailSettings:
    return MailSettings.objects.create(
        organisation=organisation,
        channel=Channel.SMTP,
        smtp_host=server.host,
        smtp_port=server.port,
        smtp_security=SmtpSecurity.NONE,
        from_email="complaints@org-a.example",
        from_name="Organisation A complaints",
        reply_to="team@org-a.example",
        **values,
    )


def notify_settings(
    organisation: Organisation, server: NotifyServer, **values: object
) -> MailSettings:
    key, template_id = server.add_service(**values)  # type: ignore[arg-type]
    return MailSettings.objects.create(
        organisation=organisation,
        channel=Channel.NOTIFY,
        notify_api_key=key,
        notify_template_id=template_id,
    )


# --- Queuing ------------------------------------------------------------------------------------


def test_queue_stores_the_message_and_queues_its_sending_after_the_commit(
    org_a: Organisation, org_a_handler: User, django_capture_on_commit_callbacks: object
) -> None:
    complaint = received_complaint(org_a_handler)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:  # type: ignore[operator]
        email = queue(
            org_a,
            complaint=complaint,
            actor=org_a_handler,
            html="<p>Hello</p>",
            attachments=[("letter.pdf", PDF, "application/pdf")],
        )
        assert not DBTaskResult.objects.exists()
    assert email.status == EmailStatus.QUEUED
    assert email.complaint == complaint
    assert [(a.filename, bytes(a.content)) for a in email.attachments.all()] == [
        ("letter.pdf", PDF)
    ]
    assert email.message_id.endswith("@localhost>")
    # Nothing is queued to a worker until the transaction has committed.
    assert len(callbacks) == 1
    callbacks[0]()
    task = DBTaskResult.objects.get()
    assert task.task_path == "putright.correspondence.tasks.email_send_task"
    assert task.args_kwargs["args"] == [email.pk]
    event = AuditEvent.objects.get(action="email.queue")
    assert event.after == {
        "status": "queued",
        "key": "letter:1",
        "attachments": 1,
        "complaint": complaint.reference,
    }
    # The recipient and the words stay out of the audit record.
    assert "pat@example.org" not in str(event.after)


def test_the_same_key_twice_is_one_message(
    org_a: Organisation, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        first = queue(org_a, key="ack:42")
        second = queue(org_a, key="ack:42", subject="Something else")
    assert first.pk == second.pk
    assert OutboundEmail.objects.count() == 1
    assert DBTaskResult.objects.count() == 1
    assert second.subject == "Your complaint"
    run_queued_tasks()
    assert len(mail.outbox) == 1


def test_the_same_key_in_two_organisations_is_two_messages(
    org_a: Organisation, org_b: Organisation
) -> None:
    assert queue(org_a, key="k").pk != queue(org_b, key="k").pk


@pytest.mark.parametrize(
    ("values", "problem"),
    [
        ({"to": "not an address"}, "is not an email address"),
        ({"subject": "  "}, "subject must not be empty"),
        ({"subject": "Line one\nBcc: everyone@example.org"}, "on one line"),
        ({"text": ""}, "must have a text part"),
        ({"key": ""}, "key must be 1 to 200"),
        ({"attachments": [("../etc/passwd", b"x", "text/plain")]}, "is not a file name"),
        ({"attachments": [("a.pdf", b"x", "pdf")]}, "is not a file type"),
        ({"attachments": [("a.pdf", "text", "application/pdf")]}, "must be bytes"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(
    org_a: Organisation, values: dict[str, object], problem: str
) -> None:
    with pytest.raises(EmailInputError, match=problem):
        queue(org_a, **values)
    assert not OutboundEmail.objects.exists()


def test_a_complaint_of_another_organisation_is_refused(
    org_a: Organisation, org_b_handler: User
) -> None:
    other = received_complaint(org_b_handler)
    with pytest.raises(EmailInputError, match="another organisation"):
        queue(org_a, complaint=other)
    with pytest.raises(PermissionDenied):
        queue(org_a, actor=org_b_handler)


# --- Sending ------------------------------------------------------------------------------------


def test_the_worker_sends_through_the_servers_mail_settings_until_a_channel_is_set(
    org_a: Organisation, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        email = queue(
            org_a,
            html="<p>We have received it.</p>",
            attachments=[("letter.pdf", PDF, "application/pdf")],
        )
    assert run_queued_tasks() == 1
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert email.attempts == 1
    assert email.channel == Channel.DEFAULT
    assert email.sent_at is not None
    assert email.next_attempt_at is None
    [sent] = mail.outbox
    assert sent.to == ["pat@example.org"]
    assert sent.from_email == "complaints@localhost"
    assert sent.alternatives[0].content == "<p>We have received it.</p>"  # type: ignore[union-attr]
    assert sent.attachments[0][:2] == ("letter.pdf", PDF)
    assert sent.extra_headers["Message-ID"] == email.message_id
    attempt = SendAttempt.objects.get(email=email)
    assert attempt.outcome == SendAttempt.Outcome.SENT
    assert AuditEvent.objects.filter(action="email.sent").count() == 1


def test_a_message_is_sent_once_however_often_its_task_runs(org_a: Organisation) -> None:
    email = queue(org_a)
    assert email_send(email_id=email.pk) == "sent"
    assert email_send(email_id=email.pk) == "skipped"
    # A second worker handed the same message while the first is sending finds nothing to do.
    other = queue(org_a, key="other")
    OutboundEmail.objects.filter(pk=other.pk).update(status=EmailStatus.SENDING)
    assert email_send(email_id=other.pk) == "skipped"
    assert len(mail.outbox) == 1


def test_smtp_delivers_both_parts_and_the_attachments_to_a_real_server(
    org_a: Organisation, smtp_server: SmtpServer
) -> None:
    smtp_settings(org_a, smtp_server)
    email = queue(
        org_a,
        subject="Your stage 1 response",
        text="Please find our response attached.",
        html="<p>Please find our response <strong>attached</strong>.</p>",
        attachments=[
            ("response.pdf", PDF, "application/pdf"),
            ("notes.txt", b"notes", "text/plain"),
        ],
    )
    assert email_send(email_id=email.pk) == "sent"
    [received] = smtp_server.wait_for(1)
    assert received.recipients == ["pat@example.org"]
    assert received.mail_from == "complaints@org-a.example"
    assert received.subject == "Your stage 1 response"
    assert str(received.message["From"]) == "Organisation A complaints <complaints@org-a.example>"
    assert str(received.message["Reply-To"]) == "team@org-a.example"
    assert str(received.message["Message-ID"]) == email.message_id
    assert received.part("text/plain").strip() == "Please find our response attached."
    assert "<strong>attached</strong>" in received.part("text/html")
    assert received.attachments() == [
        ("response.pdf", PDF, "application/pdf"),
        ("notes.txt", b"notes", "text/plain"),
    ]
    email.refresh_from_db()
    assert (email.status, email.channel, email.provider_id) == ("sent", "smtp", email.message_id)
    assert email.message_id.endswith("@org-a.example>")


def test_smtp_signs_in_with_the_organisations_user_name_and_password(
    org_a: Organisation, smtp_server: SmtpServer
) -> None:
    smtp_server.credentials = ("mailer", "s3cret-pass")
    settings_row = smtp_settings(org_a, smtp_server, smtp_username="mailer", smtp_password="wrong")
    email = queue(org_a)
    assert email_send(email_id=email.pk) == "failed"
    email.refresh_from_db()
    assert "did not accept the user name and password" in email.last_error
    settings_row.smtp_password = "s3cret-pass"
    settings_row.save()
    email2 = queue(org_a, key="second")
    assert email_send(email_id=email2.pk) == "sent"
    assert smtp_server.wait_for(1)[0].login == "mailer"


def test_a_refused_address_fails_at_once_and_says_why(
    org_a: Organisation, smtp_server: SmtpServer
) -> None:
    smtp_server.refuse = "550 5.1.1 No such user here"
    smtp_settings(org_a, smtp_server)
    email = queue(org_a)
    assert email_send(email_id=email.pk) == "failed"
    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED
    assert email.next_attempt_at is None
    assert "refused the address" in email.last_error
    assert "No such user here" in email.last_error
    assert SendAttempt.objects.get(email=email).outcome == SendAttempt.Outcome.PERMANENT
    assert AuditEvent.objects.filter(action="email.fail").count() == 1


def test_a_temporary_failure_is_tried_again_with_growing_waits_then_given_up(
    org_a: Organisation, smtp_server: SmtpServer
) -> None:
    smtp_server.refuse = "451 4.3.0 Try again later"
    smtp_settings(org_a, smtp_server)
    email = queue(org_a)
    before = timezone.now()
    assert email_send(email_id=email.pk) == "retrying"
    email.refresh_from_db()
    assert email.status == EmailStatus.RETRYING
    assert email.next_attempt_at is not None
    assert before + RETRY_DELAYS[0] <= email.next_attempt_at <= timezone.now() + RETRY_DELAYS[0]
    # The retry is queued for its time, not before.
    assert run_queued_tasks() == 0
    for number, delay in enumerate(RETRY_DELAYS[1:], start=2):
        time_passes(RETRY_DELAYS[number - 2])
        assert run_queued_tasks() == 1
        email.refresh_from_db()
        assert email.attempts == number
        assert email.next_attempt_at is not None
        assert email.next_attempt_at - timezone.now() > delay - timedelta(seconds=5)
    time_passes(RETRY_DELAYS[-1])
    assert run_queued_tasks() == 1
    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED
    assert email.attempts == MAX_ATTEMPTS
    assert f"Tried {MAX_ATTEMPTS} times" in email.last_error
    assert smtp_server.messages == []
    assert (
        list(email.send_attempts.values_list("outcome", flat=True)) == ["temporary"] * MAX_ATTEMPTS
    )


def test_an_unreachable_server_is_a_temporary_failure(org_a: Organisation) -> None:
    MailSettings.objects.create(
        organisation=org_a,
        channel=Channel.SMTP,
        smtp_host="127.0.0.1",
        smtp_port=free_port(),
        smtp_security=SmtpSecurity.NONE,
        from_email="complaints@org-a.example",
    )
    email = queue(org_a)
    assert email_send(email_id=email.pk) == "retrying"
    email.refresh_from_db()
    assert "Could not reach the mail server" in email.last_error


def test_a_person_tries_a_failed_message_again_and_it_goes_once(
    org_a: Organisation,
    org_a_handler: User,
    smtp_server: SmtpServer,
    django_capture_on_commit_callbacks: object,
) -> None:
    smtp_server.refuse = "550 Mailbox unavailable"
    smtp_settings(org_a, smtp_server)
    email = queue(org_a)
    email_send(email_id=email.pk)
    email.refresh_from_db()
    smtp_server.refuse = ""
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        email_retry(email=email, actor=org_a_handler)
    with pytest.raises(EmailInputError, match="Only a message that was not sent"):
        email_retry(email=email, actor=org_a_handler)
    run_queued_tasks()
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert email.attempts == 2
    assert len(smtp_server.wait_for(1)) == 1
    with pytest.raises(EmailInputError, match="this one is sent"):
        email_retry(email=email, actor=org_a_handler)
    assert AuditEvent.objects.filter(action="email.retry", actor=org_a_handler).count() == 1


def test_only_staff_who_change_cases_may_try_again(
    org_a: Organisation, org_b_handler: User
) -> None:
    email = queue(org_a)
    OutboundEmail.objects.filter(pk=email.pk).update(status=EmailStatus.FAILED)
    email.refresh_from_db()
    with pytest.raises(PermissionDenied):
        email_retry(email=email, actor=org_b_handler)


# --- GOV.UK Notify --------------------------------------------------------------------------------


def test_notify_sends_subject_body_and_files_with_a_signed_token(
    org_a: Organisation, notify_server: NotifyServer
) -> None:
    notify_settings(org_a, notify_server, placeholders={"subject", "body", "file_1"})
    email = queue(
        org_a,
        subject="Your response",
        text="Here it is.",
        attachments=[("response.pdf", PDF, "application/pdf")],
    )
    assert email_send(email_id=email.pk) == "sent"
    [notification] = notify_server.notifications
    assert notification["email_address"] == "pat@example.org"
    assert notification["subject"] == "Your response"
    assert notification["body"] == "Here it is."
    assert notification["reference"] == f"putright-{org_a.pk}-{email.pk}"
    assert notify_server.attachments(notification) == [("response.pdf", PDF)]
    assert notification["personalisation"]["file_1"]["confirm_email_before_download"] is True
    email.refresh_from_db()
    assert (email.status, email.channel, email.provider_id) == (
        "sent",
        "notify",
        notification["id"],
    )


def test_notify_500_and_429_are_tried_again_and_sent_once(
    org_a: Organisation, notify_server: NotifyServer
) -> None:
    notify_settings(org_a, notify_server)
    notify_server.fail_next = [500, 429]
    email = queue(org_a)
    assert email_send(email_id=email.pk) == "retrying"
    email.refresh_from_db()
    assert "answered 500" in email.last_error
    time_passes(RETRY_DELAYS[0])
    run_queued_tasks()
    email.refresh_from_db()
    assert "rate limit" in email.last_error
    time_passes(RETRY_DELAYS[1])
    run_queued_tasks()
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert email.attempts == 3
    assert len(notify_server.notifications) == 1


def test_notify_refusing_the_key_or_the_template_fails_at_once(
    org_a: Organisation, notify_server: NotifyServer
) -> None:
    row = notify_settings(org_a, notify_server)
    row.notify_api_key = (
        "other-" + row.notify_api_key[-73:-37] + "-" + "0" * 8 + row.notify_api_key[-28:]
    )
    row.save()
    email = queue(org_a)
    assert email_send(email_id=email.pk) == "failed"
    email.refresh_from_db()
    assert "refused the API key" in email.last_error
    row2 = MailSettings.objects.get(pk=row.pk)
    key, _ = notify_server.add_service()
    row2.notify_api_key = key
    row2.save()
    second = queue(org_a, key="second")
    assert email_send(email_id=second.pk) == "failed"
    second.refresh_from_db()
    assert "Template not found" in second.last_error
    assert notify_server.notifications == []


def test_notify_will_not_take_a_file_type_it_cannot_send(
    org_a: Organisation, notify_server: NotifyServer
) -> None:
    notify_settings(org_a, notify_server)
    email = queue(org_a, attachments=[("photo.png", b"\x89PNG", "image/png")])
    assert email_send(email_id=email.pk) == "failed"
    email.refresh_from_db()
    assert "cannot send photo.png" in email.last_error
    assert notify_server.requests == []


# --- A worker that stops mid-send, a task that is lost -------------------------------------------


def _interrupted(email: OutboundEmail, channel: str) -> None:
    """As if a worker claimed the message and died before recording what happened."""
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=EmailStatus.SENDING,
        attempts=1,
        channel=channel,
        claimed_at=timezone.now() - SEND_LEASE - timedelta(minutes=1),
    )
    SendAttempt.objects.create(
        email=email, number=1, channel=channel, started=timezone.now() - SEND_LEASE
    )


def test_an_interrupted_smtp_send_is_shown_as_uncertain_not_sent_twice(org_a: Organisation) -> None:
    email = queue(org_a)
    _interrupted(email, Channel.DEFAULT)
    assert email_dispatch_due()["recovered"] == 1
    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED
    assert "may or may not have arrived" in email.last_error
    assert SendAttempt.objects.get(email=email).outcome == SendAttempt.Outcome.INTERRUPTED
    assert mail.outbox == []
    # A second sweep finds nothing more to do.
    assert email_dispatch_due() == {"recovered": 0, "requeued": 0}


def test_a_claim_younger_than_the_lease_is_left_alone(org_a: Organisation) -> None:
    email = queue(org_a)
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=EmailStatus.SENDING, claimed_at=timezone.now() - timedelta(minutes=2)
    )
    assert email_dispatch_due()["recovered"] == 0


def test_an_interrupted_notify_send_asks_notify_what_happened(
    org_a: Organisation, notify_server: NotifyServer, django_capture_on_commit_callbacks: object
) -> None:
    notify_settings(org_a, notify_server)
    arrived, never = queue(org_a, key="arrived"), queue(org_a, key="never")
    # The first reached Notify before the worker died; the second did not.
    assert email_send(email_id=arrived.pk) == "sent"
    SendAttempt.objects.filter(email=arrived).delete()
    for email in (arrived, never):
        _interrupted(email, Channel.NOTIFY)
    assert email_dispatch_due()["recovered"] == 2
    arrived.refresh_from_db()
    never.refresh_from_db()
    assert arrived.status == EmailStatus.SENT
    assert arrived.provider_id == notify_server.notifications[0]["id"]
    assert never.status == EmailStatus.RETRYING
    time_passes(RETRY_DELAYS[0])
    run_queued_tasks()
    never.refresh_from_db()
    assert never.status == EmailStatus.SENT
    assert len(notify_server.notifications) == 2


def test_a_lost_send_task_is_queued_again_by_the_sweep(org_a: Organisation) -> None:
    email = queue(org_a)  # on_commit never ran: no task, as if the process died after the commit
    assert email_dispatch_due()["requeued"] == 0  # not yet: it may still be on its way
    time_passes(timedelta(minutes=2))
    assert email_dispatch_due()["requeued"] == 1
    assert email_dispatch_due()["requeued"] == 0
    run_queued_tasks()
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert len(mail.outbox) == 1
