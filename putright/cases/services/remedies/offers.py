"""Remedies followed through to completion (draft 5.11, 6.11, 7.1 to 7.4) and outstanding actions
tracked with updates to the individual (draft 6.6)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from putright.cases.models import (
    ActionStatus,
    ActionUpdate,
    Complaint,
    OutstandingAction,
    Remedy,
    RemedyKind,
    RemedyStatus,
)
from putright.cases.services.common import _check_actor, _profile
from putright.cases.services.remedies.common import (
    CANNOT_DELIVER_CLAUSE,
    FINISHED,
    GIVEN_IN_RESPONSE,
    UPDATABLE,
    RemedyInputError,
    _check_staff,
    _created,
    _day,
    _json,
    _locked,
    _record,
    _text,
    _write,
)
from putright.organisations.models import User


def remedy_offer(
    *,
    actor: User,
    complaint: Complaint,
    kind: str,
    description: str,
    due: date | None = None,
    amount: Decimal | None = None,
    stage: int | None = None,
) -> Remedy:
    """Offer a remedy at any stage of the complaint, without the individual having to escalate
    (draft 5.11 and 6.11). It says what will happen and by when (draft 7.3), unless it is an
    apology or explanation given in the response; only a financial remedy has an amount, of 0
    or more."""
    _check_actor(actor, complaint.organisation_id)
    if kind not in RemedyKind.values:
        raise RemedyInputError("Select the kind of remedy from the list.", field="kind")
    description = _text(
        description, "Say what will happen to put things right.", field="description"
    )
    if kind == RemedyKind.FINANCIAL:
        if amount is None:
            raise RemedyInputError(
                "A financial remedy needs an amount: enter it in pounds, like 150.00.",
                field="amount",
            )
        if amount < 0:
            raise RemedyInputError(
                f"The amount, £{amount}, is below zero: enter 0 or more.", field="amount"
            )
    elif amount is not None:
        raise RemedyInputError(
            "Only a financial remedy has an amount: remove the amount or choose financial remedy.",
            field="amount",
        )
    if due is None and kind not in GIVEN_IN_RESPONSE:
        raise RemedyInputError(
            "Say by when the remedy will happen: a remedy sets out what will happen and by when "
            "(draft 7.3).",
            field="due",
        )
    stage = complaint.stage if stage is None else stage
    if not 1 <= stage <= complaint.stage:
        raise RemedyInputError(
            f"The complaint has reached stage {complaint.stage}: a remedy can be offered at "
            f"stage 1{' to ' + str(complaint.stage) if complaint.stage > 1 else ''} only.",
            field="stage",
        )
    with transaction.atomic():
        remedy = Remedy.objects.create(
            complaint=complaint,
            stage=stage,
            kind=kind,
            description=description,
            due=due,
            amount=amount,
            created_by=actor,
        )
        after = _created(remedy, ("complaint_id", "stage", "kind", "description", "due", "amount"))
        _record(
            "offer",
            actor=actor,
            organisation_id=complaint.organisation_id,
            target=remedy,
            before=None,
            after=after,
        )
    return remedy


def _open_remedy(actor: User, remedy: Remedy) -> tuple[Remedy, int]:
    locked, organisation_id = _locked(Remedy, remedy.pk, "complaint__organisation_id", actor)
    if locked.status in FINISHED:
        raise RemedyInputError(
            f"This remedy is already {locked.get_status_display().lower()}: it cannot change now."
        )
    return locked, organisation_id


def remedy_update_status(
    *, actor: User, remedy: Remedy, status: str, completed_on: date | None = None
) -> Remedy:
    """Record the individual's answer to a remedy and its progress until it is completed: a
    remedy is followed through to completion (draft 7.3)."""
    if status not in UPDATABLE:
        raise RemedyInputError(
            "Select accepted, declined, in progress or completed.", field="status"
        )
    with transaction.atomic():
        locked, organisation_id = _open_remedy(actor, remedy)
        if status == RemedyStatus.COMPLETED:
            if completed_on is None:
                raise RemedyInputError(
                    "Enter the date the remedy was completed.", field="completed_on"
                )
            _day(
                completed_on,
                what="completion",
                field="completed_on",
                not_before=locked.complaint.received,
                since="the complaint was received",
            )
        elif completed_on is not None:
            raise RemedyInputError(
                "Only a completed remedy has a completion date: remove it or select completed.",
                field="completed_on",
            )
        if locked.status == status:
            raise RemedyInputError(
                f"The remedy is already {locked.get_status_display().lower()}.", field="status"
            )
        before, after = _write(locked, {"status": status, "completed_on": completed_on})
        _record(
            "update_status",
            actor=actor,
            organisation_id=organisation_id,
            target=locked,
            before=before,
            after=after,
        )
    return locked


def remedy_cannot_deliver(
    *, actor: User, remedy: Remedy, reason: str, alternative: str, ombudsman_reminded: bool
) -> Remedy:
    """Record that a remedy cannot be delivered: the individual is told why, offered an
    alternative and reminded that they can go to the Ombudsman (final Codes, section 7)."""
    reason = _text(reason, "Say why the remedy cannot be delivered.", field="reason")
    alternative = _text(alternative, "Say what is offered instead.", field="alternative")
    with transaction.atomic():
        locked, organisation_id = _open_remedy(actor, remedy)
        if not ombudsman_reminded:
            ombudsman = _profile(locked.complaint.profile).ombudsman
            raise RemedyInputError(
                f"Remind the individual that they can go to the {ombudsman}: a remedy that cannot "
                f"be delivered comes with that reminder ({CANNOT_DELIVER_CLAUSE}).",
                field="ombudsman_reminded",
            )
        before, after = _write(
            locked,
            {
                "status": RemedyStatus.CANNOT_DELIVER.value,
                "cannot_deliver_reason": reason,
                "alternative": alternative,
                "ombudsman_reminded": True,
            },
        )
        _record(
            "cannot_deliver",
            actor=actor,
            organisation_id=organisation_id,
            target=locked,
            before=before,
            after=after,
        )
    return locked


# --- Outstanding actions (draft 6.6) ---


def outstanding_action_add(
    *,
    actor: User,
    complaint: Complaint,
    description: str,
    owner: User,
    due: date,
    stage: int | None = None,
) -> OutstandingAction:
    """Record an action promised in a response but not yet done, with who owns it and by when,
    so it is tracked and done promptly (draft 6.6)."""
    _check_actor(actor, complaint.organisation_id)
    description = _text(description, "Say what is to be done.", field="description")
    _check_staff(owner, complaint.organisation_id, field="owner", what="owner")
    with transaction.atomic():
        action = OutstandingAction.objects.create(
            complaint=complaint,
            stage=complaint.stage if stage is None else stage,
            description=description,
            owner=owner,
            due=due,
        )
        after = _created(action, ("complaint_id", "stage", "description", "owner_id", "due"))
        _record(
            "action_add",
            actor=actor,
            organisation_id=complaint.organisation_id,
            target=action,
            before=None,
            after=after,
        )
    return action


def _open_action(actor: User, action: OutstandingAction) -> tuple[OutstandingAction, int]:
    locked, organisation_id = _locked(
        OutstandingAction, action.pk, "complaint__organisation_id", actor
    )
    if locked.status == ActionStatus.DONE:
        raise RemedyInputError("This action is already done: it cannot change now.")
    return locked, organisation_id


def outstanding_action_update(
    *, actor: User, action: OutstandingAction, note: str, individual_told_on: date | None = None
) -> ActionUpdate:
    """Record progress on an outstanding action and when the individual was told of it: actions
    are tracked with appropriate updates to the individual (draft 6.6)."""
    note = _text(note, "Describe the progress made.", field="note")
    with transaction.atomic():
        locked, organisation_id = _open_action(actor, action)
        if individual_told_on is not None:
            _day(individual_told_on, what="told", field="individual_told_on")
        update = ActionUpdate.objects.create(
            action=locked, note=note, individual_told_on=individual_told_on, created_by=actor
        )
        _record(
            "action_update",
            actor=actor,
            organisation_id=organisation_id,
            target=locked,
            before=None,
            after={"update.note": note, "update.individual_told_on": _json(individual_told_on)},
        )
    return update


def outstanding_action_complete(
    *, actor: User, action: OutstandingAction, completed_on: date
) -> OutstandingAction:
    """Record that an outstanding action is done (draft 6.6)."""
    with transaction.atomic():
        locked, organisation_id = _open_action(actor, action)
        _day(
            completed_on,
            what="completion",
            field="completed_on",
            not_before=locked.complaint.received,
            since="the complaint was received",
        )
        before, after = _write(
            locked, {"status": ActionStatus.DONE.value, "completed_on": completed_on}
        )
        _record(
            "action_complete",
            actor=actor,
            organisation_id=organisation_id,
            target=locked,
            before=before,
            after=after,
        )
    return locked
