"""The annual complaints performance and service improvement report for a year (1 April to 31
March), assembled from the records (code-rules.md, 'The annual complaints performance and
service improvement report'; HOS 8.1 and 8.2; LGSCO 8.1; the draft 8.1 and 8.2).

It holds the self-assessment; the quantitative analysis (the figures, their breakdowns and the
months) and the qualitative one (the themes, and the outcomes by category); the complaints not
accepted; the findings of non-compliance with the Code (rows of the self-assessment that do not
comply, the Ombudsman's findings of fault, the exceptional circumstances); the service
improvements made from learning; the Ombudsman's annual letter; and the governing body's
response.

The publishable version carries no personal data: no complaint references, no names of
individuals, representatives or staff, no contact details. Every free text it shows (learning,
findings, commentary, categories, reasons, the response) has every word of the names known to
the organisation's records, titled names ('Mrs Patel'), email addresses, phone numbers and
postcodes replaced by '[removed]'; and a theme with any such word is left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from django.db.models import Q

from putright.cases.models import Complaint, Learning, OmbudsmanReferral
from putright.cases.models.remedies import ReferralDecision
from putright.cases.models.requests import ServiceRequest
from putright.organisations.models import Organisation, ServiceArea, User
from putright.people.models import Individual, Representative
from putright.privacy.redaction import TITLES
from putright.reporting import breakdowns as breakdowns_module
from putright.reporting import charts, dashboards, trends
from putright.reporting import themes as themes_module
from putright.reporting.evidence import year_period
from putright.reporting.figures import Figures, complaint_figures
from putright.reporting.models import (
    AnnualReportDetails,
    AssessmentStatus,
    ExceptionalCircumstance,
    SelfAssessment,
)

REMOVED = "[removed]"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<!\w)(?:\+44\s?|0)(?:\d[\s-]?){9,10}(?!\w)")
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)
_TITLED = re.compile(
    r"\b(?:" + "|".join(TITLES) + r")\.?\s+(?:[A-Z]\.\s*)*[A-Z][\w'\u2019-]+", re.UNICODE
)

_TOKEN = re.compile(r"[^\W\d_](?:[\w'\u2019.-]*\w)?")
_POSSESSIVE = re.compile(r"['\u2019]s$")
_REMOVED_RUN = re.compile(r"\[removed\](?:\s+\[removed\])+")
#: Two-letter words of English that are not taken for a part of a name.
_NOT_NAMES = frozenset(
    "an as at be by do go he if in is it me my no of on or so to up us we".split()  # noqa: SIM905
)

Progress = Callable[[int, str], None]


class Scrubber:
    """Removes personal data from free text for the publishable report: every word of every
    name the organisation's records hold (so a full name, a first name and a surname alike, and
    a surname with 's), titled names, email addresses, phone numbers and postcodes. A common word
    that is also someone's name (say 'Rose') is removed too: the report errs on the side of
    taking out."""

    def __init__(self, names: Iterable[str]) -> None:
        words: set[str] = set()
        for name in names:
            if name:
                words.update(_TOKEN.findall(name.casefold()))
        self.words = frozenset(w for w in words if len(w) > 1 and w not in _NOT_NAMES)

    @classmethod
    def for_organisation(cls, organisation: Organisation) -> Scrubber:
        """Every name of a person that the organisation's records hold, read in one pass over
        each table (no sort for distinct names: a large organisation has a name per case)."""

        def names() -> Iterator[str]:
            for model in (Complaint, ServiceRequest, Individual, Representative):
                rows = model.objects.filter(organisation=organisation)  # type: ignore[attr-defined]
                yield from rows.values_list("name", flat=True).iterator(chunk_size=20_000)
            for first, last in User.objects.filter(organisation=organisation).values_list(
                "first_name", "last_name"
            ):
                yield f"{first} {last}"

        return cls(names())

    def _is_name(self, token: str) -> bool:
        word = _POSSESSIVE.sub("", token.casefold()).rstrip(".")
        return word in self.words

    def __call__(self, text: str) -> str:
        if not text:
            return text
        for pattern in (_EMAIL, _PHONE, _POSTCODE, _TITLED):
            text = pattern.sub(REMOVED, text)
        text = _TOKEN.sub(lambda m: REMOVED if self._is_name(m.group()) else m.group(), text)
        return _REMOVED_RUN.sub(REMOVED, text)

    def has_name(self, term: str) -> bool:
        return any(self._is_name(word) for word in term.split())


@dataclass(frozen=True)
class Improvement:
    title: str
    description: str
    service_area: str
    implemented_on: date | None
    complaints: int
    references: tuple[str, ...] = ()


@dataclass(frozen=True)
class Finding:
    """A finding of non-compliance with the Code: where it comes from, what, and the clause."""

    source: str
    what: str
    clause: str = ""


@dataclass(frozen=True)
class AssessmentSummary:
    profile: str
    version: int
    signed_off_on: date | None
    signed_off: bool
    rows: list[dict[str, Any]]

    @property
    def complies(self) -> int:
        return sum(1 for row in self.rows if row["comply"] is True)

    @property
    def does_not_comply(self) -> int:
        return sum(1 for row in self.rows if row["comply"] is False)


@dataclass
class AnnualReportData:
    """Everything the report shows, in the order it shows it."""

    organisation: Organisation
    year: int
    start: date
    end: date
    publishable: bool
    figures: Figures
    breakdowns: breakdowns_module.Breakdowns
    months: list[trends.MonthFigures]
    themes: themes_module.Themes
    assessments: list[AssessmentSummary]
    findings: list[Finding]
    exceptional: list[ExceptionalCircumstance]
    improvements: list[Improvement]
    details: AnnualReportDetails | None
    referrals: dict[str, int] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return (
            f"Annual complaints performance and service improvement report "
            f"{self.year} to {self.year + 1}"
        )


@dataclass(frozen=True)
class ReportChart:
    """A month-by-month chart of the report: inline SVG, with its caption as its text
    alternative beside the SVG's own title and description; the numbers are in the table."""

    id: str
    caption: str
    svg: str


def report_charts(data: AnnualReportData) -> list[ReportChart]:
    """The report's month-by-month charts, drawn from its months (no query)."""
    months = f"{data.start:%B %Y} to {data.end:%B %Y}"
    return [
        ReportChart(
            id="received-chart",
            caption=(
                f"Figure 1: complaints accepted each month from {months}, at stage 1 and stage 2. "
                "The table 'Month by month' after the figures gives each month's numbers."
            ),
            svg=charts.inline(charts.received_chart(data.months), "received"),
        ),
        ReportChart(
            id="on-time-chart",
            caption=(
                f"Figure 2: the percentage of responses sent on time each month from {months}, "
                "at stage 1 and stage 2; a month with no responses is left out. The table "
                "'Month by month' gives each month's numbers."
            ),
            svg=charts.inline(charts.on_time_chart(data.months), "on-time"),
        ),
    ]


def _silent(_percent: int, _step: str) -> None:
    return None


def annual_report_data(
    *, organisation: Organisation, year: int, publishable: bool, progress: Progress = _silent
) -> AnnualReportData:
    """The report for the year from 1 April ``year``, assembled from the records; ``progress``
    is told each step done (per cent, what comes next)."""
    start, end = year_period(year)
    period = {"organisation": organisation, "start": start, "end": end}
    progress(5, "Counting the figures")
    figures = complaint_figures(**period)
    progress(20, "Breaking the figures down")
    found = breakdowns_module.breakdowns(**period)
    progress(40, "Counting month by month")
    months = trends.monthly_trends(**period)
    progress(50, "Finding the themes")
    themes = themes_module.complaint_themes(**period)
    progress(65, "Reading the self-assessment and the findings")
    assessments = _assessments(organisation, year)
    exceptional = list(
        ExceptionalCircumstance.objects.filter(organisation=organisation, period_from__lte=end)
        .filter(Q(period_to__isnull=True) | Q(period_to__gte=start))
        .order_by("period_from")
    )
    referrals = OmbudsmanReferral.objects.filter(
        complaint__organisation=organisation, decided_on__range=(start, end)
    )
    findings = _findings(assessments, referrals, exceptional)
    decided = dashboards.ombudsman_decisions(**period)
    progress(72, "Reading the service improvements")
    improvements = _improvements(organisation, start, end, publishable=publishable)
    details = AnnualReportDetails.objects.filter(organisation=organisation, year=year).first()
    data = AnnualReportData(
        organisation=organisation,
        year=year,
        start=start,
        end=end,
        publishable=publishable,
        figures=figures,
        breakdowns=found,
        months=months,
        themes=themes,
        assessments=assessments,
        findings=findings,
        exceptional=exceptional,
        improvements=improvements,
        details=details,
        referrals=decided,
    )
    if publishable:
        progress(78, "Taking out personal data")
        data = _scrubbed(data, Scrubber.for_organisation(organisation))
    return data


def _assessments(organisation: Organisation, year: int) -> list[AssessmentSummary]:
    """The latest version of each Code's self-assessment for the year, preferring one signed
    off."""
    latest: dict[str, SelfAssessment] = {}
    for found in SelfAssessment.objects.filter(organisation=organisation, year=year).order_by(
        "profile", "version"
    ):
        kept = latest.get(found.profile)
        if kept is None or found.signed_off or not kept.signed_off:
            latest[found.profile] = found
    return [
        AssessmentSummary(
            profile=found.profile,
            version=found.version,
            signed_off_on=found.signed_off_on,
            signed_off=found.status == AssessmentStatus.SIGNED_OFF,
            rows=list(
                found.rows.values("clause", "requirement", "comply", "evidence", "commentary")
            ),
        )
        for found in latest.values()
    ]


def _findings(
    assessments: list[AssessmentSummary],
    referrals: Any,
    exceptional: list[ExceptionalCircumstance],
) -> list[Finding]:
    findings = [
        Finding(
            f"Self-assessment against {a.profile}",
            row["commentary"] or row["requirement"],
            row["clause"],
        )
        for a in assessments
        for row in a.rows
        if row["comply"] is False
    ]
    findings += [
        Finding("The Ombudsman found fault", referral.findings or "No findings recorded.")
        for referral in referrals.filter(decision=ReferralDecision.FAULT).order_by("decided_on")
    ]
    findings += [
        Finding(
            "Exceptional circumstances",
            f"{item.what_happened} (from {item.period_from:%-d %B %Y}"
            + (f" to {item.period_to:%-d %B %Y})" if item.period_to else ", not yet over)"),
        )
        for item in exceptional
    ]
    return findings


def _improvements(
    organisation: Organisation,
    start: date,
    end: date,
    *,
    publishable: bool,
    service_area: ServiceArea | None = None,
) -> list[Improvement]:
    """Learning implemented in the year, and learning recorded in the year still to be done."""
    learning = Learning.objects.filter(organisation=organisation)
    if service_area is not None:
        learning = learning.filter(service_area=service_area)
    rows = (
        learning.filter(
            Q(implemented_on__range=(start, end))
            | Q(implemented_on__isnull=True, created__date__range=(start, end))
        )
        .select_related("service_area")
        .prefetch_related("complaints")
        .order_by("implemented_on", "pk")
    )
    return [
        Improvement(
            title=item.title,
            description=item.description,
            service_area=item.service_area.name if item.service_area else "All service areas",
            implemented_on=item.implemented_on,
            complaints=len(item.complaints.all()),
            references=() if publishable else tuple(c.reference for c in item.complaints.all()),
        )
        for item in rows
    ]


def improvements_made(
    *,
    organisation: Organisation,
    start: date,
    end: date,
    service_area: ServiceArea | None = None,
) -> list[Improvement]:
    """The service improvements implemented in the period, as the publishable report shows them:
    no complaint references, and every name in their texts '[removed]'."""
    scrub = Scrubber.for_organisation(organisation)
    return [
        replace(i, title=scrub(i.title), description=scrub(i.description))
        for i in _improvements(
            organisation, start, end, publishable=True, service_area=service_area
        )
        if i.implemented_on is not None
    ]


def rising_without_names(
    themes: themes_module.Themes, organisation: Organisation
) -> list[themes_module.Theme]:
    """The rising themes, leaving out any with a word of a name known to the records."""
    scrub = Scrubber.for_organisation(organisation)
    return [t for t in themes.rising if not scrub.has_name(t.value)]


def _scrubbed(data: AnnualReportData, scrub: Scrubber) -> AnnualReportData:
    """The report with every free text scrubbed and every theme of a name left out."""

    def counts(rows: list[breakdowns_module.Count_]) -> list[breakdowns_module.Count_]:
        return [replace(r, label=scrub(r.label)) for r in rows]

    b = data.breakdowns
    data.breakdowns = replace(
        b,
        by_category=counts(b.by_category),
        refused_by_reason=counts(b.refused_by_reason),
        escalations_refused_by_reason=counts(b.escalations_refused_by_reason),
        outcomes_by_category=[(scrub(c), s, o, n) for c, s, o, n in b.outcomes_by_category],
    )
    t = data.themes
    data.themes = replace(
        t,
        categories=[replace(x, value=scrub(x.value)) for x in t.categories],
        terms=[x for x in t.terms if not scrub.has_name(x.value)],
    )
    data.assessments = [
        replace(
            a,
            rows=[
                {**row, "evidence": scrub(row["evidence"]), "commentary": scrub(row["commentary"])}
                for row in a.rows
            ],
        )
        for a in data.assessments
    ]
    data.findings = [replace(f, what=scrub(f.what)) for f in data.findings]
    data.improvements = [
        replace(i, title=scrub(i.title), description=scrub(i.description), references=())
        for i in data.improvements
    ]
    for item in data.exceptional:
        item.what_happened = scrub(item.what_happened)
    if data.details is not None:
        data.details.response = scrub(data.details.response)
        data.details.letter_name = scrub(data.details.letter_name)
    return data
