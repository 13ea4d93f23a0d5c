"""Writes of the self-assessment ('comply or explain') and of the register of exceptional
circumstances (draft 8.1 a, 8.3 to 8.5).

A manager or senior lead of the organisation writes; only a senior lead signs off, and a version
signed off is read-only. Every write is audited; a refused write writes nothing.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from putright.audit import services as audit
from putright.organisations.models import Role, User
from putright.reporting.assessment import requirements
from putright.reporting.evidence import evidence_for
from putright.reporting.models import (
    AssessmentStatus,
    ExceptionalCircumstance,
    ProcedureChange,
    SelfAssessment,
    SelfAssessmentRow,
    Trigger,
)

#: The roles that write the self-assessment and the register; members and auditors read.
WRITE_ROLES = frozenset({Role.MANAGER, Role.SENIOR_LEAD})


def may_write(user: User) -> bool:
    return bool(user.is_active and user.organisation_id and user.role in WRITE_ROLES)


def _check_writer(actor: User, organisation_id: int) -> None:
    if not may_write(actor) or actor.organisation_id != organisation_id:
        raise PermissionDenied(
            "Only a manager or senior lead of this organisation changes its self-assessment."
        )


_json = audit.jsonable


def self_assessment_start(
    *, actor: User, profile: str, year: int, trigger: str, trigger_reason: str = ""
) -> SelfAssessment:
    """Start a version of the self-assessment against ``profile`` for the year from 1 April
    ``year``, a row per provision or section, filled from what the records evidence (draft 8.1 a).

    A further version of the same year is for a significant restructure, merger, change in
    procedures (draft 8.3) or an Ombudsman's request (8.4): its reason is recorded, and the
    version before it must be signed off first.
    """
    if not may_write(actor):
        raise PermissionDenied("Only a manager or senior lead starts a self-assessment.")
    trigger_reason = trigger_reason.strip()
    try:
        rows = requirements(profile)
    except KeyError:
        raise ValidationError(
            f"There is no self-assessment for the Code profile {profile!r}."
        ) from None
    if trigger not in Trigger.values:
        raise ValidationError(f"Unknown reason for the self-assessment: {trigger!r}.")
    if trigger != Trigger.ANNUAL and not trigger_reason:
        raise ValidationError("Say what changed: the restructure, merger or change in procedures.")
    with transaction.atomic():
        organisation = actor.organisation
        earlier = SelfAssessment.objects.select_for_update().filter(
            organisation=organisation, profile=profile, year=year
        )
        if earlier.filter(status=AssessmentStatus.DRAFT).exists():
            raise ValidationError(
                "A version of this year's self-assessment is still in progress: sign it off first."
            )
        latest = earlier.aggregate(latest=Max("version"))["latest"] or 0
        if latest and trigger == Trigger.ANNUAL:
            raise ValidationError(
                "This year's self-assessment is signed off: a new version is for a restructure, "
                "merger or change in procedures, so choose which."
            )
        assessment = SelfAssessment.objects.create(
            organisation=organisation,
            profile=profile,
            year=year,
            version=latest + 1,
            trigger=trigger,
            trigger_reason=trigger_reason,
            started_by=actor,
        )
        found = evidence_for(organisation=organisation, profile=profile, year=year)
        made = []
        for position, row in enumerate(rows, start=1):
            items = [found[key] for key in row.evidence if key in found]
            suggestions = [i.suggests for i in items if i.suggests is not None]
            suggested = (all(suggestions) if suggestions else None) if items else None
            text = " ".join(i.sentence for i in items)
            made.append(
                SelfAssessmentRow(
                    assessment=assessment,
                    position=position,
                    section=row.section,
                    clause=row.clause,
                    requirement=row.requirement,
                    suggested=suggested,
                    from_records=text,
                    evidence=text,
                    # A 'no' needs the lead's explanation, so only a 'yes' is filled in.
                    comply=True if suggested else None,
                )
            )
        SelfAssessmentRow.objects.bulk_create(made)
        audit.record(
            action="self_assessment.start",
            actor=actor,
            organisation=organisation,
            target=assessment,
            before={},
            after={
                "profile": profile,
                "year": year,
                "version": assessment.version,
                "trigger": trigger,
                "trigger_reason": trigger_reason,
                "rows": len(made),
            },
        )
    return assessment


def self_assessment_row_update(
    *,
    actor: User,
    row: SelfAssessmentRow,
    comply: bool | None,
    evidence: str,
    commentary: str,
) -> SelfAssessmentRow:
    """Record comply or explain for one row: where the organisation does not comply, the
    commentary explains why (draft, 'comply or explain'). A signed-off version is read-only."""
    evidence, commentary = evidence.strip(), commentary.strip()
    if comply is False and not commentary:
        raise ValidationError(f"Explain why the organisation does not comply with {row.clause}.")
    with transaction.atomic():
        locked = SelfAssessmentRow.objects.select_for_update().get(pk=row.pk)
        assessment = SelfAssessment.objects.select_for_update().get(pk=locked.assessment_id)
        _check_writer(actor, assessment.organisation_id)
        if assessment.signed_off:
            raise ValidationError("This version is signed off and can no longer be changed.")
        before = {
            "comply": locked.comply,
            "evidence": locked.evidence,
            "commentary": locked.commentary,
        }
        after = {"comply": comply, "evidence": evidence, "commentary": commentary}
        changed = [k for k in after if before[k] != after[k]]
        for field in changed:
            setattr(locked, field, after[field])
        if changed:
            locked.save(update_fields=changed)
            audit.record(
                action="self_assessment.row_update",
                actor=actor,
                organisation=actor.organisation,
                target=locked,
                before={k: before[k] for k in changed} | {"clause": locked.clause},
                after={k: after[k] for k in changed},
            )
    return locked


def self_assessment_sign_off(
    *, actor: User, assessment: SelfAssessment, signed_off_on: date
) -> SelfAssessment:
    """The senior lead signs off a version once every row says comply or explain; it is then
    read-only, part of the annual report (draft 8.1 a)."""
    if actor.role != Role.SENIOR_LEAD or actor.organisation_id != assessment.organisation_id:
        raise PermissionDenied("Only the senior lead for complaints signs off a self-assessment.")
    with transaction.atomic():
        locked = SelfAssessment.objects.select_for_update().get(pk=assessment.pk)
        if locked.signed_off:
            raise ValidationError("This version is already signed off.")
        if signed_off_on < locked.created.date():
            raise ValidationError("The sign-off date is before the version was started.")
        open_rows = list(locked.rows.filter(comply__isnull=True).values_list("clause", flat=True))
        if open_rows:
            raise ValidationError(
                "Say whether the organisation complies with every row first: "
                f"{', '.join(open_rows)}."
            )
        locked.status = AssessmentStatus.SIGNED_OFF
        locked.signed_off_by = actor
        locked.signed_off_on = signed_off_on
        locked.save(update_fields=["status", "signed_off_by", "signed_off_on", "updated"])
        audit.record(
            action="self_assessment.sign_off",
            actor=actor,
            organisation=actor.organisation,
            target=locked,
            before={"status": AssessmentStatus.DRAFT.value},
            after={"status": locked.status, "signed_off_on": signed_off_on.isoformat()},
        )
    return locked


def exceptional_circumstance_record(
    *,
    actor: User,
    period_from: date,
    period_to: date | None,
    what_happened: str,
    ombudsman_notified_on: date | None,
    statement_published_on: date | None,
    compliance_returns_on: date | None,
) -> ExceptionalCircumstance:
    """Record exceptional circumstances in which the organisation could not comply with the
    Code, e.g. a cyber incident: the notice to the Ombudsman, the statement published and the
    timescale for returning to compliance (draft 8.5)."""
    if not may_write(actor):
        raise PermissionDenied("Only a manager or senior lead records exceptional circumstances.")
    what_happened = what_happened.strip()
    if not what_happened:
        raise ValidationError("Say what happened.")
    if period_to is not None and period_to < period_from:
        raise ValidationError("The period ends before it starts.")
    for label, day in (
        ("notice to the Ombudsman", ombudsman_notified_on),
        ("statement", statement_published_on),
        ("return to compliance", compliance_returns_on),
    ):
        if day is not None and day < period_from:
            raise ValidationError(f"The date of the {label} is before the period starts.")
    with transaction.atomic():
        found = ExceptionalCircumstance.objects.create(
            organisation=actor.organisation,
            period_from=period_from,
            period_to=period_to,
            what_happened=what_happened,
            ombudsman_notified_on=ombudsman_notified_on,
            statement_published_on=statement_published_on,
            compliance_returns_on=compliance_returns_on,
            recorded_by=actor,
        )
        audit.record(
            action="exceptional_circumstance.record",
            actor=actor,
            organisation=actor.organisation,
            target=found,
            before={},
            after={
                "period_from": _json(period_from),
                "period_to": _json(period_to),
                "what_happened": what_happened,
                "ombudsman_notified_on": _json(ombudsman_notified_on),
                "statement_published_on": _json(statement_published_on),
                "compliance_returns_on": _json(compliance_returns_on),
            },
        )
    return found


#: The changes after which the self-assessment is done again (draft 8.3).
CHANGE_KINDS = (Trigger.RESTRUCTURE, Trigger.MERGER, Trigger.PROCEDURE)


def procedure_change_record(
    *, actor: User, kind: str, changed_on: date, what: str
) -> ProcedureChange:
    """Record a significant restructure, merger or change in procedures; the self-assessment
    page then asks for a new version of every self-assessment signed off before it (draft
    8.3)."""
    if not may_write(actor):
        raise PermissionDenied("Only a manager or senior lead records a change of procedure.")
    what = what.strip()
    if kind not in CHANGE_KINDS:
        raise ValidationError("Choose a restructure, a merger or a change in procedures.")
    if not what:
        raise ValidationError("Say what changed.")
    with transaction.atomic():
        found = ProcedureChange.objects.create(
            organisation=actor.organisation,
            kind=kind,
            changed_on=changed_on,
            what=what,
            recorded_by=actor,
        )
        audit.record(
            action="procedure_change.record",
            actor=actor,
            organisation=actor.organisation,
            target=found,
            before={},
            after={"kind": kind, "changed_on": changed_on.isoformat(), "what": what},
        )
    return found
