"""Reading the mailbox: each message stored once, replies filed to their case, automatic mail set
aside, and the rest left for staff to triage."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from putright.audit import services as audit
from putright.cases.models import Complaint, ServiceRequest
from putright.cases.services.common import CaseInputError
from putright.cases.services.record.email_in import MAIL_IN_LABEL, correspondence_email_in
from putright.correspondence.models import OutboundEmail
from putright.inbound.imap import ImapSession, MailboxUnavailable
from putright.inbound.models import (
    IgnoredBecause,
    InboundAttachment,
    InboundMessage,
    Mailbox,
    MessageStatus,
)
from putright.inbound.parse import ParsedMessage, parse
from putright.organisations.models import Organisation

logger = logging.getLogger(__name__)

#: Messages read from one mailbox in one poll; the rest wait for the next.
BATCH = 100
#: A claim older than this is a worker that died: another may read the mailbox.
CLAIM_EXPIRES = timedelta(minutes=10)

Case = Complaint | ServiceRequest


def _case_by_ids(organisation: Organisation, ids: tuple[str, ...]) -> tuple[Case, str] | None:
    """The case a message replies to, from its In-Reply-To and References: a message we sent
    about the case, or one we received and filed to it."""
    if not ids:
        return None
    for sent in OutboundEmail.objects.filter(
        organisation=organisation, message_id__in=ids
    ).select_related("complaint", "service_request"):
        case = sent.complaint or sent.service_request
        if case is not None:
            return case, f"It replies to our message {sent.message_id}."
    received = (
        InboundMessage.objects.filter(organisation=organisation, message_id__in=ids)
        .filter(Q(complaint__isnull=False) | Q(service_request__isnull=False))
        .select_related("complaint", "service_request")
        .first()
    )
    if received is not None:
        case = received.complaint or received.service_request
        assert case is not None  # noqa: S101 - filtered above
        return case, f"It replies to the message {received.message_id}, filed to {case.reference}."
    return None


def _case_by_reference(
    organisation: Organisation, parsed: ParsedMessage
) -> tuple[Case, str] | None:
    """The case whose reference the message gives, in its subject or its text."""
    for reference in parsed.case_references():
        where = "subject" if reference in parsed.subject else "text"
        complaint = Complaint.objects.filter(organisation=organisation, reference=reference).first()
        if complaint is not None:
            return complaint, f"Its {where} gives the reference {reference}."
        request = ServiceRequest.objects.filter(
            organisation=organisation, reference=reference
        ).first()
        if request is not None:
            return request, f"Its {where} gives the reference {reference}."
    return None


def thread_of(organisation: Organisation, parsed: ParsedMessage) -> tuple[Case, str] | None:
    """The case a message belongs to, and why: the message ids it replies to first (they are
    ours), then a case reference in the subject or the text."""
    return _case_by_ids(organisation, parsed.thread_ids) or _case_by_reference(organisation, parsed)


def _party(case: Case, from_address: str, from_name: str) -> str:
    if from_address and from_address.lower() == (case.email or "").lower():
        return ""
    return (f"{from_name} <{from_address}>" if from_name else from_address)[:200]


def message_file(
    *, message: InboundMessage, case: Case, actor: object = None
) -> list[tuple[str, str]]:
    """Keep the message on the case's record as an email received, with its attachments as the
    case's documents; return the attachments that were refused, with why. The caller holds the
    message's row and writes its status."""
    complaint = case if isinstance(case, Complaint) else None
    request = case if isinstance(case, ServiceRequest) else None
    attachments = list(message.attachments.all())
    day = timezone.localdate(message.arrived or message.received)
    correspondence, refused = correspondence_email_in(
        actor=actor,  # type: ignore[arg-type]
        complaint=complaint,
        service_request=request,
        date=min(day, timezone.localdate()),
        summary=message.subject or "(no subject)",
        body=message.text,
        party=_party(case, message.from_address, message.from_name),
        files=[(a.filename, bytes(a.content)) for a in attachments],
    )
    message.correspondence = correspondence
    message.complaint, message.service_request = complaint, request
    reasons = dict(refused)
    kept = iter(correspondence.attachments.order_by("pk"))
    for attachment in attachments:
        if attachment.filename in reasons:
            attachment.refused = reasons.pop(attachment.filename)
            attachment.save(update_fields=["refused"])
        else:
            attachment.document = next(kept, None)
            attachment.save(update_fields=["document"])
    return refused


def message_receive(
    *,
    organisation: Organisation,
    raw: bytes,
    uidvalidity: int | None = None,
    uid: int | None = None,
    arrived: datetime | None = None,
) -> tuple[InboundMessage, bool]:
    """Store one message read from the organisation's mailbox, once: the same Message-ID (or,
    without one, the same bytes) finds the stored message and writes nothing. Return it and
    whether it is new.

    An automatic reply or a bounce is kept but is not a case (ignored, with the header that
    showed it). A reply to a message about a case, or one that gives a case's reference, is filed
    to that case as an email received, its attachments kept as the case's documents (threaded).
    Anything else waits for staff to triage it (new). Audited as the mailbox reader's."""
    parsed = parse(raw)
    found = InboundMessage.objects.filter(organisation=organisation, key=parsed.key).first()
    if found is not None:
        return found, False
    now = timezone.now()
    try:
        with transaction.atomic():
            message = InboundMessage.objects.create(
                organisation=organisation,
                key=parsed.key,
                message_id=parsed.message_id,
                uidvalidity=uidvalidity,
                uid=uid,
                raw=raw,
                from_address=parsed.from_address,
                from_name=parsed.from_name,
                subject=parsed.subject,
                sent=parsed.sent,
                text=parsed.text,
                in_reply_to=parsed.in_reply_to,
                references=" ".join(parsed.references),
                received=now,
                arrived=arrived or now,
            )
            InboundAttachment.objects.bulk_create(
                InboundAttachment(
                    message=message,
                    filename=a.filename[:255],
                    content_type=a.content_type[:100],
                    content=a.content,
                    size=len(a.content),
                    sha256=a.sha256,
                )
                for a in parsed.attachments
            )
            _classify(message, parsed)
            audit.record(
                action="inbound.receive",
                organisation=organisation,
                target=message,
                actor_label=MAIL_IN_LABEL,
                after={
                    "status": message.status,
                    "ignored_because": message.ignored_because,
                    "complaint": message.complaint.reference if message.complaint else None,
                    "service_request": (
                        message.service_request.reference if message.service_request else None
                    ),
                    "attachments": len(parsed.attachments),
                },
            )
    except IntegrityError:
        # Another worker stored the same message first.
        found = InboundMessage.objects.filter(organisation=organisation, key=parsed.key).first()
        if found is None:
            raise
        return found, False
    return message, True


def _classify(message: InboundMessage, parsed: ParsedMessage) -> None:
    if parsed.automatic is not None:
        kind, why = parsed.automatic
        message.status, message.ignored_because, message.reason = (
            MessageStatus.IGNORED,
            IgnoredBecause(kind),
            why,
        )
    else:
        found = thread_of(message.organisation, parsed)
        if found is not None:
            case, why = found
            try:
                with transaction.atomic():
                    refused = message_file(message=message, case=case)
            except (ValidationError, CaseInputError) as error:
                words = error.messages[0] if isinstance(error, ValidationError) else str(error)
                message.reason = f"It seems to belong to {case.reference}, but: {words}"
            else:
                message.status = MessageStatus.THREADED
                message.reason = " ".join([why, *(r for _, r in refused)])
    message.save(
        update_fields=[
            "status",
            "ignored_because",
            "reason",
            "complaint",
            "service_request",
            "correspondence",
        ]
    )


@dataclass(frozen=True, slots=True)
class PollResult:
    """What one poll of a mailbox did."""

    read: int = 0
    stored: int = 0
    error: str = ""
    busy: bool = False


def _claim(mailbox: Mailbox, now: datetime) -> bool:
    return bool(
        Mailbox.objects.filter(pk=mailbox.pk, enabled=True)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_EXPIRES))
        .update(claimed_at=now)
    )


def mailbox_poll(*, mailbox: Mailbox, batch: int = BATCH) -> PollResult:
    """Read the messages that arrived in the mailbox since the last poll, storing each in its own
    transaction (``message_receive``) with the UID reached, and only then marking it read on the
    server. A server that is down, or a worker that stops, loses nothing: the next poll starts
    after the last UID committed, and a message read twice is stored once. A new UIDVALIDITY
    (the folder was rebuilt) starts again from the first message. One worker reads a mailbox at
    a time (a conditional update claims it); must be called outside any transaction, so that
    each message is committed before it is marked."""
    if transaction.get_connection().in_atomic_block:
        raise RuntimeError(
            "mailbox_poll commits each message itself: call it outside a transaction."
        )
    now = timezone.now()
    if not _claim(mailbox, now):
        return PollResult(busy=True)
    read = stored = 0
    error = ""
    try:
        mailbox.refresh_from_db()
        with ImapSession(
            host=mailbox.host,
            port=mailbox.port,
            security=mailbox.security,
            username=mailbox.username,
            password=mailbox.password,
            folder=mailbox.folder,
        ) as session:
            if session.uidvalidity != mailbox.uidvalidity:
                mailbox.uidvalidity, mailbox.last_uid = session.uidvalidity, 0
                mailbox.save(update_fields=["uidvalidity", "last_uid"])
            for uid in session.uids_after(mailbox.last_uid)[:batch]:
                fetched = session.fetch(uid)
                with transaction.atomic():
                    if fetched is not None:
                        _, created = message_receive(
                            organisation=mailbox.organisation,
                            raw=fetched.raw,
                            uidvalidity=session.uidvalidity,
                            uid=uid,
                            arrived=fetched.arrived,
                        )
                        stored += created
                    Mailbox.objects.filter(pk=mailbox.pk, last_uid__lt=uid).update(last_uid=uid)
                mailbox.last_uid = uid
                read += 1
                if fetched is not None:
                    # Committed: only now may the server show it as read.
                    session.mark_read(uid)
    except MailboxUnavailable as failure:
        error = str(failure)
        logger.warning("mail in: %s: %s", mailbox.organisation_id, error)
    except Exception as failure:
        # Not the server's fault: the message is left on it, unread, for the next poll, and the
        # problem is shown on the settings page until it is put right.
        error = f"A message (UID {mailbox.last_uid + 1} or after) could not be stored: {failure}"
        logger.exception("mail in: %s: %s", mailbox.organisation_id, error)
    finally:
        finished = timezone.now()
        Mailbox.objects.filter(pk=mailbox.pk).update(
            claimed_at=None,
            last_polled=finished,
            last_error=error,
            **({} if error else {"last_success": finished}),
        )
    return PollResult(read=read, stored=stored, error=error)


def mailboxes_poll() -> dict[int, PollResult]:
    """Poll every enabled mailbox; return what each poll did, by organisation."""
    results = {}
    for mailbox in Mailbox.objects.filter(enabled=True).select_related("organisation"):
        results[mailbox.organisation_id] = mailbox_poll(mailbox=mailbox)
    return results
