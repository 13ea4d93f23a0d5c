"""Receiving a complaint from any channel, logged by any member of staff or made by the individual
on the public web form."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from putright.audit import services as audit
from putright.cases.models import Channel, Complaint, Stage

#: Roles that may change a case; members and auditors only read.
from putright.cases.services.common import (
    EARLIEST,
    CaseInputError,
    _calendar,
    _Case,
    _check_actor,
    _check_handler,
    _json,
    _next_due,
    _next_reference,
    _profile,
    _refuse_unless,
    _store_deadlines,
    months_before,
)
from putright.organisations.models import Organisation, ServiceArea, User
from putright.organisations.permissions import Actor, Resident, staff_member
from putright.people.models import Individual, Representative
from putright.people.services import PeopleInputError, individual_create
from putright.rules import stages as rules


def complaint_receive(
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
    outcome_sought: str = "",
    handler: User | None = None,
    reference: str | None = None,
    individual: Individual | None = None,
    representative: Representative | None = None,
    issue_date: date | None = None,
) -> Complaint:
    """Log a complaint, however it was made, at stage 1 under the service area's Code profile.

    Any member of staff may log a complaint from any channel (e.g. HOS 5.1); a new complaint starts
    at stage 1 unless the profile lets it start later (``can_open``). Stage 1's acknowledgement and
    response deadlines are stored from the received date and the organisation's working days (e.g.
    HOS 6.2 and 6.3), and the reference is the organisation's next one unless one is given.

    The complaint is linked to the individual making it: the one given, else the organisation's
    individual with the same email address, else a new one from the name and contact details; and
    to the representative acting for them, when one is given. ``issue_date`` is when the issue
    happened or the individual became aware of it, as they gave it; a date before the Code's time
    limit flags the complaint for staff to consider discretion (e.g. LGSCO 2.2).

    The individual may make the complaint themselves on the public web form (a ``Resident``
    actor): then it comes by the web channel, is logged by no member of staff, has the
    organisation's next reference and no handler yet, and is never matched to an existing
    individual by email address, since an address typed into a public form proves nothing.
    """
    _check_actor(actor, actor.organisation_id or 0, residents=True)
    if service_area.organisation_id != actor.organisation_id:
        raise CaseInputError("That service area is not one of your organisation's.")
    if channel not in Channel.values:
        raise CaseInputError(
            f"Unknown channel {channel!r}: use one of {', '.join(Channel.values)}."
        )
    if isinstance(actor, Resident) and (
        channel != Channel.WEB or handler is not None or reference is not None
    ):
        raise CaseInputError(
            "A complaint made on the web form comes by the web channel, with the "
            "organisation's next reference and no handler yet."
        )
    name, description = " ".join(name.split()), description.strip()
    if not name:
        raise CaseInputError("Give the name of the person complaining.")
    if not description:
        raise CaseInputError("Describe the complaint: it must not be empty.")
    if received > today:
        raise CaseInputError(f"The received date, {received:%-d %B %Y}, is in the future.")
    if received < EARLIEST:
        raise CaseInputError(f"The received date, {received:%-d %B %Y}, is before 2000.")
    if issue_date is not None and issue_date > received:
        raise CaseInputError(
            f"The date of the issue, {issue_date:%-d %B %Y}, is after the complaint was received "
            f"on {received:%-d %B %Y}."
        )
    email = email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise CaseInputError(f"{email!r} is not an email address.") from None
    if handler is not None:
        _check_handler(handler, service_area.organisation_id)
    individual = _check_people(service_area.organisation_id, individual, representative)
    if isinstance(actor, Resident) and individual is not None:
        # A resident names only the individual they recorded on the same form.
        _check_actor(actor, actor.organisation_id, residents=True, individual_id=individual.pk)
    profile = _profile(service_area.profile)
    _refuse_unless(rules.can_open(profile))
    limit = profile.time_limit
    outside = bool(issue_date and limit and issue_date < months_before(received, limit.months))
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=service_area.organisation_id)
        if reference is None:
            reference = _next_reference(organisation, received.year)
        else:
            reference = reference.strip()
            if not reference or len(reference) > 40:
                raise CaseInputError("A reference is 1 to 40 characters.")
            if Complaint.objects.filter(organisation=organisation, reference=reference).exists():
                raise CaseInputError(f"The reference {reference} is already in use.")
        if individual is None:
            individual = _find_or_create_individual(
                actor, name=name, email=email, phone=phone, address=address
            )
        complaint = Complaint(
            organisation=organisation,
            reference=reference,
            service_area=service_area,
            profile=profile.id,
            profile_version=profile.version,
            channel=channel,
            received=received,
            logged_by=staff_member(actor),
            name=name,
            email=email,
            phone=phone.strip(),
            address=address.strip(),
            category=category.strip(),
            description=description,
            outcome_sought=outcome_sought.strip(),
            handler=handler,
            individual=individual,
            representative=representative,
            issue_date=issue_date,
            outside_time_limit=outside,
        )
        stage = Stage(number=1, received=received, handler=handler)
        case = _Case(complaint, {1: stage}, profile, _calendar(organisation))
        _store_deadlines(case, stage)
        complaint.next_due = _next_due(complaint, stage)
        complaint.save()
        stage.complaint = complaint
        stage.save()
        # Personal details stay out of the audit record, which outlives their erasure.
        audit.record(
            action="complaint.receive",
            actor=actor,
            organisation=organisation,
            target=complaint,
            after={
                "reference": reference,
                "service_area": service_area.pk,
                "profile": profile.id,
                "profile_version": profile.version,
                "channel": channel,
                "received": received.isoformat(),
                "category": complaint.category,
                "handler": handler.pk if handler else None,
                "individual": individual.pk,
                "representative": representative.pk if representative else None,
                **({"issue_date": issue_date.isoformat()} if issue_date else {}),
                **({"outside_time_limit": True} if outside else {}),
                "stage_1.acknowledge_by": _json(stage.acknowledge_by),
                "stage_1.respond_by": _json(stage.respond_by),
                "next_due": _json(complaint.next_due),
            },
        )
    return complaint


def _check_people(
    organisation_id: int, individual: Individual | None, representative: Representative | None
) -> Individual | None:
    """The individual and representative must be the organisation's own, and a representative
    acts for the individual given; with only a representative, it is the one they act for."""
    if individual is not None and individual.organisation_id != organisation_id:
        raise CaseInputError("That individual is not one of your organisation's.")
    if representative is None:
        return individual
    if representative.organisation_id != organisation_id:
        raise CaseInputError("That representative is not one of your organisation's.")
    if individual is not None and representative.individual_id != individual.pk:
        raise CaseInputError(f"{representative.name} does not act for {individual.name}.")
    if not representative.active:
        raise CaseInputError(f"{representative.name} no longer acts for the individual.")
    return individual or representative.individual


def _find_or_create_individual(
    actor: Actor, *, name: str, email: str, phone: str, address: str
) -> Individual:
    """The organisation's individual with this email address (in any case), else a new one; a
    resident on the web form always gets a new one (staff can see the same address on both)."""
    if email and not isinstance(actor, Resident):
        found = (
            Individual.objects.filter(organisation_id=actor.organisation_id, email__iexact=email)
            .order_by("pk")
            .first()
        )
        if found is not None:
            return found
    try:
        return individual_create(
            actor=actor, name=name, email=email, phone=phone.strip(), address=address.strip()
        )
    except PeopleInputError as error:
        raise CaseInputError(str(error)) from None
