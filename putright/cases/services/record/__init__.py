"""Writes for the full record of a complaint (draft 5.10): correspondence and documents,
questions to understand it, the parts the organisation is responsible for, keep-informed
intervals, issues raised while it is open, and the time limit.

Each service checks the actor's organisation and role, writes inside one transaction and records
what changed in the audit record; a refusal writes nothing, and a refused file leaves nothing on
disk either.
"""

from putright.cases.services.record.correspondence import correspondence_log, document_add
from putright.cases.services.record.files import (
    ACCEPTED_TYPES,
    CheckedFile,
    file_check,
    max_upload_bytes,
)
from putright.cases.services.record.issues import (
    additional_issue_record,
    months_before,
    time_limit_assess,
)
from putright.cases.services.record.process import (
    clarification_answer,
    clarification_ask,
    definition_parts_set,
    keep_informed_agree,
    keep_informed_update_sent,
)

__all__ = [
    "ACCEPTED_TYPES",
    "CheckedFile",
    "additional_issue_record",
    "clarification_answer",
    "clarification_ask",
    "correspondence_log",
    "definition_parts_set",
    "document_add",
    "file_check",
    "keep_informed_agree",
    "keep_informed_update_sent",
    "max_upload_bytes",
    "months_before",
    "time_limit_assess",
]
