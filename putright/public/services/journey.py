"""Sending a complaint or a service request from the public web form.

The answers of a journey are kept by the edge (in the session) until the resident sends them; the
files they add are checked by their content and size as they are added and kept here, with the
journey, until then. Sending writes everything in one transaction through the case and people
services, with the resident as the actor: the individual (or the representative, with the consent
they declare), the complaint or request, its documents and any reasonable adjustment asked for,
kept as a request for staff to agree.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from putright.audit import services as audit
from putright.cases.models import Channel, Complaint, ServiceRequest
from putright.cases.services import CaseInputError, complaint_receive, service_request_record
from putright.cases.services.record import document_add, file_check
from putright.organisations.models import Organisation, ServiceArea
from putright.organisations.permissions import Resident
from putright.people.models import ContactMethod, Individual
from putright.people.services import PeopleInputError, individual_create, representative_add
from putright.public.models import AdjustmentRequest, PendingUpload

#: What a resident may attach to one complaint or request.
MAX_FILES = 10
MAX_TOTAL_BYTES = 50 * 1024 * 1024
#: Files of a journey not sent after this long are removed by the purge.
PENDING_HOURS = 24

COMPLAINT = "complaint"
SERVICE_REQUEST = "service_request"
KINDS = (COMPLAINT, SERVICE_REQUEST)
#: How residents may ask to be contacted on the form.
CONTACT_METHODS = (
    ContactMethod.EMAIL,
    ContactMethod.PHONE,
    ContactMethod.TEXT,
    ContactMethod.LETTER,
)


def journey_key() -> str:
    """A new journey's random key: it names the journey's files and nothing else."""
    return secrets.token_urlsafe(24)


@dataclass(frozen=True, slots=True)
class Submission:
    """Everything a resident answered on the form, checked by the edge's forms.

    ``name`` and the contact details are those of the person filling in the form: the individual
    themselves, or their representative (``for_someone_else``), in which case ``their_name`` is the
    individual's and ``consent`` says the representative declared they have their consent.
    """

    kind: str
    service_area: ServiceArea
    what_happened: str
    put_right: str
    name: str
    contact_method: str
    issue_date: date | None = None
    for_someone_else: bool = False
    relationship: str = ""
    their_name: str = ""
    consent: bool = False
    adjustments: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    postcode: str = ""


def pending_uploads(*, organisation: Organisation, journey: str) -> list[PendingUpload]:
    """The files added to a journey so far, in the order they were added."""
    return list(PendingUpload.objects.filter(organisation=organisation, journey=journey))


def pending_upload_add(
    *, organisation: Organisation, journey: str, upload: UploadedFile
) -> PendingUpload:
    """Keep a file with the journey once it passes the checks every document on a case passes
    (its content, not its name or claimed type, and its size); a refusal (``CaseInputError``)
    names the file and says why, and keeps nothing. At most ``MAX_FILES`` files and
    ``MAX_TOTAL_BYTES`` in all go with one complaint or request."""
    checked = file_check(upload)
    with transaction.atomic():
        kept = list(
            PendingUpload.objects.select_for_update().filter(
                organisation=organisation, journey=journey
            )
        )
        count, total = len(kept), sum(each.size for each in kept)
        if count >= MAX_FILES:
            raise CaseInputError(
                f"The file {checked.name} was not added: you can add up to {MAX_FILES} files."
            )
        if total + checked.size > MAX_TOTAL_BYTES:
            raise CaseInputError(
                f"The file {checked.name} was not added: the files together must be smaller "
                f"than {MAX_TOTAL_BYTES // (1024 * 1024)} MB."
            )
        pending = PendingUpload(
            organisation=organisation,
            journey=journey,
            name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
        )
        upload.seek(0)
        pending.file.save(checked.name, upload, save=False)
        name = pending.file.name
        try:
            pending.save()
        except BaseException:
            pending.file.storage.delete(name)
            raise
    return pending


def pending_upload_remove(*, organisation: Organisation, journey: str, pk: int) -> None:
    """Take a file off the journey (and off the disk); a file of another journey is left alone."""
    found = PendingUpload.objects.filter(organisation=organisation, journey=journey, pk=pk).first()
    if found is None:
        return
    name = found.file.name
    storage = found.file.storage
    found.delete()
    transaction.on_commit(lambda: storage.delete(name))


def pending_upload_purge(*, now: datetime | None = None) -> int:
    """Remove the files of journeys abandoned for ``PENDING_HOURS``; returns how many."""
    now = now or timezone.now()
    stale = list(PendingUpload.objects.filter(created__lt=now - timedelta(hours=PENDING_HOURS)))
    for each in stale:
        each.file.storage.delete(each.file.name)
        each.delete()
    return len(stale)


def _individual(resident: Resident, submission: Submission) -> Individual:
    """The individual the complaint is about, with how they (or their representative) want to
    be contacted."""
    s = submission
    if s.for_someone_else:
        method = ContactMethod(s.contact_method).label.lower()
        return individual_create(
            actor=resident,
            name=s.their_name,
            contact_preference=s.contact_method,
            contact_notes=f"Contact through their representative, {s.name}, by {method}.",
            service_area=s.service_area,
        )
    return individual_create(
        actor=resident,
        name=s.name,
        email=s.email,
        phone=s.phone,
        address=s.address,
        postcode=s.postcode,
        contact_preference=s.contact_method,
        service_area=s.service_area,
    )


def _check(submission: Submission, organisation: Organisation) -> None:
    s = submission
    if s.kind not in KINDS:
        raise CaseInputError(f"Unknown kind {s.kind!r}: a complaint or a service request.")
    if s.service_area.organisation_id != organisation.pk:
        raise CaseInputError("That service is not one of this organisation's.")
    if s.contact_method not in CONTACT_METHODS:
        raise CaseInputError("Choose how we should contact you.")
    if s.for_someone_else and not s.their_name.strip():
        raise CaseInputError("Enter the name of the person you are complaining for.")
    if s.for_someone_else and not s.consent:
        raise CaseInputError(
            "You can only complain for someone else with their permission: confirm you have it."
        )


def public_submission_send(
    *,
    organisation: Organisation,
    submission: Submission,
    journey: str,
    today: date,
) -> Complaint | ServiceRequest:
    """Send what a resident answered as a complaint or a service request, as they chose.

    The resident chooses (draft 1.4, LGSCO 1.4: the opportunity; HOS 1.4: the choice). A complaint
    is received at stage 1 under the Code profile of the service it is about, by the web channel,
    with its deadlines stored; a service request is recorded apart. The individual is recorded
    with their contact preference; a representative with the consent they declare (draft 3.6),
    which staff can check; a reasonable adjustment asked for is kept as a request for staff to
    agree (e.g. LGSCO 5.8), never as agreed. The journey's files become the case's documents.
    Nothing is kept unless all of it is.
    """
    _check(submission, organisation)
    s = submission
    uploads = pending_uploads(organisation=organisation, journey=journey)
    try:
        with transaction.atomic():
            resident = Resident(organisation)
            individual = _individual(resident, s)
            resident = Resident(organisation, individual_id=individual.pk)
            representative = None
            if s.for_someone_else:
                representative = representative_add(
                    actor=resident,
                    individual=individual,
                    name=s.name,
                    relationship=s.relationship,
                    email=s.email,
                    phone=s.phone,
                    address="\n".join(part for part in (s.address, s.postcode) if part),
                    consent_given=True,
                    consent_date=today,
                    consent_evidence=(
                        f"Declared on the web form on {today:%-d %B %Y} by {s.name}, who said "
                        f"they have {individual.name}'s permission to complain for them."
                    ),
                    today=today,
                )
            address = "\n".join(part for part in (s.address, s.postcode) if part)
            own = not s.for_someone_else
            case: Complaint | ServiceRequest
            if s.kind == COMPLAINT:
                case = complaint_receive(
                    actor=resident,
                    service_area=s.service_area,
                    channel=Channel.WEB,
                    received=today,
                    name=individual.name,
                    description=s.what_happened,
                    today=today,
                    email=s.email if own else "",
                    phone=s.phone if own else "",
                    address=address if own else "",
                    outcome_sought=s.put_right,
                    individual=individual,
                    representative=representative,
                    issue_date=s.issue_date,
                )
                on_case = Resident(organisation, complaint_id=case.pk)
            else:
                description = s.what_happened.strip()
                if s.put_right.strip():
                    description += f"\n\nWhat would put it right: {s.put_right.strip()}"
                if s.issue_date:
                    description += f"\n\nWhen it happened: {s.issue_date:%-d %B %Y}"
                if representative is not None:
                    how = f" ({s.relationship})" if s.relationship else ""
                    description += (
                        f"\n\nMade by {representative.name}{how} for {individual.name}, "
                        "with their permission."
                    )
                case = service_request_record(
                    actor=resident,
                    service_area=s.service_area,
                    channel=Channel.WEB,
                    received=today,
                    name=individual.name,
                    description=description,
                    today=today,
                    email=s.email,
                    phone=s.phone,
                    address=address,
                    individual=individual,
                )
                on_case = Resident(organisation, service_request_id=case.pk)
            _documents(on_case, case, uploads)
            if s.adjustments.strip():
                _adjustment_request(on_case, case, individual, s.adjustments, today)
    except PeopleInputError as error:
        raise CaseInputError(str(error)) from None
    return case


def _documents(
    resident: Resident, case: Complaint | ServiceRequest, uploads: Sequence[PendingUpload]
) -> None:
    """The journey's files, kept on the case as its documents; the pending copies go once the
    transaction has committed."""
    where = "complaint" if isinstance(case, Complaint) else "request"
    for pending in uploads:
        with pending.file.open("rb") as handle:
            upload = UploadedFile(
                handle, name=pending.name, content_type=pending.content_type, size=pending.size
            )
            document_add(
                actor=resident,
                complaint=case if isinstance(case, Complaint) else None,
                service_request=case if isinstance(case, ServiceRequest) else None,
                file=upload,
                description=f"Sent with the {where} on the web form",
            )
        name, storage = pending.file.name, pending.file.storage
        pending.delete()
        transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))


def _adjustment_request(
    resident: Resident,
    case: Complaint | ServiceRequest,
    individual: Individual,
    description: str,
    today: date,
) -> AdjustmentRequest:
    request = AdjustmentRequest.objects.create(
        organisation_id=resident.organisation_id,
        individual=individual,
        complaint=case if isinstance(case, Complaint) else None,
        service_request=case if isinstance(case, ServiceRequest) else None,
        description=description.strip(),
        requested_on=today,
    )
    # What was asked for can reveal a disability: it stays out of the audit record.
    audit.record(
        action="public.adjustment_request",
        actor=resident,
        target=request,
        after={
            "case": case.reference,
            "individual": individual.pk,
            "description": "(withheld)",
            "status": request.status,
        },
    )
    return request
