"""Reasonable adjustments agreed with individuals and restrictions on their contact, each kept
under review."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from putright.organisations.models import User
from putright.people.models import (
    Individual,
    ReasonableAdjustment,
    Restriction,
    RestrictionReview,
)
from putright.people.services.common import (
    PeopleInputError,
    _check_actor,
    _check_after,
    _check_date,
    _record,
    _required,
    _today,
)


def adjustment_agree(
    *,
    actor: User,
    individual: Individual,
    description: str,
    agreed_on: date,
    review_by: date,
    today: date | None = None,
) -> ReasonableAdjustment:
    """Record a reasonable adjustment agreed with the individual and when it will be reviewed:
    adjustments are kept under active review (HOS 5.11, LGSCO 5.8)."""
    _check_actor(actor, individual.organisation_id)
    description = _required(description, "Say what was agreed.", "description")
    _check_date(agreed_on, what="date agreed", field="agreed_on", today=_today(today))
    _check_after(
        review_by, agreed_on, what="review date", since="the date agreed", field="review_by"
    )
    with transaction.atomic():
        adjustment = ReasonableAdjustment.objects.create(
            organisation_id=individual.organisation_id,
            individual=individual,
            description=description,
            agreed_on=agreed_on,
            review_by=review_by,
            agreed_by=actor,
        )
        after = {"description": description, "agreed_on": agreed_on, "review_by": review_by}
        _record("adjustment_agree", actor, adjustment, {}, after)
    return adjustment


def adjustment_review(
    *,
    actor: User,
    adjustment: ReasonableAdjustment,
    reviewed_on: date,
    review_by: date | None = None,
    end: bool = False,
    today: date | None = None,
) -> ReasonableAdjustment:
    """Record a review of a reasonable adjustment: it continues to a new review date, or ends
    (HOS 5.11, LGSCO 5.8: adjustments are kept under active review)."""
    _check_actor(actor, adjustment.organisation_id)
    _check_date(reviewed_on, what="review date", field="reviewed_on", today=_today(today))
    with transaction.atomic():
        locked = ReasonableAdjustment.objects.select_for_update().get(pk=adjustment.pk)
        if locked.ended_on is not None:
            raise PeopleInputError(
                f"This adjustment ended on {locked.ended_on:%-d %B %Y}: agree a new one instead."
            )
        if reviewed_on < locked.agreed_on:
            raise PeopleInputError(
                f"The review date, {reviewed_on:%-d %B %Y}, is before the adjustment was agreed "
                f"on {locked.agreed_on:%-d %B %Y}.",
                field="reviewed_on",
            )
        changes: dict[str, Any] = {"reviewed_on": reviewed_on}
        if end:
            changes["ended_on"] = reviewed_on
        elif review_by is None:
            raise PeopleInputError(
                "Give the next review date, or end the adjustment.", field="review_by"
            )
        else:
            _check_after(
                review_by,
                reviewed_on,
                what="next review date",
                since="this review",
                field="review_by",
            )
            changes["review_by"] = review_by
        before = {k: getattr(locked, k) for k in changes}
        for key, value in changes.items():
            setattr(locked, key, value)
        locked.save(update_fields=list(changes))
        _record("adjustment_review", actor, locked, before, changes)
    return locked


# --- Restrictions on contact --------------------------------------------------------------------


def restriction_impose(
    *,
    actor: User,
    individual: Individual,
    restriction: str,
    reason: str,
    evidence: str,
    proportionality: str,
    starts: date,
    review_by: date,
    today: date | None = None,
) -> Restriction:
    """Restrict the individual's contact because of unacceptable behaviour. The decision records
    what is restricted, why, the evidence, why it is proportionate with regard to the Equality Act
    2010, and when it will be reviewed (draft 5.12, 5.13)."""
    _check_actor(actor, individual.organisation_id)
    values: dict[str, Any] = {
        "restriction": _required(
            restriction, "Say what is restricted, e.g. 'one named contact'.", "restriction"
        ),
        "reason": _required(reason, "Give the behaviour that led to the restriction.", "reason"),
        "evidence": _required(
            evidence, "Give the evidence of the behaviour: a restriction needs it.", "evidence"
        ),
        "proportionality": _required(
            proportionality,
            "Explain why the restriction is proportionate, with regard to the Equality Act 2010.",
            "proportionality",
        ),
    }
    _check_date(starts, what="start date", field="starts", today=_today(today))
    _check_after(review_by, starts, what="review date", since="the start date", field="review_by")
    values |= {"starts": starts, "review_by": review_by}
    with transaction.atomic():
        imposed = Restriction.objects.create(
            organisation_id=individual.organisation_id,
            individual=individual,
            decided_by=actor,
            **values,
        )
        _record("restriction_impose", actor, imposed, {}, values)
    return imposed


def restriction_review(
    *,
    actor: User,
    restriction: Restriction,
    reviewed_on: date,
    decision: str,
    notes: str,
    next_review_by: date | None = None,
    changed_to: str = "",
    today: date | None = None,
) -> RestrictionReview:
    """Review a restriction: keep it, change it or end it, with the reasons, and (unless it ends)
    the next review date; a restriction is never left without review (draft 5.13)."""
    _check_actor(actor, restriction.organisation_id)
    if decision not in RestrictionReview.Decision.values:
        raise PeopleInputError("Choose to keep, change or end the restriction.", field="decision")
    notes = _required(notes, "Give the reasons for the decision.", "notes")
    _check_date(reviewed_on, what="review date", field="reviewed_on", today=_today(today))
    ending = decision == RestrictionReview.Decision.END
    if ending:
        next_review_by = None
    elif next_review_by is None:
        raise PeopleInputError(
            "Give the next review date: a restriction that continues is reviewed again.",
            field="next_review_by",
        )
    else:
        _check_after(
            next_review_by,
            reviewed_on,
            what="next review date",
            since="this review",
            field="next_review_by",
        )
    if decision == RestrictionReview.Decision.CHANGE:
        changed_to = _required(changed_to, "Say what the restriction is changed to.", "changed_to")
    with transaction.atomic():
        locked = Restriction.objects.select_for_update().get(pk=restriction.pk)
        if locked.ended_on is not None:
            raise PeopleInputError(f"This restriction ended on {locked.ended_on:%-d %B %Y}.")
        if reviewed_on < locked.starts:
            raise PeopleInputError(
                f"The review date, {reviewed_on:%-d %B %Y}, is before the restriction started on "
                f"{locked.starts:%-d %B %Y}.",
                field="reviewed_on",
            )
        changes: dict[str, Any] = {"ended_on": reviewed_on} if ending else {}
        if next_review_by is not None:
            changes["review_by"] = next_review_by
        if changed_to:
            changes["restriction"] = changed_to
        before = {k: getattr(locked, k) for k in changes}
        for key, value in changes.items():
            setattr(locked, key, value)
        locked.save(update_fields=list(changes))
        review = RestrictionReview.objects.create(
            restriction=locked,
            reviewed_on=reviewed_on,
            decision=decision,
            notes=notes,
            next_review_by=next_review_by,
            reviewed_by=actor,
        )
        after = {**changes, "decision": decision, "reviewed_on": reviewed_on, "notes": notes}
        _record("restriction_review", actor, locked, before, after)
    return review
