"""Sending a letter: checked against the Code, kept in the case record, emailed or printed."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from putright.audit import services as audit
from putright.cases.models import Channel, Complaint, Direction, Remedy
from putright.cases.services.record import correspondence_log, keep_informed_update_sent
from putright.correspondence.services import email_queue
from putright.letters import drafting
from putright.letters.models import Letter, LetterKind
from putright.letters.rendering import letter_context, render_letter
from putright.organisations.models import User
from putright.organisations.permissions import require_case_writer
from putright.rules.contents import LetterGap

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


class LetterRefused(ValidationError):
    """A letter the Code's checks refuse: ``gaps`` lists each required element missing and
    ``staff_named`` the staff it names where the Code says not to; nothing was sent."""

    def __init__(self, gaps: tuple[LetterGap, ...], staff_named: tuple[str, ...], clause: str):
        self.gaps = gaps
        self.staff_named = staff_named
        self.naming_clause = clause
        messages = [f"The letter must give {g.label}: it {g.detail} ({g.clause})." for g in gaps]
        if staff_named:
            names = ", ".join(staff_named)
            messages.append(
                f"The letter names {names}: the Code says letters must not identify staff except "
                f"in exceptional circumstances ({clause}). Take the names out, or confirm they "
                "are needed."
            )
        super().__init__(messages)


@dataclass(frozen=True)
class Draft:
    """A letter ready to check or send: its facts, subject and parts."""

    kind: str
    subject: str
    parts: dict[str, str]
    context: dict[str, object]


def staff_names(complaint: Complaint) -> list[str]:
    """The full names of the organisation's staff, to look for in a letter."""
    users = User.objects.filter(organisation_id=complaint.organisation_id)
    return [n for n in (u.get_full_name().strip() for u in users) if n]


def letter_draft(*, complaint: Complaint, kind: str, remedy: Remedy | None = None) -> Draft:
    """A draft of this kind of letter filled from the case's facts (a read: nothing is stored).
    ``KeyError`` for a kind that is not one of ``LetterKind``."""
    if kind not in LetterKind.values:
        raise KeyError(kind)
    context = drafting.facts(complaint, kind, remedy=remedy)
    return Draft(kind, drafting.draft_subject(context), drafting.draft_parts(context), context)


def _clean_parts(kind: str, parts: dict[str, str]) -> dict[str, str]:
    cleaned = {}
    for key in drafting.PARTS[kind]:
        text = parts.get(key, "").replace("\r\n", "\n")
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
        cleaned[key] = "\n\n".join(p for p in paragraphs if p)
        if len(cleaned[key]) > 10_000:
            raise ValidationError(f"Keep {drafting.part_label(key).lower()} to 10,000 characters.")
    return cleaned


def letter_send(
    *,
    actor: User,
    complaint: Complaint,
    kind: str,
    subject: str,
    parts: dict[str, str],
    token: str,
    names_confirmed: bool = False,
    remedy: Remedy | None = None,
) -> Letter:
    """Send a letter about the complaint, after checking it contains what the Code requires of
    this kind of letter at this stage (``rules.contents.letter_contents``: e.g. HOS 6.9 for a
    stage 1 response, 6.5 for the Ombudsman's details with an extension). Anything missing
    refuses the send with ``LetterRefused`` listing it, and so does a letter naming staff under
    a Code that forbids it (joint draft 5.6) unless the sender confirms the names are needed.

    The letter is kept in the case record as sent (a correspondence entry with its text, the
    tagged PDF as a document) and emailed with the PDF attached to the representative acting
    with consent or else the individual; with no email address it is marked to be printed and
    posted. A keep-informed update is recorded as the update sent, so the next falls due the
    agreed interval after it (HOS 5.10). The same form sent twice (``token``) sends one letter.
    """
    require_case_writer(actor, complaint.organisation_id, what="complaints")
    if kind not in LetterKind.values:
        raise ValidationError(
            f"Unknown letter {kind!r}: use one of {', '.join(LetterKind.values)}."
        )
    if not _TOKEN.match(token):
        raise ValidationError("The form has expired: open the letter again.")
    subject = " ".join(subject.split())
    if not subject:
        raise ValidationError("Give the letter a subject.")
    if len(subject) > 300:
        raise ValidationError("Keep the subject to 300 characters.")
    existing = Letter.objects.filter(complaint=complaint, token=token).first()
    if existing is not None:
        return existing
    parts = _clean_parts(kind, parts)
    context = drafting.facts(complaint, kind, remedy=remedy)
    check = drafting.letter_check(context, parts, staff_names(complaint))
    if check.gaps or (check.staff_named and not names_confirmed):
        raise LetterRefused(check.gaps, check.staff_named, check.naming_clause)
    to: drafting.Recipient = context["recipient"]  # type: ignore[assignment]
    today = timezone.localdate()
    rendered = render_letter(
        letter_context(
            organisation=complaint.organisation,
            reference=complaint.reference,
            subject=subject,
            parts=parts,
            to=to,
            day=today,
        )
    )
    by_post = not to.email
    filename = f"{complaint.reference}-{kind.replace('_', '-')}-{today:%Y%m%d}.pdf"
    with transaction.atomic():
        entry = correspondence_log(
            actor=actor,
            complaint=complaint,
            direction=Direction.OUT,
            channel=Channel.LETTER if by_post else Channel.EMAIL,
            date=today,
            summary=subject,
            body=rendered.text,
            party=to.name if to.representative else "",
            files=[SimpleUploadedFile(filename, rendered.pdf, "application/pdf")],
        )
        letter = Letter.objects.create(
            organisation=complaint.organisation,
            complaint=complaint,
            kind=kind,
            stage=context["stage_number"],
            token=token,
            subject=subject,
            parts=parts,
            text=rendered.text,
            html=rendered.html,
            to_name=to.name,
            to_email=to.email,
            to_address=to.address,
            by_post=by_post,
            staff_named=list(check.staff_named),
            reading_ease=check.readability.ease,
            reading_grade=check.readability.grade,
            correspondence=entry,
            document=entry.attachments.get(),
            sent_by=actor,
        )
        if kind == LetterKind.UPDATE and complaint.keep_informed.filter(ended_on__isnull=True):
            keep_informed_update_sent(
                actor=actor,
                complaint=complaint,
                sent_on=today,
                channel=entry.channel,
                summary=subject,
                correspondence=entry,
            )
        if not by_post:
            letter.email = email_queue(
                organisation=complaint.organisation,
                to=to.email,
                subject=subject,
                text=rendered.text,
                html=rendered.html,
                attachments=[(filename, rendered.pdf, "application/pdf")],
                key=f"letter:{letter.pk}",
                complaint=complaint,
                actor=actor,
            )
            letter.save(update_fields=["email"])
        audit.record(
            action="letter.send",
            actor=actor,
            organisation=complaint.organisation,
            target=letter,
            after={
                "complaint": complaint.reference,
                "kind": kind,
                "stage": letter.stage,
                "subject": subject,
                "by": "post" if by_post else "email",
                "to": "withheld",
                "staff_named_confirmed": bool(check.staff_named),
                "document": letter.document_id,
                "email": letter.email_id,
            },
        )
    return letter


def letter_mark_printed(*, actor: User, letter: Letter) -> Letter:
    """Record that a letter for post has been printed and posted."""
    require_case_writer(actor, letter.organisation_id, what="complaints")
    if not letter.by_post:
        raise ValidationError("This letter was sent by email, not for post.")
    with transaction.atomic():
        letter = Letter.objects.select_for_update().get(pk=letter.pk)
        if letter.printed_on is not None:
            return letter
        letter.printed_on = timezone.localdate()
        letter.save(update_fields=["printed_on"])
        audit.record(
            action="letter.printed",
            actor=actor,
            organisation=letter.organisation,
            target=letter,
            before={"printed_on": None},
            after={"printed_on": letter.printed_on.isoformat()},
        )
    return letter
