"""Issues raised while a complaint is open, and the time limit for making a complaint."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from putright.audit import services as audit
from putright.cases.models import AdditionalIssue, Complaint
from putright.cases.services.common import (
    CaseInputError,
    CaseRefused,
    _check_date,
    _open,
    months_before,
)
from putright.cases.services.intake import complaint_receive
from putright.cases.services.record.process import _changes, _save
from putright.cases.services.steps import complaint_exclude
from putright.organisations.models import User
from putright.policy import get_profile
from putright.rules.stages import FINAL, Refusal, Status

#: The clause on issues raised while a complaint is open, in the draft Code.
ADDITIONAL_ISSUES_CLAUSE = "6.9"
DRAFT_PROFILE = "joint-draft-2023"


def _additional_issues_citation() -> str:
    return get_profile(DRAFT_PROFILE).cite(ADDITIONAL_ISSUES_CLAUSE)


def additional_issue_record(
    *,
    actor: User,
    complaint: Complaint,
    received: date,
    description: str,
    handling: str,
    reason: str = "",
    channel: str = "",
    version: int | None = None,
) -> AdditionalIssue:
    """Record an issue the individual raised while the complaint was open (draft 6.9).

    A related issue is added to the complaint ('folded') only while it is at stage 1 and stage 1
    has not been responded to; it is then appended to the stage 1 definition. Otherwise, or when
    it is unrelated (say why), it is logged as a new complaint linked to this one.
    """
    description, reason = description.strip(), reason.strip()
    if not description:
        raise CaseInputError("Describe the additional issue: it must not be empty.")
    if handling not in AdditionalIssue.Handling.values:
        raise CaseInputError(f"Unknown handling {handling!r}: use 'folded' or 'new_complaint'.")
    if handling == AdditionalIssue.Handling.NEW_COMPLAINT and not reason:
        raise CaseInputError(
            "Give the reason for logging it as a new complaint, for example that it is unrelated."
        )
    with transaction.atomic():
        case = _open(actor, complaint, version)
        complaint, stage = case.complaint, case.stage
        _check_date(
            received, what="issue received", not_before=complaint.received, since="the complaint"
        )
        issue = AdditionalIssue(
            complaint=complaint,
            stage=complaint.stage,
            received=received,
            description=description,
            handling=handling,
            reason=reason,
            created_by=actor,
        )
        before: dict[str, object] = {}
        after: dict[str, object] = {}
        if handling == AdditionalIssue.Handling.FOLDED:
            why = ""
            if complaint.status in FINAL:
                why = f"this complaint is {complaint.status}"
            elif complaint.stage != 1:
                why = f"this complaint is at stage {complaint.stage}"
            elif stage.responded is not None or complaint.status == Status.RESPONDED:
                why = "stage 1 has already been responded to"
            if why:
                reason_text = (
                    f"The issue cannot be added to this complaint because {why}: it can only be "
                    "added at stage 1 before the response. Log it as a new complaint."
                )
                raise CaseRefused(
                    [Refusal(reason_text, ADDITIONAL_ISSUES_CLAUSE, _additional_issues_citation())]
                )
            added = f"Additional issue received {received:%-d %B %Y}: {description}"
            definition = f"{stage.definition.rstrip()}\n\n{added}".strip()
            changed, before, after = _changes(stage, {"definition": definition}, "stage_1.")
            _save(case, changed, {})
            issue.save()
        else:
            new = complaint_receive(
                actor=actor,
                service_area=complaint.service_area,
                channel=channel or complaint.channel,
                received=received,
                name=complaint.name,
                description=description,
                today=timezone.localdate(),
                email=complaint.email,
                phone=complaint.phone,
                address=complaint.address,
                category=complaint.category,
            )
            new.linked_to = complaint
            fields = ["linked_to"]
            # The same person raised it: the new complaint is theirs, through the same
            # representative, whatever intake matched from the contact details.
            for field in ("individual_id", "representative_id"):
                value = getattr(complaint, field)
                if value is not None and getattr(new, field) != value:
                    setattr(new, field, value)
                    fields.append(field.removesuffix("_id"))
            new.save(update_fields=[*fields, "updated"])
            issue.new_complaint = new
            issue.save()
            after = {"new_complaint": new.reference}
        audit.record(
            action=f"record.additional_issue_{handling}",
            actor=actor,
            organisation=complaint.organisation,
            target=issue,
            before={"complaint": complaint.reference, **before},
            after={
                "complaint": complaint.reference,
                "received": received.isoformat(),
                "handling": handling,
                "reason": reason,
                **after,
            },
        )
    return issue


def time_limit_assess(
    *,
    actor: User,
    complaint: Complaint,
    issue_date: date,
    accept: bool,
    discretion_note: str,
    reason: str = "",
    ombudsman_details_given: bool = False,
    decided: date | None = None,
    version: int | None = None,
) -> Complaint:
    """Record when the issue happened and whether the complaint was made within the Code's time
    limit (e.g. 12 months, LGSCO 2.2, HOS 2.3). A complaint made later is flagged; whether or
    not discretion is used to accept it, the reason is recorded. Not accepting it is an exclusion,
    with its reason, evidence and the right to go to the Ombudsman (e.g. HOS 2.1, 2.4).
    """
    discretion_note = discretion_note.strip()
    with transaction.atomic():
        case = _open(actor, complaint, version)
        complaint, profile = case.complaint, case.profile
        if issue_date > complaint.received:
            raise CaseInputError(
                f"The issue date, {issue_date:%-d %B %Y}, is after the complaint was received "
                f"on {complaint.received:%-d %B %Y}."
            )
        limit = profile.time_limit
        outside = limit is not None and issue_date < months_before(complaint.received, limit.months)
        if outside and limit is not None and not discretion_note:
            raise CaseInputError(
                f"The complaint was made more than {limit.months} months after the issue "
                f"({profile.cite(limit.clause)}): note why discretion was or was not used."
            )
        if not accept and not outside:
            raise CaseInputError(
                "The complaint was made within the time limit, so it cannot be refused as late."
            )
        wanted = {
            "issue_date": issue_date,
            "outside_time_limit": outside,
            "discretion_note": discretion_note,
        }
        changed, before, after = _changes(complaint, wanted)
        if changed:
            _save(case, {}, changed)
            audit.record(
                action="record.assess_time_limit",
                actor=actor,
                organisation=complaint.organisation,
                target=complaint,
                before=before,
                after={**after, "accept": accept},
            )
        if not accept and limit is not None:
            reason = " ".join(reason.split()) or (
                f"Made more than {limit.months} months after the issue "
                f"({profile.cite(limit.clause)})"
            )
            complaint = complaint_exclude(
                actor=actor,
                complaint=complaint,
                reason=reason,
                evidence=discretion_note,
                ombudsman_details_given=ombudsman_details_given,
                decided=decided or timezone.localdate(),
            )
    return complaint
