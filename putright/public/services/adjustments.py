"""Staff deciding on the reasonable adjustments residents asked for on the web form.

Agreeing one records it through the people services as an adjustment agreed with the individual,
kept under review (HOS 5.11, LGSCO 5.8); not agreeing one records why. Either way the request
shows what was decided, by whom and when.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from putright.audit import services as audit
from putright.cases.services import CaseInputError
from putright.organisations.models import User
from putright.organisations.permissions import require_case_writer
from putright.people.services import adjustment_agree
from putright.public.models import AdjustmentRequest, AdjustmentStatus


def _open(actor: User, request: AdjustmentRequest) -> AdjustmentRequest:
    require_case_writer(actor, request.organisation_id, what="the people")
    locked = AdjustmentRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != AdjustmentStatus.REQUESTED:
        raise CaseInputError(
            f"This request was already decided on {locked.decided_on:%-d %B %Y}: "
            f"{locked.get_status_display().lower()}."
        )
    return locked


def adjustment_request_agree(
    *,
    actor: User,
    request: AdjustmentRequest,
    description: str,
    agreed_on: date,
    review_by: date,
    today: date | None = None,
) -> AdjustmentRequest:
    """Agree the adjustment asked for (as asked, or as agreed with the individual) and record it
    with its review date through ``adjustment_agree`` (HOS 5.11, LGSCO 5.8)."""
    with transaction.atomic():
        locked = _open(actor, request)
        adjustment = adjustment_agree(
            actor=actor,
            individual=locked.individual,
            description=description,
            agreed_on=agreed_on,
            review_by=review_by,
            today=today,
        )
        locked.status = AdjustmentStatus.AGREED
        locked.decided_on = agreed_on
        locked.decided_by = actor
        locked.adjustment = adjustment
        locked.save(update_fields=["status", "decided_on", "decided_by", "adjustment"])
        audit.record(
            action="public.adjustment_request_agree",
            actor=actor,
            target=locked,
            before={"status": AdjustmentStatus.REQUESTED},
            after={
                "status": locked.status,
                "decided_on": agreed_on.isoformat(),
                "adjustment": adjustment.pk,
            },
        )
    return locked


def adjustment_request_decline(
    *, actor: User, request: AdjustmentRequest, reason: str, decided_on: date
) -> AdjustmentRequest:
    """Record that the adjustment asked for was not agreed, and why (told to the individual)."""
    reason = reason.strip()
    if not reason:
        raise CaseInputError("Give the reason it was not agreed: it is explained to the person.")
    with transaction.atomic():
        locked = _open(actor, request)
        if decided_on < locked.requested_on:
            raise CaseInputError(
                f"The decision date, {decided_on:%-d %B %Y}, is before the request was made on "
                f"{locked.requested_on:%-d %B %Y}."
            )
        locked.status = AdjustmentStatus.DECLINED
        locked.decided_on = decided_on
        locked.decided_by = actor
        locked.reason = reason
        locked.save(update_fields=["status", "decided_on", "decided_by", "reason"])
        audit.record(
            action="public.adjustment_request_decline",
            actor=actor,
            target=locked,
            before={"status": AdjustmentStatus.REQUESTED},
            after={
                "status": locked.status,
                "decided_on": decided_on.isoformat(),
                "reason": "(withheld)",
            },
        )
    return locked
