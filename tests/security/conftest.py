"""Staff security is tested with both protections on: the second factor and the lockout."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from putright.organisations.models import User

PASSWORD = "correct horse battery staple"


@pytest.fixture
def mfa(settings: Any) -> None:
    """Turn the second factor on, as it is everywhere but the other tests."""
    settings.PUTRIGHT_MFA_REQUIRED = True


@pytest.fixture
def axes(settings: Any) -> None:
    """Turn lockouts on, as they are everywhere but the other tests."""
    settings.AXES_ENABLED = True


def code_for(device: TOTPDevice, *, at: float | None = None) -> str:
    """The code the person's app shows now, computed from the device's key as the app does."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    return f"{totp.token():06d}"


def next_code(device: TOTPDevice) -> str:
    """A code the device will still accept after its last one: the app's code of the next time
    step (a code is accepted once, so a second sign-in in the same 30 seconds needs this)."""
    device.refresh_from_db()
    return code_for(device, at=device.t0 + (device.last_t + 1 - device.drift) * device.step)


def with_password(user: User) -> User:
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    return user


def sign_in(client: Client, user: User, *, next: str = "", **extra: Any) -> Any:
    data = {"username": user.get_username(), "password": PASSWORD, "next": next}
    return client.post("/staff/sign-in/", data, **extra)


def enrolled(user: User) -> TOTPDevice:
    device: TOTPDevice = TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    return device
