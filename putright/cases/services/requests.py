"""Writes for service requests: recorded apart from complaints, monitored and reviewed.

A service request is not a complaint, but it is recorded, given a target date, reviewed and worked
on until it is done (e.g. HOS 1.4, LGSCO 1.4). When the individual is dissatisfied with the
response, a complaint opens at stage 1 linked to the request, and the request keeps being worked
on: its status does not change (e.g. HOS 1.5).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from putright.audit import services as audit
from putright.cases.models import (
    Channel,
    Complaint,
    RequestStatus,
    RequestUpdate,
    ServiceRequest,
)
from putright.cases.services.common import (
    EARLIEST,
    CaseInputError,
    StaleCase,
    _json,
    next_reference,
)
from putright.cases.services.intake import complaint_receive
from putright.organisations.models import Organisation, ServiceArea, User
from putright.organisations.permissions import (
    Actor,
    Resident,
    may_handle,
    require_actor,
    staff_member,
)
from putright.people.models import Individual

#: Generated references: SR-<year>-<number within the organisation and year>.
REQUEST_PREFIX = "SR"
#: A request in one of these states is finished: it is no longer worked on.
FINISHED = frozenset({RequestStatus.DONE, RequestStatus.CANCELLED})


class StaleRequest(StaleCase):
    """The service request changed after the form was opened; nothing was saved."""

    def __init__(self) -> None:
        Exception.__init__(
            self,
            "This service request was changed by someone else after you opened it. Nothing was "
            "saved: reload the request to see the change.",
        )


# --- Shared checks --------------------------------------------------------------------------------


def _check_actor(actor: Actor, organisation_id: int | None, *, residents: bool = False) -> None:
    """Only active staff of the request's organisation in a role that changes cases may act; a
    resident only to make a new request (``residents``)."""
    require_actor(actor, organisation_id, what="service requests", residents=residents)


def _check_handler(handler: User, organisation_id: int) -> None:
    if not may_handle(handler, organisation_id):
        raise CaseInputError(
            f"{handler.get_full_name() or handler.get_username()} cannot handle service requests "
            "here: choose a complaint handler or manager of this organisation."
        )


def _check_day(
    day: date, *, what: str, not_before: date, today: date | None = None, ahead: bool = False
) -> None:
    """A date on or after the request was received and, unless planned ``ahead`` (a target or a
    review), not in the future."""
    if day < not_before:
        raise CaseInputError(
            f"The {what} date, {day:%-d %B %Y}, is before the request was received on "
            f"{not_before:%-d %B %Y}."
        )
    if not ahead and day > (today or timezone.localdate()):
        raise CaseInputError(f"The {what} date, {day:%-d %B %Y}, is in the future.")


def _next_request_reference(organisation: Organisation, year: int) -> str:
    """The next generated service request reference of the organisation for the year."""
    return next_reference(ServiceRequest, organisation, REQUEST_PREFIX, year)


def _open(
    actor: User, service_request: ServiceRequest, version: int | None, *, finished_ok: bool = False
) -> ServiceRequest:
    """Check the actor, lock the request row, check the form's version and that the request is
    still being worked on."""
    _check_actor(actor, service_request.organisation_id)
    locked = (
        ServiceRequest.objects.select_for_update(of=("self",))
        .select_related("organisation", "service_area")
        .get(pk=service_request.pk)
    )
    if version is not None and version != locked.version:
        raise StaleRequest
    if not finished_ok and locked.status in FINISHED:
        raise CaseInputError(
            f"{locked.reference} is {locked.get_status_display().lower()}: it can no longer "
            "be changed."
        )
    return locked


def _save(
    locked: ServiceRequest,
    before: dict[str, Any],
    *,
    verb: str,
    actor: User,
    extra: dict[str, Any] | None = None,
) -> ServiceRequest:
    """Raise the version, write only the fields that changed, and record them."""
    locked.version += 1
    fields = [*before, "version"]
    after = {f: getattr(locked, f) for f in fields}
    before = {**before, "version": locked.version - 1}
    changed = [f for f in fields if before[f] != after[f]]
    locked.save(update_fields=[*changed, "updated"])
    audit.record(
        action=f"service_request.{verb}",
        actor=actor,
        organisation=locked.organisation,
        target=locked,
        before={f.removesuffix("_id"): _json(before[f]) for f in changed},
        after={
            **{f.removesuffix("_id"): _json(after[f]) for f in changed},
            **(extra or {}),
        },
    )
    return locked


def _snapshot(locked: ServiceRequest, *fields: str) -> dict[str, Any]:
    return {f: getattr(locked, f) for f in fields}


def _started(locked: ServiceRequest) -> None:
    """Work on an open request has started once anyone is assigned, notes it or responds."""
    if locked.status == RequestStatus.OPEN:
        locked.status = RequestStatus.IN_PROGRESS


# --- Services -------------------------------------------------------------------------------------


def service_request_record(
    *,
    actor: Actor,
    service_area: ServiceArea,
    channel: str,
    received: date,
    name: str,
    description: str,
    today: date,
    email: str = "",
    phone: str = "",
    address: str = "",
    category: str = "",
    handler: User | None = None,
    target_date: date | None = None,
    individual: Individual | None = None,
) -> ServiceRequest:
    """Record a service request apart from complaints, however it was made.

    Service requests are not complaints but are recorded, monitored and reviewed (e.g. HOS 1.4,
    LGSCO 1.4). The reference is the organisation's next ``SR-<year>-<number>``. The individual
    may make the request themselves on the public web form (a ``Resident`` actor): it then comes
    by the web channel, is logged by no member of staff and has no handler or target date yet.
    """
    _check_actor(actor, actor.organisation_id, residents=True)
    if service_area.organisation_id != actor.organisation_id:
        raise CaseInputError("That service area is not one of your organisation's.")
    if channel not in Channel.values:
        raise CaseInputError(
            f"Unknown channel {channel!r}: use one of {', '.join(Channel.values)}."
        )
    if isinstance(actor, Resident) and (
        channel != Channel.WEB or handler is not None or target_date is not None
    ):
        raise CaseInputError(
            "A request made on the web form comes by the web channel, with no handler or "
            "target date yet."
        )
    if individual is not None and individual.organisation_id != service_area.organisation_id:
        raise CaseInputError("That individual is not one of your organisation's.")
    if isinstance(actor, Resident) and individual is not None:
        # A resident names only the individual they recorded on the same form.
        require_actor(
            actor,
            actor.organisation_id,
            what="service requests",
            residents=True,
            individual_id=individual.pk,
        )
    name, description = " ".join(name.split()), description.strip()
    if not name:
        raise CaseInputError("Give the name of the person making the request.")
    if not description:
        raise CaseInputError("Describe the request: it must not be empty.")
    if received < EARLIEST:
        raise CaseInputError(f"The received date, {received:%-d %B %Y}, is before 2000.")
    if received > today:
        raise CaseInputError(f"The received date, {received:%-d %B %Y}, is in the future.")
    if target_date is not None:
        _check_day(target_date, what="target", not_before=received, ahead=True)
    email = email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise CaseInputError(f"{email!r} is not an email address.") from None
    if handler is not None:
        _check_handler(handler, service_area.organisation_id)
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=service_area.organisation_id)
        service_request = ServiceRequest.objects.create(
            organisation=organisation,
            reference=_next_request_reference(organisation, received.year),
            service_area=service_area,
            channel=channel,
            received=received,
            logged_by=staff_member(actor),
            individual=individual,
            name=name,
            email=email,
            phone=phone.strip(),
            address=address.strip(),
            category=category.strip(),
            description=description,
            handler=handler,
            target_date=target_date,
        )
        # Personal details stay out of the audit record, which outlives their erasure.
        audit.record(
            action="service_request.record",
            actor=actor,
            organisation=organisation,
            target=service_request,
            after={
                "reference": service_request.reference,
                "service_area": service_area.pk,
                "channel": channel,
                "received": received.isoformat(),
                "category": service_request.category,
                "handler": handler.pk if handler else None,
                "target_date": _json(target_date),
                "status": service_request.status,
                **({"individual": individual.pk} if individual else {}),
            },
        )
    return service_request


def service_request_assign(
    *,
    actor: User,
    service_request: ServiceRequest,
    handler: User,
    target_date: date | None = None,
    version: int | None = None,
) -> ServiceRequest:
    """Give the request a handler (and, if given, a new target date): a request is monitored until
    it is done (e.g. HOS 1.4)."""
    with transaction.atomic():
        locked = _open(actor, service_request, version)
        _check_handler(handler, locked.organisation_id)
        if target_date is not None:
            _check_day(target_date, what="target", not_before=locked.received, ahead=True)
        before = _snapshot(locked, "handler_id", "status", "target_date")
        locked.handler = handler
        if target_date is not None:
            locked.target_date = target_date
        _started(locked)
        return _save(locked, before, verb="assign", actor=actor)


def service_request_update(
    *,
    actor: User,
    service_request: ServiceRequest,
    note: str,
    version: int | None = None,
) -> RequestUpdate:
    """Add a note on the progress of the request: a request is recorded and monitored as it is
    worked on (e.g. HOS 1.4, LGSCO 1.4)."""
    note = note.strip()
    if not note:
        raise CaseInputError("Write the update: it must not be empty.")
    with transaction.atomic():
        locked = _open(actor, service_request, version)
        before = _snapshot(locked, "status")
        update = RequestUpdate.objects.create(service_request=locked, note=note, created_by=actor)
        _started(locked)
        _save(locked, before, verb="update", actor=actor, extra={"update": update.pk})
    return update


def service_request_respond(
    *,
    actor: User,
    service_request: ServiceRequest,
    response: str,
    responded_on: date,
    version: int | None = None,
) -> ServiceRequest:
    """Record the response given to the individual. If they are dissatisfied with it, they are
    offered a complaint (HOS 1.4: the choice; LGSCO 1.4: the opportunity)."""
    response = response.strip()
    if not response:
        raise CaseInputError("Write the response given to the individual: it must not be empty.")
    with transaction.atomic():
        locked = _open(actor, service_request, version)
        _check_day(responded_on, what="response", not_before=locked.received)
        before = _snapshot(locked, "response", "responded_on", "status")
        locked.response = response
        locked.responded_on = responded_on
        _started(locked)
        return _save(locked, before, verb="respond", actor=actor)


def service_request_review(
    *,
    actor: User,
    service_request: ServiceRequest,
    review_by: date,
    version: int | None = None,
) -> ServiceRequest:
    """Set the date by which the request is next reviewed: service requests are reviewed
    regularly (e.g. HOS 1.4)."""
    with transaction.atomic():
        locked = _open(actor, service_request, version)
        _check_day(review_by, what="review", not_before=locked.received, ahead=True)
        before = _snapshot(locked, "review_by")
        locked.review_by = review_by
        return _save(locked, before, verb="review", actor=actor)


def service_request_complete(
    *,
    actor: User,
    service_request: ServiceRequest,
    completed_on: date,
    version: int | None = None,
) -> ServiceRequest:
    """Record that the request is done. A complaint raised from it does not stop the work: the
    request is completed on its own merits (e.g. HOS 1.5)."""
    with transaction.atomic():
        locked = _open(actor, service_request, version)
        _check_day(completed_on, what="completion", not_before=locked.received)
        before = _snapshot(locked, "completed_on", "status", "review_by")
        locked.completed_on = completed_on
        locked.status = RequestStatus.DONE
        locked.review_by = None
        return _save(locked, before, verb="complete", actor=actor)


def service_request_cancel(
    *,
    actor: User,
    service_request: ServiceRequest,
    reason: str,
    version: int | None = None,
) -> ServiceRequest:
    """Cancel a request that will not be done (withdrawn, a duplicate, recorded in error), with the
    reason as a progress note, so the record shows why it stopped (e.g. HOS 1.4)."""
    reason = reason.strip()
    if not reason:
        raise CaseInputError("Give the reason for cancelling the request.")
    with transaction.atomic():
        locked = _open(actor, service_request, version)
        before = _snapshot(locked, "status", "review_by")
        update = RequestUpdate.objects.create(
            service_request=locked, note=f"Cancelled: {reason}", created_by=actor
        )
        locked.status = RequestStatus.CANCELLED
        locked.review_by = None
        return _save(locked, before, verb="cancel", actor=actor, extra={"update": update.pk})


def service_request_complain(
    *,
    actor: User,
    service_request: ServiceRequest,
    dissatisfied_on: date,
    description: str,
    today: date,
    outcome_sought: str = "",
    version: int | None = None,
) -> Complaint:
    """Open a complaint at stage 1 when the individual is dissatisfied with the response to their
    service request (HOS 1.4: their choice; LGSCO 1.4: their opportunity; draft 1.4: it must be
    raised), received on the day they said so and linked to the request. The request stays as it
    is and keeps being worked on until it is done (e.g. HOS 1.5).
    """
    description = description.strip()
    if not description:
        raise CaseInputError("Describe the complaint in the individual's words.")
    with transaction.atomic():
        locked = _open(actor, service_request, version, finished_ok=True)
        _check_day(dissatisfied_on, what="dissatisfaction", not_before=locked.received, today=today)
        complaint = complaint_receive(
            actor=actor,
            service_area=locked.service_area,
            channel=locked.channel,
            received=dissatisfied_on,
            name=locked.name,
            description=description,
            today=today,
            email=locked.email,
            phone=locked.phone,
            address=locked.address,
            category=locked.category,
            outcome_sought=outcome_sought,
        )
        complaint.service_request = locked
        complaint.save(update_fields=["service_request", "updated"])
        audit.record(
            action="service_request.link",
            actor=actor,
            organisation=locked.organisation,
            target=complaint,
            before={"service_request": None},
            after={"service_request": locked.reference},
        )
        before = _snapshot(locked, "dissatisfied_on")
        locked.dissatisfied_on = dissatisfied_on
        _save(
            locked, before, verb="complain", actor=actor, extra={"complaint": complaint.reference}
        )
    return complaint
