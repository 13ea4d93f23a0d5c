"""Correspondence in and out, and documents kept on a complaint (draft 5.10)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from putright.audit import services as audit
from putright.cases.models import Channel, Complaint, Correspondence, Direction, Document
from putright.cases.services.common import EARLIEST, CaseInputError, _check_actor
from putright.cases.services.record.files import CheckedFile, file_check
from putright.organisations.models import User


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
    actor: User,
    complaint: Complaint,
    correspondence: Correspondence | None,
    description: str = "",
) -> list[Document]:
    """Store checked files under opaque names, each with its detected type and digest."""
    documents = []
    for each in checked:
        document = Document(
            organisation_id=complaint.organisation_id,
            complaint=complaint,
            correspondence=correspondence,
            name=each.name,
            content_type=each.content_type,
            size=each.size,
            sha256=each.sha256,
            description=description,
            uploaded_by=actor,
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
    actor: User,
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
    refuses the whole entry, naming the file and why, and nothing is saved.
    """
    _check_actor(actor, complaint.organisation_id)
    if direction not in Direction.values:
        raise CaseInputError(f"Unknown direction {direction!r}: use 'in' or 'out'.")
    if channel not in Channel.values:
        raise CaseInputError(
            f"Unknown channel {channel!r}: use one of {', '.join(Channel.values)}."
        )
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
            created_by=actor,
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
    *, actor: User, complaint: Complaint, file: UploadedFile, description: str = ""
) -> Document:
    """Keep a file on the complaint that did not come with correspondence (a report, a photo,
    a survey), as part of its full record (draft 5.10); checked by its content and size."""
    _check_actor(actor, complaint.organisation_id)
    description = _one_line(description, what="description", limit=300, required=False)
    checked = file_check(file)
    with _cleanup_on_failure() as stored, transaction.atomic():
        (document,) = _store(
            [checked],
            stored,
            actor=actor,
            complaint=complaint,
            correspondence=None,
            description=description,
        )
        audit.record(
            action="record.add_document",
            actor=actor,
            organisation=complaint.organisation,
            target=document,
            after={
                "complaint": complaint.reference,
                "description": description,
                **_documents_after([document])[0],
            },
        )
    return document
