"""Complaints taken to the Ombudsman: the decision, findings and recommendations carried out."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from putright.cases.models import (
    Complaint,
    OmbudsmanReferral,
    Recommendation,
    ReferralDecision,
)
from putright.cases.services.common import _check_actor, _profile
from putright.cases.services.remedies.common import (
    RemedyInputError,
    _created,
    _day,
    _locked,
    _record,
    _text,
    _write,
)
from putright.organisations.models import User


def ombudsman_referral_record(
    *,
    actor: User,
    complaint: Complaint,
    referred_on: date,
    ombudsman_reference: str = "",
    ombudsman: str | None = None,
) -> OmbudsmanReferral:
    """Record that the individual took the complaint to the Ombudsman, by default the one named
    in the complaint's Code profile."""
    _check_actor(actor, complaint.organisation_id)
    _day(
        referred_on,
        what="referral",
        field="referred_on",
        not_before=complaint.received,
        since="the complaint was received",
    )
    name = (ombudsman or "").strip() or _profile(complaint.profile).ombudsman
    with transaction.atomic():
        referral = OmbudsmanReferral.objects.create(
            complaint=complaint,
            ombudsman=name,
            referred_on=referred_on,
            ombudsman_reference=ombudsman_reference.strip(),
            created_by=actor,
        )
        after = _created(
            referral, ("complaint_id", "ombudsman", "referred_on", "ombudsman_reference")
        )
        _record(
            "referral_record",
            actor=actor,
            organisation_id=complaint.organisation_id,
            target=referral,
            before=None,
            after=after,
        )
    return referral


def ombudsman_referral_decide(
    *, actor: User, referral: OmbudsmanReferral, decision: str, decided_on: date, findings: str = ""
) -> OmbudsmanReferral:
    """Record the Ombudsman's decision on a referral and its findings, once."""
    if decision not in ReferralDecision.values or decision == ReferralDecision.PENDING:
        raise RemedyInputError("Select the Ombudsman's decision from the list.", field="decision")
    with transaction.atomic():
        locked, organisation_id = _locked(
            OmbudsmanReferral, referral.pk, "complaint__organisation_id", actor
        )
        if locked.decision != ReferralDecision.PENDING:
            raise RemedyInputError("The Ombudsman's decision on this referral is already recorded.")
        _day(
            decided_on,
            what="decision",
            field="decided_on",
            not_before=locked.referred_on,
            since="the referral",
        )
        before, after = _write(
            locked, {"decision": decision, "decided_on": decided_on, "findings": findings.strip()}
        )
        _record(
            "referral_decide",
            actor=actor,
            organisation_id=organisation_id,
            target=locked,
            before=before,
            after=after,
        )
    return locked


def recommendation_add(
    *, actor: User, referral: OmbudsmanReferral, description: str, due: date | None = None
) -> Recommendation:
    """Record a recommendation the Ombudsman made on a referral, to be carried out."""
    description = _text(description, "Enter the Ombudsman's recommendation.", field="description")
    with transaction.atomic():
        locked, organisation_id = _locked(
            OmbudsmanReferral, referral.pk, "complaint__organisation_id", actor
        )
        recommendation = Recommendation.objects.create(
            referral=locked, description=description, due=due
        )
        _record(
            "recommendation_add",
            actor=actor,
            organisation_id=organisation_id,
            target=recommendation,
            before=None,
            after=_created(recommendation, ("referral_id", "description", "due")),
        )
    return recommendation


def recommendation_carried_out(
    *, actor: User, recommendation: Recommendation, carried_out_on: date, evidence: str
) -> Recommendation:
    """Record that an Ombudsman recommendation was carried out, with the evidence, once."""
    evidence = _text(evidence, "Describe the evidence that it was carried out.", field="evidence")
    with transaction.atomic():
        locked, organisation_id = _locked(
            Recommendation, recommendation.pk, "referral__complaint__organisation_id", actor
        )
        if locked.carried_out_on is not None:
            raise RemedyInputError("This recommendation is already recorded as carried out.")
        _day(carried_out_on, what="carried out", field="carried_out_on")
        before, after = _write(locked, {"carried_out_on": carried_out_on, "evidence": evidence})
        _record(
            "recommendation_carried_out",
            actor=actor,
            organisation_id=organisation_id,
            target=locked,
            before=before,
            after=after,
        )
    return locked
