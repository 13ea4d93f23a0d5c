"""Remedies, actions, referrals and learning made through their services, so the audit is real."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from putright.cases.models import (
    Complaint,
    Learning,
    OmbudsmanReferral,
    OutstandingAction,
    Recommendation,
    Remedy,
)
from putright.cases.services import remedies
from putright.organisations.models import User


def offered_remedy(actor: User, complaint: Complaint, **fields: Any) -> Remedy:
    values: dict[str, Any] = {
        "kind": "action",
        "description": "The boiler will be repaired by an approved engineer.",
        "due": date(2025, 4, 1),
        **fields,
    }
    return remedies.remedy_offer(actor=actor, complaint=complaint, **values)


def financial_remedy(actor: User, complaint: Complaint, amount: str = "150.00") -> Remedy:
    return offered_remedy(
        actor,
        complaint,
        kind="financial",
        description="A payment for the time without heating.",
        amount=Decimal(amount),
    )


def open_action(
    actor: User, complaint: Complaint, *, owner: User | None = None, **fields: Any
) -> OutstandingAction:
    values: dict[str, Any] = {
        "description": "Inspect the flue once the boiler is replaced.",
        "owner": owner or actor,
        "due": date(2025, 4, 15),
        **fields,
    }
    return remedies.outstanding_action_add(actor=actor, complaint=complaint, **values)


def referral(actor: User, complaint: Complaint, **fields: Any) -> OmbudsmanReferral:
    values: dict[str, Any] = {
        "referred_on": date(2025, 5, 1),
        "ombudsman_reference": "HOS-123456",
        **fields,
    }
    return remedies.ombudsman_referral_record(actor=actor, complaint=complaint, **values)


def recommendation(actor: User, on: OmbudsmanReferral, **fields: Any) -> Recommendation:
    values: dict[str, Any] = {
        "description": "Apologise and review the repairs booking process.",
        "due": date(2025, 8, 1),
        **fields,
    }
    return remedies.recommendation_add(actor=actor, referral=on, **values)


def learning(actor: User, *complaints: Complaint, **fields: Any) -> Learning:
    values: dict[str, Any] = {
        "title": "Confirm repair appointments by text",
        "description": "Residents are sent a text the day before each repair appointment.",
        "due": date(2025, 9, 1),
        **fields,
    }
    return remedies.learning_record(actor=actor, complaints=list(complaints), **values)
