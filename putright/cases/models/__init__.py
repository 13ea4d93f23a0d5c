"""Complaints and everything recorded about them, and service requests.

Models hold data and constraints only: every write goes through ``putright.cases.services``,
which asks the Code engine first, and every read through ``putright.cases.selectors``, scoped to the
user's organisation. Nothing here is deleted by a normal user action (every relation PROTECTs).
"""

from putright.cases.models.complaints import (
    OPEN_STATUSES,
    CaseStatus,
    Channel,
    Complaint,
    Extension,
    Stage,
)
from putright.cases.models.record import (
    AdditionalIssue,
    Clarification,
    Correspondence,
    Direction,
    Document,
    KeepInformed,
)
from putright.cases.models.remedies import (
    ActionStatus,
    ActionUpdate,
    Learning,
    OmbudsmanReferral,
    OutstandingAction,
    Recommendation,
    ReferralDecision,
    Remedy,
    RemedyKind,
    RemedyStatus,
)
from putright.cases.models.requests import RequestStatus, RequestUpdate, ServiceRequest

__all__ = [
    "OPEN_STATUSES",
    "ActionStatus",
    "ActionUpdate",
    "AdditionalIssue",
    "CaseStatus",
    "Channel",
    "Clarification",
    "Complaint",
    "Correspondence",
    "Direction",
    "Document",
    "Extension",
    "KeepInformed",
    "Learning",
    "OmbudsmanReferral",
    "OutstandingAction",
    "Recommendation",
    "ReferralDecision",
    "Remedy",
    "RemedyKind",
    "RemedyStatus",
    "RequestStatus",
    "RequestUpdate",
    "ServiceRequest",
    "Stage",
]
