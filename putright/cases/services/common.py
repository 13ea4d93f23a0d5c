"""What every case service shares: errors, permission checks, locking, stored deadlines."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models.functions import Length
from django.utils import timezone

from putright.audit import services as audit
from putright.cases.models import Complaint, ServiceRequest, Stage
from putright.organisations.models import ClosureDay, Organisation, User
from putright.organisations.permissions import Actor, may_handle, require_actor
from putright.policy import Profile, get_profile
from putright.rules import stages as rules
from putright.rules.calendar import CalendarError, WorkingCalendar, calendar_for
from putright.rules.deadlines import FactsError, StageFacts, stage_deadlines
from putright.rules.stages import CaseState, Refusal, Status

#: Generated references: CMP-<year>-<number within the organisation and year>.
REFERENCE_PREFIX = "CMP"
EARLIEST = date(2000, 1, 1)

_COMPLAINT_FIELDS = (
    "stage",
    "status",
    "handler_id",
    "next_due",
    "exclusion_reason",
    "exclusion_evidence",
    "closed_on",
    "version",
)
_STAGE_FIELDS = (
    "received",
    "acknowledged",
    "handler_id",
    "definition",
    "extension_days",
    "responded",
    "outcome",
    "decision",
    "reasons",
    "acknowledge_by",
    "respond_by",
    "extended_respond_by",
)


class CaseRefused(Exception):
    """The Code engine refused a step: every reason, each with the clause it comes from."""

    def __init__(self, refusals: Iterable[Refusal]) -> None:
        self.refusals: tuple[Refusal, ...] = tuple(refusals)
        super().__init__(
            " ".join(
                f"{r.reason} ({r.citation})" if r.citation else r.reason for r in self.refusals
            )
        )


class StaleCase(Exception):
    """The case changed after the form was opened; nothing was saved."""

    def __init__(self) -> None:
        super().__init__(
            "This case was changed by someone else after you opened it. Nothing was saved: "
            "reload the case to see the change."
        )


class CaseInputError(ValueError):
    """Input that cannot be right, whatever the Code says: the message names the problem."""


@dataclass
class _Case:
    """A locked complaint with its stages, its profile and its organisation's calendar."""

    complaint: Complaint
    stages: dict[int, Stage]
    profile: Profile
    calendar: WorkingCalendar

    @property
    def stage(self) -> Stage:
        return self.stages[self.complaint.stage]

    def state(self) -> CaseState:
        return CaseState(
            stage=self.complaint.stage,
            status=Status(self.complaint.status),
            handlers={n: str(s.handler_id) for n, s in self.stages.items() if s.handler_id},
            extension_days=self.stage.extension_days,
        )


_json = audit.jsonable


def _snapshot(case: _Case) -> dict[str, Any]:
    values = {f.removesuffix("_id"): getattr(case.complaint, f) for f in _COMPLAINT_FIELDS}
    for number, stage in case.stages.items():
        for f in _STAGE_FIELDS:
            values[f"stage_{number}.{f.removesuffix('_id')}"] = getattr(stage, f)
    return values


def _check_actor(
    actor: Actor,
    organisation_id: int,
    *,
    residents: bool = False,
    complaint_id: int | None = None,
    individual_id: int | None = None,
) -> None:
    """Only active staff of the case's organisation in a role that changes cases may act; a
    resident only where the step is theirs to take (``residents``), and on an existing complaint
    or individual only on their own (``complaint_id``, ``individual_id``)."""
    require_actor(
        actor,
        organisation_id,
        what="complaints",
        residents=residents,
        complaint_id=complaint_id,
        individual_id=individual_id,
    )


def _check_handler(handler: User, organisation_id: int) -> None:
    if not may_handle(handler, organisation_id):
        raise CaseInputError(
            f"{handler.get_full_name() or handler.get_username()} cannot handle complaints here: "
            "choose a complaint handler or manager of this organisation."
        )


def _check_date(day: date, *, what: str, not_before: date, since: str) -> None:
    if day < not_before:
        raise CaseInputError(
            f"The {what} date, {day:%-d %B %Y}, is before {since} on {not_before:%-d %B %Y}."
        )
    if day > timezone.localdate():
        raise CaseInputError(f"The {what} date, {day:%-d %B %Y}, is in the future.")


def _calendar(organisation: Organisation) -> WorkingCalendar:
    closures = ClosureDay.objects.filter(organisation=organisation).values_list("day", flat=True)
    return calendar_for(organisation.division, closures)


def _profile(profile_id: str) -> Profile:
    try:
        return get_profile(profile_id)
    except KeyError:
        raise CaseInputError(f"Unknown Code profile {profile_id!r}.") from None


def _refuse_unless(decision: rules.Decision) -> None:
    if not decision.allowed:
        raise CaseRefused(decision.refusals)


def _open(
    actor: Actor, complaint: Complaint, version: int | None, *, residents: bool = False
) -> _Case:
    """Check the actor, lock the complaint row and check the form's version. ``residents``: the
    step is one the individual may take themselves on their own complaint."""
    _check_actor(actor, complaint.organisation_id, residents=residents, complaint_id=complaint.pk)
    locked = (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=complaint.pk)
    )
    if version is not None and version != locked.version:
        raise StaleCase
    stages = {s.number: s for s in Stage.objects.filter(complaint=locked)}
    return _Case(locked, stages, _profile(locked.profile), _calendar(locked.organisation))


def _store_deadlines(case: _Case, stage: Stage) -> None:
    """Compute the stage's deadlines under the case's profile and store them on the stage."""
    try:
        found = stage_deadlines(
            case.profile,
            case.profile.stage(stage.number),
            case.calendar,
            StageFacts(stage.received, stage.acknowledged, stage.extension_days),
        )
    except (FactsError, CalendarError) as error:
        raise CaseInputError(str(error)) from None
    stage.acknowledge_by = found.acknowledge_by
    stage.respond_by = found.respond_by
    stage.extended_respond_by = found.extended_respond_by
    stage.profile_version = case.profile.version


def _next_due(complaint: Complaint, stage: Stage) -> date | None:
    """The earliest deadline still to be met at the current stage, for the work queues."""
    if complaint.status == Status.RECEIVED:
        return stage.acknowledge_by or stage.final_respond_by
    if complaint.status == Status.ACKNOWLEDGED:
        return stage.final_respond_by
    return None


def _finish(
    case: _Case, before: dict[str, Any], *, verb: str, actor: Actor, extra: dict[str, Any] | None
) -> None:
    """Store the current stage's deadlines and ``next_due``, raise the version, write only what
    changed, and record it."""
    complaint, stage = case.complaint, case.stage
    _store_deadlines(case, stage)
    complaint.next_due = _next_due(complaint, stage)
    complaint.version += 1
    after = _snapshot(case)
    changed = {k for k in after if before.get(k) != after[k]}
    for number, each in case.stages.items():
        fields = [f for f in _STAGE_FIELDS if f"stage_{number}.{f.removesuffix('_id')}" in changed]
        if each.pk is None:
            each.save()
        elif fields:
            each.save(update_fields=[*fields, "profile_version"])
    fields = [f for f in _COMPLAINT_FIELDS if f.removesuffix("_id") in changed]
    complaint.save(update_fields=[*fields, "updated"])
    audit.record(
        action=f"complaint.{verb}",
        actor=actor,
        organisation=complaint.organisation,
        target=complaint,
        before={k: _json(before.get(k)) for k in sorted(changed)},
        after={**{k: _json(after[k]) for k in sorted(changed)}, **(extra or {})},
    )


def months_before(day: date, months: int) -> date:
    """The same day of the month ``months`` calendar months earlier (the month's last day when
    that month is shorter: 12 months before 29 February 2024 is 28 February 2023)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - 28 always exists


def next_reference(
    model: type[Complaint] | type[ServiceRequest],
    organisation: Organisation,
    prefix: str,
    year: int,
) -> str:
    """The organisation's next free generated reference of the year, e.g. CMP-2025-00042.

    The caller holds the organisation's row lock, so two receipts never pick the same number.
    The highest number is found in SQL (longest, then greatest reference), reading one row
    however many cases the year holds; a number taken by a hand-entered reference is skipped.
    """
    start = f"{prefix}-{year}-"
    last = (
        model.objects.filter(organisation=organisation, reference__regex=rf"^{start}[0-9]+$")
        .annotate(width=Length("reference"))
        .order_by("-width", "-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.removeprefix(start)) + 1 if last else 1
    return f"{start}{number:05d}"


def _next_reference(organisation: Organisation, year: int) -> str:
    """The next generated complaint reference of the organisation for the year."""
    return next_reference(Complaint, organisation, REFERENCE_PREFIX, year)
