"""Reads for complaints, always scoped to the user's organisation.

A complaint of another organisation is answered exactly as one that does not exist (404), and an
account without an organisation sees none. Queues are plain queries on the stored ``next_due``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from django.db.models import CharField, Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Cast
from django.http import Http404

from putright.audit.models import AuditEvent
from putright.cases.models import OPEN_STATUSES, Complaint, Recommendation, Stage
from putright.organisations.models import (
    CASE_WRITE_ROLES,
    ClosureDay,
    Organisation,
    Role,
    ServiceArea,
    User,
)
from putright.policy import get_profile
from putright.rules import stages as rules
from putright.rules.calendar import WorkingCalendar, calendar_for
from putright.rules.contents import required_contents
from putright.rules.stages import CaseState, Decision, Status

QueueState = Literal["overdue", "due_today", "at_risk", "on_track"]
QUEUE_STATES: tuple[QueueState, ...] = ("overdue", "due_today", "at_risk", "on_track")
#: A deadline within this many working days of today is at risk.
AT_RISK_WORKING_DAYS = 2


@dataclass(frozen=True, slots=True)
class QueueRow:
    """One open complaint in a work queue: what is due next, by when, and how urgent it is."""

    complaint: Complaint
    next_due: date | None
    due_label: str
    state: QueueState


def complaints_for(user: User) -> QuerySet[Complaint]:
    """The complaints of the user's organisation; none for an account without one."""
    if user.organisation_id is None:
        return Complaint.objects.none()
    return Complaint.objects.filter(organisation_id=user.organisation_id)


def complaint_get(user: User, reference: str) -> Complaint:
    """The user's organisation's complaint with this reference, with its stages and extensions;
    404 when it does not exist or belongs to another organisation."""
    found = (
        complaints_for(user)
        .select_related("service_area", "handler")
        .prefetch_related(
            Prefetch(
                "stages",
                queryset=Stage.objects.select_related("handler").prefetch_related("extensions"),
            )
        )
    )
    complaint = found.filter(reference=reference.strip()).first()
    if complaint is None:
        complaint = found.filter(reference__iexact=reference.strip()).first()
    if complaint is None:
        raise Http404("No such complaint.")
    return complaint


def _calendar(organisation_id: int) -> WorkingCalendar:
    organisation = Organisation.objects.get(pk=organisation_id)
    closures = ClosureDay.objects.filter(organisation=organisation).values_list("day", flat=True)
    return calendar_for(organisation.division, closures)


def _state(next_due: date | None, today: date, calendar: WorkingCalendar) -> QueueState:
    if next_due is None or next_due > calendar.add(today, AT_RISK_WORKING_DAYS):
        return "on_track"
    if next_due < today:
        return "overdue"
    if next_due == today:
        return "due_today"
    return "at_risk"


#: Rows on one page of a work queue.
PAGE_SIZE = 50


@dataclass(frozen=True, slots=True)
class Queue:
    """One page of a work queue, with the counts of the whole (filtered) queue.

    Iterating gives the page's rows, so a template loops over the queue itself.
    """

    rows: list[QueueRow]
    counts: dict[str, int]
    page: int
    pages: int
    total: int

    def __iter__(self) -> Iterator[QueueRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index: int) -> QueueRow:
        return self.rows[index]


def _state_conditions(today: date, calendar: WorkingCalendar) -> dict[str, Q]:
    """Each queue state as a condition on the stored ``next_due``, as ``_state`` decides it."""
    boundary = calendar.add(today, AT_RISK_WORKING_DAYS)
    return {
        "overdue": Q(next_due__lt=today),
        "due_today": Q(next_due=today),
        "at_risk": Q(next_due__gt=today, next_due__lte=boundary),
        "on_track": Q(next_due__gt=boundary) | Q(next_due__isnull=True),
    }


def _queue(
    user: User,
    complaints: QuerySet[Complaint],
    today: date,
    *,
    state: str | None = None,
    page: int = 1,
) -> Queue:
    """A page of open complaints in deadline order, and the counts by state: all in SQL, so a
    queue of a million complaints reads one page from an index."""
    if user.organisation_id is None:
        return Queue([], {**dict.fromkeys(QUEUE_STATES, 0), "total": 0}, 1, 1, 0)
    calendar = _calendar(user.organisation_id)
    conditions = _state_conditions(today, calendar)
    open_complaints = complaints.filter(status__in=OPEN_STATUSES)
    counts = open_complaints.aggregate(
        **{name: Count("pk", filter=condition) for name, condition in conditions.items()},
        total=Count("pk"),
    )
    if state in conditions:
        open_complaints = open_complaints.filter(conditions[state])
        total = counts[state]
    else:
        total = counts["total"]
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    acknowledge_by = Stage.objects.filter(complaint=OuterRef("pk"), number=OuterRef("stage"))
    found = (
        open_complaints.select_related("service_area", "handler")
        .annotate(stage_acknowledge_by=Subquery(acknowledge_by.values("acknowledge_by")[:1]))
        .order_by(F("next_due").asc(nulls_last=True), "received", "pk")
    )[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    rows = []
    for complaint in found:
        due = complaint.next_due
        if due is None:
            label = ""
        elif complaint.status == Status.RECEIVED and complaint.stage_acknowledge_by == due:
            label = "acknowledge"
        else:
            label = "respond"
        rows.append(QueueRow(complaint, due, label, _state(due, today, calendar)))
    return Queue(rows, counts, page, pages, total)


def work_queue(user: User, *, today: date, page: int = 1) -> Queue:
    """The user's own open complaints, the most urgent first (no deadline last), a page at a
    time. A deadline before ``today`` is overdue; one within two working days of it is at risk."""
    return _queue(user, complaints_for(user).filter(handler=user), today, page=page)


def team_queue(
    user: User,
    *,
    today: date,
    service_area: int | None = None,
    stage: int | None = None,
    handler: int | None = None,
    status: str | None = None,
    page: int = 1,
) -> Queue:
    """Every open complaint of the user's organisation, the most urgent first, a page at a time,
    filtered by service area, stage, handler (0 for unassigned) and status: a case status
    ('received', ...) or a queue state ('overdue', 'due_today', 'at_risk', 'on_track')."""
    complaints = complaints_for(user)
    if service_area is not None:
        complaints = complaints.filter(service_area_id=service_area)
    if stage is not None:
        complaints = complaints.filter(stage=stage)
    if handler == 0:
        complaints = complaints.filter(handler__isnull=True)
    elif handler is not None:
        complaints = complaints.filter(handler_id=handler)
    if status and status not in QUEUE_STATES:
        complaints = complaints.filter(status=status)
    state = status if status in QUEUE_STATES else None
    return _queue(user, complaints, today, state=state, page=page)


def queue_counts(queue: Queue) -> dict[str, int]:
    """How many complaints of the whole queue are in each state, every state present, and the
    total."""
    return {**dict.fromkeys(QUEUE_STATES, 0), **queue.counts}


#: The most search results shown at once.
SEARCH_LIMIT = 50


def complaint_search(user: User, query: str) -> QuerySet[Complaint]:
    """The user's organisation's complaints matching the query: the reference exactly (in any
    case) when one matches, otherwise the name or address containing it, or every word of it in
    the description, category or name. The most recent first."""
    query = " ".join(query.split())
    if not query:
        return Complaint.objects.none()
    found = complaints_for(user).select_related("service_area", "handler")
    # A reference is what staff type most; it is one index look-up, so try it first.
    by_reference = found.filter(reference__iexact=query)
    if by_reference.exists():
        return by_reference
    words = Q()
    for word in query.split():
        words &= (
            Q(description__icontains=word) | Q(category__icontains=word) | Q(name__icontains=word)
        )
    match = Q(name__icontains=query) | Q(address__icontains=query) | words
    return found.filter(match).order_by("-received", "-pk")


def service_areas_for(user: User) -> QuerySet[ServiceArea]:
    """The service areas of the user's organisation, by name."""
    if user.organisation_id is None:
        return ServiceArea.objects.none()
    return ServiceArea.objects.filter(organisation_id=user.organisation_id).order_by("name")


def handlers_for(user: User) -> QuerySet[User]:
    """The active staff of the user's organisation to whom a complaint may be assigned."""
    if user.organisation_id is None:
        return User.objects.none()
    return User.objects.filter(
        organisation_id=user.organisation_id,
        role__in=[Role.HANDLER, Role.MANAGER],
        is_active=True,
        # An API token's service account acts for the token, never as a handler.
        api_token__isnull=True,
    ).order_by("first_name", "last_name", "username")


def _case_state(complaint: Complaint) -> CaseState:
    stages = list(complaint.stages.all())
    current = next((s for s in stages if s.number == complaint.stage), None)
    return CaseState(
        stage=complaint.stage,
        status=Status(complaint.status),
        handlers={s.number: str(s.handler_id) for s in stages if s.handler_id},
        extension_days=current.extension_days if current else 0,
    )


def can_change(user: object) -> bool:
    """Whether the user's role may take steps on cases (the Member and auditors only read)."""
    return getattr(user, "role", "") in CASE_WRITE_ROLES


def allowed_actions(complaint: Complaint) -> dict[str, Decision]:
    """Which steps the Code allows on the case now, keyed by ``Action`` value (and 'assign').

    Steps that need details (a definition, an outcome, the response's contents, an exclusion's
    reason and evidence) are judged on the case's state alone, as if the details were complete;
    the service judges the details when the step is taken.
    """
    profile = get_profile(complaint.profile)
    state = _case_state(complaint)
    stage = profile.stage(state.stage)
    handler = state.handlers.get(state.stage)
    contents = [item.key for item in required_contents(profile, stage.number)]
    decisions = {
        rules.Action.ACKNOWLEDGE: rules.can_acknowledge(
            profile, state, handler=handler, definition_given=True
        ),
        rules.Action.EXTEND: rules.can_extend(
            profile, state, days=1, reason="", ombudsman_details_given=True
        ),
        rules.Action.RESPOND: rules.can_respond(
            profile,
            state,
            outcome=profile.outcomes.values[0],
            contents=contents,
            outcomes_allowed=profile.outcomes.values,
            # Whoever responds is judged when they do; here only an assigned handler is known.
            handler=handler or "anyone else",
        ),
        rules.Action.ESCALATE: rules.can_escalate(profile, state),
        rules.Action.EXCLUDE: rules.can_exclude(
            profile, state, reason="given", evidence="given", ombudsman_details_given=True
        ),
        rules.Action.WITHDRAW: rules.can_withdraw(profile, state),
        rules.Action.CLOSE: rules.can_close(profile, state),
    }
    out: dict[str, Decision] = {str(action): decision for action, decision in decisions.items()}
    if state.status in rules.FINAL:
        out["assign"] = decisions[rules.Action.WITHDRAW]
    else:
        out["assign"] = Decision(True, (), state)
    return out


#: The case page's name for ``allowed_actions``.
stage_states = allowed_actions


def complaint_audit_events(complaint: Complaint) -> QuerySet[AuditEvent]:
    """The audit record of a complaint and of everything recorded about it, newest first.

    Services audit each object they write (a remedy, a letter, a clarification...) under its own
    type and id; the case timeline gathers them all, so the full record (draft 5.10) reads in one
    place. One statement: each related kind is a subquery on the audit index.
    """

    def keys(found: QuerySet[Any]) -> QuerySet[Any]:
        return found.annotate(key=Cast("pk", output_field=CharField())).values("key")

    condition = Q(object_type="cases.complaint", object_id=str(complaint.pk))
    condition |= Q(object_type="cases.stage", object_id__in=keys(complaint.stages.all()))
    for relation, label in _TIMELINE_RELATIONS:
        condition |= Q(object_type=label, object_id__in=keys(getattr(complaint, relation).all()))
    condition |= Q(
        object_type="cases.recommendation",
        object_id__in=keys(Recommendation.objects.filter(referral__complaint=complaint)),
    )
    return AuditEvent.objects.filter(condition, organisation_id=complaint.organisation_id).order_by(
        "-created", "-id"
    )


_TIMELINE_RELATIONS = (
    ("correspondence", "cases.correspondence"),
    ("documents", "cases.document"),
    ("clarifications", "cases.clarification"),
    ("keep_informed", "cases.keepinformed"),
    ("additional_issues", "cases.additionalissue"),
    ("remedies", "cases.remedy"),
    ("outstanding_actions", "cases.outstandingaction"),
    ("ombudsman_referrals", "cases.ombudsmanreferral"),
    ("learning", "cases.learning"),
)


def complaint_list(
    user: User,
    *,
    today: date,
    status: str | None = None,
    stage: int | None = None,
    service_area: int | None = None,
    received_from: date | None = None,
    received_to: date | None = None,
    overdue: bool | None = None,
) -> QuerySet[Complaint]:
    """The user's organisation's complaints, the most recently received first, with their
    stages and extensions, filtered by status, stage, service area, received dates (both
    included) and whether they are overdue: still open with their next deadline before today."""
    found = complaints_for(user)
    if status:
        found = found.filter(status=status)
    if stage is not None:
        found = found.filter(stage=stage)
    if service_area is not None:
        found = found.filter(service_area_id=service_area)
    if received_from is not None:
        found = found.filter(received__gte=received_from)
    if received_to is not None:
        found = found.filter(received__lte=received_to)
    late = Q(status__in=OPEN_STATUSES, next_due__lt=today)
    if overdue is True:
        found = found.filter(late)
    elif overdue is False:
        found = found.exclude(late)
    return (
        found.select_related("service_area", "handler")
        .prefetch_related(Prefetch("stages", queryset=Stage.objects.prefetch_related("extensions")))
        .order_by("-received", "-pk")
    )


@dataclass(frozen=True, slots=True)
class HandlerWorkload:
    """One handler's open complaints and how many of them fall due: overdue, and due from today
    to the end of the reminder window. ``handler_id`` 0 is the complaints not assigned."""

    handler_id: int
    name: str
    open: int
    overdue: int
    due_soon: int


def team_workload(
    user: User, *, today: date, window_days: int, service_area: int | None = None
) -> list[HandlerWorkload]:
    """Each handler's open complaints of the user's organisation, with those overdue and those
    due within ``window_days`` working days of today, the most overdue first: one query."""
    if user.organisation_id is None:
        return []
    calendar = _calendar(user.organisation_id)
    boundary = calendar.add(today, window_days)
    complaints = complaints_for(user).filter(status__in=OPEN_STATUSES)
    if service_area is not None:
        complaints = complaints.filter(service_area_id=service_area)
    rows = (
        complaints.values(
            "handler_id", "handler__first_name", "handler__last_name", "handler__username"
        )
        .annotate(
            n_open=Count("pk"),
            n_overdue=Count("pk", filter=Q(next_due__lt=today)),
            n_due_soon=Count("pk", filter=Q(next_due__gte=today, next_due__lte=boundary)),
        )
        .order_by()
    )
    found = [
        HandlerWorkload(
            handler_id=row["handler_id"] or 0,
            name=(
                (
                    f"{row['handler__first_name']} {row['handler__last_name']}".strip()
                    or row["handler__username"]
                )
                if row["handler_id"]
                else "Not assigned"
            ),
            open=row["n_open"],
            overdue=row["n_overdue"],
            due_soon=row["n_due_soon"],
        )
        for row in rows
    ]
    return sorted(found, key=lambda w: (-w.overdue, -w.due_soon, w.name))
