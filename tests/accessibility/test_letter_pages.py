"""The letter pages in every state pass axe-core: choosing a letter (and its error), the draft
with its checks, the draft refused with what is missing, staff named under a Code that forbids
it, the letter sent, and the letterhead settings. The crawler (test_staff_pages.py) reaches the
draft, the letter and the settings on the demo council."""

from __future__ import annotations

from typing import Any

import pytest

from putright.organisations.models import User
from tests.browser import assert_accessible, console_errors, sign_in, submit_and_wait
from tests.factories import PASSWORD, UserFactory
from tests.letters import cases

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(browser: Any, what: str) -> None:
    assert_accessible(browser, what)
    assert console_errors(browser) == [], what


def test_the_letter_pages_are_accessible(
    browser: Any, live_server: Any, org_a_handler: User, org_a_manager: User
) -> None:
    from selenium.webdriver.common.by import By

    UserFactory(organisation=org_a_handler.organisation, first_name="Sam", last_name="Hughes")
    complaint = cases.responded(org_a_handler, "joint-draft-2023")
    base = f"{live_server.url}/staff/cases/{complaint.reference}/letters/new/"
    sign_in(browser, live_server.url, org_a_handler.username, PASSWORD)

    browser.get(base)
    submit_and_wait(browser, "main form button[type=submit]")
    assert "Choose the letter to write" in browser.page_source
    check(browser, "choosing a letter, with its error")

    browser.get(f"{base}?kind=response")
    assert "Everything the Code requires is in the letter." in browser.page_source
    check(browser, "the draft of a response")

    reasons = browser.find_element(By.ID, "id_part_reasons")
    reasons.clear()
    reasons.send_keys("Sam Hughes checked the records.")
    browser.find_element(By.ID, "id_part_remedy").clear()
    submit_and_wait(browser, "button[value=send]")
    assert "There is a problem" in browser.page_source
    assert "This letter names Sam Hughes" in browser.page_source
    check(browser, "the draft refused: a part missing and staff named")

    browser.find_element(By.ID, "id_part_remedy").send_keys("We apologise for the delay.")
    browser.find_element(By.CSS_SELECTOR, "label[for=id_names_confirmed]").click()
    submit_and_wait(browser, "button[value=send]")
    assert "Letter sent to" in browser.page_source
    check(browser, "the letter sent")

    browser.delete_all_cookies()
    sign_in(browser, live_server.url, org_a_manager.username, PASSWORD)
    browser.get(f"{live_server.url}/staff/settings/letterhead/")
    browser.find_element(By.ID, "id_letter_sign_off").clear()
    submit_and_wait(browser, "main form button[type=submit]")
    assert "There is a problem" in browser.page_source
    check(browser, "the letterhead settings with an error")
