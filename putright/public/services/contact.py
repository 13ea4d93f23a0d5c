"""The organisation's contact details shown on its public pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction

from putright.audit import services as audit
from putright.cases.services import CaseInputError
from putright.organisations.models import Organisation, User
from putright.organisations.services.common import LIST_ROLES
from putright.public.models import ContactDetails

_FIELDS = ("phone", "email", "address", "opening_hours", "policy_url")


def contact_details_update(
    *,
    actor: User | None,
    organisation: Organisation,
    phone: str = "",
    email: str = "",
    address: str = "",
    opening_hours: str = "",
    policy_url: str = "",
) -> ContactDetails:
    """Set how residents reach the complaints team, shown in the footer of every public page: a
    manager or senior lead of the organisation changes it (``None``: the command line or demo)."""
    if actor is not None and not (
        actor.is_active and actor.organisation_id == organisation.pk and actor.role in LIST_ROLES
    ):
        raise PermissionDenied("You cannot change this organisation's settings.")
    values = {
        "phone": " ".join(phone.split()),
        "email": email.strip(),
        "address": address.strip(),
        "opening_hours": " ".join(opening_hours.split()),
        "policy_url": policy_url.strip(),
    }
    if len(values["phone"]) > 40:
        raise CaseInputError("A phone number is 40 characters or fewer.")
    if len(values["opening_hours"]) > 200:
        raise CaseInputError("Keep the opening hours to 200 characters.")
    if values["email"]:
        try:
            validate_email(values["email"])
        except ValidationError:
            raise CaseInputError(f"{values['email']!r} is not an email address.") from None
    if values["policy_url"]:
        try:
            URLValidator(schemes=["https", "http"])(values["policy_url"])
        except ValidationError:
            raise CaseInputError(
                "Enter the complaints policy's address as a web address starting https://"
            ) from None
    with transaction.atomic():
        details, _ = ContactDetails.objects.select_for_update().get_or_create(
            organisation=organisation
        )
        before = {k: getattr(details, k) for k in _FIELDS}
        changed = [k for k in _FIELDS if before[k] != values[k]]
        if changed:
            for key in changed:
                setattr(details, key, values[key])
            details.save(update_fields=[*changed, "updated"])
            audit.record(
                action="public.contact_details",
                actor=actor,
                organisation=organisation,
                target=details,
                before={k: before[k] for k in changed},
                after={k: values[k] for k in changed},
            )
    return details
