"""Queuing a message, and trying a failed one again."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from putright.audit import services as audit
from putright.correspondence.models import (
    EmailStatus,
    MailSettings,
    OutboundAttachment,
    OutboundEmail,
)
from putright.correspondence.services.sending import MAX_ATTEMPTS, enqueue_send
from putright.organisations.models import Organisation, User
from putright.organisations.permissions import require_case_writer

if TYPE_CHECKING:
    from putright.cases.models import Complaint, ServiceRequest

#: What one message may carry in attachments altogether (they are kept in the database).
ATTACHMENTS_LIMIT = 15 * 1024 * 1024
_MIME_TYPE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$")


class EmailInputError(ValidationError):
    """A message that cannot be queued; the message names the problem."""


def _check(
    *,
    organisation: Organisation,
    to: str,
    subject: str,
    text: str,
    attachments: Sequence[tuple[str, bytes, str]],
    key: str,
    complaint: Complaint | None,
    service_request: ServiceRequest | None,
    actor: User | None,
) -> None:
    if not key or len(key) > 200:
        raise EmailInputError("The message key must be 1 to 200 characters.")
    try:
        validate_email(to)
    except ValidationError:
        raise EmailInputError(f"{to!r} is not an email address.") from None
    if not subject.strip():
        raise EmailInputError("The subject must not be empty.")
    if "\n" in subject or "\r" in subject:
        raise EmailInputError("The subject must be on one line.")
    if len(subject) > 300:
        raise EmailInputError("Keep the subject to 300 characters.")
    if not text.strip():
        raise EmailInputError("The message must have a text part.")
    total = 0
    for filename, content, mime_type in attachments:
        if not filename or any(c in filename for c in "/\\\r\n\0") or len(filename) > 200:
            raise EmailInputError(
                f"{filename!r} is not a file name: 1 to 200 characters, no slashes or line breaks."
            )
        if not isinstance(content, bytes):
            raise EmailInputError(f"The content of {filename} must be bytes.")
        if not _MIME_TYPE.match(mime_type):
            raise EmailInputError(f"{mime_type!r} is not a file type such as application/pdf.")
        total += len(content)
    if total > ATTACHMENTS_LIMIT:
        raise EmailInputError("The attachments come to more than 15 MB: send fewer or smaller.")
    for thing, what in ((complaint, "complaint"), (service_request, "service request")):
        if thing is not None and thing.organisation_id != organisation.pk:
            raise EmailInputError(f"The {what} belongs to another organisation.")
    if actor is not None and actor.organisation_id != organisation.pk:
        raise PermissionDenied("You cannot send mail for another organisation.")


def _message_id(organisation: Organisation, key: str) -> str:
    """A Message-ID fixed by (organisation, key): every attempt at a message carries the same one,
    so a mail system that sees it twice can tell."""
    digest = hashlib.sha256(f"{organisation.pk}:{key}".encode()).hexdigest()[:32]
    found = MailSettings.objects.filter(organisation=organisation).values("from_email").first()
    sender = (found or {}).get("from_email") or ""
    if "@" not in sender:
        from django.conf import settings

        sender = settings.DEFAULT_FROM_EMAIL
    domain = sender.rsplit("@", 1)[-1].strip(">") or "localhost"
    return f"<{digest}.putright@{domain}>"


def email_queue(
    *,
    organisation: Organisation,
    to: str,
    subject: str,
    text: str,
    html: str = "",
    attachments: Sequence[tuple[str, bytes, str]] = (),
    key: str,
    complaint: Complaint | None = None,
    service_request: ServiceRequest | None = None,
    actor: User | None = None,
) -> OutboundEmail:
    """Store an email and, once the transaction commits, queue its sending through the
    organisation's channel. ``key`` says what the message is for: an organisation sends one
    message per key, ever, so queuing the same key again (a double click, a re-run, two workers)
    returns the message already stored and sends nothing more. ``attachments`` are
    (file name, content, file type)."""
    to = to.strip()
    subject = subject.strip()
    _check(
        organisation=organisation,
        to=to,
        subject=subject,
        text=text,
        attachments=attachments,
        key=key,
        complaint=complaint,
        service_request=service_request,
        actor=actor,
    )
    with transaction.atomic():
        email, created = OutboundEmail.objects.get_or_create(
            organisation=organisation,
            key=key,
            defaults={
                "to": to,
                "subject": subject,
                "text": text,
                "html": html,
                "complaint": complaint,
                "service_request": service_request,
                "created_by": actor,
                "status": EmailStatus.QUEUED,
                "max_attempts": MAX_ATTEMPTS,
                "next_attempt_at": timezone.now(),
                "message_id": _message_id(organisation, key),
            },
        )
        if not created:
            return email
        OutboundAttachment.objects.bulk_create(
            OutboundAttachment(
                email=email,
                filename=filename,
                content=content,
                mime_type=mime_type,
                size=len(content),
            )
            for filename, content, mime_type in attachments
        )
        audit.record(
            action="email.queue",
            actor=actor,
            organisation=organisation,
            target=email,
            actor_label="" if actor is not None else "putright",
            after={
                "status": EmailStatus.QUEUED,
                "key": key,
                "attachments": len(attachments),
                "complaint": complaint.reference if complaint is not None else None,
            },
        )
        pk = email.pk
        transaction.on_commit(lambda: enqueue_send(pk), robust=True)
    return email


def email_retry(*, email: OutboundEmail, actor: User) -> OutboundEmail:
    """Try again a message that was not sent, at a person's request, with a fresh round of
    attempts. Only a message that failed can be tried again: one queued, sending or sent is left
    alone, so a retry never sends a message twice. Anyone who may change the organisation's cases
    may ask."""
    require_case_writer(actor, email.organisation_id, what="the mail")
    with transaction.atomic():
        email = OutboundEmail.objects.select_for_update().get(pk=email.pk)
        if email.status != EmailStatus.FAILED:
            raise EmailInputError(
                f"Only a message that was not sent can be tried again; this one is "
                f"{email.get_status_display().lower()}."
            )
        now = timezone.now()
        email.status = EmailStatus.QUEUED
        email.next_attempt_at = now
        email.max_attempts = email.attempts + MAX_ATTEMPTS
        email.save(update_fields=["status", "next_attempt_at", "max_attempts", "updated"])
        audit.record(
            action="email.retry",
            actor=actor,
            organisation=email.organisation,
            target=email,
            before={"status": EmailStatus.FAILED},
            after={"status": EmailStatus.QUEUED, "attempts": email.attempts},
        )
        pk = email.pk
        transaction.on_commit(lambda: enqueue_send(pk), robust=True)
    return email
