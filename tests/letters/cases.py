"""Cases in the state each kind of letter is written in, made through the services."""

from __future__ import annotations

from datetime import date

from putright.cases import services
from putright.cases.models import Complaint
from putright.cases.services.record import keep_informed_agree
from putright.cases.services.remedies import remedy_cannot_deliver, remedy_offer
from putright.organisations.models import Role, User
from tests.factories import ServiceAreaFactory, UserFactory, received_complaint

RECEIVED = date(2025, 3, 3)
EMAIL = "pat@example.org"


def new_case(actor: User, profile: str = "hos-2024", **fields: object) -> Complaint:
    area = ServiceAreaFactory(
        organisation=actor.organisation, name=f"Repairs {profile}", profile=profile
    )
    fields.setdefault("email", EMAIL)
    fields.setdefault("address", "1 High Street\nTown\nAB1 2CD")
    return received_complaint(actor, service_area=area, received=RECEIVED, **fields)


def acknowledged(actor: User, profile: str = "hos-2024", **fields: object) -> Complaint:
    complaint = new_case(actor, profile, **fields)
    services.stage_acknowledge(
        actor=actor,
        complaint=complaint,
        acknowledged=date(2025, 3, 5),
        definition="The boiler repair was booked three times and never done; "
        "you want it fixed and an apology.",
    )
    complaint.refresh_from_db()
    return complaint


def extended(actor: User, profile: str = "hos-2024") -> Complaint:
    complaint = acknowledged(actor, profile)
    services.extension_grant(
        actor=actor,
        complaint=complaint,
        days=5,
        reason="We are waiting for the contractor's report on the boiler.",
        ombudsman_details_given=True,
        granted_on=date(2025, 3, 12),
    )
    complaint.refresh_from_db()
    return complaint


def excluded(actor: User, profile: str = "hos-2024") -> Complaint:
    complaint = new_case(actor, profile)
    services.complaint_exclude(
        actor=actor,
        complaint=complaint,
        reason="The issue happened more than 12 months ago",
        evidence="The repair was reported in January 2023 and closed in February 2023.",
        ombudsman_details_given=True,
        decided=date(2025, 3, 5),
    )
    complaint.refresh_from_db()
    return complaint


def responded(actor: User, profile: str = "hos-2024") -> Complaint:
    complaint = acknowledged(actor, profile)
    remedy_offer(
        actor=actor,
        complaint=complaint,
        kind="apology",
        description="We apologise for the missed appointments",
        due=date(2025, 3, 20),
    )
    services.stage_respond(
        actor=actor,
        complaint=complaint,
        responded=date(2025, 3, 14),
        outcome="upheld" if profile != "lgsco-2024" else _own_outcome(actor),
        decision="We should have fixed the boiler the first time.",
        reasons="Our records show three appointments were booked and missed.",
        contents=[
            "stage",
            "definition",
            "decision",
            "reasons",
            "remedy",
            "outstanding_actions",
            "escalation",
            "ombudsman",
        ],
    )
    complaint.refresh_from_db()
    return complaint


def _own_outcome(actor: User) -> str:
    from putright.organisations.selectors import outcome_choices
    from putright.policy import get_profile

    choices = outcome_choices(
        organisation_id=actor.organisation_id, profile=get_profile("lgsco-2024")
    )
    return choices.choices[0][0]


def at_stage_2(actor: User, profile: str = "hos-2024") -> Complaint:
    complaint = responded(actor, profile)
    services.complaint_escalate(actor=actor, complaint=complaint, requested=date(2025, 3, 17))
    complaint.refresh_from_db()
    other = UserFactory(organisation=actor.organisation, role=Role.MANAGER)
    services.stage_acknowledge(
        actor=actor,
        complaint=complaint,
        acknowledged=date(2025, 3, 18),
        definition="The boiler is still not fixed after our stage 1 response.",
        handler=other,
    )
    complaint.refresh_from_db()
    return complaint


def final_responded(actor: User, profile: str = "hos-2024") -> Complaint:
    complaint = at_stage_2(actor, profile)
    services.stage_respond(
        actor=complaint.stages.get(number=2).handler,
        complaint=complaint,
        responded=date(2025, 4, 1),
        outcome="upheld" if profile != "lgsco-2024" else _own_outcome(actor),
        decision="We agree the boiler should have been fixed by now.",
        reasons="The contractor confirmed the part was never ordered.",
        contents=[
            "stage",
            "definition",
            "decision",
            "reasons",
            "remedy",
            "outstanding_actions",
            "escalation",
            "ombudsman",
        ],
    )
    complaint.refresh_from_db()
    return complaint


def kept_informed(actor: User, profile: str = "hos-2024") -> Complaint:
    complaint = acknowledged(actor, profile)
    keep_informed_agree(
        actor=actor, complaint=complaint, interval_days=5, agreed_on=date(2025, 3, 10)
    )
    return complaint


def remedy_failed(actor: User, profile: str = "lgsco-2024") -> Complaint:
    complaint = responded(actor, profile)
    remedy = complaint.remedies.get()
    remedy_cannot_deliver(
        actor=actor,
        remedy=remedy,
        reason="The fitter who missed the appointments has left, so we cannot arrange a meeting.",
        alternative="A written apology from the repairs manager and £50 for the time lost.",
        ombudsman_reminded=True,
    )
    return complaint
