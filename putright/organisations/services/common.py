"""What the organisation services share: who may change an organisation's settings, and the
check that a Code profile exists."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

from putright.organisations.models import Organisation, Role, User
from putright.policy import get_profile

#: Roles that may change an organisation's settings: its service areas, closure days and lists.
LIST_ROLES = frozenset({Role.MANAGER, Role.SENIOR_LEAD})


def _check_profile(profile_id: str) -> None:
    try:
        get_profile(profile_id)
    except KeyError:
        raise ValidationError(
            f"Unknown Code profile {profile_id!r}: run 'putright codes' to list the profiles."
        ) from None


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
        raise PermissionDenied("You cannot change this organisation's settings.")
