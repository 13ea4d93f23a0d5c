"""The complaint-handling figures of one organisation for a period, computed in the database.

The figures are those of code-rules.md, 'Reporting figures': volumes, timeliness per stage with
and without extensions, outcomes, the Regulator's CH01 and CH02 (Tenant Satisfaction Measures),
complaints not accepted, and financial remedies in total. Each is judged against the deadlines
stored on the stage when it was received, acknowledged or extended, so a case keeps the rules it
was received under and no deadline is worked out again here. ``docs/figures.md`` defines each
figure as computed.

Four queries whatever the number of cases: complaints, stages (grouped by stage and outcome, with
conditional counts), service requests and financial remedies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Trim

from putright.cases.models import CaseStatus, Complaint, Extension, Stage
from putright.cases.models.remedies import Remedy, RemedyKind
from putright.cases.models.requests import ServiceRequest
from putright.organisations.models import Organisation, ServiceArea
from putright.policy import load_profiles

#: The stages reported: the Codes have two, and CH01 and CH02 are per stage 1 and stage 2.
STAGES = (1, 2)
_TENTH = Decimal("0.1")
_PENNY = Decimal("0.01")


@dataclass(frozen=True)
class StageFigures:
    """One stage's figures for the period."""

    received: int
    acknowledged: int
    acknowledged_on_time: int
    responded: int
    responded_on_time: int
    responded_on_time_without_extensions: int
    outcomes: dict[str, int]

    @property
    def percent_on_time(self) -> float | None:
        """CH02: responses on time as a share of responses, or None when there were none."""
        return _percent(self.responded_on_time, self.responded)

    @property
    def percent_on_time_without_extensions(self) -> float | None:
        """CH02 as if no extension had been granted, reported beside it."""
        return _percent(self.responded_on_time_without_extensions, self.responded)

    @property
    def percent_acknowledged_on_time(self) -> float | None:
        return _percent(self.acknowledged_on_time, self.acknowledged)

    def as_json(self) -> dict[str, Any]:
        return {
            "received": self.received,
            "acknowledged": self.acknowledged,
            "acknowledged_on_time": self.acknowledged_on_time,
            "responded": self.responded,
            "responded_on_time": self.responded_on_time,
            "responded_on_time_without_extensions": self.responded_on_time_without_extensions,
            "outcomes": dict(self.outcomes),
        }


@dataclass(frozen=True)
class Figures:
    """An organisation's complaint-handling figures for a period, both dates included."""

    organisation: Organisation
    start: date
    end: date
    service_area: ServiceArea | None
    service_requests_received: int
    complaints_received: int
    complaints_refused: int
    stage1: StageFigures
    stage2: StageFigures
    financial_remedies_total: Decimal

    @property
    def stage1_per_1000_homes(self) -> float | None:
        """CH01 at stage 1: accepted complaints received per 1,000 homes."""
        return _per_1000(self.stage1.received, self.organisation.homes)

    @property
    def stage2_per_1000_homes(self) -> float | None:
        """CH01 at stage 2: escalations accepted per 1,000 homes."""
        return _per_1000(self.stage2.received, self.organisation.homes)

    def as_json(self) -> dict[str, Any]:
        """The figures as ``putright kpis --json`` prints them (spec/commands.md)."""
        return {
            "organisation": self.organisation.slug,
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "service_requests_received": self.service_requests_received,
            "complaints_received": self.complaints_received,
            "complaints_refused": self.complaints_refused,
            "stage1": self.stage1.as_json(),
            "stage2": self.stage2.as_json(),
            "ch01": {
                "stage1_per_1000_homes": self.stage1_per_1000_homes,
                "stage2_per_1000_homes": self.stage2_per_1000_homes,
            },
            "ch02": {
                "stage1_percent_on_time": self.stage1.percent_on_time,
                "stage2_percent_on_time": self.stage2.percent_on_time,
            },
            "financial_remedies_total": f"{self.financial_remedies_total:.2f}",
        }


def scoped(
    *, organisation: Organisation, start: date, end: date, service_area: ServiceArea | None
) -> tuple[
    tuple[date, date],
    QuerySet[Complaint],
    QuerySet[Stage],
    QuerySet[ServiceRequest],
    QuerySet[Remedy],
]:
    """The period, and the organisation's complaints, stages, service requests and remedies,
    narrowed to one service area when given; refuses a period that ends before it starts or
    another organisation's service area."""
    if start > end:
        raise ValueError(f"The period starts on {start} after it ends on {end}.")
    if service_area is not None and service_area.organisation_id != organisation.pk:
        raise ValueError("That service area is not one of the organisation's.")
    period = (start, end)
    complaints = Complaint.objects.filter(organisation=organisation)
    stages = Stage.objects.filter(complaint__organisation=organisation, number__in=STAGES)
    requests = ServiceRequest.objects.filter(organisation=organisation)
    remedies = Remedy.objects.filter(complaint__organisation=organisation)
    if service_area is not None:
        complaints = complaints.filter(service_area=service_area)
        stages = stages.filter(complaint__service_area=service_area)
        requests = requests.filter(service_area=service_area)
        remedies = remedies.filter(complaint__service_area=service_area)
    return period, complaints, stages, requests, remedies


def complaint_figures(
    *,
    organisation: Organisation,
    start: date,
    end: date,
    service_area: ServiceArea | None = None,
) -> Figures:
    """The organisation's figures for ``start`` to ``end`` inclusive, optionally for one service
    area (code-rules.md, 'Reporting figures'; CH01 and CH02 of the Regulator's TSMs).

    A case counts as received in the period by its received date (stage 2: the date the escalation
    request was received), and as acknowledged or responded by the date of that step.
    """
    period, complaints, stages, requests, remedies = scoped(
        organisation=organisation, start=start, end=end, service_area=service_area
    )

    # Not accepted: excluded at stage 1. A complaint excluded at stage 2 was accepted at stage 1;
    # it is the escalation that was not accepted.
    refused = Q(status=CaseStatus.EXCLUDED, stage=1)
    received = complaints.filter(received__range=period).aggregate(
        received=Count("pk"), refused=Count("pk", filter=refused)
    )
    by_stage = _stage_counts(stages, period)
    accepted_at_stage_1 = received["received"] - received["refused"]
    by_stage[1]["received"] = accepted_at_stage_1
    total = (
        remedies.filter(kind=RemedyKind.FINANCIAL, complaint__received__range=period)
        .exclude(complaint__status=CaseStatus.EXCLUDED, complaint__stage=1)
        .aggregate(total=Sum("amount"))["total"]
    )
    return Figures(
        organisation=organisation,
        start=start,
        end=end,
        service_area=service_area,
        service_requests_received=requests.filter(received__range=period).count(),
        complaints_received=received["received"],
        complaints_refused=received["refused"],
        stage1=StageFigures(**by_stage[1]),
        stage2=StageFigures(**by_stage[2]),
        financial_remedies_total=(total or Decimal(0)).quantize(_PENNY, ROUND_HALF_UP),
    )


def service_area_named(*, organisation: Organisation, name: str) -> ServiceArea | None:
    """The organisation's service area with this name, or None."""
    return ServiceArea.objects.filter(organisation=organisation, name=name).first()


def step_counts(period: tuple[date, date]) -> dict[str, Count]:
    """The counts of each step of a group of stages in the period, as CH02 judges them: received
    (less those not accepted), acknowledged and on time, responded and on time (with the
    extensions that count, and without any), extended and on time against the extension. One
    definition for the figures, their breakdowns and the dashboards; keys are ``n_<figure>``."""
    received = Q(received__range=period)
    acknowledged = Q(acknowledged__range=period)
    responded = Q(responded__range=period)
    # Stored deadlines decide: a stage without a fixed deadline (e.g. asc-2009's response period,
    # agreed with the individual) counts as on time once the step is taken.
    on_time_without_extensions = Q(respond_by__isnull=True) | Q(responded__lte=F("respond_by"))
    extended = Q(extended_respond_by__isnull=False, responded__lte=F("extended_respond_by"))
    return {
        "n_received": Count(
            "pk",
            filter=received
            & ~Q(complaint__status=CaseStatus.EXCLUDED, complaint__stage=F("number")),
        ),
        "n_acknowledged": Count("pk", filter=acknowledged),
        "n_acknowledged_on_time": Count(
            "pk",
            filter=acknowledged
            & (Q(acknowledge_by__isnull=True) | Q(acknowledged__lte=F("acknowledge_by"))),
        ),
        "n_responded": Count("pk", filter=responded),
        "n_responded_on_time": Count(
            "pk",
            filter=responded & (on_time_without_extensions | (extended & extension_counts())),
        ),
        "n_responded_on_time_without_extensions": Count(
            "pk", filter=responded & on_time_without_extensions
        ),
        "n_extended": Count("pk", filter=responded & Q(extended_respond_by__isnull=False)),
        "n_extended_on_time": Count("pk", filter=responded & extended),
    }


def in_period(period: tuple[date, date]) -> Q:
    """Stages with a step (received, acknowledged or responded) in the period."""
    return Q(received__range=period) | Q(acknowledged__range=period) | Q(responded__range=period)


def _stage_counts(stages: QuerySet[Stage], period: tuple[date, date]) -> dict[int, dict[str, Any]]:
    """Each stage's counts, from one query grouped by stage number and outcome."""
    rows = (
        stages.filter(in_period(period))
        .values("number", "outcome")
        .annotate(**step_counts(period))
        .order_by()
    )
    keys = (
        "received",
        "acknowledged",
        "acknowledged_on_time",
        "responded",
        "responded_on_time",
        "responded_on_time_without_extensions",
    )
    counts: dict[int, dict[str, Any]] = {
        n: {**dict.fromkeys(keys, 0), "outcomes": {}} for n in STAGES
    }
    for row in rows:
        stage = counts[row["number"]]
        for key in keys:
            stage[key] += row[f"n_{key}"]
        if row["outcome"] and row["n_responded"]:
            stage["outcomes"][row["outcome"]] = row["n_responded"]
    for stage in counts.values():
        stage["outcomes"] = dict(sorted(stage["outcomes"].items()))
    return counts


def extension_counts() -> Q:
    """Stages whose extension moves the response deadline on for CH02: extensions made within the
    Code's limits (code-rules, CH02). That is, the stage's extensions total no more than the limit
    of the profile the complaint was received under (e.g. HOS 6.4: 10 working days at stage 1;
    6.16: 20 at stage 2; every extension where the profile sets no limit), or one of them has a
    recorded reason where the profile allows more with a good reason (e.g. HOS 6.4), not where
    it never does (e.g. SI 2006/1738 reg. 14). A stage whose profile has no provision for an
    extension never has one that counts.

    One condition per (profile, stage) over every shipped profile, so no profile is looked up per
    case; whether a stage has an extension with a reason is one sub-query, hashed once.
    """
    reasoned = Q(
        pk__in=Extension.objects.annotate(given=Trim("reason")).exclude(given="").values("stage_id")
    )
    counts = Q(pk__in=[])
    for profile in load_profiles().values():
        for stage in profile.stages:
            rule = stage.extension
            if stage.number not in STAGES or rule is None:
                continue
            same = Q(complaint__profile=profile.id, number=stage.number)
            if rule.limit_days is None:
                counts |= same
                continue
            within = Q(extension_days__lte=rule.limit_days)
            counts |= same & (within | reasoned if rule.beyond_limit == "with_reason" else within)
    return counts


def _percent(part: int, whole: int) -> float | None:
    if not whole:
        return None
    return float((Decimal(part) * 100 / Decimal(whole)).quantize(_TENTH, ROUND_HALF_UP))


def _per_1000(count: int, homes: int | None) -> float | None:
    if not homes:
        return None
    return float((Decimal(count) * 1000 / Decimal(homes)).quantize(_TENTH, ROUND_HALF_UP))
