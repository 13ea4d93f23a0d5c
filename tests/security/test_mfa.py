"""The second factor: set up with a QR code or key, confirmed with a first code, backup codes
shown once and working once, every staff page needing a verified session, and resets."""

from __future__ import annotations

import base64
import re
import time
from typing import Any

import pytest
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from putright.audit.models import AuditEvent
from putright.organisations.models import Role, User
from tests.factories import UserFactory
from tests.security.conftest import code_for, enrolled, sign_in, with_password

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mfa")]

STAFF_PAGES = ["/staff/work/", "/staff/cases/", "/staff/codes/", "/admin/"]


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_an_unverified_member_of_staff_with_no_device_is_sent_to_set_one_up(
    client: Client, org_a_handler: User, url: str
) -> None:
    client.force_login(org_a_handler)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/staff/sign-in/set-up/?next=")


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_an_unverified_member_of_staff_with_a_device_is_asked_for_a_code(
    client: Client, org_a_handler: User, url: str
) -> None:
    enrolled(org_a_handler)
    client.force_login(org_a_handler)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/staff/sign-in/code/?next=")


def test_with_the_requirement_off_pages_open_after_the_password(
    client: Client, org_a_handler: User, settings: Any
) -> None:
    settings.PUTRIGHT_MFA_REQUIRED = False
    client.force_login(org_a_handler)

    assert client.get("/staff/work/").status_code == 200


def test_sign_in_is_password_then_code(client: Client, org_a_handler: User) -> None:
    device = enrolled(with_password(org_a_handler))

    response = sign_in(client, org_a_handler, next="/staff/cases/")
    assert response.status_code == 302
    assert response["Location"] == "/staff/sign-in/code/?next=%2Fstaff%2Fcases%2F"
    assert client.get("/staff/cases/").status_code == 302  # not yet

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Enter your code" in page.content.decode()

    response = client.post(
        "/staff/sign-in/code/", {"code": code_for(device), "next": "/staff/cases/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/staff/cases/"
    assert client.get("/staff/cases/").status_code == 200


def test_a_wrong_code_is_refused_and_recorded(client: Client, org_a_handler: User) -> None:
    device = enrolled(with_password(org_a_handler))
    sign_in(client, org_a_handler)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"

    response = client.post("/staff/sign-in/code/", {"code": wrong})

    assert response.status_code == 200
    assert "The code is not right" in response.content.decode()
    assert client.get("/staff/work/").status_code == 302
    event = AuditEvent.objects.get(action="staff.mfa_failed")
    assert event.actor == org_a_handler
    assert event.organisation == org_a_handler.organisation


def test_repeated_wrong_codes_are_slowed_down(client: Client, org_a_handler: User) -> None:
    device = enrolled(with_password(org_a_handler))
    sign_in(client, org_a_handler)
    client.post("/staff/sign-in/code/", {"code": "000000" if code_for(device) != "000000" else "1"})

    # django-otp's throttle: after a failure even the right code waits a moment.
    response = client.post("/staff/sign-in/code/", {"code": code_for(device)})

    assert response.status_code == 200
    assert "Too many wrong codes" in response.content.decode()


def test_a_code_is_not_accepted_twice(client: Client, org_a_handler: User) -> None:
    device = enrolled(with_password(org_a_handler))
    code = code_for(device)
    sign_in(client, org_a_handler)
    assert client.post("/staff/sign-in/code/", {"code": code}).status_code == 302

    other = Client()
    sign_in(other, org_a_handler)
    assert other.post("/staff/sign-in/code/", {"code": code}).status_code == 200


def _key_on_page(html: str) -> bytes:
    key = re.search(r'id="totp-key">([A-Z2-7 ]+)<', html)
    assert key, "the key is shown as text for people who cannot scan"
    return base64.b32decode(key.group(1).replace(" ", ""))


def test_setting_up_an_authenticator(client: Client, org_a_handler: User) -> None:
    with_password(org_a_handler)
    response = sign_in(client, org_a_handler)
    assert response["Location"].startswith("/staff/sign-in/set-up/")

    page = client.get("/staff/sign-in/set-up/").content.decode()
    assert re.search(r'<img class="putright-qr" src="data:image/svg\+xml;base64,', page)
    device = TOTPDevice.objects.get(user=org_a_handler)
    assert not device.confirmed
    assert _key_on_page(page) == device.bin_key
    # The same device on a second look: reloading the page does not change the key.
    assert _key_on_page(client.get("/staff/sign-in/set-up/").content.decode()) == device.bin_key

    response = client.post("/staff/sign-in/set-up/", {"code": code_for(device)})

    assert response.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.content.decode())
    assert len(codes) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(action="staff.mfa_enrolled", actor=org_a_handler).exists()
    assert client.get("/staff/work/").status_code == 200
    # Codes are shown once: the account page gives only the number left.
    account = client.get("/staff/account/security/").content.decode()
    assert codes[0] not in account
    assert "Backup codes left" in account


def test_a_wrong_first_code_does_not_confirm(client: Client, org_a_handler: User) -> None:
    client.force_login(org_a_handler)
    client.get("/staff/sign-in/set-up/")
    device = TOTPDevice.objects.get(user=org_a_handler)

    response = client.post("/staff/sign-in/set-up/", {"code": "12345"})
    assert "Enter the 6-digit code" in response.content.decode()
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post("/staff/sign-in/set-up/", {"code": wrong})
    assert "The code is not right" in response.content.decode()

    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/staff/work/").status_code == 302


def test_a_person_with_a_device_cannot_set_up_another_before_giving_a_code(
    client: Client, org_a_handler: User
) -> None:
    enrolled(org_a_handler)
    client.force_login(org_a_handler)

    response = client.get("/staff/sign-in/set-up/")

    assert response.status_code == 302
    assert response["Location"].startswith("/staff/sign-in/code/")
    assert TOTPDevice.objects.filter(user=org_a_handler).count() == 1


def _enrol(client: Client, user: User) -> tuple[TOTPDevice, list[str]]:
    client.force_login(user)
    client.get("/staff/sign-in/set-up/")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post("/staff/sign-in/set-up/", {"code": code_for(device)})
    return device, re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.content.decode())


def test_a_backup_code_works_once(client: Client, org_a_handler: User) -> None:
    _, codes = _enrol(client, with_password(org_a_handler))

    first = Client()
    sign_in(first, org_a_handler)
    response = first.post("/staff/sign-in/code/", {"code": codes[0].upper()})
    assert "You used a backup code. You have 9 left" in response.content.decode()
    assert first.get("/staff/work/").status_code == 200

    second = Client()
    sign_in(second, org_a_handler)
    assert second.post("/staff/sign-in/code/", {"code": codes[0]}).status_code == 200
    assert second.get("/staff/work/").status_code == 302


def test_new_backup_codes_replace_the_old(client: Client, org_a_handler: User) -> None:
    _, old = _enrol(client, with_password(org_a_handler))

    response = client.post("/staff/account/security/backup-codes/")

    new = re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.content.decode())
    assert len(new) == 10
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)
    assert not set(old) & set(new)
    assert AuditEvent.objects.filter(action="staff.backup_codes_replaced").exists()


def test_replacing_the_authenticator_keeps_one(client: Client, org_a_handler: User) -> None:
    _enrol(client, org_a_handler)

    page = client.get("/staff/sign-in/set-up/")
    assert "This replaces the app you use now" in page.content.decode()
    new = TOTPDevice.objects.get(user=org_a_handler, confirmed=False)
    client.post("/staff/sign-in/set-up/", {"code": code_for(new)})

    assert list(TOTPDevice.objects.filter(user=org_a_handler)) == [new]


def _verified(client: Client, user: User) -> None:
    device = enrolled(user)
    client.force_login(user)
    client.post("/staff/sign-in/code/", {"code": code_for(device)})


def test_a_manager_resets_a_colleagues_second_factor(
    client: Client, org_a_manager: User, org_a_handler: User
) -> None:
    enrolled(org_a_handler)
    _verified(client, org_a_manager)
    page = client.get("/staff/security/staff/")
    assert org_a_handler.username in page.content.decode()

    response = client.post(f"/staff/security/staff/{org_a_handler.pk}/reset/")

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=org_a_handler).exists()
    event = AuditEvent.objects.get(action="staff.mfa_reset")
    assert (event.actor, event.object_id) == (org_a_manager, str(org_a_handler.pk))
    # At the next sign-in the colleague sets up a new app.
    other = Client()
    other.force_login(org_a_handler)
    assert other.get("/staff/work/")["Location"].startswith("/staff/sign-in/set-up/")


def test_a_handler_cannot_reset_anyone(
    client: Client, org_a_handler: User, org_a_manager: User
) -> None:
    enrolled(org_a_manager)
    _verified(client, org_a_handler)

    assert client.get("/staff/security/staff/").status_code == 403
    assert client.post(f"/staff/security/staff/{org_a_manager.pk}/reset/").status_code == 403
    assert TOTPDevice.objects.filter(user=org_a_manager).count() == 1


def test_another_organisations_manager_gets_not_found(
    client: Client, org_a_handler: User, org_b: Any
) -> None:
    enrolled(org_a_handler)
    manager_b = UserFactory(username="dora@org-b.example", organisation=org_b, role=Role.MANAGER)
    _verified(client, manager_b)

    assert org_a_handler.username not in client.get("/staff/security/staff/").content.decode()
    assert client.post(f"/staff/security/staff/{org_a_handler.pk}/reset/").status_code == 404
    assert client.post(f"/staff/security/staff/{org_a_handler.pk}/unlock/").status_code == 404
    assert TOTPDevice.objects.filter(user=org_a_handler).count() == 1


def test_a_superuser_resets_anyone(client: Client, org_a_handler: User) -> None:
    enrolled(org_a_handler)
    admin = User.objects.create_superuser("root", "root@example.org", "x" * 16)
    _verified(client, admin)

    assert client.post(f"/staff/security/staff/{org_a_handler.pk}/reset/").status_code == 302
    assert not TOTPDevice.objects.filter(user=org_a_handler).exists()


def test_sign_out_is_allowed_before_the_code(client: Client, org_a_handler: User) -> None:
    enrolled(org_a_handler)
    client.force_login(org_a_handler)

    assert client.post("/staff/sign-out/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_time_step_is_thirty_seconds(org_a_handler: User) -> None:
    device = enrolled(org_a_handler)
    now = time.time()
    start = now - now % 30
    assert code_for(device, at=start) == code_for(device, at=start + 29)
