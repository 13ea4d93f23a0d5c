"""Triage of mail in: staff decide what each new message is. A complaint or a service request
(made through the case intake services, by the email channel), an email about a case already
open, or not a case at all. Each decision is one transaction with its audit event."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from putright.audit import services as audit
from putright.cases.models import Channel, Complaint, ServiceRequest
from putright.cases.services import complaint_receive
from putright.cases.services.requests import service_request_record
from putright.inbound.models import IgnoredBecause, InboundMessage, MessageStatus
from putright.inbound.services.intake import Case, message_file
from putright.organisations.models import ServiceArea, User
from putright.organisations.permissions import require_case_writer


class TriageError(ValidationError):
    """A decision that cannot be made; ``field`` names the input the message is about."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _locked(actor: User, message: InboundMessage) -> InboundMessage:
    require_case_writer(actor, message.organisation_id, what="mail in")
    locked = InboundMessage.objects.select_for_update().get(pk=message.pk)
    if locked.status != MessageStatus.NEW:
        raise TriageError(
            f"This message has already been dealt with: {locked.get_status_display().lower()}."
        )
    return locked


def _received(message: InboundMessage) -> date:
    return min(timezone.localdate(message.arrived or message.received), timezone.localdate())


def _decided(
    actor: User, locked: InboundMessage, status: str, case: Case | None, **after: object
) -> None:
    locked.status = status
    locked.handled_by = actor
    locked.handled = timezone.now()
    locked.version += 1
    locked.save(
        update_fields=[
            "status",
            "ignored_because",
            "reason",
            "complaint",
            "service_request",
            "correspondence",
            "handled_by",
            "handled",
            "version",
        ]
    )
    audit.record(
        action=f"inbound.{status}",
        actor=actor,
        organisation=locked.organisation,
        target=locked,
        before={"status": MessageStatus.NEW},
        after={
            "status": status,
            **({"case": case.reference} if case is not None else {}),
            **after,
        },
    )


def _refused_words(refused: list[tuple[str, str]]) -> str:
    return "".join(f" {why}" for _, why in refused)


def message_make_complaint(
    *,
    actor: User,
    message: InboundMessage,
    service_area: ServiceArea,
    name: str,
    description: str,
    email: str = "",
    category: str = "",
    handler: User | None = None,
) -> Complaint:
    """Log the message as a new complaint, by the email channel, received the day the mail
    server received it: a complaint however it is made is logged (e.g. HOS 5.1), and its
    deadlines run from then (HOS 6.2, 6.3). The message and its attachments are kept on the new
    complaint's record (draft 5.10)."""
    with transaction.atomic():
        locked = _locked(actor, message)
        complaint = complaint_receive(
            actor=actor,
            service_area=service_area,
            channel=Channel.EMAIL,
            received=_received(locked),
            name=name,
            email=email,
            description=description,
            category=category,
            handler=handler,
            today=timezone.localdate(),
        )
        refused = message_file(message=locked, case=complaint, actor=actor)
        locked.reason = f"Logged as the complaint {complaint.reference}." + _refused_words(refused)
        _decided(actor, locked, MessageStatus.TRIAGED, complaint, kind="complaint")
    return complaint


def message_make_service_request(
    *,
    actor: User,
    message: InboundMessage,
    service_area: ServiceArea,
    name: str,
    description: str,
    email: str = "",
    category: str = "",
    handler: User | None = None,
) -> ServiceRequest:
    """Record the message as a new service request, by the email channel: not a complaint, but
    recorded, monitored and reviewed (e.g. HOS 1.4, LGSCO 1.4). The message and its attachments
    are kept on the request's record."""
    with transaction.atomic():
        locked = _locked(actor, message)
        request = service_request_record(
            actor=actor,
            service_area=service_area,
            channel=Channel.EMAIL,
            received=_received(locked),
            name=name,
            email=email,
            description=description,
            category=category,
            handler=handler,
            today=timezone.localdate(),
        )
        refused = message_file(message=locked, case=request, actor=actor)
        locked.reason = f"Recorded as the service request {request.reference}." + _refused_words(
            refused
        )
        _decided(actor, locked, MessageStatus.TRIAGED, request, kind="service_request")
    return request


def message_link(*, actor: User, message: InboundMessage, case: Case) -> None:
    """File the message to a complaint or service request already recorded, as an email
    received about it, with its attachments as the case's documents (draft 5.10)."""
    if case.organisation_id != message.organisation_id:
        raise TriageError("That case is not one of your organisation's.", field="reference")
    with transaction.atomic():
        locked = _locked(actor, message)
        refused = message_file(message=locked, case=case, actor=actor)
        locked.reason = f"Filed to {case.reference} by hand." + _refused_words(refused)
        _decided(actor, locked, MessageStatus.THREADED, case)


def message_dismiss(*, actor: User, message: InboundMessage, reason: str) -> None:
    """Set the message aside as not a case (spam, a misdirected message, a thank-you), saying
    why; it is kept and stays findable."""
    reason = reason.strip()
    if not reason:
        raise TriageError("Say why the message is not a case.", field="reason")
    if len(reason) > 1000:
        raise TriageError("Keep the reason to 1,000 characters.", field="reason")
    with transaction.atomic():
        locked = _locked(actor, message)
        locked.ignored_because = IgnoredBecause.NOT_A_CASE
        locked.reason = reason
        _decided(actor, locked, MessageStatus.IGNORED, None, reason=reason)
