"""The rows of a self-assessment per Code profile, read from ``assessments/<profile>.toml``, and
the reads of the self-assessment pages, scoped to the user's organisation.

A row per provision (HOS and the draft) or per section (LGSCO), each with its clause, a short
requirement and the evidence items the records can give (code-rules.md, 'The self-assessment').
The rows are data, so an organisation can correct a clause or a text without a release.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.db.models import QuerySet
from django.http import Http404

from putright.organisations.models import User
from putright.reporting.models import (
    AnnualReport,
    AnnualReportDetails,
    ExceptionalCircumstance,
    SelfAssessment,
    SelfAssessmentRow,
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
