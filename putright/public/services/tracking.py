"""Residents following their own complaint: one-time links, and the steps they take themselves.

A link is a random token sent to the email address on the complaint; only its SHA-256 digest is
kept. It works once, before it expires, and opens a short session scoped to that one complaint
(the edge keeps the session). On the tracking page the resident acts as a ``Resident`` on their
own complaint, through the same case services, rules and audit as staff: adding information is
correspondence in (with its documents), asking for the next stage is the escalation step (no
reason asked, e.g. HOS 6.12), withdrawing is the withdrawal step.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from putright.audit import services as audit
from putright.cases.models import Channel, Complaint, Correspondence, Direction
from putright.cases.services import CaseInputError
from putright.cases.services.record import correspondence_log
from putright.correspondence.services import email_queue
from putright.organisations.models import Organisation
from putright.organisations.permissions import Resident
from putright.public.models import TrackingLink

#: How long a link works after it is sent, and how long the session it opens lasts.
DEFAULT_LINK_MINUTES = 60
DEFAULT_SESSION_MINUTES = 60


class LinkRefused(Exception):
    """The link does not exist, has expired or has been used: nothing is opened."""

    def __init__(self) -> None:
        super().__init__(
            "This link has expired or has already been used. Ask for a new link: it works once, "
            "for an hour."
        )


def link_minutes() -> int:
    return int(getattr(settings, "PUTRIGHT_TRACKING_LINK_MINUTES", DEFAULT_LINK_MINUTES))


def session_minutes() -> int:
    return int(getattr(settings, "PUTRIGHT_TRACKING_SESSION_MINUTES", DEFAULT_SESSION_MINUTES))


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class IssuedLink:
    """A link just made: the row, and the token itself, which is never stored."""

    link: TrackingLink
    token: str


def tracking_link_issue(*, complaint: Complaint, now: datetime | None = None) -> IssuedLink:
    """Make a one-time link to the complaint, valid for ``link_minutes()``, and record that one
    was made (not the token)."""
    now = now or timezone.now()
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        link = TrackingLink.objects.create(
            organisation_id=complaint.organisation_id,
            complaint=complaint,
            token_hash=token_digest(token),
            expires=now + timedelta(minutes=link_minutes()),
        )
        audit.record(
            action="public.tracking_link_sent",
            actor=Resident(complaint.organisation),
            organisation=complaint.organisation,
            target=complaint,
            after={"link": link.pk, "expires": link.expires.isoformat(timespec="minutes")},
        )
    return IssuedLink(link, token)


def contact_address_for(complaint: Complaint, email: str) -> str | None:
    """The address on the complaint (the individual's, or their active representative's) that
    ``email`` is, ignoring case; None if it is neither."""
    wanted = email.strip().lower()
    if not wanted:
        return None
    addresses = [complaint.email]
    representative = complaint.representative
    if representative is not None and representative.active:
        addresses.append(representative.email)
    return next((a for a in addresses if a and a.strip().lower() == wanted), None)


def tracking_link_redeem(
    *, organisation: Organisation, token: str, now: datetime | None = None
) -> Complaint:
    """Use a link: once, before it expires, and only on its own organisation's pages. The claim
    is one conditional update, so two uses at once cannot both succeed."""
    now = now or timezone.now()
    digest = token_digest(token)
    with transaction.atomic():
        claimed = TrackingLink.objects.filter(
            token_hash=digest, organisation=organisation, used__isnull=True, expires__gt=now
        ).update(used=now)
        if not claimed:
            raise LinkRefused
        link = TrackingLink.objects.select_related("complaint__organisation").get(token_hash=digest)
        complaint = link.complaint
        audit.record(
            action="public.tracking_link_used",
            actor=Resident(organisation, complaint_id=complaint.pk),
            organisation=organisation,
            target=complaint,
            after={"link": link.pk},
        )
    return complaint


def tracking_link_purge(*, now: datetime | None = None) -> int:
    """Forget links that expired a day ago or more; returns how many."""
    now = now or timezone.now()
    removed, _ = TrackingLink.objects.filter(expires__lt=now - timedelta(days=1)).delete()
    return removed


def information_add(
    *,
    resident: Resident,
    complaint: Complaint,
    text: str,
    files: Iterable[UploadedFile] = (),
    today: date,
) -> Correspondence:
    """Add information to one's own complaint: it is kept as correspondence in, by the web
    channel, with any files as its documents, in the complaint's full record (draft 5.10)."""
    files = list(files)
    text = text.strip()
    if not text and not files:
        raise CaseInputError("Enter the information you want to add, or add a file.")
    if not complaint.is_open:
        raise CaseInputError(
            "This complaint is finished, so nothing more can be added to it. If something else "
            "has gone wrong, you can make a new complaint."
        )
    return correspondence_log(
        actor=resident,
        complaint=complaint,
        direction=Direction.IN,
        channel=Channel.WEB,
        date=today,
        summary="Information added by the individual on the tracking page",
        body=text,
        files=files,
    )


def tracking_link_request(
    *,
    organisation: Organisation,
    reference: str,
    email: str,
    link_url: Callable[[str], str],
    now: datetime | None = None,
) -> bool:
    """Email a one-time link to the complaint with this reference, if ``email`` is the address on
    it (the individual's or their representative's), through the organisation's mail. The edge
    says the same thing whether or not anything matched, so nobody learns from the page whether a
    reference exists or whose address it has; the return value is for tests and logs only.
    ``link_url`` turns the token into the full address of the link."""
    wanted = reference.strip()
    if not wanted or not email.strip():
        return False
    complaint = (
        Complaint.objects.select_related("organisation", "representative")
        .filter(organisation=organisation, reference__iexact=wanted, anonymised__isnull=True)
        .first()
    )
    if complaint is None:
        return False
    address = contact_address_for(complaint, email)
    if address is None:
        return False
    with transaction.atomic():
        issued = tracking_link_issue(complaint=complaint, now=now)
        minutes = link_minutes()
        url = link_url(issued.token)
        text = (
            f"You asked to see the progress of your complaint {complaint.reference} to "
            f"{organisation.name}.\n\n"
            f"Open this link to see it:\n{url}\n\n"
            f"The link works once, for {minutes} minutes. If it has expired, ask for a new one "
            "on the same page.\n\n"
            "If you did not ask for this, you can ignore this email: nobody can see your "
            "complaint without the link."
        )
        email_queue(
            organisation=organisation,
            to=address,
            subject=f"Your complaint {complaint.reference}: your link to see its progress",
            text=text,
            key=f"tracking-link:{issued.link.pk}",
            complaint=complaint,
        )
    return True
