"""The parts of handling a complaint around its definition: questions to understand it, the
parts the organisation is and is not responsible for, keep-informed intervals, issues raised
while it is open, and the time limit for making it."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from putright.audit import services as audit
from putright.cases.models import (
    Channel,
    Clarification,
    Complaint,
    Correspondence,
    Direction,
    KeepInformed,
    Stage,
)
from putright.cases.services.common import (
    CaseInputError,
    CaseRefused,
    _Case,
    _check_date,
    _json,
    _open,
)
from putright.organisations.models import User
from putright.rules.calendar import CalendarError
from putright.rules.stages import FINAL, Refusal

#: The longest keep-informed interval accepted, in working days.
MAX_INTERVAL_DAYS = 60


def _refuse_unless_open(case: _Case, what: str) -> None:
    status = case.complaint.status
    if status in FINAL:
        raise CaseRefused([Refusal(f"This complaint is {status}: {what} only on an open one.")])


def _save(case: _Case, stage_fields: dict[str, Any], complaint_fields: dict[str, Any]) -> None:
    """Write the changed fields of the current stage and the complaint and raise its version."""
    complaint, stage = case.complaint, case.stage
    for field, value in stage_fields.items():
        setattr(stage, field, value)
    if stage_fields:
        stage.save(update_fields=list(stage_fields))
    for field, value in complaint_fields.items():
        setattr(complaint, field, value)
    complaint.version += 1
    complaint.save(update_fields=[*complaint_fields, "version", "updated"])


def _changes(
    obj: Any, wanted: dict[str, Any], prefix: str = ""
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """The fields that would change: the values to write, before and after for the audit."""
    changed = {f: v for f, v in wanted.items() if getattr(obj, f) != v}
    before = {f"{prefix}{f}": _json(getattr(obj, f)) for f in changed}
    after = {f"{prefix}{f}": _json(v) for f, v in changed.items()}
    return changed, before, after


# --- Clarification ------------------------------------------------------------------------------


def clarification_ask(
    *, actor: User, complaint: Complaint, question: str, asked_on: date
) -> Clarification:
    """Record a question put to the individual to understand the complaint or the outcome they
    want, at the current stage (draft 5.3 and 5.4a: clarify anything unclear before defining it).
    """
    question = question.strip()
    if not question:
        raise CaseInputError("Write the question: it must not be empty.")
    with transaction.atomic():
        case = _open(actor, complaint, None)
        _refuse_unless_open(case, "questions are asked")
        _check_date(asked_on, what="question", not_before=case.stage.received, since="receipt")
        clarification = Clarification.objects.create(
            complaint=case.complaint,
            stage=case.complaint.stage,
            question=question,
            asked_on=asked_on,
            asked_by=actor,
        )
        audit.record(
            action="record.ask_clarification",
            actor=actor,
            organisation=case.complaint.organisation,
            target=clarification,
            after={
                "complaint": case.complaint.reference,
                "stage": clarification.stage,
                "question": question,
                "asked_on": asked_on.isoformat(),
            },
        )
    return clarification


def clarification_answer(
    *, actor: User, clarification: Clarification, answer: str, answered_on: date
) -> Clarification:
    """Record the individual's answer to a question asked to understand the complaint (draft
    5.4a), once, on or after the day it was asked."""
    answer = answer.strip()
    if not answer:
        raise CaseInputError("Write the answer: it must not be empty.")
    with transaction.atomic():
        _open(actor, clarification.complaint, None)
        current = Clarification.objects.select_for_update().get(pk=clarification.pk)
        if current.answered_on is not None:
            raise CaseInputError(
                f"This question was already answered on {current.answered_on:%-d %B %Y}."
            )
        _check_date(answered_on, what="answer", not_before=current.asked_on, since="the question")
        current.answer, current.answered_on = answer, answered_on
        current.save(update_fields=["answer", "answered_on"])
        audit.record(
            action="record.answer_clarification",
            actor=actor,
            organisation=current.complaint.organisation,
            target=current,
            before={"answer": "", "answered_on": None},
            after={"answer": answer, "answered_on": answered_on.isoformat()},
        )
    return current


# --- Responsibility -----------------------------------------------------------------------------


def definition_parts_set(
    *,
    actor: User,
    complaint: Complaint,
    responsible_for: str,
    not_responsible_for: str,
    version: int | None = None,
) -> Stage:
    """Record, on the current stage, which parts of the complaint the organisation is responsible
    for and which it is not, saying who is, so the individual can be told (draft 5.5)."""
    wanted = {
        "responsible_for": responsible_for.strip(),
        "not_responsible_for": not_responsible_for.strip(),
    }
    if not any(wanted.values()):
        raise CaseInputError("Set out the parts the organisation is, or is not, responsible for.")
    with transaction.atomic():
        case = _open(actor, complaint, version)
        _refuse_unless_open(case, "the parts are set")
        prefix = f"stage_{case.stage.number}."
        changed, before, after = _changes(case.stage, wanted, prefix)
        if not changed:
            return case.stage
        _save(case, changed, {})
        audit.record(
            action="record.set_definition_parts",
            actor=actor,
            organisation=case.complaint.organisation,
            target=case.complaint,
            before=before,
            after=after,
        )
    return case.stage


# --- Keep informed ------------------------------------------------------------------------------


def _next_update(case: _Case, day: date, interval_days: int) -> date:
    try:
        return case.calendar.add(day, interval_days)
    except CalendarError as error:
        raise CaseInputError(str(error)) from None


def keep_informed_agree(
    *, actor: User, complaint: Complaint, interval_days: int, agreed_on: date, note: str = ""
) -> KeepInformed:
    """Record the interval agreed with the individual for updates while a response is late (e.g.
    HOS 5.10, draft 5.7). The next update is due that many of the organisation's working days
    after the agreement; a new agreement replaces the one before it."""
    if not 1 <= interval_days <= MAX_INTERVAL_DAYS:
        raise CaseInputError(
            f"The interval must be between 1 and {MAX_INTERVAL_DAYS} working days, "
            f"not {interval_days}."
        )
    with transaction.atomic():
        case = _open(actor, complaint, None)
        _refuse_unless_open(case, "updates are agreed")
        _check_date(agreed_on, what="agreement", not_before=case.stage.received, since="receipt")
        next_update_by = _next_update(case, agreed_on, interval_days)
        replaced = list(
            KeepInformed.objects.filter(complaint=case.complaint, ended_on__isnull=True)
        )
        for previous in replaced:
            previous.ended_on = agreed_on
            previous.save(update_fields=["ended_on"])
        agreement = KeepInformed.objects.create(
            complaint=case.complaint,
            stage=case.complaint.stage,
            interval_days=interval_days,
            agreed_on=agreed_on,
            next_update_by=next_update_by,
            note=note.strip(),
            agreed_by=actor,
        )
        audit.record(
            action="record.agree_keep_informed",
            actor=actor,
            organisation=case.complaint.organisation,
            target=agreement,
            after={
                "complaint": case.complaint.reference,
                "interval_days": interval_days,
                "agreed_on": agreed_on.isoformat(),
                "next_update_by": next_update_by.isoformat(),
                "replaces": [previous.pk for previous in replaced],
            },
        )
    return agreement


def keep_informed_update_sent(
    *,
    actor: User,
    complaint: Complaint,
    sent_on: date,
    channel: str,
    summary: str,
    body: str = "",
    correspondence: Correspondence | None = None,
) -> KeepInformed:
    """Record an update sent at the agreed interval (e.g. HOS 5.10, draft 5.7): it is logged as
    outgoing correspondence (or, for a letter already logged, that ``correspondence``) and the
    next update falls due the interval after it."""
    summary = " ".join(summary.split())
    if not summary:
        raise CaseInputError("Give a summary of the update: it must not be empty.")
    if len(summary) > 300:
        raise CaseInputError("Keep the summary to 300 characters.")
    if channel not in Channel.values:
        raise CaseInputError(
            f"Unknown channel {channel!r}: use one of {', '.join(Channel.values)}."
        )
    with transaction.atomic():
        case = _open(actor, complaint, None)
        agreement = (
            KeepInformed.objects.select_for_update()
            .filter(complaint=case.complaint, ended_on__isnull=True)
            .order_by("-agreed_on", "-pk")
            .first()
        )
        if agreement is None:
            raise CaseInputError("No interval for updates has been agreed on this complaint.")
        _check_date(sent_on, what="update", not_before=agreement.agreed_on, since="the agreement")
        before = agreement.next_update_by
        if correspondence is None:
            correspondence = Correspondence.objects.create(
                complaint=case.complaint,
                direction=Direction.OUT,
                channel=channel,
                date=sent_on,
                summary=summary,
                body=body.strip(),
                created_by=actor,
            )
        elif correspondence.complaint_id != case.complaint.pk:
            raise CaseInputError("The update's correspondence belongs to another complaint.")
        agreement.next_update_by = _next_update(case, sent_on, agreement.interval_days)
        agreement.save(update_fields=["next_update_by"])
        audit.record(
            action="record.send_update",
            actor=actor,
            organisation=case.complaint.organisation,
            target=agreement,
            before={"next_update_by": before.isoformat()},
            after={
                "next_update_by": agreement.next_update_by.isoformat(),
                "correspondence": correspondence.pk,
                "sent_on": sent_on.isoformat(),
                "channel": channel,
                "summary": summary,
            },
        )
    return agreement
