"""Subject access: everything held about one individual (UK GDPR Article 15), as JSON and PDF.

The JSON's structure is documented in ``docs/data-protection.md`` and stable: ``format`` and
``version`` name it, and a change that is not an addition raises the version. Other people's
names in the free text (staff, other individuals and representatives of the organisation, matched
exactly, and titled names such as "Mr Smith") are flagged for redaction, with where they occur,
and never removed: a person decides (Article 15(4)). Only managers and senior leads make it, and
each one made is recorded in the audit record.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from putright.audit import services as audit
from putright.audit.models import AuditEvent
from putright.cases.models import Complaint, Document, ServiceRequest
from putright.cases.selectors import complaint_audit_events
from putright.correspondence.models import OutboundEmail
from putright.inbound.models import InboundMessage
from putright.organisations.models import User
from putright.people import selectors as people
from putright.people.models import Individual, Representative
from putright.privacy.redaction import Flag, NameIndex, find_names, split_marked
from putright.privacy.services.common import require_privacy_manager
from putright.public.models import AdjustmentRequest, SurveyResponse

FORMAT = "putright-subject-access"
VERSION = 1
#: The keys whose text is free text, searched for other people's names.
FREE_TEXT = frozenset(
    {
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
        "contact_notes",
        "restriction",
        "proportionality",
        "consent_evidence",
        "subject",
        "text",
        "comment",
        "before",
        "after",
    }
)


def _value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _row(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return {f: _value(getattr(obj, f)) for f in fields}


def _document(d: Document) -> dict[str, Any]:
    return {
        **_row(d, ("name", "content_type", "size", "sha256", "description", "created")),
        "id": d.pk,
        "destroyed": _value(d.destroyed),
    }


def _correspondence(items: Any) -> list[dict[str, Any]]:
    return [
        {
            **_row(c, ("date", "direction", "channel", "party", "summary", "body")),
            "attachments": [a.pk for a in c.attachments.all()],
        }
        for c in items.prefetch_related("attachments").order_by("date", "pk")
    ]


def _emails(found: Any) -> list[dict[str, Any]]:
    """The emails sent about a case: to whom, what they said, and whether they went."""
    return [
        _row(e, ("created", "to", "subject", "text", "status", "sent_at"))
        for e in found.order_by("created", "pk")
    ]


def _messages_in(found: Any) -> list[dict[str, Any]]:
    """The messages read from the organisation's mailbox about a case."""
    return [
        {
            **_row(m, ("received", "from_name", "from_address", "subject", "sent", "text")),
            "attachments": [a.filename for a in m.attachments.all()],
        }
        for m in found.prefetch_related("attachments").order_by("received", "pk")
    ]


def _complaint(c: Complaint) -> dict[str, Any]:
    stages = []
    for s in c.stages.prefetch_related("extensions").order_by("number"):
        stages.append(
            {
                **_row(
                    s,
                    (
                        "number",
                        "received",
                        "acknowledged",
                        "definition",
                        "responsible_for",
                        "not_responsible_for",
                        "responded",
                        "outcome",
                        "decision",
                        "reasons",
                        "acknowledge_by",
                        "respond_by",
                        "extended_respond_by",
                    ),
                ),
                "extensions": [
                    _row(e, ("granted_on", "days", "reason", "ombudsman_details_given"))
                    for e in s.extensions.all()
                ],
            }
        )
    return {
        **_row(
            c,
            (
                "reference",
                "received",
                "channel",
                "category",
                "status",
                "stage",
                "closed_on",
                "name",
                "email",
                "phone",
                "address",
                "description",
                "outcome_sought",
                "issue_date",
                "outside_time_limit",
                "discretion_note",
                "exclusion_reason",
                "exclusion_evidence",
                "anonymised",
            ),
        ),
        "service_area": c.service_area.name,
        "representative": c.representative.name if c.representative else None,
        "stages": stages,
        "correspondence": _correspondence(c.correspondence.all()),
        "emails": _emails(OutboundEmail.objects.filter(complaint=c)),
        "messages_in": _messages_in(InboundMessage.objects.filter(complaint=c)),
        "documents": [_document(d) for d in c.documents.order_by("created", "pk")],
        "clarifications": [
            _row(q, ("stage", "asked_on", "question", "answered_on", "answer"))
            for q in c.clarifications.order_by("asked_on", "pk")
        ],
        "keep_informed": [
            _row(k, ("stage", "interval_days", "agreed_on", "next_update_by", "note", "ended_on"))
            for k in c.keep_informed.order_by("agreed_on", "pk")
        ],
        "additional_issues": [
            _row(i, ("stage", "received", "description", "handling", "reason"))
            for i in c.additional_issues.order_by("received", "pk")
        ],
        "remedies": [
            _row(
                r,
                (
                    "stage",
                    "kind",
                    "description",
                    "due",
                    "amount",
                    "status",
                    "completed_on",
                    "cannot_deliver_reason",
                    "alternative",
                ),
            )
            for r in c.remedies.order_by("pk")
        ],
        "outstanding_actions": [
            {
                **_row(a, ("stage", "description", "due", "status", "completed_on")),
                "updates": [
                    _row(u, ("created", "note", "individual_told_on"))
                    for u in a.updates.order_by("created", "pk")
                ],
            }
            for a in c.outstanding_actions.order_by("pk")
        ],
        "ombudsman_referrals": [
            {
                **_row(
                    r,
                    ("ombudsman", "referred_on", "ombudsman_reference", "decision", "decided_on"),
                ),
                "findings": r.findings,
                "recommendations": [
                    _row(m, ("description", "due", "carried_out_on", "evidence"))
                    for m in r.recommendations.order_by("pk")
                ],
            }
            for r in c.ombudsman_referrals.order_by("pk")
        ],
    }


def _request(r: ServiceRequest) -> dict[str, Any]:
    return {
        **_row(
            r,
            (
                "reference",
                "received",
                "channel",
                "category",
                "status",
                "name",
                "email",
                "phone",
                "address",
                "description",
                "target_date",
                "response",
                "responded_on",
                "dissatisfied_on",
                "complaint_offered_on",
                "completed_on",
                "anonymised",
            ),
        ),
        "service_area": r.service_area.name,
        "updates": [_row(u, ("created", "note")) for u in r.updates.order_by("created", "pk")],
        "correspondence": _correspondence(r.correspondence.all()),
        "emails": _emails(OutboundEmail.objects.filter(service_request=r, complaint__isnull=True)),
        "messages_in": _messages_in(
            InboundMessage.objects.filter(service_request=r, complaint__isnull=True)
        ),
        "documents": [_document(d) for d in r.documents.order_by("created", "pk")],
    }


def _events(individual: Individual, complaints: list[Complaint], requests: Any) -> Any:
    """The audit events about the person, their representatives, adjustments and restrictions,
    and about each of their cases, oldest first."""
    condition = Q(object_type="people.individual", object_id=str(individual.pk))
    for label, related in (
        ("people.representative", individual.representatives.all()),
        ("people.reasonableadjustment", individual.adjustments.all()),
        ("people.restriction", individual.restrictions.all()),
    ):
        condition |= Q(object_type=label, object_id__in=[str(k.pk) for k in related])
    condition |= Q(object_type="cases.servicerequest", object_id__in=[str(r.pk) for r in requests])
    events = AuditEvent.objects.filter(condition, organisation_id=individual.organisation_id)
    for complaint in complaints:
        events = events | complaint_audit_events(complaint)
    return events.order_by("created", "id")


def subject_access_data(user: User, individual: Individual) -> dict[str, Any]:
    """Everything held about the individual, as the JSON of ``docs/data-protection.md``, with
    other people's names flagged. Restricted to managers and senior leads; not audited here (the
    two exports are)."""
    require_privacy_manager(user, individual.organisation_id, what="see everything held")
    complaints = list(
        Complaint.objects.filter(individual=individual)
        .select_related("service_area", "representative")
        .order_by("received", "pk")
    )
    requests = list(
        ServiceRequest.objects.filter(individual=individual)
        .select_related("service_area")
        .order_by("received", "pk")
    )
    details = _row(
        individual,
        (
            "name",
            "email",
            "phone",
            "address",
            "postcode",
            "contact_preference",
            "contact_notes",
            "created",
            "updated",
            "anonymised",
        ),
    )
    details["id"] = individual.pk
    if people.sees_special_category(user):
        details["disabilities"] = individual.disabilities
    data: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "organisation": {
            "slug": individual.organisation.slug,
            "name": individual.organisation.name,
        },
        "generated": timezone.now().isoformat(),
        "generated_by": user.get_username(),
        "individual": details,
        "representatives": [
            _row(
                r,
                (
                    "name",
                    "relationship",
                    "email",
                    "phone",
                    "address",
                    "consent_given",
                    "consent_date",
                    "consent_evidence",
                    "active",
                ),
            )
            for r in individual.representatives.order_by("pk")
        ],
        "adjustments": [
            _row(a, ("description", "agreed_on", "review_by", "reviewed_on", "ended_on"))
            for a in people.adjustments_of(user, individual, where="a subject access bundle")
        ],
        "restrictions": [
            {
                **_row(
                    r,
                    (
                        "restriction",
                        "reason",
                        "evidence",
                        "proportionality",
                        "starts",
                        "review_by",
                        "ended_on",
                    ),
                ),
                "reviews": [
                    _row(v, ("reviewed_on", "decision", "notes", "next_review_by"))
                    for v in r.reviews.order_by("reviewed_on", "pk")
                ],
            }
            for r in individual.restrictions.order_by("starts", "pk")
        ],
        "complaints": [_complaint(c) for c in complaints],
        "service_requests": [_request(r) for r in requests],
        "adjustment_requests": [
            _row(a, ("requested_on", "description", "status", "decided_on", "reason"))
            for a in AdjustmentRequest.objects.filter(individual=individual).order_by("pk")
        ]
        if people.sees_special_category(user)
        else [],
        "surveys": [
            {
                "complaint": s.complaint.reference,
                **_row(
                    s, ("submitted_on", "ease", "kept_informed", "respect", "overall", "comment")
                ),
            }
            for s in SurveyResponse.objects.filter(complaint__in=complaints)
            .select_related("complaint")
            .order_by("submitted_on", "pk")
        ],
        "audit_events": [
            {
                "created": _value(e.created),
                "action": e.action,
                "actor": e.actor_label,
                "object_type": e.object_type,
                "object_id": e.object_id,
                "before": e.before,
                "after": e.after,
            }
            for e in _events(individual, complaints, requests)
        ],
    }
    if details.get("disabilities"):
        people.special_category_viewed(
            user, individual, "disabilities", where="a subject access bundle"
        )
    index = name_index(individual)
    data["redaction_flags"] = [
        flag.as_json(where) for where, flags in flagged(data, index) for flag in flags
    ]
    return data


def name_index(individual: Individual) -> NameIndex:
    """Everyone else whose name the organisation holds: its staff, its other individuals and
    every representative (the individual's own included: they are other people)."""
    org = individual.organisation_id
    names: list[tuple[str, str]] = []
    for first, last in User.objects.filter(organisation_id=org).values_list(
        "first_name", "last_name"
    ):
        if f"{first} {last}".strip():
            names.append((f"{first} {last}", "staff"))
    names += [
        (name, "individual")
        for name in Individual.objects.filter(organisation_id=org, anonymised__isnull=True)
        .exclude(pk=individual.pk)
        .values_list("name", flat=True)
    ]
    names += [
        (name, "representative")
        for name in Representative.objects.filter(organisation_id=org).values_list(
            "name", flat=True
        )
    ]
    return NameIndex.build(names, own=[individual.name])


def _walk(value: Any, path: str, key: str, free: bool) -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _walk(v, f"{path}.{k}" if path else k, k, free or k in FREE_TEXT)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _walk(v, f"{path}[{i}]", key, free)
    elif isinstance(value, str) and free and value:
        yield path, value


def flagged(data: dict[str, Any], index: NameIndex) -> list[tuple[str, list[Flag]]]:
    """Each free text of the data (by its path, e.g. ``complaints[0].correspondence[2].body``)
    with the other people's names found in it."""
    found = []
    for path, text in _walk(data, "", "", False):
        flags = find_names(text, index)
        if flags:
            found.append((path, flags))
    for i, event in enumerate(data.get("audit_events", [])):
        actor = event.get("actor")
        if actor:
            found.append(
                (f"audit_events[{i}].actor", [Flag(actor, "staff account", 0, len(actor))])
            )
    return found


def marked(data: Any, flags: dict[str, list[Flag]], path: str = "") -> Any:
    """A copy of the data for the PDF, each flagged text as safe HTML with its names marked."""
    if isinstance(data, dict):
        return {k: marked(v, flags, f"{path}.{k}" if path else k) for k, v in data.items()}
    if isinstance(data, list):
        return [marked(v, flags, f"{path}[{i}]") for i, v in enumerate(data)]
    if isinstance(data, str) and path in flags:
        html = "".join(
            f'<mark class="redact">{escape(piece)}</mark>' if hit else str(escape(piece))
            for piece, hit in split_marked(data, flags[path])
        )
        return mark_safe(html)  # noqa: S308 - every piece is escaped above
    return data


def _flags_by_path(data: dict[str, Any]) -> dict[str, list[Flag]]:
    by_path: dict[str, list[Flag]] = {}
    for flag in data["redaction_flags"]:
        by_path.setdefault(flag["where"], []).append(
            Flag(flag["text"], flag["kind"], flag["start"], flag["end"])
        )
    return by_path


def subject_access_export(*, actor: User, individual: Individual, kind: str) -> bytes:
    """Everything held about the individual as ``json`` or ``pdf`` (UK GDPR Article 15), with
    other people's names flagged for a person to decide on; recorded in the audit record."""
    # WeasyPrint is loaded only when a PDF is made (it is slow to import).
    from putright.pdf import render_pdf

    if kind not in {"json", "pdf"}:
        raise ValueError(f"Unknown export {kind!r}: use json or pdf.")
    data = subject_access_data(actor, individual)
    if kind == "json":
        content = json.dumps(data, indent=2, ensure_ascii=False).encode()
    else:
        content = render_pdf(
            "privacy/subject_access.html",
            {"d": marked(data, _flags_by_path(data)), "flag_count": len(data["redaction_flags"])},
        )
    audit.record(
        action="privacy.subject_access",
        actor=actor,
        target=individual,
        after={
            "format": kind,
            "complaints": len(data["complaints"]),
            "service_requests": len(data["service_requests"]),
            "flags": len(data["redaction_flags"]),
        },
    )
    return content
