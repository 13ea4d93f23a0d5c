"""Reads for staff security: who may manage whose, the staff's second factor and lockout state,
and the organisation's security events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from putright.audit.models import AuditEvent
from putright.organisations.models import Role, User

#: Roles that reset colleagues' second factor and unlock them.
MANAGING_ROLES = frozenset({Role.MANAGER, Role.SENIOR_LEAD})
#: Roles that read the organisation's security events.
READING_ROLES = frozenset({Role.MANAGER, Role.SENIOR_LEAD, Role.AUDITOR})

#: The security events, by the kind a reader filters on.
EVENT_KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "sign-in": ("Signed in or out", ("staff.sign_in", "staff.sign_out", "staff.session_expired")),
    "failed": ("Failed sign-ins and lockouts", ("staff.sign_in_failed", "staff.locked_out")),
    "mfa": (
        "Two-factor sign-in",
        (
            "staff.mfa_enrolled",
            "staff.mfa_failed",
            "staff.mfa_reset",
            "staff.backup_codes_replaced",
        ),
    ),
    "refused": ("Refused pages", ("staff.permission_denied", "staff.not_found")),
    "managed": ("Unlocked by a manager", ("staff.lockout_cleared",)),
    "api-tokens": ("API tokens made and revoked", ("api_token.create", "api_token.revoke")),
}
SECURITY_ACTIONS = tuple(action for _, actions in EVENT_KINDS.values() for action in actions)
ACTION_WORDS = {
    "staff.sign_in": "Signed in",
    "staff.sign_out": "Signed out",
    "staff.session_expired": "Session ended by its time limit",
    "staff.sign_in_failed": "Failed sign-in",
    "staff.locked_out": "Locked out",
    "staff.lockout_cleared": "Unlocked",
    "staff.mfa_enrolled": "Set up two-factor sign-in",
    "staff.mfa_failed": "Wrong two-factor code",
    "staff.mfa_reset": "Two-factor sign-in reset",
    "staff.backup_codes_replaced": "New backup codes made",
    "staff.permission_denied": "Refused (not allowed)",
    "staff.not_found": "Refused (not found)",
    "api_token.create": "API token made",
    "api_token.revoke": "API token revoked",
}
PAGE_SIZE = 50


def may_manage_security(user: User) -> bool:
    """Managers and senior leads manage their colleagues' security; superusers everyone's."""
    return bool(user.is_active and (user.is_superuser or user.role in MANAGING_ROLES))


def may_manage_security_of(actor: User, user: User) -> bool:
    """Whether ``actor`` may reset or unlock ``user``: a colleague in their organisation, or
    anyone for a superuser."""
    if not may_manage_security(actor):
        return False
    return bool(actor.is_superuser or (actor.organisation_id == user.organisation_id))


def may_read_security_events(user: User) -> bool:
    return bool(user.is_active and (user.is_superuser or user.role in READING_ROLES))


def colleagues(user: User) -> QuerySet[User]:
    """The accounts a manager looks after: their organisation's; every account for a superuser."""
    # API tokens' service accounts never sign in: their tokens are on the settings pages.
    found = User.objects.filter(api_token__isnull=True).order_by("username")
    if user.is_superuser:
        return found
    return found.filter(organisation_id=user.organisation_id)


def colleague_get(user: User, pk: int) -> User | None:
    return colleagues(user).filter(pk=pk).first()


@dataclass(frozen=True, slots=True)
class StaffSecurityRow:
    user: User
    has_authenticator: bool
    backup_codes_left: int
    locked_until: datetime | None


def _locked_until(usernames: list[str]) -> dict[str, datetime]:
    """For each username locked out from some address now, when that lockout ends."""
    from axes.models import AccessAttempt

    cool_off: timedelta = settings.AXES_COOLOFF_TIME
    now = timezone.now()
    found: dict[str, datetime] = {}
    for username, attempt_time in AccessAttempt.objects.filter(
        username__in=usernames,
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gt=now - cool_off,
    ).values_list("username", "attempt_time"):
        until = attempt_time + cool_off
        if username not in found or until > found[username]:
            found[username] = until
    return found


def staff_security(user: User) -> list[StaffSecurityRow]:
    """The colleagues' second factor and lockout, for the staff security page."""
    from django_otp.plugins.otp_static.models import StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    people = list(colleagues(user))
    ids = [person.pk for person in people]
    with_app = set(
        TOTPDevice.objects.filter(user_id__in=ids, confirmed=True).values_list("user_id", flat=True)
    )
    codes: dict[int, int] = {}
    for user_id in StaticToken.objects.filter(device__user_id__in=ids).values_list(
        "device__user_id", flat=True
    ):
        codes[user_id] = codes.get(user_id, 0) + 1
    locked = _locked_until([person.get_username() for person in people])
    return [
        StaffSecurityRow(
            user=person,
            has_authenticator=person.pk in with_app,
            backup_codes_left=codes.get(person.pk, 0),
            locked_until=locked.get(person.get_username()),
        )
        for person in people
    ]


def backup_codes_left(user: User) -> int:
    from django_otp.plugins.otp_static.models import StaticToken

    return StaticToken.objects.filter(device__user=user).count()


def security_events(
    user: User,
    *,
    kind: str = "",
    username: str = "",
    start: date | None = None,
    end: date | None = None,
) -> QuerySet[AuditEvent]:
    """The organisation's security events, newest first (every organisation's, and those of no
    organisation, for a superuser), filtered by kind, username (part of it) and dates."""
    actions = EVENT_KINDS[kind][1] if kind in EVENT_KINDS else SECURITY_ACTIONS
    found = AuditEvent.objects.filter(action__in=actions).select_related("organisation")
    if not user.is_superuser:
        found = found.filter(organisation_id=user.organisation_id)
    if username.strip():
        found = found.filter(actor_label__icontains=username.strip())
    if start is not None:
        found = found.filter(created__date__gte=start)
    if end is not None:
        found = found.filter(created__date__lte=end)
    return found.order_by("-created", "-id")
