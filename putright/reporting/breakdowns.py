"""The figures broken down, for the dashboard and the annual report: volumes by channel,
category, service area and stage; the timeliness of each step per stage and service area;
outcomes per stage and category; remedies by type; complaints not accepted by reason; service
requests; and the SPSO's indicators for complaints under its model procedure (code-rules.md,
'Reporting figures').

Each breakdown counts what ``figures.complaint_figures`` counts, with the same definitions of
received, accepted, on time and extension, so its rows add up to the headline figures. Each is
one grouped query whatever the number of cases; the SPSO's working days are counted for every
response at once with numpy, never a query or a calendar walk per case.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np
from django.db.models import Count, F, QuerySet, Sum

from putright.cases.models import CaseStatus, Channel, Complaint, Stage
from putright.cases.models.remedies import Remedy, RemedyKind
from putright.cases.models.requests import RequestStatus
from putright.organisations.models import ClosureDay, Organisation, ServiceArea
from putright.reporting.figures import STAGES, _percent, in_period, scoped, step_counts
from putright.rules.calendar import calendar_for

#: The SPSO's model complaints handling procedure (code-rules.md, 'Code profiles').
SPSO_PROFILE = "spso-mchp"
#: The SPSO's timescales: stage 1 (frontline) in 5 working days, stage 2 (investigation) in 20.
SPSO_WORKING_DAYS = {1: 5, 2: 20}
_PENNY = Decimal("0.01")
_TENTH = Decimal("0.1")
NOT_KNOWN = "Not recorded"


@dataclass(frozen=True)
class Count_:
    """One row of a breakdown: what it is, how people read it, and how many."""

    key: str
    label: str
    count: int


@dataclass(frozen=True)
class StepTimeliness:
    """The timeliness of each step of one stage, for one service area or all of them."""

    service_area: str
    stage: int
    received: int = 0
    acknowledged: int = 0
    acknowledged_on_time: int = 0
    responded: int = 0
    responded_on_time: int = 0
    extended: int = 0
    extended_on_time: int = 0

    @property
    def percent_acknowledged_on_time(self) -> float | None:
        return _percent(self.acknowledged_on_time, self.acknowledged)

    @property
    def percent_responded_on_time(self) -> float | None:
        return _percent(self.responded_on_time, self.responded)

    @property
    def percent_extended_on_time(self) -> float | None:
        return _percent(self.extended_on_time, self.extended)


@dataclass(frozen=True)
class RemedyRow:
    kind: str
    label: str
    count: int
    amount: Decimal


@dataclass(frozen=True)
class SpsoStage:
    """The SPSO's indicators for one stage: received, closed within its timescale, average
    working days to respond, and the outcomes."""

    stage: int
    timescale: int
    received: int = 0
    responded: int = 0
    within_timescale: int = 0
    extended: int = 0
    average_working_days: float | None = None
    outcomes: dict[str, int] = field(default_factory=dict)

    @property
    def percent_within_timescale(self) -> float | None:
        return _percent(self.within_timescale, self.responded)


@dataclass(frozen=True)
class Breakdowns:
    """Every breakdown of the organisation's figures for a period."""

    by_channel: list[Count_]
    by_category: list[Count_]
    by_service_area: list[Count_]
    by_stage: list[Count_]
    timeliness: list[StepTimeliness]
    outcomes_by_category: list[tuple[str, int, str, int]]
    remedies: list[RemedyRow]
    refused_by_reason: list[Count_]
    escalations_refused_by_reason: list[Count_]
    requests_by_status: list[Count_]
    requests_by_service_area: list[Count_]
    requests_became_complaints: int
    spso: list[SpsoStage] | None

    @property
    def remedies_total(self) -> Decimal:
        return sum((r.amount for r in self.remedies), Decimal(0)).quantize(_PENNY)


def breakdowns(
    *,
    organisation: Organisation,
    start: date,
    end: date,
    service_area: ServiceArea | None = None,
) -> Breakdowns:
    """Every breakdown of the organisation's figures from ``start`` to ``end`` inclusive,
    optionally for one service area (code-rules.md, 'Reporting figures')."""
    period, complaints, stages, requests, remedies = scoped(
        organisation=organisation, start=start, end=end, service_area=service_area
    )
    received = complaints.filter(received__range=period)
    areas = dict(ServiceArea.objects.filter(organisation=organisation).values_list("pk", "name"))
    channels = dict(Channel.choices)

    timeliness = _timeliness(stages, period, areas)
    by_stage = [
        Count_(f"stage{row.stage}", f"Stage {row.stage}", row.received)
        for row in timeliness
        if row.service_area == ""
    ]
    spso = None
    if service_area is None:
        has_spso = ServiceArea.objects.filter(organisation=organisation, profile=SPSO_PROFILE)
        if has_spso.exists() or complaints.filter(profile=SPSO_PROFILE).exists():
            spso = spso_indicators(organisation=organisation, start=start, end=end)
    elif service_area.profile == SPSO_PROFILE:
        spso = spso_indicators(
            organisation=organisation, start=start, end=end, service_area=service_area
        )
    requests_received = requests.filter(received__range=period)
    return Breakdowns(
        by_channel=_grouped(received, "channel", channels),
        by_category=_grouped(received, "category", {}),
        by_service_area=_grouped(received, "service_area_id", areas),
        by_stage=by_stage,
        timeliness=[row for row in timeliness if row.service_area != ""]
        + [row for row in timeliness if row.service_area == ""],
        outcomes_by_category=_outcomes_by_category(stages, period),
        remedies=_remedies(remedies, period),
        refused_by_reason=_grouped(
            received.filter(status=CaseStatus.EXCLUDED, stage=1), "exclusion_reason", {}
        ),
        escalations_refused_by_reason=_grouped(
            complaints.filter(
                status=CaseStatus.EXCLUDED,
                stage=2,
                stages__number=2,
                stages__received__range=period,
            ),
            "exclusion_reason",
            {},
        ),
        requests_by_status=_grouped(requests_received, "status", dict(RequestStatus.choices)),
        requests_by_service_area=_grouped(requests_received, "service_area_id", areas),
        requests_became_complaints=Complaint.objects.filter(
            service_request__in=requests_received
        ).count(),
        spso=spso,
    )


def _grouped(rows: QuerySet[Any], key: str, labels: dict[Any, str]) -> list[Count_]:
    """Counts per value of ``key``, the largest first; an empty value is 'Not recorded'."""
    found = rows.values(key).annotate(n=Count("pk")).order_by()
    result = [
        Count_(
            str(row[key] or ""),
            labels.get(row[key], str(row[key])) if row[key] not in ("", None) else NOT_KNOWN,
            row["n"],
        )
        for row in found
    ]
    return sorted(result, key=lambda r: (-r.count, r.label))


def _timeliness(
    stages: QuerySet[Stage], period: tuple[date, date], areas: dict[int, str]
) -> list[StepTimeliness]:
    """Per service area and stage, and for all areas (service area ''): acknowledgements,
    responses and extended responses, each with those on time, as CH02 judges them."""
    rows = (
        stages.filter(in_period(period))
        .values("complaint__service_area_id", "number")
        .annotate(**step_counts(period))
        .order_by()
    )
    keys = (
        "received",
        "acknowledged",
        "acknowledged_on_time",
        "responded",
        "responded_on_time",
        "extended",
        "extended_on_time",
    )
    totals: dict[int, dict[str, int]] = {n: dict.fromkeys(keys, 0) for n in STAGES}
    per_area = []
    for row in rows:
        counts = {key: row[f"n_{key}"] for key in keys}
        name = areas.get(row["complaint__service_area_id"], NOT_KNOWN)
        per_area.append(StepTimeliness(service_area=name, stage=row["number"], **counts))
        for key in keys:
            totals[row["number"]][key] += counts[key]
    per_area.sort(key=lambda r: (r.service_area, r.stage))
    return per_area + [StepTimeliness(service_area="", stage=n, **totals[n]) for n in STAGES]


def _outcomes_by_category(
    stages: QuerySet[Stage], period: tuple[date, date]
) -> list[tuple[str, int, str, int]]:
    """(category, stage, outcome, responses) for the responses sent in the period."""
    rows = (
        stages.filter(responded__range=period)
        .values("complaint__category", "number", "outcome")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return sorted(
        (
            (row["complaint__category"] or NOT_KNOWN, row["number"], row["outcome"] or "", row["n"])
            for row in rows
        ),
        key=lambda r: (r[0], r[1], r[2]),
    )


def _remedies(remedies: QuerySet[Remedy], period: tuple[date, date]) -> list[RemedyRow]:
    """Remedies offered on the accepted complaints received in the period, by type, with the
    amounts (as ``financial_remedies_total`` counts them)."""
    rows = (
        remedies.filter(complaint__received__range=period)
        .exclude(complaint__status=CaseStatus.EXCLUDED, complaint__stage=1)
        .values("kind")
        .annotate(n=Count("pk"), amount=Sum("amount"))
        .order_by()
    )
    labels = dict(RemedyKind.choices)
    return sorted(
        (
            RemedyRow(
                row["kind"],
                labels.get(row["kind"], row["kind"]),
                row["n"],
                (row["amount"] or Decimal(0)).quantize(_PENNY, ROUND_HALF_UP),
            )
            for row in rows
        ),
        key=lambda r: (-r.count, r.label),
    )


def spso_indicators(
    *,
    organisation: Organisation,
    start: date,
    end: date,
    service_area: ServiceArea | None = None,
) -> list[SpsoStage]:
    """The SPSO's indicators for the complaints handled under its model procedure: received at
    each stage (stage 2 both escalated and started there), closed within 5 working days at stage
    1 and 20 at stage 2 from receipt, the average working days to respond, and the outcomes
    (code-rules.md, 'Reporting figures', SPSO). Working days are the organisation's, less its
    closure days."""
    stages = Stage.objects.filter(
        complaint__organisation=organisation, complaint__profile=SPSO_PROFILE, number__in=STAGES
    )
    if service_area is not None:
        stages = stages.filter(complaint__service_area=service_area)
    period = (start, end)
    received = dict(
        stages.filter(received__range=period)
        .exclude(complaint__status=CaseStatus.EXCLUDED, complaint__stage=F("number"))
        .values("number")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("number", "n")
    )
    rows = list(
        stages.filter(responded__range=period).values_list(
            "number", "received", "responded", "outcome", "extended_respond_by"
        )
    )
    closures = ClosureDay.objects.filter(organisation=organisation).values_list("day", flat=True)
    calendar = calendar_for(organisation.division, closures)
    result = []
    for number in STAGES:
        mine = [row for row in rows if row[0] == number]
        outcomes: dict[str, int] = defaultdict(int)
        for row in mine:
            if row[3]:
                outcomes[row[3]] += 1
        average = None
        within = 0
        if mine:
            days = calendar.working_days_between_many(
                np.asarray([row[1].toordinal() for row in mine], dtype=np.int64),
                np.asarray([row[2].toordinal() for row in mine], dtype=np.int64),
            )
            within = int((days <= SPSO_WORKING_DAYS[number]).sum())
            average = float(
                (Decimal(int(days.sum())) / Decimal(len(mine))).quantize(_TENTH, ROUND_HALF_UP)
            )
        result.append(
            SpsoStage(
                stage=number,
                timescale=SPSO_WORKING_DAYS[number],
                received=received.get(number, 0),
                responded=len(mine),
                within_timescale=within,
                extended=sum(1 for row in mine if row[4] is not None),
                average_working_days=average,
                outcomes=dict(sorted(outcomes.items())),
            )
        )
    return result
