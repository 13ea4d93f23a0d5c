"""Who may do what to an organisation's cases: one place for the checks every service makes.

An actor is either a member of staff (``User``) or a ``Resident``: a member of the public acting
through the public pages, with no account. A resident may only make a new complaint or service
request, and take the few steps the Codes give the individual on their own complaint (add
information, ask for the next stage, withdraw); every other service refuses them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied

from putright.organisations.models import CASE_WRITE_ROLES, Organisation, Role, User

#: The roles a complaint or service request may be assigned to.
HANDLER_ROLES = frozenset({Role.HANDLER, Role.MANAGER})
#: How the audit record names a resident acting through the public pages.
RESIDENT_LABEL = "resident (web form)"


@dataclass(frozen=True, slots=True)
class Resident:
    """A member of the public acting through the public pages: not staff, with no account.

    ``complaint_id`` is the one complaint they may act on (the case a tracking link opened); it is
    None while they make a new complaint or request, when they may act on nothing that exists.
    ``service_request_id`` is likewise the service request they have just made, and
    ``individual_id`` the individual they recorded on the same form, whom a representative may then
    be recorded for.
    """

    organisation: Organisation
    complaint_id: int | None = None
    service_request_id: int | None = None
    individual_id: int | None = None
    label: str = RESIDENT_LABEL

    @property
    def organisation_id(self) -> int:
        return int(self.organisation.pk)


#: Whoever takes a step: a member of staff or a resident.
Actor = User | Resident


def staff_member(actor: Actor) -> User | None:
    """The member of staff acting, for the ``logged_by``/``created_by`` columns; None for a
    resident."""
    return actor if isinstance(actor, User) else None


def may_change_cases(user: Any, organisation_id: int | None) -> bool:
    """Whether the user is active staff of this organisation in a role that changes cases."""
    return bool(
        isinstance(user, User)
        and user.is_active
        and user.organisation_id is not None
        and user.organisation_id == organisation_id
        and user.role in CASE_WRITE_ROLES
    )


def require_case_writer(actor: Actor, organisation_id: int | None, *, what: str) -> None:
    """Refuse (PermissionDenied) an actor who may not change this organisation's ``what``."""
    if not may_change_cases(actor, organisation_id):
        raise PermissionDenied(f"You cannot change {what} of this organisation.")


def require_actor(
    actor: Actor,
    organisation_id: int | None,
    *,
    what: str,
    residents: bool = False,
    complaint_id: int | None = None,
    service_request_id: int | None = None,
    individual_id: int | None = None,
) -> None:
    """Refuse (PermissionDenied) an actor who may not take this step.

    Staff must be case writers of the organisation. A resident is accepted only where the step is
    one a resident may take (``residents``), for their own organisation and, for a step on an
    existing complaint, service request or individual, only on the one they were given access to.
    """
    if not isinstance(actor, Resident):
        require_case_writer(actor, organisation_id, what=what)
        return
    if not residents or actor.organisation_id != organisation_id:
        raise PermissionDenied(f"You cannot change {what} of this organisation.")
    if complaint_id is not None and actor.complaint_id != complaint_id:
        raise PermissionDenied("You can only act on your own complaint.")
    if service_request_id is not None and actor.service_request_id != service_request_id:
        raise PermissionDenied("You can only act on your own request.")
    if individual_id is not None and actor.individual_id != individual_id:
        raise PermissionDenied("You can only give details for the person you named on the form.")


def may_handle(user: User, organisation_id: int) -> bool:
    """Whether the user may be assigned cases of this organisation."""
    return bool(
        user.is_active and user.organisation_id == organisation_id and user.role in HANDLER_ROLES
    )
