"""Who may do what to an organisation's cases: one place for the checks every service makes."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from putright.organisations.models import CASE_WRITE_ROLES, Role, User

#: The roles a complaint or service request may be assigned to.
HANDLER_ROLES = frozenset({Role.HANDLER, Role.MANAGER})


def may_change_cases(user: User, organisation_id: int | None) -> bool:
    """Whether the user is active staff of this organisation in a role that changes cases."""
    return bool(
        user.is_active
        and user.organisation_id is not None
        and user.organisation_id == organisation_id
        and user.role in CASE_WRITE_ROLES
    )


def require_case_writer(actor: User, organisation_id: int | None, *, what: str) -> None:
    """Refuse (PermissionDenied) an actor who may not change this organisation's ``what``."""
    if not may_change_cases(actor, organisation_id):
        raise PermissionDenied(f"You cannot change {what} of this organisation.")


def may_handle(user: User, organisation_id: int) -> bool:
    """Whether the user may be assigned cases of this organisation."""
    return bool(
        user.is_active and user.organisation_id == organisation_id and user.role in HANDLER_ROLES
    )
