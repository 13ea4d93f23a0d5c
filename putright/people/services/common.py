"""What every people service shares: the input error, the permission check, the audit helper and
the rule on recording disabilities."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.utils import timezone

from putright.audit import services as audit
from putright.organisations.models import Organisation, ServiceArea
from putright.organisations.permissions import Actor, require_actor
from putright.people.models import ContactMethod
from putright.policy import Profile, get_profile

EARLIEST = date(2000, 1, 1)
#: What the audit record holds in place of a personal value.
WITHHELD = "(withheld)"
#: Fields whose values never go into the audit record.
PERSONAL = frozenset(
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
        "restriction",
        "reason",
        "evidence",
        "proportionality",
        "notes",
    }
)
_INDIVIDUAL_FIELDS = (
    "name",
    "email",
    "phone",
    "address",
    "postcode",
    "contact_preference",
    "contact_notes",
    "disabilities",
)


class PeopleInputError(ValueError):
    """Input that cannot be stored: the message names the problem, ``field`` the input."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.field = field


# --- Helpers ------------------------------------------------------------------------------------


def _check_actor(
    actor: Actor,
    organisation_id: int | None,
    *,
    residents: bool = False,
    individual_id: int | None = None,
) -> None:
    """Only active staff of the person's organisation in a role that changes cases may act; a
    resident on the public web form only to give their own details (``residents``), and for an
    existing individual only the one they recorded on the same form (``individual_id``)."""
    require_actor(
        actor,
        organisation_id,
        what="the people",
        residents=residents,
        individual_id=individual_id,
    )


_json = audit.jsonable


def _audit_values(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (WITHHELD if k in PERSONAL and v else _json(v)) for k, v in sorted(values.items())}


def _record(
    verb: str, actor: Actor, target: models.Model, before: dict[str, Any], after: dict[str, Any]
) -> None:
    audit.record(
        action=f"people.{verb}",
        actor=actor,
        organisation=actor.organisation,
        target=target,
        before=_audit_values(before) or None,
        after=_audit_values(after),
    )


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def _check_date(day: date, *, what: str, field: str, today: date) -> None:
    if day > today:
        raise PeopleInputError(f"The {what}, {day:%-d %B %Y}, is in the future.", field=field)
    if day < EARLIEST:
        raise PeopleInputError(f"The {what}, {day:%-d %B %Y}, is before 2000.", field=field)


def _check_after(later: date, earlier: date, *, what: str, since: str, field: str) -> None:
    if later <= earlier:
        raise PeopleInputError(
            f"The {what}, {later:%-d %B %Y}, must be after {since}, {earlier:%-d %B %Y}.",
            field=field,
        )


def _required(value: str, message: str, field: str) -> str:
    value = value.strip()
    if not value:
        raise PeopleInputError(message, field=field)
    return value


def _email(email: str) -> str:
    email = email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise PeopleInputError(f"{email!r} is not an email address.", field="email") from None
    return email


def disabilities_profile(organisation: Organisation, service_area: ServiceArea | None) -> Profile:
    """The Code profile that decides whether disabilities are recorded: the service area's, or
    the organisation's default."""
    if service_area is not None and service_area.organisation_id != organisation.pk:
        raise PeopleInputError(
            "That service area is not one of your organisation's.", field="service_area"
        )
    profile_id = service_area.profile if service_area else organisation.default_profile
    try:
        return get_profile(profile_id)
    except KeyError:
        raise PeopleInputError(f"Unknown Code profile {profile_id!r}.") from None


def check_disabilities(organisation: Organisation, service_area: ServiceArea | None) -> None:
    """Disabilities are recorded only where the Code keeps a record of them (HOS 5.11, draft 5.8);
    the LGSCO Code does not, for data protection (LGSCO 5.8)."""
    profile = disabilities_profile(organisation, service_area)
    rule = profile.record_of_disabilities
    if rule is None or not rule.value:
        clause = f" ({profile.cite(rule.clause)})" if rule else ""
        raise PeopleInputError(
            f"This Code does not keep a record of disabilities{clause}: leave the disabilities "
            "empty, and record any reasonable adjustment agreed instead.",
            field="disabilities",
        )


def _details(
    *,
    name: str,
    email: str,
    phone: str,
    address: str,
    postcode: str,
    contact_preference: str,
    contact_notes: str,
) -> dict[str, str]:
    name = " ".join(name.split())
    if not name:
        raise PeopleInputError("Give the individual's name.", field="name")
    if len(name) > 200:
        raise PeopleInputError("A name is 200 characters or fewer.", field="name")
    if contact_preference and contact_preference not in ContactMethod.values:
        raise PeopleInputError(
            f"Unknown contact preference {contact_preference!r}: use one of "
            f"{', '.join(ContactMethod.values)}.",
            field="contact_preference",
        )
    postcode = " ".join(postcode.upper().split())
    if len(postcode) > 10:
        raise PeopleInputError("A postcode is 10 characters or fewer.", field="postcode")
    if len(phone.strip()) > 40:
        raise PeopleInputError("A phone number is 40 characters or fewer.", field="phone")
    return {
        "name": name,
        "email": _email(email),
        "phone": phone.strip(),
        "address": address.strip(),
        "postcode": postcode,
        "contact_preference": contact_preference,
        "contact_notes": contact_notes.strip(),
    }
