"""Mail in: the organisation's mailbox read over IMAP, and each message read from it.

A message is stored once per (organisation, Message-ID), or per digest of its bytes when it has
no Message-ID, so reading it twice (a second worker, a poll after a crash, a mailbox whose
UIDVALIDITY changed) finds the stored row. The mailbox remembers the UIDVALIDITY and the highest
UID it has stored, in the same transaction as the messages, so a server that is down or a
worker that dies loses nothing: the next poll starts from the last message committed. Rows
change only through ``inbound.services``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ImapSecurity(models.TextChoices):
    TLS = "tls", "TLS from the start (usually port 993)"
    STARTTLS = "starttls", "STARTTLS (usually port 143)"
    NONE = "none", "None (only for a server on the same machine or private network)"


class Mailbox(models.Model):
    """The organisation's mailbox: where it is, how to sign in, and how far it has been read.

    The password is never shown back in full."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    enabled = models.BooleanField(default=True, help_text="Whether the mailbox is read.")
    host = models.CharField(max_length=255)
    port = models.PositiveIntegerField(null=True, blank=True)
    security = models.CharField(
        max_length=10, choices=ImapSecurity.choices, default=ImapSecurity.TLS
    )
    username = models.CharField(max_length=255)
    password = models.CharField(max_length=255)
    folder = models.CharField(max_length=200, default="INBOX")
    uidvalidity = models.BigIntegerField(
        null=True, blank=True, help_text="The folder's UIDVALIDITY when it was last read."
    )
    last_uid = models.BigIntegerField(
        default=0, help_text="The highest UID stored under that UIDVALIDITY."
    )
    claimed_at = models.DateTimeField(
        null=True, blank=True, help_text="When a worker started reading it; empty when none is."
    )
    last_polled = models.DateTimeField(null=True, blank=True)
    last_success = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    updated = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name_plural = "mailboxes"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(security__in=ImapSecurity.values), name="mailbox_security"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.username}@{self.host}"


class MessageStatus(models.TextChoices):
    """Where a message read from the mailbox is; stored values never change."""

    NEW = "new", "To triage"
    THREADED = "threaded", "Added to its case"
    TRIAGED = "triaged", "Made a case"
    IGNORED = "ignored", "Not a case"


class IgnoredBecause(models.TextChoices):
    AUTO_REPLY = "auto_reply", "An automatic reply"
    BOUNCE = "bounce", "A delivery failure report"
    NOT_A_CASE = "not_a_case", "Not a case"


class InboundMessage(models.Model):
    """One message read from the organisation's mailbox, kept as it arrived."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    key = models.CharField(
        max_length=300,
        help_text="'mid:' and the Message-ID, or 'sha256:' and the digest of the message.",
    )
    message_id = models.CharField(max_length=255, blank=True)
    uidvalidity = models.BigIntegerField(null=True, blank=True)
    uid = models.BigIntegerField(null=True, blank=True)
    raw = models.BinaryField(help_text="The message exactly as the server gave it.")
    from_address = models.CharField(max_length=254, blank=True)
    from_name = models.CharField(max_length=200, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    sent = models.DateTimeField(null=True, blank=True, help_text="Its Date header.")
    text = models.TextField(blank=True, help_text="The message's text, as read for people.")
    in_reply_to = models.CharField(max_length=255, blank=True)
    references = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=MessageStatus.choices, default=MessageStatus.NEW
    )
    ignored_because = models.CharField(max_length=12, choices=IgnoredBecause.choices, blank=True)
    reason = models.TextField(
        blank=True, help_text="Why it has its status: the header, the reference, or staff's words."
    )
    complaint = models.ForeignKey(
        "cases.Complaint", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    service_request = models.ForeignKey(
        "cases.ServiceRequest", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    correspondence = models.ForeignKey(
        "cases.Correspondence", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    handled = models.DateTimeField(null=True, blank=True)
    received = models.DateTimeField(help_text="When it was read from the mailbox.")
    arrived = models.DateTimeField(
        null=True, blank=True, help_text="When the mail server received it (its INTERNALDATE)."
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-received", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="inbound_message_key"),
            models.CheckConstraint(
                condition=models.Q(status__in=MessageStatus.values), name="inbound_message_status"
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "status", "-received"], name="inbound_queue"),
            models.Index(fields=["organisation", "message_id"], name="inbound_message_id"),
        ]

    def __str__(self) -> str:
        return self.subject or "(no subject)"


class InboundAttachment(models.Model):
    """A file that came with a message, kept with it until it is kept on a case."""

    message = models.ForeignKey(
        InboundMessage, on_delete=models.PROTECT, related_name="attachments"
    )
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100, help_text="The type the message claimed.")
    content = models.BinaryField()
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    document = models.ForeignKey(
        "cases.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    refused = models.TextField(
        blank=True, help_text="Why it was not kept on the case, when it was not."
    )

    class Meta:
        ordering = ["message", "pk"]

    def __str__(self) -> str:
        return self.filename
