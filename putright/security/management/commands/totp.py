"""``putright totp USERNAME``: the current sign-in code of a demo account."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from putright.management.base import BAD_INPUT, ContractCommand
from putright.security.services import DEMO_TOTP_KEY


class Command(ContractCommand):
    help = (
        "Print the current 6-digit sign-in code of a demo account (one made by `putright demo`, "
        "whose authenticator key is published). Refused in production and for any other account."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="A demo account, e.g. manager@riverside.example")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Demo codes are not available in production.")
        username = options["username"]
        device = TOTPDevice.objects.filter(
            user__username=username, key=DEMO_TOTP_KEY, confirmed=True
        ).first()
        if device is None:
            raise CommandError(
                f"{username!r} is not a demo account with the demo authenticator "
                "(run `putright demo` first; other accounts' codes are on their owner's phone).",
                returncode=BAD_INPUT,
            )
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = time.time()
        left = device.step - int(totp.time - device.t0) % device.step
        self.stdout.write(f"{totp.token():0{device.digits}d}")
        self.stderr.write(f"(valid for {left} more seconds)")
