"""``putright demo`` gives the demo accounts the published authenticator key, and
``putright totp`` prints their current code; never for other accounts or in production."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from putright.organisations.models import User
from putright.security.services import DEMO_TOTP_KEY, demo_totp_device_set
from tests.security.conftest import code_for, enrolled

pytestmark = pytest.mark.django_db


def test_totp_prints_the_demo_accounts_code(org_a_handler: User) -> None:
    device = demo_totp_device_set(user=org_a_handler)
    out = StringIO()

    call_command("totp", org_a_handler.username, stdout=out, stderr=StringIO())

    assert out.getvalue().strip() == code_for(device)
    assert device.key == DEMO_TOTP_KEY


def test_the_demo_code_signs_in(client: Client, org_a_handler: User, settings: object) -> None:
    settings.PUTRIGHT_MFA_REQUIRED = True  # type: ignore[attr-defined]
    demo_totp_device_set(user=org_a_handler)
    out = StringIO()
    call_command("totp", org_a_handler.username, stdout=out, stderr=StringIO())
    client.force_login(org_a_handler)

    response = client.post("/staff/sign-in/code/", {"code": out.getvalue().strip()})

    assert response.status_code == 302
    assert client.get("/staff/work/").status_code == 200


def test_totp_refuses_an_account_with_its_own_key(org_a_handler: User) -> None:
    enrolled(org_a_handler)

    with pytest.raises(CommandError, match="is not a demo account") as refused:
        call_command("totp", org_a_handler.username, stdout=StringIO(), stderr=StringIO())
    assert refused.value.returncode == 2


def test_totp_refuses_in_production(org_a_handler: User, settings: object) -> None:
    demo_totp_device_set(user=org_a_handler)
    settings.PRODUCTION = True  # type: ignore[attr-defined]

    with pytest.raises(CommandError, match="not available in production"):
        call_command("totp", org_a_handler.username, stdout=StringIO(), stderr=StringIO())


def test_demo_gives_every_demo_account_the_demo_key() -> None:
    out = StringIO()
    call_command("demo", stdout=out)

    for username in ["manager@riverside.example", "admin"]:
        device = TOTPDevice.objects.get(user__username=username)
        assert (device.key, device.confirmed) == (DEMO_TOTP_KEY, True)
    assert "putright totp USERNAME" in out.getvalue()
    assert User.objects.filter(username="handler@riverside.example").exists()
