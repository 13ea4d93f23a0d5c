"""Individuals and their representatives."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from putright.organisations.models import Organisation, ServiceArea, User
from putright.organisations.permissions import Actor
from putright.people.models import Individual, Representative
from putright.people.services.common import (
    PeopleInputError,
    _check_actor,
    _check_date,
    _details,
    _email,
    _record,
    _today,
    check_disabilities,
)


def individual_create(
    *,
    actor: Actor,
    name: str,
    email: str = "",
    phone: str = "",
    address: str = "",
    postcode: str = "",
    contact_preference: str = "",
    contact_notes: str = "",
    disabilities: str = "",
    service_area: ServiceArea | None = None,
) -> Individual:
    """Record an individual of the actor's organisation, with how they prefer to be contacted.

    Disclosed disabilities are kept only where the Code profile (of the service area, else the
    organisation's default) keeps a record of them (HOS 5.11, draft 5.8; not LGSCO 5.8). The
    individual may give their own details on the public web form (a ``Resident`` actor).
    """
    _check_actor(actor, actor.organisation_id, residents=True)
    organisation = Organisation.objects.get(pk=actor.organisation_id)
    values: dict[str, Any] = _details(
        name=name,
        email=email,
        phone=phone,
        address=address,
        postcode=postcode,
        contact_preference=contact_preference,
        contact_notes=contact_notes,
    )
    values["disabilities"] = disabilities.strip()
    if values["disabilities"]:
        check_disabilities(organisation, service_area)
    with transaction.atomic():
        individual = Individual.objects.create(organisation=organisation, **values)
        _record("individual_create", actor, individual, {}, {k: v for k, v in values.items() if v})
    return individual


def individual_update(
    *,
    actor: User,
    individual: Individual,
    name: str,
    email: str = "",
    phone: str = "",
    address: str = "",
    postcode: str = "",
    contact_preference: str = "",
    contact_notes: str = "",
    disabilities: str | None = None,
    service_area: ServiceArea | None = None,
) -> Individual:
    """Change an individual's details and contact preference; ``disabilities`` None leaves them.

    New or changed disabilities are refused where the Code keeps no record of them (LGSCO 5.8);
    removing them is always allowed.
    """
    _check_actor(actor, individual.organisation_id)
    values: dict[str, Any] = _details(
        name=name,
        email=email,
        phone=phone,
        address=address,
        postcode=postcode,
        contact_preference=contact_preference,
        contact_notes=contact_notes,
    )
    if disabilities is not None:
        values["disabilities"] = disabilities.strip()
        if values["disabilities"] and values["disabilities"] != individual.disabilities:
            check_disabilities(individual.organisation, service_area)
    with transaction.atomic():
        locked = Individual.objects.select_for_update().get(pk=individual.pk)
        before = {k: getattr(locked, k) for k in values if getattr(locked, k) != values[k]}
        if before:
            for key in before:
                setattr(locked, key, values[key])
            locked.save(update_fields=[*before, "updated"])
            _record("individual_update", actor, locked, before, {k: values[k] for k in before})
    return locked


# --- Representatives ----------------------------------------------------------------------------


def representative_add(
    *,
    actor: Actor,
    individual: Individual,
    name: str,
    relationship: str = "",
    email: str = "",
    phone: str = "",
    address: str = "",
    consent_given: bool = False,
    consent_date: date | None = None,
    consent_evidence: str = "",
    today: date | None = None,
) -> Representative:
    """Record someone acting for the individual. They may act only with the individual's consent,
    dated and evidenced (draft 3.6); without it they are recorded but cannot act yet. A
    representative may record themselves on the public web form (a ``Resident`` actor), with the
    consent they declare there, for the individual recorded on the same form."""
    _check_actor(actor, individual.organisation_id, residents=True, individual_id=individual.pk)
    name = " ".join(name.split())
    if not name:
        raise PeopleInputError("Give the representative's name.", field="name")
    consent_evidence = consent_evidence.strip()
    if consent_given:
        if consent_date is None:
            raise PeopleInputError(
                "Give the date the individual gave their consent.", field="consent_date"
            )
        if not consent_evidence:
            raise PeopleInputError(
                "Say how the individual gave their consent, e.g. 'signed form received 3 March'.",
                field="consent_evidence",
            )
        _check_date(consent_date, what="consent date", field="consent_date", today=_today(today))
    else:
        consent_date, consent_evidence = None, ""
    values: dict[str, Any] = {
        "name": name,
        "relationship": relationship.strip(),
        "email": _email(email),
        "phone": phone.strip(),
        "address": address.strip(),
        "consent_given": consent_given,
        "consent_date": consent_date,
        "consent_evidence": consent_evidence,
    }
    with transaction.atomic():
        representative = Representative.objects.create(
            organisation_id=individual.organisation_id, individual=individual, **values
        )
        after = {k: v for k, v in values.items() if v or k == "consent_given"}
        _record("representative_add", actor, representative, {}, after)
    return representative


def representative_end(*, actor: User, representative: Representative) -> Representative:
    """Record that the representative no longer acts for the individual; they stay on record."""
    _check_actor(actor, representative.organisation_id)
    with transaction.atomic():
        locked = Representative.objects.select_for_update().get(pk=representative.pk)
        if not locked.active:
            raise PeopleInputError("This representative no longer acts for the individual.")
        locked.active = False
        locked.save(update_fields=["active"])
        _record("representative_end", actor, locked, {"active": True}, {"active": False})
    return locked
