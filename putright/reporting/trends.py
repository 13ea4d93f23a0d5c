"""Month-by-month figures of one organisation for a period, computed in the database.

Each month counts what ``figures.complaint_figures`` counts for the whole period, so the months add
up to its totals: complaints accepted at each stage by the month they were received (stage 2: the
month the escalation request was received), and responses at each stage by the month they were
sent, with those on time as CH02 judges them (code-rules.md, 'Reporting figures').

Two queries whatever the number of cases or months: stages grouped by stage and month received,
and by stage and month responded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth

from putright.cases.models import CaseStatus, Stage
from putright.organisations.models import Organisation, Role, ServiceArea, User
from putright.reporting.figures import STAGES, _percent, extension_counts

#: Who reads an organisation's figures: those overseeing complaint handling, and auditors.
FIGURE_ROLES = frozenset({Role.MANAGER, Role.SENIOR_LEAD, Role.MEMBER, Role.AUDITOR})

#: The longest period shown month by month: five years.
MAX_MONTHS = 60


def can_read_figures(user: User) -> bool:
    """Whether the user reads their organisation's figures: a manager, senior lead, Member
    Responsible for Complaints (HOS 4.5) or auditor; a complaint handler does not."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.organisation_id is not None
        and user.role in FIGURE_ROLES
    )


@dataclass(frozen=True)
class MonthFigures:
    """One month's figures at stages 1 and 2."""

    month: date
    stage1_received: int = 0
    stage2_received: int = 0
    stage1_responded: int = 0
    stage1_on_time: int = 0
    stage2_responded: int = 0
    stage2_on_time: int = 0

    @property
    def stage1_percent_on_time(self) -> float | None:
        return _percent(self.stage1_on_time, self.stage1_responded)

    @property
    def stage2_percent_on_time(self) -> float | None:
        return _percent(self.stage2_on_time, self.stage2_responded)


def months_between(start: date, end: date) -> list[date]:
    """The first day of each month from ``start``'s to ``end``'s, both included."""
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def monthly_trends(
    *,
    organisation: Organisation,
    start: date,
    end: date,
    service_area: ServiceArea | None = None,
) -> list[MonthFigures]:
    """Each month of ``start`` to ``end`` inclusive with its figures, every month present, for the
    organisation or one of its service areas (code-rules.md, 'Reporting figures'; CH02)."""
    if start > end:
        raise ValueError(f"The period starts on {start} after it ends on {end}.")
    if service_area is not None and service_area.organisation_id != organisation.pk:
        raise ValueError("That service area is not one of the organisation's.")
    months = months_between(start, end)
    if len(months) > MAX_MONTHS:
        raise ValueError(f"The period is longer than {MAX_MONTHS} months.")
    period = (start, end)
    stages = Stage.objects.filter(complaint__organisation=organisation, number__in=STAGES)
    if service_area is not None:
        stages = stages.filter(complaint__service_area=service_area)
    counts: dict[date, dict[str, int]] = {month: {} for month in months}

    # Accepted at the stage: not excluded at that stage (figures.complaint_figures).
    not_accepted = Q(complaint__status=CaseStatus.EXCLUDED, complaint__stage=F("number"))
    received = (
        stages.filter(received__range=period)
        .exclude(not_accepted)
        .annotate(month=TruncMonth("received"))
        .values("number", "month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in received:
        counts[_day(row["month"])][f"stage{row['number']}_received"] = row["n"]

    on_time_without_extensions = Q(respond_by__isnull=True) | Q(responded__lte=F("respond_by"))
    extended = Q(extended_respond_by__isnull=False, responded__lte=F("extended_respond_by"))
    responded = (
        stages.filter(responded__range=period)
        .annotate(month=TruncMonth("responded"))
        .values("number", "month")
        .annotate(
            n=Count("pk"),
            on_time=Count(
                "pk", filter=on_time_without_extensions | (extended & extension_counts())
            ),
        )
        .order_by()
    )
    for row in responded:
        month = counts[_day(row["month"])]
        month[f"stage{row['number']}_responded"] = row["n"]
        month[f"stage{row['number']}_on_time"] = row["on_time"]
    return [MonthFigures(month=month, **found) for month, found in counts.items()]


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value
