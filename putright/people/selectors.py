"""Reads for people, always scoped to the user's organisation.

A person of another organisation is answered exactly as one that does not exist (404). Special-
category data is shown only to the roles that need it: disclosed disabilities and reasonable
adjustments go to complaint handlers, managers and the senior lead, never to the Member Responsible
for Complaints or auditors, and every time either is shown it is recorded in the audit record
(``special_category_viewed``), wherever it is shown: the person's page, the case page, the list of
reviews due, the Ombudsman's file or a subject access bundle.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from django.db.models import Q, QuerySet
from django.http import Http404

from putright.audit import services as audit
from putright.cases.models import Complaint
from putright.organisations.models import CASE_WRITE_ROLES, Organisation, User
from putright.people.models import (
    Individual,
    ReasonableAdjustment,
    Representative,
    Restriction,
)
from putright.policy import get_profile

#: The most people a search returns; a longer list needs a more precise search.
SEARCH_LIMIT = 50


def can_change(user: User) -> bool:
    """Whether the user may change people's records (handlers, managers, the senior lead)."""
    return user.organisation_id is not None and user.role in CASE_WRITE_ROLES


def sees_special_category(user: User) -> bool:
    """Whether the user may see disabilities and reasonable adjustments: only the roles that need
    them to handle complaints."""
    return can_change(user)


def individuals_for(user: User) -> QuerySet[Individual]:
    """The individuals of the user's organisation; none for an account without one."""
    if user.organisation_id is None:
        return Individual.objects.none()
    return Individual.objects.filter(organisation_id=user.organisation_id)


def individual_get(user: User, pk: int) -> Individual:
    """The user's organisation's individual; 404 when it does not exist or is another's."""
    individual = individuals_for(user).filter(pk=pk).first()
    if individual is None:
        raise Http404("No such person.")
    return individual


def individuals_search(user: User, q: str) -> list[Individual]:
    """Individuals whose name, email, phone or postcode contain the words searched for."""
    words = q.split()
    if not words:
        return []
    found = individuals_for(user)
    for word in words:
        found = found.filter(
            Q(name__icontains=word)
            | Q(email__icontains=word)
            | Q(phone__icontains=word)
            | Q(postcode__icontains=word.replace(" ", ""))
            | Q(postcode__icontains=word)
        )
    return list(found[:SEARCH_LIMIT])


#: The restricted (special-category) fields, each with the audit action that records a view of it.
SPECIAL_CATEGORY: dict[str, str] = {
    "disabilities": "people.view_disabilities",
    "adjustments": "people.view_adjustments",
}


def special_category_viewed(user: User, individual: Individual, field: str, *, where: str) -> None:
    """Record in the audit record that ``user`` was shown the individual's ``field`` (one of
    ``SPECIAL_CATEGORY``) on ``where`` (a page or an export). Every showing of special-category
    data is recorded, by whoever and wherever (UK GDPR Article 9; the Codes keep disabilities only
    where they need them, HOS 5.11)."""
    audit.record(
        action=SPECIAL_CATEGORY[field],
        actor=user,
        organisation=user.organisation,
        target=individual,
        after={"shown_on": where},
    )


def individual_disabilities(
    user: User, individual: Individual, *, where: str = "the person's page"
) -> str | None:
    """The individual's disclosed disabilities for a user whose role needs them, recording in the
    audit record that they were viewed; None for any other user, and nothing recorded."""
    if not sees_special_category(user) or user.organisation_id != individual.organisation_id:
        return None
    special_category_viewed(user, individual, "disabilities", where=where)
    return individual.disabilities


def representatives_of(individual: Individual) -> QuerySet[Representative]:
    return individual.representatives.order_by("-active", "name", "pk")


def adjustments_of(
    user: User, individual: Individual, *, where: str = "the person's page"
) -> list[ReasonableAdjustment]:
    """The individual's reasonable adjustments, current first, recording in the audit record that
    they were viewed (when there are any); none for a read-only role, and nothing recorded."""
    if not sees_special_category(user) or user.organisation_id != individual.organisation_id:
        return []
    found = list(individual.adjustments.order_by("ended_on", "review_by", "pk"))
    if found:
        special_category_viewed(user, individual, "adjustments", where=where)
    return found


def restrictions_of(individual: Individual) -> list[Restriction]:
    """The individual's restrictions on contact with their reviews, current first."""
    return list(
        individual.restrictions.prefetch_related("reviews").order_by("ended_on", "review_by", "pk")
    )


def complaints_of(user: User, individual: Individual) -> QuerySet[Complaint]:
    return Complaint.objects.filter(
        organisation_id=user.organisation_id, individual=individual
    ).order_by("-received", "-pk")


def adjustment_get(user: User, individual: Individual, pk: int) -> ReasonableAdjustment:
    """One of the individual's adjustments; 404 otherwise, and for a role that may not see it."""
    found = individual.adjustments.filter(pk=pk, organisation_id=user.organisation_id).first()
    if found is None or not sees_special_category(user):
        raise Http404("No such adjustment.")
    return found


def restriction_get(user: User, individual: Individual, pk: int) -> Restriction:
    found = individual.restrictions.filter(pk=pk, organisation_id=user.organisation_id).first()
    if found is None:
        raise Http404("No such restriction.")
    return found


def representative_get(user: User, individual: Individual, pk: int) -> Representative:
    found = individual.representatives.filter(pk=pk, organisation_id=user.organisation_id).first()
    if found is None:
        raise Http404("No such representative.")
    return found


@dataclass(frozen=True, slots=True)
class ReviewDue:
    """An adjustment or restriction whose review is due soon or overdue."""

    kind: Literal["adjustment", "restriction"]
    pk: int
    individual: Individual
    what: str
    review_by: date
    overdue: bool


def reviews_due(user: User, *, today: date, within_days: int = 10) -> list[ReviewDue]:
    """Current adjustments and restrictions of the user's organisation whose review is due within
    ``within_days`` calendar days of today, or overdue, soonest first. Adjustments are left out for
    a role that may not see them."""
    if user.organisation_id is None:
        return []
    horizon = today + timedelta(days=within_days)
    due = Q(organisation_id=user.organisation_id, ended_on__isnull=True, review_by__lte=horizon)
    rows = [
        ReviewDue(
            "restriction", r.pk, r.individual, r.restriction, r.review_by, r.review_by < today
        )
        for r in Restriction.objects.filter(due).select_related("individual")
    ]
    if sees_special_category(user):
        adjustments = [
            ReviewDue(
                "adjustment", a.pk, a.individual, a.description, a.review_by, a.review_by < today
            )
            for a in ReasonableAdjustment.objects.filter(due).select_related("individual")
        ]
        for individual in {row.individual.pk: row.individual for row in adjustments}.values():
            special_category_viewed(user, individual, "adjustments", where="the reviews due")
        rows += adjustments
    return sorted(rows, key=lambda row: (row.review_by, row.kind, row.pk))


def disabilities_rule(user: User) -> tuple[bool, str]:
    """Whether any Code the user's organisation works under (its default, or a service area's)
    keeps a record of disabilities, and the clause that says so for its default Code."""
    if user.organisation_id is None:
        return False, ""
    organisation = Organisation.objects.get(pk=user.organisation_id)
    ids = {
        organisation.default_profile,
        *organisation.service_areas.values_list("profile", flat=True),
    }
    kept = False
    for profile_id in ids:
        try:
            rule = get_profile(profile_id).record_of_disabilities
        except KeyError:
            continue
        kept = kept or bool(rule and rule.value)
    try:
        default = get_profile(organisation.default_profile)
    except KeyError:
        return kept, ""
    rule = default.record_of_disabilities
    return kept, default.cite(rule.clause) if rule else ""
