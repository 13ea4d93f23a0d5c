"""Writes for organisations and their staff accounts."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from putright.audit import services as audit
from putright.organisations.models import (
    Division,
    Organisation,
    Role,
    ServiceArea,
    User,
    slug_validator,
)
from putright.organisations.services.common import _check_profile

#: The service area every new organisation starts with, under its default Code profile.
DEFAULT_SERVICE_AREA = "General"


def _check_organisation_fields(
    *, slug: str, name: str, division: str, default_profile: str, homes: int | None
) -> None:
    try:
        slug_validator(slug)
    except ValidationError:
        raise ValidationError(
            f"Bad slug {slug!r}: use 1 to 50 lower-case letters, digits and hyphens, "
            "starting and ending with a letter or digit."
        ) from None
    if not name.strip():
        raise ValidationError("The organisation's name must not be empty.")
    if division not in Division.values:
        raise ValidationError(
            f"Unknown division {division!r}: use one of {', '.join(Division.values)}."
        )
    _check_profile(default_profile)
    if homes is not None and homes < 0:
        raise ValidationError(f"Homes must be 0 or more, not {homes}.")


def organisation_create_or_update(
    *,
    slug: str,
    name: str,
    division: str,
    default_profile: str,
    homes: int | None = None,
    actor: User | None = None,
) -> tuple[Organisation, bool]:
    """Create the organisation with this slug, or bring an existing one up to date.

    The division decides the bank holidays used to count working days; ``default_profile`` is the
    Code profile of its default service area and must be a known profile. A new organisation
    gets that default service area, 'General', as part of the same recorded creation. Running it
    twice with the same arguments changes nothing and records nothing the second time. Returns the
    organisation and whether it was created. Raises ``ValidationError`` with one clear message.
    """
    name = name.strip()
    _check_organisation_fields(
        slug=slug, name=name, division=division, default_profile=default_profile, homes=homes
    )
    wanted: dict[str, Any] = {
        "name": name,
        "division": division,
        "default_profile": default_profile,
        "homes": homes,
    }
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().filter(slug=slug).first()
        if organisation is None:
            organisation = Organisation.objects.create(slug=slug, **wanted)
            ServiceArea.objects.create(
                organisation=organisation, name=DEFAULT_SERVICE_AREA, profile=default_profile
            )
            audit.record(
                action="organisation.create",
                actor=actor,
                organisation=organisation,
                target=organisation,
                after={"slug": slug, **wanted},
            )
            return organisation, True
        before = {
            f: getattr(organisation, f) for f in wanted if getattr(organisation, f) != wanted[f]
        }
        if before:
            for field in before:
                setattr(organisation, field, wanted[field])
            organisation.save(update_fields=[*before, "updated"])
            audit.record(
                action="organisation.update",
                actor=actor,
                organisation=organisation,
                target=organisation,
                before=before,
                after={f: wanted[f] for f in before},
            )
        return organisation, False


def staff_member_create(
    *,
    organisation: Organisation,
    username: str,
    email: str,
    role: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    actor: User | None = None,
) -> User:
    """Give a person a staff account in an organisation, with one of the staff roles."""
    if role not in Role.values:
        raise ValidationError(f"Unknown role {role!r}: use one of {', '.join(Role.values)}.")
    with transaction.atomic():
        user = User.objects.create_user(
            username=username,
            email=email,
            password=password,
            first_name=first_name,
            last_name=last_name,
            organisation=organisation,
            role=role,
        )
        audit.record(
            action="staff.create",
            actor=actor,
            organisation=organisation,
            target=user,
            after={"username": username, "email": email, "role": role},
        )
    return user


def superuser_create(*, username: str, email: str, password: str) -> User:
    """Create an account that administers every organisation and belongs to none."""
    with transaction.atomic():
        user = User.objects.create_superuser(username=username, email=email, password=password)
        audit.record(action="staff.create_superuser", target=user, after={"username": username})
    return user
