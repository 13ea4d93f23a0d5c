"""Writes for complaints: every step of a case asks the Code engine first, then writes and audits.

Each service locks the complaint row, refuses a stale form (``StaleCase``), builds the case's state
from its stored stages and asks ``putright.rules.stages`` whether the step is allowed. A refusal
(``CaseRefused``) carries the rules' reasons and clauses and writes nothing. An allowed step writes
only the fields it changes, recomputes and stores the current stage's deadlines and the case's
``next_due``, raises the complaint's ``version`` and records the change in the audit record.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from putright.audit import services as audit
from putright.cases.models import Channel, Complaint, Extension, Stage
from putright.organisations.models import ClosureDay, Organisation, Role, ServiceArea, User
from putright.policy import Profile, get_profile
from putright.rules import stages as rules
from putright.rules.calendar import CalendarError, WorkingCalendar, calendar_for
from putright.rules.deadlines import FactsError, StageFacts, stage_deadlines
from putright.rules.stages import CaseState, Refusal, Status

#: Roles that may change a case; members and auditors only read.
WRITE_ROLES = frozenset({Role.HANDLER, Role.MANAGER, Role.SENIOR_LEAD})
#: Roles a case may be assigned to.
HANDLER_ROLES = frozenset({Role.HANDLER, Role.MANAGER})
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


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _snapshot(case: _Case) -> dict[str, Any]:
    values = {f.removesuffix("_id"): getattr(case.complaint, f) for f in _COMPLAINT_FIELDS}
    for number, stage in case.stages.items():
        for f in _STAGE_FIELDS:
            values[f"stage_{number}.{f.removesuffix('_id')}"] = getattr(stage, f)
    return values


def _check_actor(actor: User, organisation_id: int) -> None:
    """Only active staff of the case's organisation in a role that changes cases may act."""
    if (
        not actor.is_active
        or actor.organisation_id is None
        or actor.organisation_id != organisation_id
        or actor.role not in WRITE_ROLES
    ):
        raise PermissionDenied("You cannot change complaints of this organisation.")


def _check_handler(handler: User, organisation_id: int) -> None:
    if (
        not handler.is_active
        or handler.organisation_id != organisation_id
        or handler.role not in HANDLER_ROLES
    ):
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


def _open(actor: User, complaint: Complaint, version: int | None) -> _Case:
    """Check the actor, lock the complaint row and check the form's version."""
    _check_actor(actor, complaint.organisation_id)
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
    case: _Case, before: dict[str, Any], *, verb: str, actor: User, extra: dict[str, Any] | None
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


def _next_reference(organisation: Organisation, year: int) -> str:
    """The next free generated reference of the organisation for the year; the caller holds the
    organisation's row lock, so two receipts never pick the same number."""
    prefix = f"{REFERENCE_PREFIX}-{year}-"
    taken = Complaint.objects.filter(
        organisation=organisation, reference__regex=rf"^{prefix}[0-9]+$"
    ).values_list("reference", flat=True)
    number = max((int(r.removeprefix(prefix)) for r in taken), default=0) + 1
    return f"{prefix}{number:05d}"


def complaint_receive(
    *,
    actor: User,
    service_area: ServiceArea,
    channel: str,
    received: date,
    name: str,
    description: str,
    today: date,
    email: str = "",
    phone: str = "",
    address: str = "",
    category: str = "",
    outcome_sought: str = "",
    handler: User | None = None,
    reference: str | None = None,
) -> Complaint:
    """Log a complaint, however it was made, at stage 1 under the service area's Code profile.

    Any member of staff may log a complaint from any channel (e.g. HOS 5.1); a new complaint starts
    at stage 1 unless the profile lets it start later (``can_open``). Stage 1's acknowledgement and
    response deadlines are stored from the received date and the organisation's working days (e.g.
    HOS 6.2 and 6.3), and the reference is the organisation's next one unless one is given.
    """
    _check_actor(actor, actor.organisation_id or 0)
    if service_area.organisation_id != actor.organisation_id:
        raise CaseInputError("That service area is not one of your organisation's.")
    if channel not in Channel.values:
        raise CaseInputError(
            f"Unknown channel {channel!r}: use one of {', '.join(Channel.values)}."
        )
    name, description = " ".join(name.split()), description.strip()
    if not name:
        raise CaseInputError("Give the name of the person complaining.")
    if not description:
        raise CaseInputError("Describe the complaint: it must not be empty.")
    if received > today:
        raise CaseInputError(f"The received date, {received:%-d %B %Y}, is in the future.")
    if received < EARLIEST:
        raise CaseInputError(f"The received date, {received:%-d %B %Y}, is before 2000.")
    email = email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise CaseInputError(f"{email!r} is not an email address.") from None
    if handler is not None:
        _check_handler(handler, service_area.organisation_id)
    profile = _profile(service_area.profile)
    _refuse_unless(rules.can_open(profile))
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=service_area.organisation_id)
        if reference is None:
            reference = _next_reference(organisation, received.year)
        else:
            reference = reference.strip()
            if not reference or len(reference) > 40:
                raise CaseInputError("A reference is 1 to 40 characters.")
            if Complaint.objects.filter(organisation=organisation, reference=reference).exists():
                raise CaseInputError(f"The reference {reference} is already in use.")
        complaint = Complaint(
            organisation=organisation,
            reference=reference,
            service_area=service_area,
            profile=profile.id,
            profile_version=profile.version,
            channel=channel,
            received=received,
            logged_by=actor,
            name=name,
            email=email,
            phone=phone.strip(),
            address=address.strip(),
            category=category.strip(),
            description=description,
            outcome_sought=outcome_sought.strip(),
            handler=handler,
        )
        stage = Stage(number=1, received=received, handler=handler)
        case = _Case(complaint, {1: stage}, profile, _calendar(organisation))
        _store_deadlines(case, stage)
        complaint.next_due = _next_due(complaint, stage)
        complaint.save()
        stage.complaint = complaint
        stage.save()
        # Personal details stay out of the audit record, which outlives their erasure.
        audit.record(
            action="complaint.receive",
            actor=actor,
            organisation=organisation,
            target=complaint,
            after={
                "reference": reference,
                "service_area": service_area.pk,
                "profile": profile.id,
                "profile_version": profile.version,
                "channel": channel,
                "received": received.isoformat(),
                "category": complaint.category,
                "handler": handler.pk if handler else None,
                "stage_1.acknowledge_by": _json(stage.acknowledge_by),
                "stage_1.respond_by": _json(stage.respond_by),
                "next_due": _json(complaint.next_due),
            },
        )
    return complaint


def stage_acknowledge(
    *,
    actor: User,
    complaint: Complaint,
    acknowledged: date,
    definition: str = "",
    handler: User | None = None,
    version: int | None = None,
) -> Complaint:
    """Acknowledge the current stage, once and before its response (e.g. HOS 6.2 and 6.11).

    Where the Code asks for it, the acknowledgement sets out the complaint definition (e.g. HOS
    6.13), and the stage's handler (the one given, else the one assigned, else the actor) must not
    be the previous stage's where a different handler is required (e.g. HOS 6.14). The response
    clock then runs from the acknowledgement, or from its deadline if that is earlier (HOS 6.3).
    """
    definition = definition.strip()
    with transaction.atomic():
        case = _open(actor, complaint, version)
        stage = case.stage
        if handler is not None:
            _check_handler(handler, case.complaint.organisation_id)
        who = handler.pk if handler is not None else (stage.handler_id or actor.pk)
        _refuse_unless(
            rules.can_acknowledge(
                case.profile, case.state(), handler=str(who), definition_given=bool(definition)
            )
        )
        _check_date(
            acknowledged, what="acknowledgement", not_before=stage.received, since="receipt"
        )
        before = _snapshot(case)
        stage.acknowledged = acknowledged
        stage.handler_id = who
        if definition:
            stage.definition = definition
        case.complaint.status = Status.ACKNOWLEDGED
        case.complaint.handler_id = who
        _finish(case, before, verb="acknowledge", actor=actor, extra=None)
    return case.complaint


def extension_grant(
    *,
    actor: User,
    complaint: Complaint,
    days: int,
    reason: str,
    ombudsman_details_given: bool,
    granted_on: date,
    version: int | None = None,
) -> Extension:
    """Give more time to respond at the current stage, explained to the individual (e.g. HOS 6.4).

    Extensions at a stage total no more than the profile's limit unless there is a good reason, and
    come with the Ombudsman's details where the Code requires them (e.g. HOS 6.5). The response
    deadline moves on by the working days granted.
    """
    reason = reason.strip()
    if not reason:
        raise CaseInputError("Give the reason for the extension: it is explained to the person.")
    with transaction.atomic():
        case = _open(actor, complaint, version)
        stage = case.stage
        _refuse_unless(
            rules.can_extend(
                case.profile,
                case.state(),
                days=days,
                reason=reason,
                ombudsman_details_given=ombudsman_details_given,
            )
        )
        _check_date(
            granted_on,
            what="extension",
            not_before=stage.acknowledged or stage.received,
            since="acknowledgement" if stage.acknowledged else "receipt",
        )
        before = _snapshot(case)
        extension = Extension.objects.create(
            stage=stage,
            days=days,
            reason=reason,
            ombudsman_details_given=ombudsman_details_given,
            granted_on=granted_on,
            granted_by=actor,
        )
        stage.extension_days += days
        extra = {
            "extension.days": days,
            "extension.reason": reason,
            "extension.ombudsman_details_given": ombudsman_details_given,
            "extension.granted_on": granted_on.isoformat(),
        }
        _finish(case, before, verb="extend", actor=actor, extra=extra)
    return extension


def stage_respond(
    *,
    actor: User,
    complaint: Complaint,
    responded: date,
    outcome: str,
    decision: str,
    reasons: str,
    contents: Collection[str],
    version: int | None = None,
) -> Complaint:
    """Record the response to the current stage, given by the actor, once and after its
    acknowledgement (e.g. HOS 6.2).

    The response contains every element the Code requires (``contents``, e.g. HOS 6.9 and 6.18),
    records one of the Code's outcomes (e.g. HOS 6.7: upheld or not upheld), and is given by
    someone other than the previous stage's handler where the Code says so (e.g. HOS 6.14).
    """
    outcome = outcome.strip()
    with transaction.atomic():
        case = _open(actor, complaint, version)
        stage = case.stage
        try:
            decided = rules.can_respond(
                case.profile,
                case.state(),
                outcome=outcome or None,
                contents=frozenset(contents),
                outcomes_allowed=case.profile.outcomes.values,
                handler=str(actor.pk),
            )
        except ValueError as error:
            raise CaseInputError(str(error)) from None
        _refuse_unless(decided)
        _check_date(
            responded,
            what="response",
            not_before=stage.acknowledged or stage.received,
            since="acknowledgement" if stage.acknowledged else "receipt",
        )
        before = _snapshot(case)
        stage.responded = responded
        stage.outcome = outcome
        stage.decision = decision.strip()
        stage.reasons = reasons.strip()
        stage.handler_id = actor.pk
        case.complaint.status = Status.RESPONDED
        case.complaint.handler_id = actor.pk
        extra = {"contents": sorted(contents)}
        _finish(case, before, verb="respond", actor=actor, extra=extra)
    return case.complaint


def complaint_escalate(
    *, actor: User, complaint: Complaint, requested: date, version: int | None = None
) -> Complaint:
    """Open the next stage at the individual's request, received on ``requested``.

    The individual is never asked why (e.g. HOS 6.12), there is no stage beyond the last (HOS
    5.2), and the current stage must have been acknowledged first. Where the next stage must be
    considered by someone else (e.g. HOS 6.14) it starts unassigned.
    """
    with transaction.atomic():
        case = _open(actor, complaint, version)
        current = case.stage
        _refuse_unless(rules.can_escalate(case.profile, case.state()))
        _check_date(
            requested,
            what="escalation",
            not_before=current.responded or current.received,
            since="the response" if current.responded else "receipt",
        )
        before = _snapshot(case)
        number = current.number + 1
        rule = case.profile.stage(number).different_handler
        handler_id = None if rule is not None and rule.value else current.handler_id
        case.stages[number] = Stage(
            complaint=case.complaint, number=number, received=requested, handler_id=handler_id
        )
        case.complaint.stage = number
        case.complaint.status = Status.RECEIVED
        case.complaint.handler_id = handler_id
        _finish(case, before, verb="escalate", actor=actor, extra=None)
    return case.complaint


def complaint_exclude(
    *,
    actor: User,
    complaint: Complaint,
    reason: str,
    evidence: str,
    ombudsman_details_given: bool,
    decided: date,
    safeguarding: bool = False,
    version: int | None = None,
) -> Complaint:
    """Decide not to accept the complaint, or the request for the next stage, before it is
    acknowledged: with an evidenced reason (e.g. HOS 2.1), explained with the right to go to the
    Ombudsman (e.g. HOS 2.4), and never about safeguarding where the Code forbids it (draft 2.3).
    """
    reason, evidence = " ".join(reason.split()), evidence.strip()
    if len(reason) > 200:
        raise CaseInputError("Keep the reason to 200 characters; put the detail in the evidence.")
    with transaction.atomic():
        case = _open(actor, complaint, version)
        _refuse_unless(
            rules.can_exclude(
                case.profile,
                case.state(),
                reason=reason,
                evidence=evidence,
                safeguarding=safeguarding,
                ombudsman_details_given=ombudsman_details_given,
            )
        )
        _check_date(decided, what="decision", not_before=case.stage.received, since="receipt")
        before = _snapshot(case)
        case.complaint.status = Status.EXCLUDED
        case.complaint.exclusion_reason = reason
        case.complaint.exclusion_evidence = evidence
        case.complaint.closed_on = decided
        extra = {
            "ombudsman_details_given": ombudsman_details_given,
            "safeguarding": safeguarding,
        }
        _finish(case, before, verb="exclude", actor=actor, extra=extra)
    return case.complaint


def complaint_withdraw(
    *, actor: User, complaint: Complaint, withdrawn: date, version: int | None = None
) -> Complaint:
    """Record that the individual withdrew the complaint; an open complaint may be withdrawn at
    any stage and at any point in it, and nothing more is due on it."""
    with transaction.atomic():
        case = _open(actor, complaint, version)
        _refuse_unless(rules.can_withdraw(case.profile, case.state()))
        _check_date(withdrawn, what="withdrawal", not_before=case.stage.received, since="receipt")
        before = _snapshot(case)
        case.complaint.status = Status.WITHDRAWN
        case.complaint.closed_on = withdrawn
        _finish(case, before, verb="withdraw", actor=actor, extra=None)
    return case.complaint


def complaint_close(
    *, actor: User, complaint: Complaint, closed: date, version: int | None = None
) -> Complaint:
    """Close the complaint once the current stage has been responded to and the individual does
    not take it further; before the response it can only be withdrawn."""
    with transaction.atomic():
        case = _open(actor, complaint, version)
        _refuse_unless(rules.can_close(case.profile, case.state()))
        stage = case.stage
        _check_date(
            closed, what="closing", not_before=stage.responded or stage.received, since="response"
        )
        before = _snapshot(case)
        case.complaint.status = Status.CLOSED
        case.complaint.closed_on = closed
        _finish(case, before, verb="close", actor=actor, extra=None)
    return case.complaint


def complaint_assign(
    *, actor: User, complaint: Complaint, handler: User, version: int | None = None
) -> Complaint:
    """Make ``handler`` responsible for the complaint and its current stage.

    The handler is a complaint handler or manager of the organisation; nothing is assigned on a
    closed, excluded or withdrawn case, and where a stage must be considered by someone other than
    the previous stage's handler (e.g. HOS 6.14), that person cannot be assigned to it.
    """
    with transaction.atomic():
        case = _open(actor, complaint, version)
        _check_handler(handler, case.complaint.organisation_id)
        status, stage = case.complaint.status, case.stage
        if status in rules.FINAL:
            raise CaseRefused([Refusal(f"This complaint is {status}: it cannot be assigned.")])
        rule = case.profile.stage(stage.number).different_handler
        previous = case.stages.get(stage.number - 1)
        if rule is not None and rule.value and previous and previous.handler_id == handler.pk:
            reason = (
                f"Stage {stage.number} must be considered by someone other than the stage "
                f"{previous.number} handler."
            )
            raise CaseRefused([Refusal(reason, rule.clause, case.profile.cite(rule.clause))])
        if case.complaint.handler_id == handler.pk and stage.handler_id == handler.pk:
            return case.complaint
        before = _snapshot(case)
        case.complaint.handler_id = handler.pk
        stage.handler_id = handler.pk
        _finish(case, before, verb="assign", actor=actor, extra=None)
    return case.complaint
