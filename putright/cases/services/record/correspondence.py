"""Correspondence in and out, and documents kept on a complaint (draft 5.10)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from putright.audit import services as audit
from putright.cases.models import (
    Channel,
    Complaint,
    Correspondence,
    Direction,
    Document,
    ServiceRequest,
)
from putright.cases.services.common import EARLIEST, CaseInputError, _check_actor
from putright.cases.services.record.files import CheckedFile, file_check
from putright.organisations.permissions import Actor, Resident, require_actor, staff_member


def _check_day(day: date, *, what: str) -> None:
    if day > timezone.localdate():
        raise CaseInputError(f"The {what} date, {day:%-d %B %Y}, is in the future.")
    if day < EARLIEST:
        raise CaseInputError(f"The {what} date, {day:%-d %B %Y}, is before 2000.")


def _one_line(value: str, *, what: str, limit: int, required: bool) -> str:
    value = " ".join(value.split())
    if required and not value:
        raise CaseInputError(f"Give the {what}: it must not be empty.")
    if len(value) > limit:
        raise CaseInputError(f"Keep the {what} to {limit} characters.")
    return value


@contextmanager
def _cleanup_on_failure() -> Iterator[list[Document]]:
    """Collects the documents stored inside the block; if the block fails, their files are
    removed, so a refused save leaves nothing behind on disk as well as in the database."""
    stored: list[Document] = []
    try:
        yield stored
    except BaseException:
        for document in stored:
            document.file.storage.delete(document.file.name)
        raise


def _store(
    checked: Sequence[CheckedFile],
    stored: list[Document],
    *,
    actor: Actor,
    complaint: Complaint | None,
    correspondence: Correspondence | None,
    description: str = "",
    service_request: ServiceRequest | None = None,
) -> list[Document]:
    """Store checked files under opaque names, each with its detected type and digest."""
    documents = []
    case = complaint or service_request
    assert case is not None  # noqa: S101 - the callers pass one or the other
    for each in checked:
        document = Document(
            organisation_id=case.organisation_id,
            complaint=complaint,
            service_request=service_request,
            correspondence=correspondence,
            name=each.name,
            content_type=each.content_type,
            size=each.size,
            sha256=each.sha256,
            description=description,
            uploaded_by=staff_member(actor),
        )
        each.upload.seek(0)
        document.file.save(each.name, each.upload, save=False)
        stored.append(document)
        document.save()
        documents.append(document)
    return documents


def _documents_after(documents: Iterable[Document]) -> list[dict[str, object]]:
    return [
        {
            "id": d.pk,
            "name": d.name,
            "content_type": d.content_type,
            "size": d.size,
            "sha256": d.sha256,
        }
        for d in documents
    ]


def correspondence_log(
    *,
    actor: Actor,
    complaint: Complaint,
    direction: str,
    channel: str,
    date: date,
    summary: str,
    body: str = "",
    party: str = "",
    files: Iterable[UploadedFile] = (),
) -> Correspondence:
    """Record a letter, email, call or meeting about the complaint, in or out, with any attached
    files, as part of the full record of the complaint (draft 5.10).

    Each file is checked by its content and size before anything is written; one refused file
    refuses the whole entry, naming the file and why, and nothing is saved. The individual may
    send information in on their own complaint themselves (a ``Resident`` actor, on the tracking
    page): it comes in by the web channel, from them.
    """
    _check_actor(actor, complaint.organisation_id, residents=True, complaint_id=complaint.pk)
    if direction not in Direction.values:
        raise CaseInputError(f"Unknown direction {direction!r}: use 'in' or 'out'.")
    if channel not in Channel.values:
        raise CaseInputError(
            f"Unknown channel {channel!r}: use one of {', '.join(Channel.values)}."
        )
    if isinstance(actor, Resident) and (
        direction != Direction.IN or channel != Channel.WEB or party.strip()
    ):
        raise CaseInputError("Information from the individual comes in by the web channel.")
    _check_day(date, what="correspondence")
    summary = _one_line(summary, what="summary", limit=300, required=True)
    party = _one_line(party, what="other party's name", limit=200, required=False)
    checked = [file_check(upload) for upload in files]
    with _cleanup_on_failure() as stored, transaction.atomic():
        correspondence = Correspondence.objects.create(
            complaint=complaint,
            direction=direction,
            channel=channel,
            party=party,
            date=date,
            summary=summary,
            body=body.strip(),
            created_by=staff_member(actor),
        )
        documents = _store(
            checked, stored, actor=actor, complaint=complaint, correspondence=correspondence
        )
        audit.record(
            action="record.log_correspondence",
            actor=actor,
            organisation=complaint.organisation,
            target=correspondence,
            after={
                "complaint": complaint.reference,
                "direction": direction,
                "channel": channel,
                "date": date.isoformat(),
                "summary": summary,
                "party": party,
                "attachments": _documents_after(documents),
            },
        )
    return correspondence


def document_add(
    *,
    actor: Actor,
    complaint: Complaint | None = None,
    file: UploadedFile,
    description: str = "",
    service_request: ServiceRequest | None = None,
) -> Document:
    """Keep a file on the complaint (or service request) that did not come with correspondence (a
    report, a photo, a survey), as part of its full record (draft 5.10); checked by its content
    and size. The individual may add files to the complaint or request they have just made on
    the public web form (a ``Resident`` actor)."""
    if (complaint is None) == (service_request is None):
        raise CaseInputError("Keep a document on one complaint or one service request.")
    if complaint is not None:
        _check_actor(actor, complaint.organisation_id, residents=True, complaint_id=complaint.pk)
    else:
        assert service_request is not None  # noqa: S101 - checked above
        require_actor(
            actor,
            service_request.organisation_id,
            what="service requests",
            residents=True,
            service_request_id=service_request.pk,
        )
    description = _one_line(description, what="description", limit=300, required=False)
    checked = file_check(file)
    case = complaint or service_request
    with _cleanup_on_failure() as stored, transaction.atomic():
        (document,) = _store(
            [checked],
            stored,
            actor=actor,
            complaint=complaint,
            service_request=service_request,
            correspondence=None,
            description=description,
        )
        audit.record(
            action="record.add_document",
            actor=actor,
            organisation=case.organisation if case else None,
            target=document,
            after={
                "complaint" if complaint else "service_request": case.reference if case else "",
                "description": description,
                **_documents_after([document])[0],
            },
        )
    return document
