"""Reads for data protection, always scoped to the user's organisation (404 otherwise)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from putright.cases.models import Complaint
from putright.organisations.models import User
from putright.privacy.models import CaseFile, DestructionEntry, DisposalRun, RetentionRule


def casefiles_of(user: User, complaint: Complaint) -> QuerySet[CaseFile]:
    """The files made for the Ombudsman of the complaint, newest first."""
    return CaseFile.objects.filter(
        complaint=complaint, organisation_id=user.organisation_id
    ).select_related("requested_by")


def casefile_get(user: User, pk: int) -> CaseFile:
    """A file made for the Ombudsman of the user's organisation; 404 when it is another's."""
    found = (
        CaseFile.objects.filter(pk=pk, organisation_id=user.organisation_id)
        .select_related("complaint", "complaint__individual")
        .first()
    )
    if found is None or user.organisation_id is None:
        raise Http404("No such file.")
    return found


def retention_rule_get(user: User, pk: int) -> RetentionRule:
    found = RetentionRule.objects.filter(pk=pk, organisation_id=user.organisation_id).first()
    if found is None or user.organisation_id is None:
        raise Http404("No such rule.")
    return found


def disposal_runs(user: User) -> QuerySet[DisposalRun]:
    return DisposalRun.objects.filter(organisation_id=user.organisation_id)


def disposal_run_get(user: User, pk: int) -> DisposalRun:
    found = disposal_runs(user).filter(pk=pk).first()
    if found is None or user.organisation_id is None:
        raise Http404("No such run.")
    return found


def destruction_entries(run: DisposalRun) -> QuerySet[DestructionEntry]:
    return run.entries.order_by("pk")
