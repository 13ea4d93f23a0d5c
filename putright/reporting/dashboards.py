"""What each oversight role's dashboard shows beyond the figures, computed in the database.

The complaints manager's workload comes from ``cases.selectors.team_workload``; the figures, the
months, the breakdowns and the themes from ``figures``, ``trends``, ``breakdowns`` and
``themes``. Here are only the senior lead's compliance counts (extensions granted, remedies and
Ombudsman recommendations outstanding, learning recorded and implemented) and the Member's
Ombudsman decisions and service improvements, each for the organisation or one service area.
The Member's texts go through the annual report's scrubber, so no name reaches their page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q

from putright.cases.models import Extension, Learning, OmbudsmanReferral
from putright.cases.models.remedies import Recommendation, ReferralDecision, Remedy, RemedyStatus
from putright.organisations.models import Organisation, ServiceArea
from putright.policy import get_profile
from putright.policy.describe import step_text
from putright.policy.schema import Stage, Step
from putright.reporting.figures import STAGES

#: A remedy still to be put right: offered, accepted or in progress.
OUTSTANDING_REMEDIES = (RemedyStatus.OFFERED, RemedyStatus.ACCEPTED, RemedyStatus.IN_PROGRESS)


@dataclass(frozen=True)
class Compliance:
    """The senior lead's counts for a period, beside the figures and the timeliness per step."""

    extensions_stage1: int
    extensions_stage2: int
    remedies_outstanding: int
    remedies_overdue: int
    recommendations_outstanding: int
    learning_recorded: int
    learning_implemented: int


def _check(organisation: Organisation, start: date, end: date, area: ServiceArea | None) -> None:
    if start > end:
        raise ValueError(f"The period starts on {start} after it ends on {end}.")
    if area is not None and area.organisation_id != organisation.pk:
        raise ValueError("That service area is not one of the organisation's.")


def compliance(
    *,
    organisation: Organisation,
    start: date,
    end: date,
    today: date,
    service_area: ServiceArea | None = None,
) -> Compliance:
    """Extensions granted in the period by stage; remedies and Ombudsman recommendations not yet
    done today (remedies past their date overdue); learning recorded and implemented in the
    period. Four queries."""
    _check(organisation, start, end, service_area)
    period = (start, end)
    extensions = Extension.objects.filter(
        stage__complaint__organisation=organisation, granted_on__range=period
    )
    remedies = Remedy.objects.filter(
        complaint__organisation=organisation, status__in=OUTSTANDING_REMEDIES
    )
    recommendations = Recommendation.objects.filter(referral__complaint__organisation=organisation)
    learning = Learning.objects.filter(organisation=organisation)
    if service_area is not None:
        extensions = extensions.filter(stage__complaint__service_area=service_area)
        remedies = remedies.filter(complaint__service_area=service_area)
        recommendations = recommendations.filter(referral__complaint__service_area=service_area)
        learning = learning.filter(service_area=service_area)
    granted = extensions.aggregate(
        one=Count("pk", filter=Q(stage__number=1)), two=Count("pk", filter=Q(stage__number=2))
    )
    outstanding = remedies.aggregate(n=Count("pk"), overdue=Count("pk", filter=Q(due__lt=today)))
    learnt = learning.aggregate(
        recorded=Count("pk", filter=Q(created__date__range=period)),
        implemented=Count("pk", filter=Q(implemented_on__range=period)),
    )
    return Compliance(
        extensions_stage1=granted["one"],
        extensions_stage2=granted["two"],
        remedies_outstanding=outstanding["n"],
        remedies_overdue=outstanding["overdue"],
        recommendations_outstanding=recommendations.filter(carried_out_on__isnull=True).count(),
        learning_recorded=learnt["recorded"],
        learning_implemented=learnt["implemented"],
    )


def ombudsman_decisions(
    *,
    organisation: Organisation,
    start: date,
    end: date,
    service_area: ServiceArea | None = None,
) -> dict[str, int]:
    """The Ombudsman's decisions made in the period, by decision, every decision present: one
    query."""
    _check(organisation, start, end, service_area)
    referrals = OmbudsmanReferral.objects.filter(
        complaint__organisation=organisation, decided_on__range=(start, end)
    )
    if service_area is not None:
        referrals = referrals.filter(complaint__service_area=service_area)
    counts = dict(referrals.values("decision").annotate(n=Count("pk")).values_list("decision", "n"))
    return {
        str(label): counts.get(value, 0)
        for value, label in ReferralDecision.choices
        if value != ReferralDecision.PENDING
    }


@dataclass(frozen=True)
class StageLimits:
    """The limits a Code sets at one stage, each with its clause, for the senior lead to read
    the timeliness against."""

    code: str
    service_areas: str
    stage: int
    acknowledge: str
    respond: str
    extension: str


def code_limits(
    *, organisation: Organisation, service_area: ServiceArea | None = None
) -> list[StageLimits]:
    """The limits at stages 1 and 2 of each Code the organisation's service areas (or the one
    area) are under, from the profiles: one query for the areas."""
    areas = ServiceArea.objects.filter(organisation=organisation).order_by("name")
    if service_area is not None:
        areas = areas.filter(pk=service_area.pk)
    by_profile: dict[str, list[str]] = {}
    for name, profile in areas.values_list("name", "profile"):
        by_profile.setdefault(profile, []).append(name)
    rows = []
    for profile_id, names in sorted(by_profile.items()):
        profile = get_profile(profile_id)
        for stage in profile.stages:
            if stage.number not in STAGES:
                continue
            rule = stage.extension
            if rule is None:
                extension = "No provision for an extension"
            elif rule.limit_days is None:
                extension = f"No limit ({rule.clause})"
            else:
                beyond = "; more with a good reason" if rule.beyond_limit == "with_reason" else ""
                extension = f"Up to {rule.limit_days} working days{beyond} ({rule.clause})"
            rows.append(
                StageLimits(
                    code=profile.short_name,
                    service_areas=", ".join(names),
                    stage=stage.number,
                    acknowledge=_step(stage, stage.acknowledge),
                    respond=_step(stage, stage.respond),
                    extension=extension,
                )
            )
    return rows


def _step(stage: Stage, step: Step | None) -> str:
    if step is None:
        return "None set"
    return f"{step_text(stage, step)} ({step.clause})"
