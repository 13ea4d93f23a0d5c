"""Mail out: each message an organisation sends, its attempts, and the organisation's channel.

A message is stored once per (organisation, key) before anything is sent, so queuing the same key
again finds it rather than sending twice. A worker claims a message (queued or due for a retry)
with one conditional update before it sends, so two workers never send the same message; every
attempt is kept with its outcome. Rows change only through ``correspondence.services``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class EmailStatus(models.TextChoices):
    """Where a message is on its way out; stored values never change."""

    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    RETRYING = "retrying", "Waiting to try again"
    SENT = "sent", "Sent"
    FAILED = "failed", "Not sent"


#: The statuses a worker may claim a message from (when its ``next_attempt_at`` has come).
CLAIMABLE = (EmailStatus.QUEUED, EmailStatus.RETRYING)


class Channel(models.TextChoices):
    """How an organisation's mail leaves; stored values never change."""

    DEFAULT = "default", "The server's mail settings"
    SMTP = "smtp", "The organisation's own mail server (SMTP)"
    NOTIFY = "notify", "GOV.UK Notify"


class SmtpSecurity(models.TextChoices):
    STARTTLS = "starttls", "STARTTLS (usually port 587)"
    TLS = "tls", "TLS from the start (usually port 465)"
    NONE = "none", "None (only for a server on the same machine or private network)"


class OutboundEmail(models.Model):
    """One email an organisation sends, kept with what was sent and how it went."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    key = models.CharField(
        max_length=200, help_text="What the message is for: one message per key, ever."
    )
    to = models.EmailField()
    subject = models.CharField(max_length=300)
    text = models.TextField()
    html = models.TextField(blank=True)
    complaint = models.ForeignKey(
        "cases.Complaint", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    service_request = models.ForeignKey(
        "cases.ServiceRequest", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=EmailStatus.choices, default=EmailStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(
        help_text="Attempts after which a failing message is given up (raised by a retry)."
    )
    next_attempt_at = models.DateTimeField(
        null=True, blank=True, help_text="When a worker may next try; empty once sent or failed."
    )
    enqueued_at = models.DateTimeField(
        null=True, blank=True, help_text="When a send task was last queued for it."
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=64, blank=True)
    channel = models.CharField(max_length=10, choices=Channel.choices, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(
        max_length=200, help_text="The Message-ID header, the same on every attempt."
    )
    provider_id = models.CharField(
        max_length=200, blank=True, help_text="The Notify notification id, or the Message-ID."
    )
    last_error = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="outbound_email_key"),
            models.CheckConstraint(
                condition=models.Q(status__in=EmailStatus.values), name="outbound_email_status"
            ),
        ]
        indexes = [
            # The dispatcher's scan: messages waiting for a worker, oldest due first.
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status__in=["queued", "retrying"]),
                name="outbound_email_due",
            ),
            models.Index(
                fields=["claimed_at"],
                condition=models.Q(status="sending"),
                name="outbound_email_sending",
            ),
            models.Index(
                fields=["organisation", "-created"],
                condition=models.Q(status="failed"),
                name="outbound_email_failed",
            ),
            models.Index(fields=["complaint", "-created"], name="outbound_email_complaint"),
        ]

    def __str__(self) -> str:
        return self.subject


class OutboundAttachment(models.Model):
    """A file sent with a message (a letter as PDF, say), kept with it in the database."""

    email = models.ForeignKey(OutboundEmail, on_delete=models.PROTECT, related_name="attachments")
    filename = models.CharField(max_length=200)
    mime_type = models.CharField(max_length=100)
    content = models.BinaryField()
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["email", "pk"]

    def __str__(self) -> str:
        return self.filename


class SendAttempt(models.Model):
    """One try at sending a message: through which channel, when, and how it went."""

    class Outcome(models.TextChoices):
        STARTED = "started", "Started"
        SENT = "sent", "Sent"
        TEMPORARY = "temporary", "Failed for now: will try again"
        PERMANENT = "permanent", "Failed: will not try again"
        INTERRUPTED = "interrupted", "Interrupted: the worker stopped while sending"

    email = models.ForeignKey(OutboundEmail, on_delete=models.PROTECT, related_name="send_attempts")
    number = models.PositiveSmallIntegerField()
    channel = models.CharField(max_length=10, choices=Channel.choices)
    worker = models.CharField(max_length=64, blank=True)
    started = models.DateTimeField()
    finished = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, default=Outcome.STARTED)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["email", "number"]
        constraints = [
            models.UniqueConstraint(fields=["email", "number"], name="send_attempt_number"),
        ]

    def __str__(self) -> str:
        return f"attempt {self.number}: {self.outcome}"


class MailSettings(models.Model):
    """How an organisation's mail leaves: the server's settings, its own SMTP server, or GOV.UK
    Notify (councils only). The password and API key are never shown back in full."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.DEFAULT)
    smtp_host = models.CharField(max_length=255, blank=True)
    smtp_port = models.PositiveIntegerField(null=True, blank=True)
    smtp_security = models.CharField(
        max_length=10, choices=SmtpSecurity.choices, default=SmtpSecurity.STARTTLS
    )
    smtp_username = models.CharField(max_length=255, blank=True)
    smtp_password = models.CharField(max_length=255, blank=True)
    from_email = models.EmailField(blank=True)
    from_name = models.CharField(max_length=200, blank=True)
    reply_to = models.EmailField(blank=True)
    notify_api_key = models.CharField(max_length=200, blank=True)
    notify_template_id = models.CharField(max_length=36, blank=True)
    notify_reply_to_id = models.CharField(max_length=36, blank=True)
    updated = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name_plural = "mail settings"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(channel__in=Channel.values), name="mail_settings_channel"
            ),
        ]

    def __str__(self) -> str:
        return self.get_channel_display()
