"""What the privacy services share: who may do what, the placeholder and the audit helper."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from putright.organisations.models import Role, User

#: What replaces a piece of personal free text that was not empty, so that whatever counts
#: whether something was recorded (an extension's reason, an exclusion's evidence) still counts it.
PLACEHOLDER = "(anonymised)"
#: The name an anonymised individual, case or representative is shown under.
ANONYMOUS = "Anonymised"
#: The roles that see everything held about one person, change the retention schedule and erase.
PRIVACY_ROLES = frozenset({Role.MANAGER, Role.SENIOR_LEAD})


class PrivacyInputError(ValueError):
    """Input that cannot be acted on: the message names the problem, ``field`` the input."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.field = field


def may_manage_privacy(user: User, organisation_id: int | None = None) -> bool:
    """Whether the user is an active manager or senior lead (of this organisation, if given)."""
    return bool(
        user.is_active
        and user.organisation_id is not None
        and (organisation_id is None or user.organisation_id == organisation_id)
        and user.role in PRIVACY_ROLES
    )


def require_privacy_manager(user: User, organisation_id: int | None, *, what: str) -> None:
    """Refuse (PermissionDenied) anyone but a manager or senior lead of the organisation."""
    if not may_manage_privacy(user, organisation_id):
        raise PermissionDenied(f"Only a manager or senior lead may {what}.")
