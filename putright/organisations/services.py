"""Writes for organisations and their staff: each one validates, runs atomically and is audited."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from putright.audit import services as audit
from putright.organisations.models import (
    Division,
    ExclusionReason,
    Organisation,
    OutcomeOption,
    Role,
    ServiceArea,
    User,
    slug_validator,
)
from putright.policy import get_profile

#: The service area every new organisation starts with, under its default Code profile.
DEFAULT_SERVICE_AREA = "General"


def _check_profile(profile_id: str) -> None:
    try:
        get_profile(profile_id)
    except KeyError:
        raise ValidationError(
            f"Unknown Code profile {profile_id!r}: run 'putright codes' to list the profiles."
        ) from None


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


def service_area_create(
    *, organisation: Organisation, name: str, profile: str, actor: User | None = None
) -> ServiceArea:
    """Add a service area to an organisation, handled under one Code profile.

    A council with housing stock handles housing complaints under the HOS Code and the rest under
    the LGSCO Code, and routes children's and adult social care complaints to their statutory
    procedures: each service area names the profile its complaints are received under. The name
    is unique within the organisation and the profile must be a known one; otherwise
    ``ValidationError`` with one clear message.
    """
    name = " ".join(name.split())
    if not name:
        raise ValidationError("The service area's name must not be empty.")
    _check_profile(profile)
    with transaction.atomic():
        if ServiceArea.objects.filter(organisation=organisation, name__iexact=name).exists():
            raise ValidationError(
                f"{organisation.name} already has a service area called {name!r}."
            )
        area = ServiceArea.objects.create(organisation=organisation, name=name, profile=profile)
        audit.record(
            action="service_area.create",
            actor=actor,
            organisation=organisation,
            target=area,
            after={"name": name, "profile": profile},
        )
    return area


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


#: Roles that may change an organisation's own lists (exclusion reasons, outcomes).
LIST_ROLES = frozenset({Role.MANAGER, Role.SENIOR_LEAD})
OUTCOME_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def _check_list_actor(actor: User | None, organisation: Organisation) -> None:
    """A superuser, or a manager or senior lead of the organisation; ``None`` is the command
    line, run by whoever administers the installation."""
    if actor is None or (actor.is_active and actor.is_superuser):
        return
    if (
        not actor.is_active
        or actor.organisation_id != organisation.pk
        or actor.role not in LIST_ROLES
    ):
        raise PermissionDenied("You cannot change this organisation's lists.")


def exclusion_reason_add(
    *, organisation: Organisation, label: str, actor: User | None = None
) -> ExclusionReason:
    """Add a reason to the organisation's own list of reasons for not accepting a complaint, as
    its complaints policy sets them out; each complaint is still judged on its merits, never by a
    blanket rule (e.g. HOS 2.1 to 2.5). A reason switched off before is switched back on."""
    _check_list_actor(actor, organisation)
    label = " ".join(label.split())
    if not label:
        raise ValidationError("The reason must not be empty.")
    if len(label) > 200:
        raise ValidationError("Keep the reason to 200 characters.")
    with transaction.atomic():
        existing = (
            ExclusionReason.objects.select_for_update()
            .filter(organisation=organisation, label__iexact=label)
            .first()
        )
        if existing is not None and existing.active:
            raise ValidationError(f"{organisation.name} already has the reason {label!r}.")
        if existing is not None:
            existing.active = True
            existing.save(update_fields=["active"])
            audit.record(
                action="exclusion_reason.reactivate",
                actor=actor,
                organisation=organisation,
                target=existing,
                before={"active": False},
                after={"active": True},
            )
            return existing
        reason = ExclusionReason.objects.create(organisation=organisation, label=label)
        audit.record(
            action="exclusion_reason.create",
            actor=actor,
            organisation=organisation,
            target=reason,
            after={"label": label, "active": True},
        )
    return reason


def outcome_option_add(
    *, organisation: Organisation, label: str, key: str = "", actor: User | None = None
) -> OutcomeOption:
    """Add an outcome to the organisation's own list, for a Code that leaves the list to the
    organisation (LGSCO Code: no 'upheld or not upheld' definition). The key is stored on each
    response and never changes: lower-case letters, digits and underscores, made from the label
    when not given."""
    _check_list_actor(actor, organisation)
    label = " ".join(label.split())
    if not label:
        raise ValidationError("The outcome's label must not be empty.")
    if len(label) > 100:
        raise ValidationError("Keep the outcome's label to 100 characters.")
    key = key.strip() or re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")[:40]
    if not OUTCOME_KEY.match(key):
        raise ValidationError(
            f"Bad key {key!r}: use up to 40 lower-case letters, digits and underscores, "
            "starting with a letter."
        )
    with transaction.atomic():
        if OutcomeOption.objects.filter(organisation=organisation, key=key).exists():
            raise ValidationError(f"{organisation.name} already has an outcome {key!r}.")
        if OutcomeOption.objects.filter(organisation=organisation, label__iexact=label).exists():
            raise ValidationError(f"{organisation.name} already has an outcome {label!r}.")
        option = OutcomeOption.objects.create(organisation=organisation, key=key, label=label)
        audit.record(
            action="outcome_option.create",
            actor=actor,
            organisation=organisation,
            target=option,
            after={"key": key, "label": label, "active": True},
        )
    return option
