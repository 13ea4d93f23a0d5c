"""The rows of a self-assessment per Code profile, read from ``assessments/<profile>.toml``, and
the reads of the self-assessment pages, scoped to the user's organisation.

A row per provision (HOS and the draft) or per section (LGSCO), each with its clause, a short
requirement and the evidence items the records can give (code-rules.md, 'The self-assessment').
The rows are data, so an organisation can correct a clause or a text without a release.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from django.db.models import QuerySet
from django.http import Http404

from putright.audit.models import AuditEvent
from putright.organisations.models import ServiceArea, User
from putright.reporting.models import (
    AnnualReport,
    AnnualReportDetails,
    AssessmentStatus,
    ExceptionalCircumstance,
    ProcedureChange,
    SelfAssessment,
    SelfAssessmentRow,
    Trigger,
)

ASSESSMENTS = Path(__file__).resolve().parent / "assessments"


@dataclass(frozen=True)
class Requirement:
    """One row of the self-assessment: a provision or a section of the Code."""

    section: int
    clause: str
    requirement: str
    evidence: tuple[str, ...]


def assessment_profiles() -> tuple[str, ...]:
    """The Code profiles that have a self-assessment."""
    return tuple(sorted(p.stem for p in ASSESSMENTS.glob("*.toml")))


@cache
def requirements(profile: str) -> tuple[Requirement, ...]:
    """The self-assessment rows of a profile, in order; KeyError for a profile without any."""
    path = ASSESSMENTS / f"{profile}.toml"
    if not path.is_file():
        raise KeyError(profile)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return tuple(
        Requirement(
            section=int(row["section"]),
            clause=str(row["clause"]),
            requirement=str(row["requirement"]),
            evidence=tuple(row.get("evidence", ())),
        )
        for row in data["rows"]
    )


def _staff_organisation(user: User) -> int:
    if not user.is_authenticated or user.organisation_id is None:
        raise Http404
    return user.organisation_id


def self_assessments_for(user: User) -> QuerySet[SelfAssessment]:
    """The versions of the user's organisation, newest year first."""
    return SelfAssessment.objects.filter(organisation_id=_staff_organisation(user))


def self_assessment_get(user: User, pk: int) -> SelfAssessment:
    """One version of the user's organisation; 404 for another organisation's or none."""
    found = (
        self_assessments_for(user)
        .select_related("organisation", "signed_off_by", "started_by")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("No such self-assessment.")
    return found


def self_assessment_row_get(user: User, assessment_pk: int, row_pk: int) -> SelfAssessmentRow:
    """One row of one of the user's organisation's versions; 404 otherwise."""
    found = (
        SelfAssessmentRow.objects.select_related("assessment")
        .filter(
            pk=row_pk,
            assessment_id=assessment_pk,
            assessment__organisation_id=_staff_organisation(user),
        )
        .first()
    )
    if found is None:
        raise Http404("No such row.")
    return found


def exceptional_circumstances_for(user: User) -> QuerySet[ExceptionalCircumstance]:
    """The register of exceptional circumstances of the user's organisation (draft 8.5)."""
    return ExceptionalCircumstance.objects.filter(organisation_id=_staff_organisation(user))


def annual_reports_for(user: User, year: int | None = None) -> QuerySet[AnnualReport]:
    """The reports made for the user's organisation, newest first, optionally of one year."""
    found = AnnualReport.objects.filter(organisation_id=_staff_organisation(user))
    return found if year is None else found.filter(year=year)


def annual_report_get(user: User, pk: int) -> AnnualReport:
    """One report of the user's organisation; 404 for another organisation's or none."""
    found = annual_reports_for(user).select_related("requested_by").filter(pk=pk).first()
    if found is None:
        raise Http404("No such report.")
    return found


def annual_report_details_get(user: User, year: int) -> AnnualReportDetails | None:
    """The letter and response of the user's organisation for the year, if any."""
    return AnnualReportDetails.objects.filter(
        organisation_id=_staff_organisation(user), year=year
    ).first()


@dataclass(frozen=True)
class Prompt:
    """A self-assessment to carry out: against which Code, for which year, why, and what
    changed."""

    profile: str
    year: int
    trigger: str
    reasons: tuple[str, ...]


def procedure_changes_for(user: User) -> QuerySet[ProcedureChange]:
    """The restructures, mergers and changes in procedures the organisation recorded."""
    return ProcedureChange.objects.filter(organisation_id=_staff_organisation(user))


def assessment_prompts(user: User, *, today: date) -> list[Prompt]:
    """The self-assessments the organisation should carry out now (draft 8.1 a, 8.3): against
    each Code its service areas use, one for the year when there is none; and a new version of
    one signed off before a restructure, merger or change in procedures recorded since, or
    before a service area was moved to or from that Code's profile."""
    organisation_id = _staff_organisation(user)
    year = today.year if today.month >= 4 else today.year - 1
    in_use = set(
        ServiceArea.objects.filter(organisation_id=organisation_id).values_list(
            "profile", flat=True
        )
    ) & set(assessment_profiles())
    versions = list(self_assessments_for(user).order_by("profile", "year", "version"))
    changes = list(procedure_changes_for(user))
    moves = [
        event
        for event in AuditEvent.objects.filter(
            organisation_id=organisation_id, action="service_area.update"
        ).order_by("created")
        if "profile" in (event.after or {})
    ]
    prompts = []
    for profile in sorted(in_use | {v.profile for v in versions}):
        mine = [v for v in versions if v.profile == profile]
        if profile in in_use and not any(v.year == year for v in mine):
            prompts.append(Prompt(profile, year, Trigger.ANNUAL, ("none for this year yet",)))
            continue
        signed = [v for v in mine if v.signed_off and v.signed_off_on]
        if not signed or any(v.status == AssessmentStatus.DRAFT for v in mine):
            continue
        latest = max(signed, key=lambda v: (v.signed_off_on, v.version))
        # A change recorded for the day of the sign-off may have come after it: ask again.
        since = latest.signed_off_on or latest.updated.date()
        reasons = [f"{c.get_kind_display()}: {c.what}" for c in changes if c.changed_on >= since]
        reasons += [
            f"A service area's Code changed from {(e.before or {}).get('profile')} to "
            f"{e.after['profile']} on {e.created:%-d %B %Y}"
            for e in moves
            if e.created > latest.updated
            and profile in ((e.before or {}).get("profile"), e.after.get("profile"))
        ]
        kinds = [c.kind for c in changes if c.changed_on >= since]  # the latest first
        if reasons:
            trigger = kinds[0] if kinds else Trigger.PROCEDURE
            prompts.append(Prompt(profile, latest.year, trigger, tuple(reasons)))
    return prompts
