"""Reads for putting things right, always scoped to the user's organisation.

A remedy, action, referral or piece of learning of another organisation is answered exactly as one
that does not exist (404). The due-soon lists take an organisation, for a reminder sweep that runs
without a signed-in user.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from putright.cases.models import (
    ActionStatus,
    ActionUpdate,
    Complaint,
    Learning,
    OmbudsmanReferral,
    OutstandingAction,
    Recommendation,
    Remedy,
    RemedyStatus,
)
from putright.organisations.models import CASE_WRITE_ROLES, Organisation, User

#: Remedies still to be delivered.
OPEN_REMEDY_STATUSES = (RemedyStatus.OFFERED, RemedyStatus.ACCEPTED, RemedyStatus.IN_PROGRESS)
#: How many days ahead the due-soon lists look by default.
DUE_SOON_DAYS = 5


def _organisation(user: User) -> int | None:
    return user.organisation_id


def remedies_for(user: User, complaint: Complaint) -> QuerySet[Remedy]:
    """The complaint's remedies, by when they are due; none of another organisation's."""
    return Remedy.objects.filter(
        complaint=complaint, complaint__organisation_id=_organisation(user)
    ).order_by("stage", "due", "pk")


def actions_for(user: User, complaint: Complaint) -> QuerySet[OutstandingAction]:
    """The complaint's outstanding actions with their owners and updates, newest update last."""
    return (
        OutstandingAction.objects.filter(
            complaint=complaint, complaint__organisation_id=_organisation(user)
        )
        .select_related("owner")
        .prefetch_related(
            Prefetch("updates", queryset=ActionUpdate.objects.order_by("created", "pk"))
        )
        .order_by("status", "due", "pk")
    )


def referrals_for(user: User, complaint: Complaint) -> QuerySet[OmbudsmanReferral]:
    """The complaint's Ombudsman referrals with their recommendations."""
    return (
        OmbudsmanReferral.objects.filter(
            complaint=complaint, complaint__organisation_id=_organisation(user)
        )
        .prefetch_related("recommendations")
        .order_by("referred_on", "pk")
    )


def learning_for_complaint(user: User, complaint: Complaint) -> QuerySet[Learning]:
    """The learning the complaint is linked to."""
    return Learning.objects.filter(
        complaints=complaint, organisation_id=_organisation(user)
    ).order_by("-created", "pk")


def remedy_get(user: User, complaint: Complaint, pk: int) -> Remedy:
    """One remedy of this complaint of the user's organisation; 404 otherwise."""
    found = remedies_for(user, complaint).filter(pk=pk).first()
    if found is None:
        raise Http404("No such remedy.")
    return found


def action_get(user: User, complaint: Complaint, pk: int) -> OutstandingAction:
    """One outstanding action of this complaint of the user's organisation; 404 otherwise."""
    found = actions_for(user, complaint).filter(pk=pk).first()
    if found is None:
        raise Http404("No such action.")
    return found


def referral_get(user: User, complaint: Complaint, pk: int) -> OmbudsmanReferral:
    """One Ombudsman referral of this complaint of the user's organisation; 404 otherwise."""
    found = referrals_for(user, complaint).filter(pk=pk).first()
    if found is None:
        raise Http404("No such referral.")
    return found


def recommendation_get(user: User, referral: OmbudsmanReferral, pk: int) -> Recommendation:
    """One recommendation of this referral of the user's organisation; 404 otherwise."""
    found = Recommendation.objects.filter(
        pk=pk, referral=referral, referral__complaint__organisation_id=_organisation(user)
    ).first()
    if found is None:
        raise Http404("No such recommendation.")
    return found


def remedies_due_soon(
    organisation: Organisation, *, today: date, days: int = DUE_SOON_DAYS
) -> QuerySet[Remedy]:
    """The organisation's remedies not yet delivered that are overdue or due within ``days`` of
    ``today``, the earliest first: a remedy is followed through to completion (draft 7.3)."""
    return (
        Remedy.objects.filter(
            complaint__organisation=organisation,
            status__in=OPEN_REMEDY_STATUSES,
            due__isnull=False,
            due__lte=today + timedelta(days=days),
        )
        .select_related("complaint")
        .order_by("due", "pk")
    )


def actions_due_soon(
    organisation: Organisation, *, today: date, days: int = DUE_SOON_DAYS
) -> QuerySet[OutstandingAction]:
    """The organisation's open outstanding actions that are overdue or due within ``days`` of
    ``today``, the earliest first: they are actioned promptly (draft 6.6)."""
    return (
        OutstandingAction.objects.filter(
            complaint__organisation=organisation,
            status=ActionStatus.OPEN,
            due__isnull=False,
            due__lte=today + timedelta(days=days),
        )
        .select_related("complaint", "owner")
        .order_by("due", "pk")
    )


def learning_list(
    user: User, service_area: int | None = None, implemented: bool | None = None
) -> QuerySet[Learning]:
    """The organisation's learning, newest first, filtered by service area id and by whether it
    is implemented."""
    if user.organisation_id is None:
        return Learning.objects.none()
    found = Learning.objects.filter(organisation_id=user.organisation_id)
    if service_area is not None:
        found = found.filter(service_area_id=service_area)
    if implemented is not None:
        found = found.filter(implemented_on__isnull=not implemented)
    return found.select_related("service_area", "owner").prefetch_related("complaints")


def learning_get(user: User, pk: int) -> Learning:
    """One piece of the user's organisation's learning, with its complaints; 404 otherwise."""
    found = learning_list(user).filter(pk=pk).first()
    if found is None:
        raise Http404("No such learning.")
    return found


def staff_for(user: User) -> QuerySet[User]:
    """The active staff of the user's organisation who may own an action or a piece of learning."""
    if user.organisation_id is None:
        return User.objects.none()
    return User.objects.filter(
        organisation_id=user.organisation_id,
        role__in=list(CASE_WRITE_ROLES),
        is_active=True,
        api_token__isnull=True,
    ).order_by("first_name", "last_name", "username")
