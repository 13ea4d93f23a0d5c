"""Reads for the full record of a complaint, always scoped to the user's organisation.

A document or question of another organisation is answered exactly as one that does not exist
(404); an account without an organisation sees nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from putright.cases.models import (
    OPEN_STATUSES,
    AdditionalIssue,
    Clarification,
    Complaint,
    Correspondence,
    Document,
    KeepInformed,
)
from putright.organisations.models import ExclusionReason, OutcomeOption, User


def _organisation(user: User) -> int | None:
    return getattr(user, "organisation_id", None)


def correspondence_for(user: User, complaint: Complaint) -> QuerySet[Correspondence]:
    """The complaint's correspondence in and out, oldest first, with its attachments."""
    return (
        Correspondence.objects.filter(
            complaint=complaint, complaint__organisation_id=_organisation(user)
        )
        .select_related("created_by")
        .prefetch_related(Prefetch("attachments", queryset=Document.objects.order_by("pk")))
        .order_by("date", "pk")
    )


def documents_for(user: User, complaint: Complaint) -> QuerySet[Document]:
    """Every document kept on the complaint, attachments included, oldest first."""
    return Document.objects.filter(
        complaint=complaint, organisation_id=_organisation(user)
    ).order_by("created", "pk")


def clarifications_for(user: User, complaint: Complaint) -> QuerySet[Clarification]:
    """The questions asked to understand the complaint, answered or not, oldest first."""
    return Clarification.objects.filter(
        complaint=complaint, complaint__organisation_id=_organisation(user)
    ).order_by("asked_on", "pk")


def clarifications_open(user: User, complaint: Complaint) -> QuerySet[Clarification]:
    """The questions still waiting for an answer."""
    return clarifications_for(user, complaint).filter(answered_on__isnull=True)


def clarification_get(user: User, complaint: Complaint, pk: int) -> Clarification:
    """One question on the complaint; 404 when it is not one of the user's organisation's."""
    found = clarifications_for(user, complaint).filter(pk=pk).first()
    if found is None:
        raise Http404("No such question.")
    return found


def keep_informed_current(user: User, complaint: Complaint) -> KeepInformed | None:
    """The interval for updates in force on the complaint, if one has been agreed."""
    return (
        KeepInformed.objects.filter(
            complaint=complaint,
            complaint__organisation_id=_organisation(user),
            ended_on__isnull=True,
        )
        .order_by("-agreed_on", "-pk")
        .first()
    )


def keep_informed_due(user: User, *, today: date) -> QuerySet[KeepInformed]:
    """Agreed updates due on or before ``today`` on the organisation's open complaints, the most
    overdue first."""
    return (
        KeepInformed.objects.filter(
            complaint__organisation_id=_organisation(user),
            complaint__status__in=OPEN_STATUSES,
            ended_on__isnull=True,
            next_update_by__lte=today,
        )
        .select_related("complaint")
        .order_by("next_update_by", "pk")
    )


def additional_issues_for(user: User, complaint: Complaint) -> QuerySet[AdditionalIssue]:
    """The issues raised while the complaint was open, with any new complaint logged for them."""
    return (
        AdditionalIssue.objects.filter(
            complaint=complaint, complaint__organisation_id=_organisation(user)
        )
        .select_related("new_complaint")
        .order_by("received", "pk")
    )


def document_get(user: User, pk: int) -> Document:
    """A document of the user's organisation; 404 when it does not exist or is another's."""
    if _organisation(user) is None:
        raise Http404("No such document.")
    found = Document.objects.filter(pk=pk, organisation_id=_organisation(user)).first()
    if found is None:
        raise Http404("No such document.")
    return found


def exclusion_reasons_for(user: User) -> QuerySet[ExclusionReason]:
    """The organisation's own reasons for not accepting a complaint that are in use, by label."""
    return ExclusionReason.objects.filter(
        organisation_id=_organisation(user), active=True
    ).order_by("label")


def outcome_options_for(user: User) -> QuerySet[OutcomeOption]:
    """The organisation's own outcomes that are in use, by label."""
    return OutcomeOption.objects.filter(organisation_id=_organisation(user), active=True).order_by(
        "label"
    )


@dataclass(frozen=True, slots=True)
class UpdateDue:
    """When the next agreed update is due, and whether it is late."""

    agreement: KeepInformed
    overdue: bool
    due_today: bool


def update_due(agreement: KeepInformed | None, *, today: date) -> UpdateDue | None:
    """The state of an agreed interval on ``today``: overdue once its date has passed."""
    if agreement is None:
        return None
    due = agreement.next_update_by
    return UpdateDue(agreement, overdue=due < today, due_today=due == today)
