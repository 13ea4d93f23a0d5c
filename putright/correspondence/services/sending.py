"""Sending a queued message, in the background, exactly once.

The worker claims a message with one conditional update (queued or due for a retry -> sending,
attempts + 1), as healthchecks' ``sendalerts`` claims a check: of two workers handed the same
message, one claims it and the other finds nothing to do. Only then does it send, outside any
transaction, and record the outcome. A temporary failure (a busy server, a dropped connection,
Notify's rate limit) waits ``RETRY_DELAYS`` and tries again, up to ``MAX_ATTEMPTS``; a permanent
one (a refused address, a wrong password) stops at once. Either way the message shows as not sent
on its case, with the error, until a person tries it again.

A worker that dies mid-send leaves the message claimed. ``email_dispatch_due`` (every minute)
finds claims older than ``SEND_LEASE``: through Notify it asks Notify whether the message arrived
(each carries our reference) and marks it sent or tries again; through SMTP nobody can know, so it
is marked not sent with a note to check before trying again, rather than risk sending it twice.
The same sweep queues again any message whose send task was lost.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from putright.audit import services as audit
from putright.correspondence import channels
from putright.correspondence.models import (
    CLAIMABLE,
    Channel,
    EmailStatus,
    MailSettings,
    OutboundEmail,
    SendAttempt,
)

logger = logging.getLogger(__name__)

#: How long to wait after each failed attempt before the next.
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
)
#: Attempts before a message that keeps failing is given up: about nine hours of trying.
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
#: A claim older than this belongs to a worker that stopped mid-send (sends time out long before).
SEND_LEASE = timedelta(minutes=10)
#: A message due this long with no send task queued for it has lost its task: queue another.
LOST_AFTER = timedelta(minutes=1)
#: A message whose task was queued this long ago and is still waiting gets another task (harmless:
#: only one of them can claim it).
REQUEUE_AFTER = timedelta(minutes=15)
#: The most messages one sweep recovers or queues again, so a backlog is worked off in steps.
SWEEP_BATCH = 500

WORKER = "putright worker"
INTERRUPTED = (
    "The worker stopped while this message was being sent, so it may or may not have arrived. "
    "Check with the recipient before trying again."
)
NEVER_ARRIVED = "The worker stopped while sending this message; GOV.UK Notify never received it."


def enqueue_send(email_id: int, *, run_after: datetime | None = None) -> None:
    """Queue the background task that sends this message (at ``run_after``, or now)."""
    from putright.correspondence import tasks

    task = tasks.email_send_task
    if run_after is not None:
        task = task.using(run_after=run_after)
    task.enqueue(email_id)
    OutboundEmail.objects.filter(pk=email_id).update(enqueued_at=run_after or timezone.now())


def notify_reference(email: OutboundEmail) -> str:
    """The reference a message carries at Notify, to look it up after an interrupted send."""
    return f"putright-{email.organisation_id}-{email.pk}"


def outgoing(email: OutboundEmail) -> channels.Outgoing:
    """The stored message, ready for a channel."""
    return channels.Outgoing(
        to=email.to,
        subject=email.subject,
        text=email.text,
        html=email.html,
        attachments=[
            (a.filename, bytes(a.content), a.mime_type) for a in email.attachments.order_by("pk")
        ],
        message_id=email.message_id,
        reference=notify_reference(email),
    )


def _record(email: OutboundEmail, action: str, before: str, after: dict[str, Any]) -> None:
    audit.record(
        action=action,
        organisation=email.organisation,
        target=email,
        actor_label=WORKER,
        before={"status": before},
        after=after,
    )


def email_send(*, email_id: int, worker: str = "") -> str:
    """Send one queued message, if it is still waiting and its time has come; return what
    happened (``sent``, ``retrying``, ``failed``, or ``skipped`` when another worker has it or it
    is already sent). Run by ``tasks.email_send_task``; never inside a transaction, since the
    claim must be visible to other workers before the message goes."""
    now = timezone.now()
    claimed = OutboundEmail.objects.filter(
        pk=email_id, status__in=CLAIMABLE, next_attempt_at__lte=now
    ).update(
        status=EmailStatus.SENDING,
        claimed_at=now,
        claimed_by=worker[:64],
        attempts=F("attempts") + 1,
        updated=now,
    )
    if not claimed:
        return "skipped"
    email = OutboundEmail.objects.select_related("organisation").get(pk=email_id)
    mail_settings = MailSettings.objects.filter(organisation_id=email.organisation_id).first()
    channel = channels.channel_of(mail_settings)
    attempt = SendAttempt.objects.create(
        email=email, number=email.attempts, channel=channel, worker=worker[:64], started=now
    )
    OutboundEmail.objects.filter(pk=email_id).update(channel=channel)
    try:
        provider_id = channels.send(outgoing(email), mail_settings)
    except channels.SendFailed as failure:
        return _failed(email, attempt, str(failure), temporary=failure.temporary, claim=now)
    except Exception as error:
        # Something unforeseen: the message may or may not have gone, so do not try by ourselves.
        logger.exception("Sending message %s failed unexpectedly", email_id)
        message = f"Sending failed unexpectedly ({type(error).__name__}: {error}). {INTERRUPTED}"
        return _failed(email, attempt, message, temporary=False, claim=now)
    _sent(email, attempt, provider_id, claim=now)
    return "sent"


def _sent(email: OutboundEmail, attempt: SendAttempt, provider_id: str, *, claim: datetime) -> None:
    finished = timezone.now()
    with transaction.atomic():
        OutboundEmail.objects.filter(pk=email.pk, claimed_at=claim).exclude(
            status=EmailStatus.SENT
        ).update(
            status=EmailStatus.SENT,
            sent_at=finished,
            provider_id=provider_id[:200],
            next_attempt_at=None,
            last_error="",
            updated=finished,
        )
        SendAttempt.objects.filter(pk=attempt.pk).update(
            outcome=SendAttempt.Outcome.SENT, finished=finished
        )
        _record(
            email,
            "email.sent",
            EmailStatus.SENDING,
            {"status": EmailStatus.SENT, "attempt": attempt.number, "channel": attempt.channel},
        )


def _failed(
    email: OutboundEmail,
    attempt: SendAttempt,
    error: str,
    *,
    temporary: bool,
    claim: datetime,
    outcome: bool = True,
) -> str:
    finished = timezone.now()
    again = temporary and email.attempts < email.max_attempts
    if again:
        delay = RETRY_DELAYS[min(email.attempts, len(RETRY_DELAYS)) - 1]
        status, next_at = EmailStatus.RETRYING, finished + delay
        shown = error
    else:
        status, next_at = EmailStatus.FAILED, None
        shown = error if not temporary else f"{error} Tried {email.attempts} times: giving up."
    with transaction.atomic():
        OutboundEmail.objects.filter(
            pk=email.pk, claimed_at=claim, status=EmailStatus.SENDING
        ).update(status=status, next_attempt_at=next_at, last_error=shown, updated=finished)
        if outcome:
            SendAttempt.objects.filter(pk=attempt.pk).update(
                outcome=SendAttempt.Outcome.TEMPORARY
                if temporary
                else SendAttempt.Outcome.PERMANENT,
                finished=finished,
                error=error,
            )
        _record(
            email,
            "email.retry_later" if again else "email.fail",
            EmailStatus.SENDING,
            {"status": status, "attempt": attempt.number, "channel": attempt.channel},
        )
    if next_at is not None:
        enqueue_send(email.pk, run_after=next_at)
    return status


def _recover(email: OutboundEmail, now: datetime) -> str:
    """A message claimed by a worker that never finished: find out, or say we cannot know. The
    stale claim is taken over first, so two sweeps never settle the same message twice."""
    taken = OutboundEmail.objects.filter(
        pk=email.pk, status=EmailStatus.SENDING, claimed_at=email.claimed_at
    ).update(claimed_at=now, claimed_by="recovery")
    if not taken:
        return "skipped"
    mail_settings = MailSettings.objects.filter(organisation_id=email.organisation_id).first()
    attempt = SendAttempt.objects.filter(email=email).order_by("-number").first()
    if attempt is None:
        attempt = SendAttempt.objects.create(
            email=email,
            number=email.attempts,
            channel=email.channel or Channel.DEFAULT,
            started=now,
        )
    found: str | None = None
    known = False
    if (
        email.channel == Channel.NOTIFY
        and mail_settings is not None
        and mail_settings.channel == Channel.NOTIFY
    ):
        try:
            found = channels.notify_find(notify_reference(email), mail_settings)
            known = True
        except channels.SendFailed:
            known = False
    if found:
        _sent(email, attempt, found, claim=now)
        return "sent"
    SendAttempt.objects.filter(pk=attempt.pk).update(
        outcome=SendAttempt.Outcome.INTERRUPTED, finished=now, error=INTERRUPTED
    )
    if known:
        # Notify has no such message: it never arrived there, so trying again cannot repeat it.
        return _failed(email, attempt, NEVER_ARRIVED, temporary=True, claim=now, outcome=False)
    return _failed(email, attempt, INTERRUPTED, temporary=False, claim=now, outcome=False)


def email_dispatch_due() -> dict[str, int]:
    """Every minute: settle sends interrupted by a worker that stopped, and queue again any
    message whose send task was lost. Safe to run on two workers at once: each message is taken
    by one conditional update."""
    now = timezone.now()
    recovered = 0
    stale = OutboundEmail.objects.filter(
        status=EmailStatus.SENDING, claimed_at__lt=now - SEND_LEASE
    ).select_related("organisation")
    for email in stale.order_by("claimed_at")[:SWEEP_BATCH]:
        _recover(email, now)
        recovered += 1
    requeued = 0
    lost = (
        OutboundEmail.objects.filter(status__in=CLAIMABLE, next_attempt_at__lte=now - LOST_AFTER)
        .filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lte=now - REQUEUE_AFTER))
        .order_by("next_attempt_at")
        .values_list("pk", "enqueued_at")
    )
    for pk, enqueued_at in lost[:SWEEP_BATCH]:
        mine = OutboundEmail.objects.filter(pk=pk, enqueued_at=enqueued_at).update(enqueued_at=now)
        if mine:
            enqueue_send(pk)
            requeued += 1
    return {"recovered": recovered, "requeued": requeued}
