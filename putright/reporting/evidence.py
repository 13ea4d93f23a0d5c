"""What the organisation's own records can evidence for its self-assessment against a Code, for
a year from 1 April to 31 March (code-rules.md, 'The self-assessment').

Each item gives a value, what it suggests (comply yes or no, or None where the records have
nothing to say) and a sentence for the row's evidence. Only complaints handled under the
assessed Code profile count. Timeliness is judged against the deadlines stored on each stage.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Q, QuerySet

from putright.cases.models import CaseStatus, Complaint, Stage
from putright.cases.models.remedies import Remedy, RemedyStatus
from putright.organisations.models import Organisation, ServiceArea
from putright.policy import get_profile
from putright.reporting.models import ExceptionalCircumstance


@dataclass(frozen=True)
class Evidence:
    """One thing the records show: its value, its suggestion and a sentence."""

    key: str
    value: str
    suggests: bool | None
    sentence: str


@dataclass(frozen=True)
class Scope:
    organisation: Organisation
    profile: str
    start: date
    end: date

    def complaints(self) -> QuerySet[Complaint]:
        return Complaint.objects.filter(organisation=self.organisation, profile=self.profile)

    def stages(self, number: int) -> QuerySet[Stage]:
        return Stage.objects.filter(
            complaint__organisation=self.organisation,
            complaint__profile=self.profile,
            number=number,
        )


def year_period(year: int) -> tuple[date, date]:
    """The year starting 1 April ``year``, both days included."""
    return date(year, 4, 1), date(year + 1, 3, 31)


def _share(done: int, total: int, *, what: str, of: str) -> Evidence:
    if total == 0:
        return Evidence(what, "none", None, f"No {of} in the year.")
    percent = round(100 * done / total, 1)
    return Evidence(what, f"{percent:g}%", done == total, f"{done} of {total} {of} ({percent:g}%).")


def _acknowledged(number: int) -> Callable[[Scope], Evidence]:
    def item(scope: Scope) -> Evidence:
        on_time = Q(acknowledge_by__isnull=True) | Q(acknowledged__lte=F("acknowledge_by"))
        counts = (
            scope.stages(number)
            .filter(acknowledged__range=(scope.start, scope.end))
            .aggregate(total=Count("pk"), done=Count("pk", filter=on_time))
        )
        found = _share(
            counts["done"],
            counts["total"],
            what=f"stage{number}_acknowledged",
            of=f"stage {number} acknowledgements were on time",
        )
        return found

    return item


def _responded(number: int) -> Callable[[Scope], Evidence]:
    def item(scope: Scope) -> Evidence:
        on_time = (
            Q(respond_by__isnull=True, extended_respond_by__isnull=True)
            | Q(extended_respond_by__isnull=True, responded__lte=F("respond_by"))
            | Q(extended_respond_by__isnull=False, responded__lte=F("extended_respond_by"))
        )
        counts = (
            scope.stages(number)
            .filter(responded__range=(scope.start, scope.end))
            .aggregate(total=Count("pk"), done=Count("pk", filter=on_time))
        )
        return _share(
            counts["done"],
            counts["total"],
            what=f"stage{number}_responded",
            of=f"stage {number} responses were on time, extensions included",
        )

    return item


def two_stages(scope: Scope) -> Evidence:
    """No complaint under the Code went beyond stage 2 (draft 5.2, 6.24); areas under another
    procedure with more stages (e.g. statutory social care) are named as outside the Code."""
    beyond = scope.complaints().filter(stage__gt=2).count()
    statutory = sorted(
        area.name
        for area in ServiceArea.objects.filter(organisation=scope.organisation)
        if _stage_count(area.profile) > 2
    )
    outside = (
        f" Under statutory procedures, outside this Code: {', '.join(statutory)}."
        if statutory
        else ""
    )
    if beyond:
        return Evidence(
            "two_stages",
            f"{beyond} beyond stage 2",
            False,
            f"{beyond} complaints under this Code went beyond stage 2.{outside}",
        )
    return Evidence(
        "two_stages",
        "two stages",
        True,
        f"Every complaint under this Code has at most two stages.{outside}",
    )


def _stage_count(profile_id: str) -> int:
    try:
        return len(get_profile(profile_id).stages)
    except KeyError:
        return 0


def different_handler(scope: Scope) -> Evidence:
    """Stage 2 responses given by someone other than the stage 1 handler (draft 6.17)."""
    rows = scope.stages(2).filter(responded__range=(scope.start, scope.end))
    total = rows.count()
    done = 0
    handlers = dict(
        scope.stages(1)
        .filter(complaint__in=rows.values("complaint"))
        .values_list("complaint_id", "handler_id")
    )
    for complaint_id, handler_id in rows.values_list("complaint_id", "handler_id"):
        if handler_id is not None and handler_id != handlers.get(complaint_id):
            done += 1
    return _share(
        done,
        total,
        what="different_handler",
        of="stage 2 responses were by someone other than the stage 1 handler",
    )


def exclusions(scope: Scope) -> Evidence:
    """Complaints not accepted, each with a reason and its evidence (draft 2.1, 2.5)."""
    counts = (
        scope.complaints()
        .filter(status=CaseStatus.EXCLUDED, closed_on__range=(scope.start, scope.end))
        .aggregate(
            total=Count("pk"),
            done=Count("pk", filter=~Q(exclusion_reason="") & ~Q(exclusion_evidence="")),
        )
    )
    return _share(
        counts["done"],
        counts["total"],
        what="exclusions",
        of="complaints not accepted have a reason and evidence recorded",
    )


def remedies_completed(scope: Scope) -> Evidence:
    """Remedies due in the year followed through to completion (draft 7.3)."""
    counts = (
        Remedy.objects.filter(
            complaint__organisation=scope.organisation,
            complaint__profile=scope.profile,
            due__range=(scope.start, scope.end),
        )
        .exclude(status=RemedyStatus.DECLINED)
        .aggregate(total=Count("pk"), done=Count("pk", filter=Q(status=RemedyStatus.COMPLETED)))
    )
    return _share(
        counts["done"],
        counts["total"],
        what="remedies_completed",
        of="remedies due in the year were completed",
    )


def full_record(scope: Scope) -> Evidence:
    """Complaints received in the year with correspondence on their record (draft 5.10)."""
    counts = (
        scope.complaints()
        .filter(received__range=(scope.start, scope.end))
        .aggregate(
            total=Count("pk"),
            done=Count("pk", filter=Q(correspondence__isnull=False), distinct=True),
        )
    )
    return _share(
        counts["done"],
        counts["total"],
        what="full_record",
        of="complaints received in the year have correspondence on their record",
    )


def exceptional_circumstances(scope: Scope) -> Evidence:
    """Exceptional circumstances in the year, each notified to the Ombudsman, with a published
    statement and a date for returning to compliance (draft 8.5)."""
    rows = ExceptionalCircumstance.objects.filter(
        organisation=scope.organisation, period_from__lte=scope.end
    ).filter(Q(period_to__isnull=True) | Q(period_to__gte=scope.start))
    total = rows.count()
    if total == 0:
        return Evidence(
            "exceptional_circumstances",
            "none",
            True,
            "No exceptional circumstances were recorded in the year.",
        )
    done = rows.filter(
        ombudsman_notified_on__isnull=False,
        statement_published_on__isnull=False,
        compliance_returns_on__isnull=False,
    ).count()
    return _share(
        done,
        total,
        what="exceptional_circumstances",
        of="exceptional circumstances were notified, published and given a return date",
    )


ITEMS: dict[str, Callable[[Scope], Evidence]] = {
    "stage1_acknowledged": _acknowledged(1),
    "stage1_responded": _responded(1),
    "stage2_acknowledged": _acknowledged(2),
    "stage2_responded": _responded(2),
    "two_stages": two_stages,
    "different_handler": different_handler,
    "exclusions": exclusions,
    "remedies_completed": remedies_completed,
    "full_record": full_record,
    "exceptional_circumstances": exceptional_circumstances,
}


def evidence_for(*, organisation: Organisation, profile: str, year: int) -> dict[str, Evidence]:
    """Every evidence item for the organisation's complaints under ``profile`` in the year."""
    start, end = year_period(year)
    scope = Scope(organisation, profile, start, end)
    return {key: item(scope) for key, item in ITEMS.items()}
