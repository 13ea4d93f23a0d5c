"""An email received about a complaint or service request, kept on its record (draft 5.10)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from putright.audit import services as audit
from putright.cases.models import Channel, Complaint, Correspondence, Direction, ServiceRequest
from putright.cases.services.common import CaseInputError
from putright.cases.services.record.correspondence import (
    _check_day,
    _cleanup_on_failure,
    _documents_after,
    _one_line,
    _store,
)
from putright.cases.services.record.files import CheckedFile, file_check
from putright.organisations.models import User
from putright.organisations.permissions import require_actor

#: How the audit record names the mailbox reader when no member of staff acted.
MAIL_IN_LABEL = "mail in"


def correspondence_email_in(
    *,
    actor: User | None,
    complaint: Complaint | None = None,
    service_request: ServiceRequest | None = None,
    date: date,
    summary: str,
    body: str = "",
    party: str = "",
    files: Sequence[tuple[str, bytes]] = (),
) -> tuple[Correspondence, list[tuple[str, str]]]:
    """Keep an email received about the complaint or service request on its full record (draft
    5.10), with the files that came with it; return it with the files that were not kept.

    The mailbox reader files a reply to its case by itself (no ``actor``); a member of staff who
    triages a message acts as themselves. Each file is checked by its content and size, as an
    upload is; a refused file does not refuse the email, which is what the individual sent, and
    is returned with the reason so the message keeps it."""
    if (complaint is None) == (service_request is None):
        raise CaseInputError("Keep an email on one complaint or one service request.")
    case: Complaint | ServiceRequest = complaint or service_request  # type: ignore[assignment]
    if actor is not None:
        require_actor(actor, case.organisation_id, what="cases")
    _check_day(date, what="email")
    summary = _one_line(summary or "(no subject)", what="summary", limit=300, required=True)
    party = _one_line(party, what="other party's name", limit=200, required=False)
    checked: list[CheckedFile] = []
    refused: list[tuple[str, str]] = []
    for name, content in files:
        try:
            checked.append(file_check(SimpleUploadedFile(name, content)))
        except CaseInputError as error:
            refused.append((name, str(error)))
    with _cleanup_on_failure() as stored, transaction.atomic():
        correspondence = Correspondence.objects.create(
            complaint=complaint,
            service_request=service_request,
            direction=Direction.IN,
            channel=Channel.EMAIL,
            party=party,
            date=date,
            summary=summary,
            body=body.strip(),
            created_by=actor,
        )
        documents = _store(
            checked,
            stored,
            actor=actor,  # type: ignore[arg-type]
            complaint=complaint,
            service_request=service_request,
            correspondence=correspondence,
        )
        audit.record(
            action="record.receive_email",
            actor=actor,
            organisation=case.organisation,
            target=correspondence,
            actor_label="" if actor is not None else MAIL_IN_LABEL,
            after={
                "complaint" if complaint else "service_request": case.reference,
                "direction": Direction.IN,
                "channel": Channel.EMAIL,
                "date": date.isoformat(),
                "attachments": _documents_after(documents),
                **({"refused": [name for name, _ in refused]} if refused else {}),
            },
        )
    return correspondence, refused
