"""Writes for complaints: every step of a case asks the Code engine first, then writes and audits.

Each service locks the complaint row, refuses a stale form (``StaleCase``), builds the case's state
from its stored stages and asks ``putright.rules.stages`` whether the step is allowed. A refusal
(``CaseRefused``) carries the rules' reasons and clauses and writes nothing. An allowed step writes
only the fields it changes, recomputes and stores the current stage's deadlines and the case's
``next_due``, raises the complaint's ``version`` and records the change in the audit record.
"""

from putright.cases.services.common import CaseInputError, CaseRefused, StaleCase
from putright.cases.services.intake import complaint_receive
from putright.cases.services.requests import (
    StaleRequest,
    service_request_assign,
    service_request_cancel,
    service_request_complain,
    service_request_complete,
    service_request_record,
    service_request_respond,
    service_request_review,
    service_request_update,
)
from putright.cases.services.steps import (
    complaint_assign,
    complaint_close,
    complaint_escalate,
    complaint_exclude,
    complaint_withdraw,
    extension_grant,
    stage_acknowledge,
    stage_respond,
)

__all__ = [
    "CaseInputError",
    "CaseRefused",
    "StaleCase",
    "StaleRequest",
    "complaint_assign",
    "complaint_close",
    "complaint_escalate",
    "complaint_exclude",
    "complaint_receive",
    "complaint_withdraw",
    "extension_grant",
    "service_request_assign",
    "service_request_cancel",
    "service_request_complain",
    "service_request_complete",
    "service_request_record",
    "service_request_respond",
    "service_request_review",
    "service_request_update",
    "stage_acknowledge",
    "stage_respond",
]
