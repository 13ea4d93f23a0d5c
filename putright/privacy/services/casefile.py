"""The Ombudsman's file: a complaint's complete record, assembled in one action.

A tagged PDF bundle (contents with page numbers, the chronology of every dated event, every
letter and message, the documents, decisions with their reasons, remedies, actions and referrals)
and a zip of the original files as uploaded, numbered as the PDF's index numbers them, with the
PDF inside. The Ombudsmen ask for the complete complaint file when they investigate (HOS 5.10 on
keeping a full record; LGSCO and HOS casework requests).

A file whose documents are within ``SYNC_DOCUMENTS`` and ``SYNC_BYTES`` is made at once; a larger
one is made in the background (``tasks.casefile_build_task``) and the page says it is being made.
Who asked for it, and when, is in the audit record; reasonable adjustments are included only when
the person who asked may see them, and the file then says so.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from putright.audit import services as audit
from putright.cases.models import Complaint, Correspondence, Direction, Document
from putright.cases.selectors import complaint_audit_events
from putright.organisations.models import User
from putright.organisations.permissions import require_case_writer
from putright.people import selectors as people
from putright.privacy.models import CaseFile

logger = logging.getLogger(__name__)

#: A file is made at once when its documents are within both limits; otherwise in the background.
SYNC_DOCUMENTS = 40
SYNC_BYTES = 15 * 1024 * 1024
#: Text documents shown in the bundle itself up to this size; the rest are in the zip only.
INLINE_TEXT_BYTES = 200 * 1024
INLINE_IMAGE_BYTES = 5 * 1024 * 1024
IMAGES = {"image/png", "image/jpeg", "image/gif"}
TEXTS = {"text/plain", "message/rfc822"}

#: Audit actions already in the chronology from the records themselves.
FROM_RECORDS = {
    "complaint.receive",
    "complaint.acknowledge",
    "complaint.extend",
    "complaint.respond",
    "complaint.escalate",
    "complaint.exclude",
    "complaint.withdraw",
    "complaint.close",
    "record.log_correspondence",
    "record.add_document",
    "record.ask_clarification",
    "record.answer_clarification",
    "record.agree_keep_informed",
    "record.send_update",
    "record.additional_issue_folded",
    "record.additional_issue_new_complaint",
    "remedies.offer",
    "remedies.action_add",
    "remedies.action_update",
    "remedies.action_complete",
    "remedies.referral_record",
    "remedies.referral_decide",
    "remedies.recommendation_add",
    "remedies.recommendation_carried_out",
}


@dataclass(frozen=True)
class Event:
    """One dated event of the chronology."""

    day: date
    what: str
    detail: str = ""
    documents: tuple[int, ...] = ()
    order: int = 0


@dataclass
class Numbered:
    """A document with its number in the index and its name in the zip."""

    number: int
    document: Document
    zip_name: str
    inline_text: str = ""
    inline_image: str = ""
    letters: list[str] = field(default_factory=list)


def _safe_name(name: str) -> str:
    cleaned = re.sub(r"[^\w.\- ]+", "_", name).strip(" .") or "document"
    return cleaned[:120]


def numbered_documents(complaint: Complaint) -> list[Numbered]:
    """The complaint's documents in the order kept, each numbered as in the index and the zip."""
    rows = []
    for number, document in enumerate(
        Document.objects.filter(complaint=complaint).order_by("created", "pk"), start=1
    ):
        zip_name = f"documents/{number:02d}-{_safe_name(document.name)}"
        rows.append(Numbered(number, document, zip_name))
    return rows


def _read(document: Document, limit: int) -> bytes | None:
    if document.destroyed or not document.file.name or document.size > limit:
        return None
    try:
        with document.file.open("rb") as handle:
            return bytes(handle.read())
    except FileNotFoundError:
        return None


def chronology(complaint: Complaint, numbers: dict[int, int]) -> list[Event]:
    """Every dated event of the complaint, oldest first: from its records, and from the audit
    record for the steps the records do not date (a change of handler, for instance)."""
    events = [
        Event(
            complaint.received,
            "Complaint received",
            f"By {complaint.get_channel_display().lower()}.",
            order=0,
        )
    ]
    for stage in complaint.stages.prefetch_related("extensions").order_by("number"):
        n = stage.number
        if n > 1:
            events.append(Event(stage.received, f"Escalation to stage {n} requested", order=1))
        if stage.acknowledged:
            events.append(
                Event(stage.acknowledged, f"Stage {n} acknowledged", stage.definition, order=2)
            )
        for extension in stage.extensions.all():
            events.append(
                Event(
                    extension.granted_on,
                    f"Stage {n} response extended by {extension.days} working days",
                    extension.reason,
                    order=3,
                )
            )
        if stage.responded:
            outcome = stage.outcome.replace("_", " ")
            detail = "\n\n".join(x for x in (stage.decision, stage.reasons) if x)
            events.append(Event(stage.responded, f"Stage {n} response: {outcome}", detail, order=5))
    for item in complaint.correspondence.prefetch_related("attachments").order_by("date", "pk"):
        verb = "sent" if item.direction == Direction.OUT else "received"
        docs = tuple(numbers[a.pk] for a in item.attachments.all() if a.pk in numbers)
        events.append(
            Event(item.date, f"Correspondence {verb} ({item.channel})", item.summary, docs, 4)
        )
    for q in complaint.clarifications.order_by("asked_on", "pk"):
        events.append(
            Event(q.asked_on, "Question asked to understand the complaint", q.question, order=4)
        )
        if q.answered_on:
            events.append(Event(q.answered_on, "Question answered", q.answer, order=4))
    for k in complaint.keep_informed.order_by("agreed_on", "pk"):
        events.append(
            Event(
                k.agreed_on, f"Updates agreed every {k.interval_days} working days", k.note, order=4
            )
        )
    for issue in complaint.additional_issues.order_by("received", "pk"):
        events.append(
            Event(
                issue.received,
                f"Additional issue: {issue.get_handling_display().lower()}",
                issue.description,
                order=4,
            )
        )
    for document in Document.objects.filter(
        complaint=complaint, correspondence__isnull=True
    ).order_by("created", "pk"):
        events.append(
            Event(
                timezone.localdate(document.created),
                "Document kept",
                document.description,
                (numbers[document.pk],),
                4,
            )
        )
    if complaint.closed_on:
        words = {
            "excluded": "Complaint not accepted",
            "withdrawn": "Complaint withdrawn",
            "closed": "Complaint closed",
        }
        detail = ""
        if complaint.status == "excluded":
            detail = f"{complaint.exclusion_reason}\n\n{complaint.exclusion_evidence}".strip()
        events.append(
            Event(
                complaint.closed_on,
                words.get(complaint.status, "Complaint closed"),
                detail,
                order=8,
            )
        )
    for remedy in complaint.remedies.order_by("pk"):
        events.append(
            Event(
                timezone.localdate(remedy.created),
                f"Remedy offered: {remedy.get_kind_display().lower()}",
                remedy.description,
                order=6,
            )
        )
        if remedy.completed_on:
            events.append(
                Event(
                    remedy.completed_on,
                    f"Remedy completed: {remedy.get_kind_display().lower()}",
                    order=6,
                )
            )
    for action in complaint.outstanding_actions.prefetch_related("updates").order_by("pk"):
        events.append(
            Event(
                timezone.localdate(action.created),
                "Outstanding action recorded",
                action.description,
                order=6,
            )
        )
        for update in action.updates.all():
            events.append(
                Event(
                    timezone.localdate(update.created),
                    "Outstanding action updated",
                    update.note,
                    order=6,
                )
            )
        if action.completed_on:
            events.append(
                Event(action.completed_on, "Outstanding action done", action.description, order=6)
            )
    for referral in complaint.ombudsman_referrals.prefetch_related("recommendations").order_by(
        "pk"
    ):
        events.append(
            Event(
                referral.referred_on,
                f"Referred to {referral.ombudsman}",
                referral.ombudsman_reference,
                order=9,
            )
        )
        if referral.decided_on:
            events.append(
                Event(
                    referral.decided_on,
                    f"Ombudsman's decision: {referral.get_decision_display().lower()}",
                    referral.findings,
                    order=9,
                )
            )
        for rec in referral.recommendations.all():
            if rec.carried_out_on:
                events.append(
                    Event(
                        rec.carried_out_on,
                        "Ombudsman's recommendation carried out",
                        rec.description,
                        order=9,
                    )
                )
    for event in (
        complaint_audit_events(complaint).exclude(action__in=FROM_RECORDS).order_by("created", "id")
    ):
        words = event.action.replace(".", ": ", 1).replace("_", " ")
        events.append(
            Event(
                timezone.localdate(event.created), f"Recorded: {words}", event.actor_label, order=7
            )
        )
    return sorted(events, key=lambda e: (e.day, e.order))


def _context(casefile: CaseFile, complaint: Complaint, numbered: list[Numbered]) -> dict[str, Any]:
    numbers = {n.document.pk: n.number for n in numbered}
    for n in numbered:
        if n.document.content_type in IMAGES:
            content = _read(n.document, INLINE_IMAGE_BYTES)
            if content:
                n.inline_image = (
                    f"data:{n.document.content_type};base64,{base64.b64encode(content).decode()}"
                )
        elif n.document.content_type in TEXTS:
            content = _read(n.document, INLINE_TEXT_BYTES)
            if content:
                n.inline_text = content.decode("utf-8", errors="replace")
    correspondence = [
        (item, [numbers[a.pk] for a in item.attachments.all() if a.pk in numbers])
        for item in Correspondence.objects.filter(complaint=complaint)
        .prefetch_related("attachments")
        .order_by("date", "pk")
    ]
    adjustments = []
    if casefile.special_category and complaint.individual is not None and casefile.requested_by:
        adjustments = people.adjustments_of(
            casefile.requested_by, complaint.individual, where="the Ombudsman's file"
        )
    return {
        "complaint": complaint,
        "casefile": casefile,
        "made": timezone.localtime(timezone.now()),
        "stages": list(complaint.stages.prefetch_related("extensions").order_by("number")),
        "chronology": chronology(complaint, numbers),
        "correspondence": correspondence,
        "documents": numbered,
        "remedies": list(complaint.remedies.order_by("pk")),
        "actions": list(complaint.outstanding_actions.prefetch_related("updates").order_by("pk")),
        "referrals": list(
            complaint.ombudsman_referrals.prefetch_related("recommendations").order_by("pk")
        ),
        "clarifications": list(complaint.clarifications.order_by("asked_on", "pk")),
        "adjustments": adjustments,
        "restrictions": list(complaint.individual.restrictions.order_by("starts", "pk"))
        if complaint.individual
        else [],
    }


def casefile_request(*, actor: User, complaint: Complaint) -> CaseFile:
    """Make the Ombudsman's file of a complaint: at once when it is small, else in the background.
    Recorded in the audit record: who asked for a file for the Ombudsman, and when."""
    require_case_writer(actor, complaint.organisation_id, what="complaints")
    totals = Document.objects.filter(complaint=complaint, destroyed__isnull=True).aggregate(
        size=Sum("size")
    )
    count = Document.objects.filter(complaint=complaint).count()
    background = count > SYNC_DOCUMENTS or (totals["size"] or 0) > SYNC_BYTES
    with transaction.atomic():
        casefile = CaseFile.objects.create(
            organisation_id=complaint.organisation_id,
            complaint=complaint,
            requested_by=actor,
            special_category=people.sees_special_category(actor),
        )
        audit.record(
            action="privacy.casefile_request",
            actor=actor,
            target=complaint,
            after={"casefile": casefile.pk, "background": background, "documents": count},
        )
        if background:
            from putright.privacy.tasks import casefile_build_task

            transaction.on_commit(lambda: casefile_build_task.enqueue(casefile.pk))
    if not background:
        casefile_build(casefile_id=casefile.pk)
        casefile.refresh_from_db()
    return casefile


def casefile_build(*, casefile_id: int) -> CaseFile:
    """Assemble the PDF and the zip of a requested file and store them; a failure is recorded on
    the file (status failed, with the error) and nothing half-made is kept. Safe to run twice: a
    file already made is left as it is."""
    casefile = CaseFile.objects.select_related("complaint", "requested_by").get(pk=casefile_id)
    if casefile.status != CaseFile.Status.QUEUED:
        return casefile
    complaint = Complaint.objects.select_related(
        "service_area", "individual", "representative", "handler"
    ).get(pk=casefile.complaint_id)
    # WeasyPrint is loaded only when a PDF is made (it is slow to import).
    from putright.pdf import render_pdf

    try:
        numbered = numbered_documents(complaint)
        pdf = render_pdf("privacy/casefile.html", _context(casefile, complaint, numbered))
        pdf_name = f"ombudsman-file-{_safe_name(complaint.reference)}.pdf"
        with tempfile.TemporaryFile() as spool:
            with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                archive.writestr(pdf_name, pdf)
                for n in numbered:
                    if n.document.destroyed or not n.document.file.name:
                        continue
                    with (
                        n.document.file.open("rb") as source,
                        archive.open(n.zip_name, "w") as target,
                    ):
                        for chunk in iter(lambda: source.read(1024 * 1024), b""):
                            target.write(chunk)
            spool.seek(0)
            digest = hashlib.sha256()
            for chunk in iter(lambda: spool.read(1024 * 1024), b""):
                digest.update(chunk)
            size = spool.tell()
            spool.seek(0)
            with transaction.atomic():
                locked = CaseFile.objects.select_for_update().get(pk=casefile.pk)
                if locked.status != CaseFile.Status.QUEUED:
                    return locked
                locked.pdf.save(pdf_name, ContentFile(pdf), save=False)
                locked.archive.save(f"{pdf_name[:-4]}.zip", File(spool), save=False)
                locked.pdf_size, locked.pdf_sha256 = len(pdf), hashlib.sha256(pdf).hexdigest()
                locked.archive_size, locked.archive_sha256 = size, digest.hexdigest()
                locked.documents = len(numbered)
                locked.status, locked.built = CaseFile.Status.READY, timezone.now()
                locked.save()
                audit.record(
                    action="privacy.casefile_ready",
                    actor_label="putright",
                    organisation=complaint.organisation,
                    target=complaint,
                    after={"casefile": locked.pk, "documents": len(numbered)},
                )
            return locked
    except Exception as error:
        logger.exception("The Ombudsman's file %s could not be made", casefile.pk)
        CaseFile.objects.filter(pk=casefile.pk, status=CaseFile.Status.QUEUED).update(
            status=CaseFile.Status.FAILED, error=str(error)[:1000]
        )
        casefile.refresh_from_db()
        return casefile


def casefile_downloaded(*, actor: User, casefile: CaseFile, part: str) -> None:
    """Record who downloaded a file made for the Ombudsman, and its special-category content."""
    audit.record(
        action="privacy.casefile_download",
        actor=actor,
        target=casefile.complaint,
        after={"casefile": casefile.pk, "part": part},
    )
    individual = casefile.complaint.individual
    if casefile.special_category and individual is not None:
        people.special_category_viewed(
            actor, individual, "adjustments", where="the Ombudsman's file"
        )
