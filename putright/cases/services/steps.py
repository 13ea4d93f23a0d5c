"""The steps of a complaint after receipt: acknowledge, extend, respond, escalate, exclude,
withdraw, close and assign."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from django.db import transaction

from putright.cases.models import Complaint, Extension, Stage

#: Roles that may change a case; members and auditors only read.
from putright.cases.services.common import (
    CaseInputError,
    CaseRefused,
    _check_date,
    _check_handler,
    _finish,
    _open,
    _refuse_unless,
    _snapshot,
)
from putright.organisations.models import User
from putright.organisations.permissions import Actor
from putright.organisations.selectors import outcome_choices
from putright.rules import stages as rules
from putright.rules.stages import Refusal, Status


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
    records one of the Code's outcomes (e.g. HOS 6.7: upheld or not upheld) or, where the Code
    leaves the list to the organisation (e.g. LGSCO 6.7), one of the organisation's own outcomes
    in use, if it has set any; and is given by someone other than the previous stage's handler
    where the Code says so (e.g. HOS 6.14).
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
                outcomes_allowed=outcome_choices(
                    organisation_id=case.complaint.organisation_id, profile=case.profile
                ).keys,
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
    *, actor: Actor, complaint: Complaint, requested: date, version: int | None = None
) -> Complaint:
    """Open the next stage at the individual's request, received on ``requested``.

    The individual is never asked why (e.g. HOS 6.12), there is no stage beyond the last (HOS
    5.2), and the current stage must have been acknowledged first. Where the next stage must be
    considered by someone else (e.g. HOS 6.14) it starts unassigned. Staff record the request, or
    the individual makes it themselves on their own complaint (a ``Resident``).
    """
    with transaction.atomic():
        case = _open(actor, complaint, version, residents=True)
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
    *, actor: Actor, complaint: Complaint, withdrawn: date, version: int | None = None
) -> Complaint:
    """Record that the individual withdrew the complaint; an open complaint may be withdrawn at
    any stage and at any point in it, and nothing more is due on it. Staff record it, or the
    individual withdraws it themselves on their own complaint (a ``Resident``)."""
    with transaction.atomic():
        case = _open(actor, complaint, version, residents=True)
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
