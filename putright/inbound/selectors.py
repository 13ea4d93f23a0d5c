"""Reads for mail in, scoped to the user's organisation: another organisation's message is a 404,
exactly as one that does not exist."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.http import Http404

from putright.cases.models import Complaint, ServiceRequest
from putright.cases.request_selectors import service_requests_for
from putright.cases.selectors import complaints_for
from putright.inbound.models import InboundMessage, Mailbox, MessageStatus
from putright.organisations.models import Organisation, User


def messages_for(user: User) -> QuerySet[InboundMessage]:
    if user.organisation_id is None:
        return InboundMessage.objects.none()
    return InboundMessage.objects.filter(organisation_id=user.organisation_id)


def triage_queue(user: User) -> QuerySet[InboundMessage]:
    """The messages waiting for someone to say what they are, oldest first."""
    return (
        messages_for(user)
        .filter(status=MessageStatus.NEW)
        .annotate(attachment_count=Count("attachments"))
        .defer("raw", "text")
        .order_by("received", "pk")
    )


def recently_handled(user: User, limit: int = 20) -> QuerySet[InboundMessage]:
    """The messages most recently filed, made a case or set aside, by the reader or by staff."""
    return (
        messages_for(user)
        .exclude(status=MessageStatus.NEW)
        .select_related("complaint", "service_request", "handled_by")
        .defer("raw", "text")
        .order_by("-received", "-pk")[:limit]
    )


def triage_count(user: User) -> int:
    return messages_for(user).filter(status=MessageStatus.NEW).count()


def message_get(user: User, pk: int) -> InboundMessage:
    """The user's organisation's message, with its attachments and case; 404 otherwise."""
    found = (
        messages_for(user)
        .select_related("complaint", "service_request", "handled_by")
        .prefetch_related("attachments")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("No such message.")
    return found


@dataclass(frozen=True, slots=True)
class MailboxView:
    organisation: Organisation
    mailbox: Mailbox | None

    @property
    def password(self) -> str:
        return "set" if self.mailbox is not None and self.mailbox.password else ""


def mailbox_for(user: User) -> MailboxView:
    if user.organisation is None:
        raise Http404("Mailbox settings belong to an organisation.")
    return MailboxView(
        user.organisation, Mailbox.objects.filter(organisation_id=user.organisation_id).first()
    )


def case_by_reference(user: User, reference: str) -> Complaint | ServiceRequest | None:
    """The user's organisation's complaint or service request with this reference, or None."""
    reference = reference.strip().upper()
    if not reference:
        return None
    return (
        complaints_for(user).filter(reference__iexact=reference).first()
        or service_requests_for(user).filter(reference__iexact=reference).first()
    )
