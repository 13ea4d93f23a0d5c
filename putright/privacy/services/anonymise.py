"""Anonymising cases and people: the personal data replaced, the figures' facts kept.

Replaced: the individual's name, contact details and address; every free-text description,
definition, decision, reason, note and correspondence body; the emails sent (recipient, subject,
bodies and attached files); the messages read from the mailbox (raw message, sender, subject, text
and files); the letters sent (addressee, address and every part of the text); the comments of
feedback surveys. A text that was not empty becomes ``PLACEHOLDER``, so a figure that counts
whether a reason was recorded still counts it. The files of documents are deleted from storage
(the row kept and marked destroyed), and the same text is replaced in the audit record's before
and after values. Kept, for the figures and the annual report: dates,
stages, statuses, outcomes, service area, category, channel, remedy kinds and amounts, extensions
and their lengths, who handled the case.

These are the write steps of the disposal run and of an erasure (``disposal.py``,
``erasure.py``); they are called inside their transaction and never on their own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

from django.db import models
from django.db.models import Case, Q, QuerySet, Value, When

from putright.audit.models import AuditEvent
from putright.cases.models import (
    ActionUpdate,
    AdditionalIssue,
    Clarification,
    Complaint,
    Correspondence,
    Document,
    Extension,
    KeepInformed,
    OmbudsmanReferral,
    OutstandingAction,
    Recommendation,
    Remedy,
    RequestUpdate,
    ServiceRequest,
    Stage,
)
from putright.correspondence.models import OutboundAttachment, OutboundEmail
from putright.inbound.models import InboundAttachment, InboundMessage
from putright.letters.models import Letter
from putright.people.models import (
    Individual,
    ReasonableAdjustment,
    Representative,
    Restriction,
    RestrictionReview,
)
from putright.privacy.models import CaseFile
from putright.privacy.services.common import ANONYMOUS, PLACEHOLDER
from putright.public.models import AdjustmentRequest, SurveyResponse

#: Keys of audit values (the last part of a dotted key) whose text is personal.
PERSONAL_KEYS = frozenset(
    {
        "name",
        "email",
        "phone",
        "address",
        "postcode",
        "contact_notes",
        "disabilities",
        "relationship",
        "consent_evidence",
        "description",
        "outcome_sought",
        "discretion_note",
        "exclusion_evidence",
        "definition",
        "responsible_for",
        "not_responsible_for",
        "decision",
        "reasons",
        "reason",
        "question",
        "answer",
        "note",
        "notes",
        "body",
        "summary",
        "party",
        "findings",
        "evidence",
        "alternative",
        "cannot_deliver_reason",
        "response",
        "restriction",
        "proportionality",
        "subject",
        "text",
        "html",
        "to",
        "from",
        "sender",
        "recipient",
        "comment",
    }
)


def _text(field: str) -> Case:
    """A field's new value: the placeholder where there was text, empty where there was none."""
    return Case(When(~Q(**{field: ""}), then=Value(PLACEHOLDER)), default=Value(""))


def _replace(found: QuerySet[Any], texts: Sequence[str], **values: Any) -> int:
    """Replace the free texts (and set ``values``) on every row found, in one statement."""
    changes: dict[str, Any] = {field: _text(field) for field in texts} | values
    return found.update(**changes) if changes else 0


def _destroy_files(documents: QuerySet[Document], now: datetime) -> int:
    """Delete the documents' files from storage and mark the rows destroyed; returns how many."""
    count = 0
    for document in documents.filter(destroyed__isnull=True).only("pk", "file"):
        if document.file.name:
            document.file.storage.delete(document.file.name)
        count += 1
    documents.filter(destroyed__isnull=True).update(
        file="", name="(destroyed)", description=_text("description"), destroyed=now
    )
    return count


def _destroy_casefiles(casefiles: QuerySet[CaseFile], now: datetime) -> None:
    for casefile in casefiles.filter(destroyed__isnull=True):
        for stored in (casefile.pdf, casefile.archive):
            if stored.name:
                stored.storage.delete(stored.name)
    casefiles.filter(destroyed__isnull=True).update(pdf="", archive="", destroyed=now)


def _anonymise_emails(emails: QuerySet[OutboundEmail]) -> None:
    """The emails' recipients, subjects, bodies and attached files; kept: when and whether each
    was sent (the delivery figures)."""
    OutboundAttachment.objects.filter(email__in=emails).update(
        content=b"", filename="(destroyed)", size=0
    )
    _replace(emails, ("subject", "text", "html"), to=Value(""), last_error=Value(""))


def _anonymise_inbound(messages: QuerySet[InboundMessage]) -> None:
    """The messages read from the mailbox: the raw message, sender, subject, text and attached
    files; kept: when each arrived and what became of it."""
    InboundAttachment.objects.filter(message__in=messages).update(
        content=b"", filename="(destroyed)", size=0, sha256=""
    )
    _replace(
        messages,
        ("subject", "text", "reason"),
        raw=Value(b""),
        from_address=Value(""),
        from_name=Value(""),
    )


def complaints_anonymise(ids: Sequence[int], *, now: datetime) -> int:
    """Anonymise these complaints and everything recorded about them; returns the documents
    destroyed. Called inside the disposal or erasure transaction."""
    complaints = Complaint.objects.filter(pk__in=ids)
    destroyed = _destroy_files(Document.objects.filter(complaint_id__in=ids), now)
    _destroy_casefiles(CaseFile.objects.filter(complaint_id__in=ids), now)
    redact_audit(complaint_audit_condition(ids))
    _replace(
        complaints,
        ("description", "outcome_sought", "discretion_note", "exclusion_evidence"),
        name=Value(ANONYMOUS),
        email=Value(""),
        phone=Value(""),
        address=Value(""),
        anonymised=Value(now),
    )
    stages = Stage.objects.filter(complaint_id__in=ids)
    _replace(
        stages, ("definition", "responsible_for", "not_responsible_for", "decision", "reasons")
    )
    _replace(Extension.objects.filter(stage__in=stages), ("reason",))
    _replace(Correspondence.objects.filter(complaint_id__in=ids), ("party", "body", "summary"))
    _anonymise_emails(OutboundEmail.objects.filter(complaint_id__in=ids))
    _anonymise_inbound(InboundMessage.objects.filter(complaint_id__in=ids))
    _replace(
        Letter.objects.filter(complaint_id__in=ids),
        ("subject", "text", "html", "to_address"),
        to_name=Value(ANONYMOUS),
        to_email=Value(""),
        parts=Value({}, output_field=models.JSONField()),
        staff_named=Value([], output_field=models.JSONField()),
    )
    _replace(SurveyResponse.objects.filter(complaint_id__in=ids), ("comment",))
    _replace(Clarification.objects.filter(complaint_id__in=ids), ("question", "answer"))
    _replace(KeepInformed.objects.filter(complaint_id__in=ids), ("note",))
    _replace(AdditionalIssue.objects.filter(complaint_id__in=ids), ("description", "reason"))
    _replace(
        Remedy.objects.filter(complaint_id__in=ids),
        ("description", "cannot_deliver_reason", "alternative"),
    )
    actions = OutstandingAction.objects.filter(complaint_id__in=ids)
    _replace(actions, ("description",))
    _replace(ActionUpdate.objects.filter(action__in=actions), ("note",))
    referrals = OmbudsmanReferral.objects.filter(complaint_id__in=ids)
    _replace(referrals, ("findings",))
    _replace(Recommendation.objects.filter(referral__in=referrals), ("description", "evidence"))
    return destroyed


def service_requests_anonymise(ids: Sequence[int], *, now: datetime) -> int:
    """Anonymise these service requests, their notes, correspondence and documents; returns the
    documents destroyed."""
    destroyed = _destroy_files(Document.objects.filter(service_request_id__in=ids), now)
    redact_audit(request_audit_condition(ids))
    _replace(
        ServiceRequest.objects.filter(pk__in=ids),
        ("description", "response"),
        name=Value(ANONYMOUS),
        email=Value(""),
        phone=Value(""),
        address=Value(""),
        anonymised=Value(now),
    )
    _replace(RequestUpdate.objects.filter(service_request_id__in=ids), ("note",))
    _replace(
        Correspondence.objects.filter(service_request_id__in=ids, complaint__isnull=True),
        ("party", "body", "summary"),
    )
    _anonymise_emails(
        OutboundEmail.objects.filter(service_request_id__in=ids, complaint__isnull=True)
    )
    _anonymise_inbound(
        InboundMessage.objects.filter(service_request_id__in=ids, complaint__isnull=True)
    )
    return destroyed


def individuals_anonymise(ids: Sequence[int], *, now: datetime) -> None:
    """Anonymise these people, their representatives, adjustments and restrictions."""
    Individual.objects.filter(pk__in=ids).update(
        name=f"{ANONYMOUS} individual",
        email="",
        phone="",
        address="",
        postcode="",
        contact_notes="",
        disabilities="",
        anonymised=now,
    )
    Representative.objects.filter(individual_id__in=ids).update(
        name=f"{ANONYMOUS} representative",
        relationship="",
        email="",
        phone="",
        address="",
        consent_evidence=_text("consent_evidence"),
    )
    _replace(ReasonableAdjustment.objects.filter(individual_id__in=ids), ("description",))
    _replace(AdjustmentRequest.objects.filter(individual_id__in=ids), ("description", "reason"))
    restrictions = Restriction.objects.filter(individual_id__in=ids)
    _replace(restrictions, ("restriction", "reason", "evidence", "proportionality"))
    _replace(RestrictionReview.objects.filter(restriction__in=restrictions), ("notes",))


# --- The audit record ---------------------------------------------------------------------------


def _keys(model: type[models.Model], **lookup: Any) -> QuerySet[Any]:
    return model.objects.filter(**lookup).values_list("pk", flat=True)  # type: ignore[attr-defined]


def _condition(pairs: Iterable[tuple[str, QuerySet[Any] | Sequence[int]]]) -> Q:
    condition = Q(pk__in=[])
    for label, keys in pairs:
        condition |= Q(object_type=label, object_id__in=[str(k) for k in keys])
    return condition


def complaint_audit_condition(ids: Sequence[int]) -> Q:
    """The audit events about these complaints and everything recorded about them."""
    return _condition(
        [
            ("cases.complaint", ids),
            ("cases.stage", _keys(Stage, complaint_id__in=ids)),
            ("cases.correspondence", _keys(Correspondence, complaint_id__in=ids)),
            ("cases.document", _keys(Document, complaint_id__in=ids)),
            ("cases.clarification", _keys(Clarification, complaint_id__in=ids)),
            ("cases.keepinformed", _keys(KeepInformed, complaint_id__in=ids)),
            ("cases.additionalissue", _keys(AdditionalIssue, complaint_id__in=ids)),
            ("cases.remedy", _keys(Remedy, complaint_id__in=ids)),
            ("cases.outstandingaction", _keys(OutstandingAction, complaint_id__in=ids)),
            ("cases.ombudsmanreferral", _keys(OmbudsmanReferral, complaint_id__in=ids)),
            ("cases.recommendation", _keys(Recommendation, referral__complaint_id__in=ids)),
        ]
    )


def request_audit_condition(ids: Sequence[int]) -> Q:
    """The audit events about these service requests and what is recorded about them."""
    return _condition(
        [
            ("cases.servicerequest", ids),
            ("cases.correspondence", _keys(Correspondence, service_request_id__in=ids)),
            ("cases.document", _keys(Document, service_request_id__in=ids)),
        ]
    )


def redacted(value: Any, key: str = "") -> Any:
    """A recorded value with every personal text replaced, however deeply it is nested."""
    if isinstance(value, dict):
        return {k: redacted(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [redacted(v, key) for v in value]
    last = key.rsplit(".", 1)[-1]
    if isinstance(value, str) and value and last in PERSONAL_KEYS and value != "(withheld)":
        return PLACEHOLDER
    return value


def redact_audit(condition: Q, *, rewrite: Callable[[Any], Any] = redacted) -> int:
    """Replace the personal text in the audit events matching ``condition``.

    The database refuses to update an audit event (it is append-only), so an event whose values
    change is deleted and written again with the same id, time, actor and action, and the
    personal text replaced: nothing else about it changes. Returns how many were rewritten.
    """
    count = 0
    for event in AuditEvent.objects.filter(condition).order_by("pk"):
        before, after = rewrite(event.before), rewrite(event.after)
        if before == event.before and after == event.after:
            continue
        event.before, event.after = before, after
        AuditEvent.objects.filter(pk=event.pk).delete()
        # raw: keep the stored time (auto_now_add would stamp it anew).
        event.save_base(raw=True, force_insert=True)
        count += 1
    return count
