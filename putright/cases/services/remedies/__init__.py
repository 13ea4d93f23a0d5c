"""Putting things right: remedies followed through to completion, outstanding actions with updates
to the individual, Ombudsman referrals and their recommendations, and learning from complaints.

Every write checks that the actor is active staff of the object's organisation in a role that
changes cases, locks the row it changes, writes only the fields that change and records them in
the audit record. Bad input raises ``RemedyInputError`` naming the field at fault; a refused write
writes nothing.
"""

from putright.cases.services.remedies.common import RemedyInputError
from putright.cases.services.remedies.learning import (
    learning_implemented,
    learning_link_complaint,
    learning_record,
)
from putright.cases.services.remedies.offers import (
    outstanding_action_add,
    outstanding_action_complete,
    outstanding_action_update,
    remedy_cannot_deliver,
    remedy_offer,
    remedy_update_status,
)
from putright.cases.services.remedies.referrals import (
    ombudsman_referral_decide,
    ombudsman_referral_record,
    recommendation_add,
    recommendation_carried_out,
)

__all__ = [
    "RemedyInputError",
    "learning_implemented",
    "learning_link_complaint",
    "learning_record",
    "ombudsman_referral_decide",
    "ombudsman_referral_record",
    "outstanding_action_add",
    "outstanding_action_complete",
    "outstanding_action_update",
    "recommendation_add",
    "recommendation_carried_out",
    "remedy_cannot_deliver",
    "remedy_offer",
    "remedy_update_status",
]
