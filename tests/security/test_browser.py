"""In Chromium: setting up an authenticator and signing in with a code, every page of it
accessible and within the content security policy; the Django admin within it too."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from selenium.webdriver.common.by import By

from putright.organisations.models import User
from tests.browser import assert_accessible, console_errors, sign_in
from tests.security.conftest import PASSWORD, code_for, next_code, with_password

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("mfa"),
]


def _until(browser: Any, condition: Any) -> None:
    """Wait for the page a click led to (a click does not always wait for it). While the old
    page is unloading, an element found on it may be gone before it is read (a stale element, or
    Chromium's "node does not belong to the document"): that is the new page coming, so wait."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 30, ignored_exceptions=[WebDriverException]).until(
        lambda driver: condition(driver)
    )


def _h1(text: str) -> Any:
    return lambda driver: driver.find_element(By.TAG_NAME, "h1").text == text


def _check(browser: Any, what: str) -> None:
    assert_accessible(browser, what)
    assert console_errors(browser) == [], what


def test_set_up_then_sign_in_with_a_code(
    browser: Any, live_server: Any, org_a_handler: User
) -> None:
    with_password(org_a_handler)
    console_errors(browser)  # drop what an earlier test on this browser left in its log
    sign_in(browser, live_server.url, org_a_handler.username, PASSWORD)

    _until(browser, _h1("Set up your authenticator app"))
    assert "/staff/sign-in/set-up/" in browser.current_url
    _check(browser, "the set-up page")
    qr = browser.find_element(By.CSS_SELECTOR, "img.putright-qr")
    assert browser.execute_script("return arguments[0].naturalWidth", qr) > 0  # drawn, not blocked
    key = browser.find_element(By.ID, "totp-key").text.replace(" ", "")
    device = TOTPDevice.objects.get(user=org_a_handler)
    assert base64.b32decode(key) == device.bin_key

    browser.find_element(By.NAME, "code").send_keys(code_for(device))
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    _until(browser, _h1("Your authenticator app is set up"))
    assert "Your backup codes" in browser.page_source
    _check(browser, "the backup codes page")
    browser.find_element(By.LINK_TEXT, "I have kept my codes: continue").click()
    _until(browser, _h1("Code profiles"))

    # Sign out, then in again: password, then a code from the same key (of the next time step,
    # as a code is accepted once).
    browser.find_element(By.XPATH, "//button[normalize-space()='Sign out']").click()
    _until(browser, _h1("Sign in"))
    device.refresh_from_db()
    sign_in(browser, live_server.url, org_a_handler.username, PASSWORD)
    _until(browser, _h1("Enter your code"))
    assert "/staff/sign-in/code/" in browser.current_url
    _check(browser, "the code page")
    browser.find_element(By.NAME, "code").send_keys(next_code(device))
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    _until(browser, _h1("Code profiles"))

    browser.get(f"{live_server.url}/staff/account/security/")
    _check(browser, "the account security page")


def test_the_sign_in_code_page_shows_errors_accessibly(
    browser: Any, live_server: Any, org_a_handler: User
) -> None:
    with_password(org_a_handler)
    TOTPDevice.objects.create(user=org_a_handler, name="Phone", confirmed=True)
    console_errors(browser)  # drop what an earlier test on this browser left in its log
    sign_in(browser, live_server.url, org_a_handler.username, PASSWORD, code="000000x")

    _until(browser, lambda driver: "The code is not right" in driver.page_source)
    _check(browser, "the code page with an error")


ADMIN_PAGES = [
    "/admin/",
    "/admin/organisations/user/",
    "/admin/organisations/user/add/",
    "/admin/organisations/organisation/",
    "/admin/audit/auditevent/",
    "/admin/otp_totp/totpdevice/",
    "/admin/axes/accessattempt/",
]


def test_the_admin_works_within_the_policy(browser: Any, live_server: Any, settings: Any) -> None:
    settings.PUTRIGHT_MFA_REQUIRED = False
    User.objects.create_superuser("root", "root@example.org", PASSWORD)
    console_errors(browser)  # drop what an earlier test on this browser left in its log
    browser.get(f"{live_server.url}/admin/login/")
    assert console_errors(browser) == []
    browser.find_element(By.NAME, "username").send_keys("root")
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()

    problems = []
    for path in [*ADMIN_PAGES, f"/admin/organisations/user/{User.objects.get().pk}/change/"]:
        browser.get(f"{live_server.url}{path}")
        assert "Site administration" in browser.title or "Django" in browser.title, path
        problems.extend(f"{path}: {message}" for message in console_errors(browser))
    assert problems == []


def test_the_lockout_page_says_when_to_try_again(
    browser: Any, live_server: Any, org_a_handler: User, settings: Any
) -> None:
    settings.AXES_ENABLED = True
    console_errors(browser)  # drop what an earlier test on this browser left in its log
    for _ in range(5):
        sign_in(browser, live_server.url, org_a_handler.username, "not the password")
        # Each refusal must arrive before the next try, or the next page load cancels it.
        _until(
            browser,
            lambda driver: (
                "govuk-error-summary" in driver.page_source or "Too many" in driver.page_source
            ),
        )

    _until(browser, _h1("Too many failed sign-ins"))
    assert browser.find_element(By.ID, "try-again").text.startswith("You can try again at ")
    assert_accessible(browser, "the lockout page")
    # The only console message is the browser noting the page's 429 status.
    assert all("429" in message for message in console_errors(browser))
