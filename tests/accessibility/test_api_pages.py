"""The API tokens pages and the API's documentation page pass axe-core in Chromium, with nothing
refused by the content security policy: the list, the form with its errors, the page that shows
a new token once, the revoke page, and the documentation drawn from the schema."""

from __future__ import annotations

from typing import Any

import pytest

from putright.organisations.models import User
from tests.browser import assert_accessible, console_errors, sign_in, submit_and_wait
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(browser: Any, what: str) -> None:
    assert_accessible(browser, what)
    assert console_errors(browser) == [], what


def test_the_api_pages_are_accessible(browser: Any, live_server: Any, org_a_manager: User) -> None:
    from selenium.webdriver.common.by import By

    browser.get(f"{live_server.url}/api/docs/")
    assert "The putright API" in browser.page_source
    check(browser, "the API's documentation")

    sign_in(browser, live_server.url, org_a_manager.username, PASSWORD)
    browser.get(f"{live_server.url}/staff/settings/api-tokens/")
    check(browser, "the API tokens, none yet")

    browser.get(f"{live_server.url}/staff/settings/api-tokens/new/")
    submit_and_wait(browser, "main form button[type=submit]")
    assert "There is a problem" in browser.page_source
    check(browser, "the new token form with errors")

    browser.find_element(By.ID, "id_name").send_keys("Housing CRM")
    browser.find_element(By.CSS_SELECTOR, "label[for=id_scopes]").click()
    submit_and_wait(browser, "main form button[type=submit]")
    assert "API token made" in browser.page_source
    check(browser, "the new token, shown once")

    browser.get(f"{live_server.url}/staff/settings/api-tokens/")
    assert "Housing CRM" in browser.page_source
    check(browser, "the API tokens")
    browser.find_element(By.PARTIAL_LINK_TEXT, "Revoke").click()
    check(browser, "revoking a token")
