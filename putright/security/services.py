"""Writes for staff security: second-factor devices, backup codes, resets and unlocks.

Each runs in one transaction and leaves an audit record. Nothing here stores a code or a key in
the audit record.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from putright.audit import services as audit
from putright.organisations.models import User
from putright.security.selectors import may_manage_security_of

#: The demo accounts' authenticator key, published on purpose (it is ``b"putright demo only!!"``):
#: never secret, so ``putright totp`` may print its codes. Never used in production.
DEMO_TOTP_KEY = b"putright demo only!!".hex()
TOTP_NAME = "Authenticator app"
BACKUP_NAME = "Backup codes"


def totp_device_start(*, user: User) -> TOTPDevice:
    """The unconfirmed authenticator a member of staff is setting up: the one already started,
    or a new one with a fresh random key. It counts for nothing until a first code confirms it."""
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
        return device


def totp_device_confirm(*, user: User, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm a new authenticator with a code it shows, and make the first backup codes.

    Returns the backup codes (shown once), or None if the code is wrong. Any other authenticator
    the person had is replaced: one at a time keeps a reset simple to reason about.
    """
    if device.user_id != user.pk or device.confirmed:
        raise PermissionDenied("That authenticator is not one you are setting up.")
    with transaction.atomic():
        if not device.verify_token(code.strip().replace(" ", "")):
            audit.record(action="staff.mfa_failed", actor=user, after={"during": "enrolment"})
            return None
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _replace_backup_codes(user)
        audit.record(action="staff.mfa_enrolled", actor=user, target=user)
        return codes


def backup_codes_replace(*, user: User) -> list[str]:
    """Make a new set of backup codes (``PUTRIGHT_BACKUP_CODES``), each usable once; the old set
    stops working. Returns them, to be shown once."""
    with transaction.atomic():
        codes = _replace_backup_codes(user)
        audit.record(action="staff.backup_codes_replaced", actor=user, target=user)
        return codes


def _replace_backup_codes(user: User) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_NAME, defaults={"confirmed": True}
    )
    StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.PUTRIGHT_BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def mfa_reset(*, actor: User, user: User) -> None:
    """Remove a colleague's authenticator and backup codes (a lost phone): they set up a new one
    at their next sign-in. A manager or senior lead of their organisation, or a superuser."""
    if not may_manage_security_of(actor, user):
        raise PermissionDenied("You cannot reset this person's two-factor sign-in.")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        audit.record(
            action="staff.mfa_reset", actor=actor, organisation=user.organisation, target=user
        )


def lockout_clear(*, actor: User, user: User) -> int:
    """Let a locked-out colleague try again now, from every address: the failed sign-ins
    counted against their username are cleared. Returns how many records were cleared."""
    from axes.utils import reset

    if not may_manage_security_of(actor, user):
        raise PermissionDenied("You cannot unlock this person's account.")
    with transaction.atomic():
        cleared = int(reset(username=user.get_username()))
        audit.record(
            action="staff.lockout_cleared",
            actor=actor,
            organisation=user.organisation,
            target=user,
            after={"cleared": cleared},
        )
        return cleared


def demo_totp_device_set(*, user: User) -> TOTPDevice:
    """Give a demo account its authenticator with the published demo key (``DEMO_TOTP_KEY``),
    so that anyone trying the demo can sign in with ``putright totp``. Refused in production."""
    if settings.PRODUCTION:
        raise PermissionDenied("Demo authenticators are not made in production.")
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=user, key=DEMO_TOTP_KEY).first()
        if device is not None:
            return device
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(
            user=user, name=TOTP_NAME, key=DEMO_TOTP_KEY, confirmed=True
        )
        audit.record(action="staff.mfa_enrolled", actor=user, target=user, after={"demo": True})
        return device
