"""Reads for organisations and their staff."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from putright.organisations.models import (
    ClosureDay,
    ExclusionReason,
    Organisation,
    OutcomeOption,
    Role,
    ServiceArea,
    User,
)
from putright.policy import Profile, get_profile


def organisation_get(*, slug: str) -> Organisation | None:
    """The organisation with this slug, or None."""
    return Organisation.objects.filter(slug=slug).first()


def staff_for_organisation(*, organisation: Organisation) -> QuerySet[User]:
    """The organisation's staff accounts, by username."""
    return User.objects.filter(organisation=organisation).order_by("username")


# --- The organisation's settings ------------------------------------------------------------------


def can_change_settings(user: object) -> bool:
    """Whether the user is a manager or senior lead of an organisation, who changes its settings."""
    return getattr(user, "organisation_id", None) is not None and getattr(user, "role", "") in {
        Role.MANAGER,
        Role.SENIOR_LEAD,
    }


@dataclass(frozen=True, slots=True)
class OutcomeChoices:
    """The outcomes a response may record, as (key, label), and whether they are the
    organisation's own list rather than the Code's."""

    choices: tuple[tuple[str, str], ...]
    own: bool

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(key for key, _ in self.choices)


def outcome_choices(*, organisation_id: int, profile: Profile) -> OutcomeChoices:
    """The organisation's outcomes that are in use, where the case's Code leaves the list to it
    (``outcomes.set_by`` 'organisation', e.g. LGSCO 6.7) and it has set one; otherwise the
    Code's outcomes (e.g. HOS 6.7: upheld or not upheld), which always apply under a Code that
    sets them."""
    if profile.outcomes.set_by == "organisation":
        own = tuple(
            OutcomeOption.objects.filter(organisation_id=organisation_id, active=True)
            .order_by("label")
            .values_list("key", "label")
        )
        if own:
            return OutcomeChoices(own, own=True)
    code = tuple((v, v.replace("_", " ").capitalize()) for v in profile.outcomes.values)
    return OutcomeChoices(code, own=False)


@dataclass(frozen=True, slots=True)
class AreaRow:
    """A service area with the Code profile its complaints are received under (None if unknown)."""

    area: ServiceArea
    profile: Profile | None


@dataclass(frozen=True, slots=True)
class OrganisationSettings:
    """What the settings page shows of the user's organisation."""

    organisation: Organisation
    areas: list[AreaRow]
    upcoming_closures: list[ClosureDay]
    past_closures: list[ClosureDay]
    exclusion_reasons: list[ExclusionReason]
    outcome_options: list[OutcomeOption]
    own_outcomes_used: bool


def _organisation_of(user: User) -> int:
    if user.organisation_id is None:
        raise Http404("No organisation.")
    return user.organisation_id


def settings_for(user: User, *, today: date) -> OrganisationSettings:
    """The user's organisation's settings: service areas with their profiles, closure days
    (upcoming first, then past, latest first), reasons and outcomes (those in use first)."""
    organisation = Organisation.objects.get(pk=_organisation_of(user))
    areas = []
    for area in ServiceArea.objects.filter(organisation=organisation).order_by("name"):
        try:
            areas.append(AreaRow(area, get_profile(area.profile)))
        except KeyError:
            areas.append(AreaRow(area, None))
    closures = ClosureDay.objects.filter(organisation=organisation)
    return OrganisationSettings(
        organisation=organisation,
        areas=areas,
        upcoming_closures=list(closures.filter(day__gte=today).order_by("day")),
        past_closures=list(closures.filter(day__lt=today).order_by("-day")),
        exclusion_reasons=list(
            ExclusionReason.objects.filter(organisation=organisation).order_by("-active", "label")
        ),
        outcome_options=list(
            OutcomeOption.objects.filter(organisation=organisation).order_by("-active", "label")
        ),
        own_outcomes_used=any(
            row.profile is not None and row.profile.outcomes.set_by == "organisation"
            for row in areas
        ),
    )


def service_area_get(user: User, pk: int) -> ServiceArea:
    """One of the user's organisation's service areas; 404 for another organisation's."""
    return get_object_or_404(
        ServiceArea.objects.select_related("organisation"),
        pk=pk,
        organisation_id=_organisation_of(user),
    )


def closure_day_get(user: User, pk: int) -> ClosureDay:
    """One of the user's organisation's closure days; 404 for another organisation's."""
    return get_object_or_404(
        ClosureDay.objects.select_related("organisation"),
        pk=pk,
        organisation_id=_organisation_of(user),
    )


def exclusion_reason_get(user: User, pk: int) -> ExclusionReason:
    """One of the user's organisation's exclusion reasons; 404 for another organisation's."""
    return get_object_or_404(
        ExclusionReason.objects.select_related("organisation"),
        pk=pk,
        organisation_id=_organisation_of(user),
    )


def outcome_option_get(user: User, pk: int) -> OutcomeOption:
    """One of the user's organisation's outcomes; 404 for another organisation's."""
    return get_object_or_404(
        OutcomeOption.objects.select_related("organisation"),
        pk=pk,
        organisation_id=_organisation_of(user),
    )
