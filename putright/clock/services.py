"""The sweep: every minute, the reminders and alerts due today, each sent once.

For each organisation the sweep reads the dates still to be met that fall in today's window
(``rules.notices.window``), asks ``rules.notices`` which notices are due today, and sends each new
one in its own transaction: the ``Notice`` row is inserted first (``get_or_create`` on its unique
key, so of two workers at once one inserts and the other finds it), then its emails are queued
with ``email_queue`` under keys made from the notice, so even a repeat could not send twice. After
downtime the next sweep finds everything still due and sends it once: reminders for dates not yet
passed, alerts for dates passed within the last ``CATCH_UP_DAYS`` working days.

Who is told: a reminder goes to whoever is responsible (the stage's handler, the action's owner,
whoever agreed the adjustment or decided the restriction), or to the managers when nobody is; an
alert that a date has passed goes to the organisation's managers (its senior leads when it has
no manager).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from putright.audit import services as audit
from putright.cases.models import (
    CaseStatus,
    Complaint,
    KeepInformed,
    OutstandingAction,
    Remedy,
    Stage,
)
from putright.cases.models.remedies import ActionStatus, RemedyStatus
from putright.clock.models import ClockSettings, Notice, PeriodicJob
from putright.correspondence.services import email_queue
from putright.organisations.models import ClosureDay, Organisation, Role, User
from putright.organisations.selectors import can_change_settings
from putright.people.models import ReasonableAdjustment, Restriction
from putright.rules.calendar import WorkingCalendar, calendar_for
from putright.rules.notices import Notice as DueNotice
from putright.rules.notices import Tracked, notices_due, window

logger = logging.getLogger(__name__)

#: Working days after a date passes during which its alert is still sent (after downtime, say).
CATCH_UP_DAYS = 10
DEFAULT_REMINDER_DAYS = 2
#: How far a response deadline can lie beyond the acknowledgement deadline that sets a case's
#: place in the queue (20 working days and an extension of 20 more, with room to spare): the
#: sweep reads open cases by that indexed date.
RESPONSE_SPAN = timedelta(days=120)
SWEEP_TASK = "putright.clock.tasks.sweep_task"


# --- Settings -------------------------------------------------------------------------------------


def reminder_days_for(organisation: Organisation) -> int:
    """How many working days before a date the organisation's staff are reminded (default 2)."""
    found = ClockSettings.objects.filter(organisation=organisation).values("reminder_days").first()
    return int(found["reminder_days"]) if found else DEFAULT_REMINDER_DAYS


def clock_settings_update(
    *, organisation: Organisation, actor: User, reminder_days: int
) -> ClockSettings:
    """Set how many working days before a deadline, an agreed update, a review or a due date the
    person responsible is reminded: 0 (on the day) to 20. Only a manager or senior lead may."""
    if not can_change_settings(actor) or actor.organisation_id != organisation.pk:
        raise PermissionDenied("Only a manager or senior lead changes the reminder settings.")
    if not 0 <= reminder_days <= 20:
        raise ValidationError("The reminder must be 0 to 20 working days before the date.")
    with transaction.atomic():
        row, _ = ClockSettings.objects.select_for_update().get_or_create(
            organisation=organisation, defaults={"reminder_days": DEFAULT_REMINDER_DAYS}
        )
        if row.reminder_days == reminder_days and row.updated_by_id is not None:
            return row
        before = row.reminder_days
        row.reminder_days = reminder_days
        row.updated_by = actor
        row.save(update_fields=["reminder_days", "updated_by", "updated"])
        audit.record(
            action="clock_settings.update",
            actor=actor,
            organisation=organisation,
            target=row,
            before={"reminder_days": before},
            after={"reminder_days": reminder_days},
        )
    return row


# --- What is tracked ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Ref:
    """What a tracked date belongs to: enough to store the notice and write its email."""

    subject_type: str
    subject_id: int
    complaint_id: int | None
    reference: str
    responsible_id: int | None
    person_id: int | None = None
    description: str = ""


def _open_stages(organisation: Organisation, earliest: date, latest: date) -> Iterator[Tracked]:
    stages = (
        Stage.objects.filter(
            complaint__organisation=organisation,
            complaint__status__in=[CaseStatus.RECEIVED, CaseStatus.ACKNOWLEDGED],
            complaint__stage=F("number"),
            # The open-queue index on next_due: every date tracked here is on or after it.
            complaint__next_due__lte=latest,
            complaint__next_due__gte=earliest - RESPONSE_SPAN,
        )
        .annotate(final=Coalesce("extended_respond_by", "respond_by"))
        .values(
            "pk",
            "number",
            "acknowledged",
            "acknowledge_by",
            "responded",
            "final",
            "handler_id",
            "complaint_id",
            "complaint__reference",
            "complaint__handler_id",
            "complaint__status",
        )
    )
    for row in stages.iterator(chunk_size=2000):
        ref = Ref(
            "cases.stage",
            row["pk"],
            row["complaint_id"],
            row["complaint__reference"],
            row["handler_id"] or row["complaint__handler_id"],
            description=f"stage {row['number']}",
        )
        ack = row["acknowledge_by"]
        waiting = row["complaint__status"] == CaseStatus.RECEIVED and row["acknowledged"] is None
        if waiting and ack and earliest <= ack <= latest:
            yield Tracked(ref, "acknowledge", ack)
        final = row["final"]
        if row["responded"] is None and final and earliest <= final <= latest:
            yield Tracked(ref, "respond", final)


def _case_dates(organisation: Organisation, earliest: date, latest: date) -> Iterator[Tracked]:
    open_case = Q(complaint__status__in=[CaseStatus.RECEIVED, CaseStatus.ACKNOWLEDGED])
    updates = KeepInformed.objects.filter(
        open_case,
        complaint__organisation=organisation,
        ended_on__isnull=True,
        next_update_by__range=(earliest, latest),
    ).values(
        "pk", "next_update_by", "complaint_id", "complaint__reference", "complaint__handler_id"
    )
    for row in updates:
        ref = Ref(
            "cases.keepinformed",
            row["pk"],
            row["complaint_id"],
            row["complaint__reference"],
            row["complaint__handler_id"],
        )
        yield Tracked(ref, "update", row["next_update_by"])
    remedies = (
        Remedy.objects.filter(complaint__organisation=organisation, due__range=(earliest, latest))
        .exclude(
            status__in=[RemedyStatus.COMPLETED, RemedyStatus.DECLINED, RemedyStatus.CANNOT_DELIVER]
        )
        .values(
            "pk", "due", "kind", "complaint_id", "complaint__reference", "complaint__handler_id"
        )
    )
    for row in remedies:
        ref = Ref(
            "cases.remedy",
            row["pk"],
            row["complaint_id"],
            row["complaint__reference"],
            row["complaint__handler_id"],
            description=Remedy(kind=row["kind"]).get_kind_display().lower(),
        )
        yield Tracked(ref, "remedy", row["due"])
    actions = OutstandingAction.objects.filter(
        complaint__organisation=organisation,
        status=ActionStatus.OPEN,
        due__range=(earliest, latest),
    ).values(
        "pk", "due", "owner_id", "complaint_id", "complaint__reference", "complaint__handler_id"
    )
    for row in actions:
        ref = Ref(
            "cases.outstandingaction",
            row["pk"],
            row["complaint_id"],
            row["complaint__reference"],
            row["owner_id"] or row["complaint__handler_id"],
        )
        yield Tracked(ref, "action", row["due"])


def _people_dates(organisation: Organisation, earliest: date, latest: date) -> Iterator[Tracked]:
    adjustments = ReasonableAdjustment.objects.filter(
        organisation=organisation, ended_on__isnull=True, review_by__range=(earliest, latest)
    ).values("pk", "review_by", "agreed_by_id", "individual_id")
    for row in adjustments:
        ref = Ref(
            "people.reasonableadjustment",
            row["pk"],
            None,
            "",
            row["agreed_by_id"],
            person_id=row["individual_id"],
        )
        yield Tracked(ref, "adjustment_review", row["review_by"])
    restrictions = Restriction.objects.filter(
        organisation=organisation, ended_on__isnull=True, review_by__range=(earliest, latest)
    ).values("pk", "review_by", "decided_by_id", "individual_id")
    for row in restrictions:
        ref = Ref(
            "people.restriction",
            row["pk"],
            None,
            "",
            row["decided_by_id"],
            person_id=row["individual_id"],
        )
        yield Tracked(ref, "restriction_review", row["review_by"])


def tracked_dates(organisation: Organisation, earliest: date, latest: date) -> list[Tracked]:
    """Every date still to be met in the organisation that falls between the two, included."""
    return [
        *_open_stages(organisation, earliest, latest),
        *_case_dates(organisation, earliest, latest),
        *_people_dates(organisation, earliest, latest),
    ]


# --- The emails -----------------------------------------------------------------------------------


def _site_url(path: str) -> str:
    return settings.PUTRIGHT_SITE_URL.rstrip("/") + path


_WHAT = {
    "acknowledge": "acknowledge complaint {reference} ({description})",
    "respond": "respond to complaint {reference} ({description})",
    "update": "send the update agreed with the individual on complaint {reference}",
    "remedy": "deliver the {description} promised on complaint {reference}",
    "action": "complete an outstanding action on complaint {reference}",
    "adjustment_review": "review a reasonable adjustment",
    "restriction_review": "review a restriction on contact",
}


def _wording(notice: DueNotice, ref: Ref, organisation: Organisation) -> tuple[str, str]:
    what = notice.kind.rsplit("_", 1)[0]
    task = _WHAT[what].format(reference=ref.reference, description=ref.description)
    day = f"{notice.due:%A} {notice.due.day} {notice.due:%B %Y}"
    if ref.complaint_id is not None:
        link = _site_url(reverse("staff:case", args=[ref.reference]))
    else:
        link = _site_url(reverse("staff:person", args=[ref.person_id]))
    if notice.overdue:
        subject = f"Overdue: {task[0].upper()}{task[1:]}, due {day}"
        body = (
            f"The date to {task} was {day}, and it has passed without being done.\n\n"
            f"You are told as a manager of {organisation.name}'s complaints. "
            f"See it here: {link}\n"
        )
    else:
        subject = f"Reminder: {task[0].upper()}{task[1:]} by {day}"
        body = f"This is a reminder to {task} by {day}.\n\nSee it here: {link}\n"
    return subject, body + "\nThis message was sent by putright's reminders.\n"


def _managers(organisation: Organisation) -> list[User]:
    staff = User.objects.filter(organisation=organisation, is_active=True).exclude(email="")
    managers = list(staff.filter(role=Role.MANAGER).order_by("pk"))
    return managers or list(staff.filter(role=Role.SENIOR_LEAD).order_by("pk"))


def _recipients(organisation: Organisation, notice: DueNotice, ref: Ref) -> list[User]:
    if not notice.overdue and ref.responsible_id is not None:
        person = (
            User.objects.filter(pk=ref.responsible_id, organisation=organisation, is_active=True)
            .exclude(email="")
            .first()
        )
        if person is not None:
            return [person]
    return _managers(organisation)


def _send(organisation: Organisation, notice: DueNotice) -> bool:
    """Store the notice and queue its emails, once; False if it was already there."""
    ref: Ref = notice.item.ref  # type: ignore[assignment]
    with transaction.atomic():
        row, created = Notice.objects.get_or_create(
            organisation=organisation,
            subject_type=ref.subject_type,
            subject_id=ref.subject_id,
            kind=notice.kind,
            due=notice.due,
            defaults={"complaint_id": ref.complaint_id},
        )
        if not created:
            return False
        subject, text = _wording(notice, ref, organisation)
        complaint = (
            Complaint.objects.only("pk", "organisation_id", "reference").get(pk=ref.complaint_id)
            if ref.complaint_id is not None
            else None
        )
        recipients = _recipients(organisation, notice, ref)
        for user in recipients:
            email_queue(
                organisation=organisation,
                to=user.email,
                subject=subject,
                text=text,
                key=f"notice:{row.pk}:{user.pk}",
                complaint=complaint,
            )
        row.recipients = len(recipients)
        row.save(update_fields=["recipients"])
        audit.record(
            action="notice.send",
            organisation=organisation,
            target=row,
            actor_label="putright clock",
            after={
                "kind": notice.kind,
                "due": notice.due.isoformat(),
                "about": f"{ref.subject_type}:{ref.subject_id}",
                "recipients": len(recipients),
            },
        )
    return True


# --- The sweep ------------------------------------------------------------------------------------


def _calendar(organisation: Organisation) -> WorkingCalendar:
    closures = ClosureDay.objects.filter(organisation=organisation).values_list("day", flat=True)
    return calendar_for(organisation.division, closures)


def sweep_organisation(*, organisation: Organisation, today: date) -> dict[str, int]:
    """Send the organisation's notices due today that are not yet sent; return how many were
    due and how many this run sent (the rest another worker, or an earlier run, had sent)."""
    calendar = _calendar(organisation)
    lead = reminder_days_for(organisation)
    earliest, latest = window(
        today=today, calendar=calendar, lead_days=lead, catch_up_days=CATCH_UP_DAYS
    )
    due = notices_due(
        tracked_dates(organisation, earliest, latest),
        today=today,
        calendar=calendar,
        lead_days=lead,
        catch_up_days=CATCH_UP_DAYS,
    )
    if not due:
        return {"due": 0, "sent": 0}
    sent_already = set(
        Notice.objects.filter(organisation=organisation, due__range=(earliest, latest)).values_list(
            "subject_type", "subject_id", "kind", "due"
        )
    )
    sent = 0
    for notice in due:
        ref: Ref = notice.item.ref  # type: ignore[assignment]
        if (ref.subject_type, ref.subject_id, notice.kind, notice.due) in sent_already:
            continue
        if _send(organisation, notice):
            sent += 1
    return {"due": len(due), "sent": sent}


def sweep(*, now: datetime | None = None) -> dict[str, Any]:
    """Every minute (``tasks.sweep_task``): each organisation's notices due today, each sent
    once. Safe to run on two workers at once and after any downtime."""
    started = now or timezone.now()
    today = timezone.localdate(started)
    periodic_job_mark(SWEEP_TASK, last_started=timezone.now())
    totals = {"organisations": 0, "due": 0, "sent": 0}
    for organisation in Organisation.objects.order_by("pk"):
        result = sweep_organisation(organisation=organisation, today=today)
        totals["organisations"] += 1
        totals["due"] += result["due"]
        totals["sent"] += result["sent"]
    summary: dict[str, Any] = {"day": today.isoformat(), **totals}
    if totals["sent"]:
        logger.info("The sweep sent %d reminders and alerts", totals["sent"])
    periodic_job_mark(SWEEP_TASK, last_finished=timezone.now(), last_result=summary)
    return summary


def periodic_job_claim(*, task_path: str, every: timedelta, now: datetime) -> bool:
    """Claim this period of a periodic job for the calling worker: True for exactly one of any
    number of workers asking in the same period (a conditional update of the job's row), so the
    job is queued once per period however many workers run."""
    if not PeriodicJob.objects.filter(task_path=task_path).exists():
        try:
            with transaction.atomic():
                PeriodicJob.objects.create(task_path=task_path)
        except IntegrityError:
            pass
    claimed = (
        PeriodicJob.objects.filter(task_path=task_path)
        .filter(Q(last_queued__isnull=True) | Q(last_queued__lte=now - every))
        .update(last_queued=now)
    )
    return bool(claimed)


def periodic_job_mark(task_path: str, **fields: Any) -> None:
    """Record when a periodic job was queued, started or finished (shared by all workers)."""
    if not PeriodicJob.objects.filter(task_path=task_path).update(**fields):
        try:
            with transaction.atomic():
                PeriodicJob.objects.create(task_path=task_path, **fields)
        except IntegrityError:
            PeriodicJob.objects.filter(task_path=task_path).update(**fields)
