"""The residents' pages in Chromium: every page state passes axe-core (WCAG 2.2 A and AA) with
zero violations and logs no errors (so the content security policy refused nothing); the whole
form can be filled in with the keyboard alone; and no page scrolls sideways at 320 px wide.

The walk drives the real pages as a person would: blank pages, each page with its errors, a
refused file, check your answers, the confirmation, asking for a tracking link, the tracking
page, adding information, the next stage, withdrawing and the feedback survey.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from putright.cases.models import Complaint, Direction
from putright.cases.services.record import correspondence_log
from putright.correspondence.models import OutboundEmail
from putright.organisations.models import Organisation, User
from putright.public.services import contact_details_update
from tests.browser import axe_violations, console_errors
from tests.factories import ServiceAreaFactory
from tests.record_factories import (
    HTML_BYTES,
    PDF_BYTES,
    complaint_for,
    png_bytes,
    responded,
    upload,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Check = Callable[[str], None]


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def site(org_a: Organisation) -> Organisation:
    ServiceAreaFactory(organisation=org_a, name="Housing repairs", profile="hos-2024")
    ServiceAreaFactory(organisation=org_a, name="Rent and service charges", profile="hos-2024")
    contact_details_update(
        actor=None,
        organisation=org_a,
        phone="01234 567890",
        email="complaints@org-a.example",
        address="Civic Centre\nHigh Street\nAnytown AN1 1AA",
        opening_hours="Monday to Friday, 9am to 5pm",
        policy_url="https://org-a.example/complaints-policy",
    )
    return org_a


def _by(css: str) -> Any:
    from selenium.webdriver.common.by import By

    return (By.CSS_SELECTOR, css)


def _type(driver: Any, css: str, text: str) -> None:
    element = driver.find_element(*_by(css))
    element.clear()
    element.send_keys(text)


def _click(driver: Any, css: str) -> None:
    driver.find_element(*_by(css)).click()


def _wait_for_new_page(driver: Any, action: Callable[[], None]) -> None:
    """Do ``action`` and wait until a new document has loaded: the old one is marked first, so
    the wait cannot mistake it for the new one."""
    from selenium.webdriver.support.wait import WebDriverWait

    driver.execute_script("window.putrightOldPage = true;")
    action()
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script(
            "return !window.putrightOldPage && document.readyState === 'complete'"
        )
    )


def _submit(driver: Any, css: str = "main form#main-form button[type=submit]") -> None:
    _wait_for_new_page(driver, driver.find_element(*_by(css)).click)


def _link(organisation: Organisation, complaint: Complaint) -> str:
    text = OutboundEmail.objects.filter(complaint=complaint).latest("pk").text
    line = next(line for line in text.splitlines() if "/track/open/" in line)
    return line[line.index("/o/") :]


def walk(driver: Any, base: str, organisation: Organisation, tmp: Path, check: Check) -> None:
    """Every state of the residents' pages, calling ``check`` on each."""
    o = f"{base}/o/{organisation.slug}"
    driver.get(f"{o}/")
    check("start page")
    _submit(driver)
    check("start page with an error")
    _click(driver, "#id_kind")
    _submit(driver)

    check("service")
    _submit(driver)
    check("service with an error")
    _click(driver, "input[name=service_area]")
    _submit(driver)

    check("what happened")
    _submit(driver)
    check("what happened with an error")
    _type(driver, "#id_what_happened", "The boiler has been broken for three weeks.")
    _submit(driver)

    check("when")
    _type(driver, "#id_issue_date_day", "31")
    _type(driver, "#id_issue_date_month", "2")
    _type(driver, "#id_issue_date_year", "2025")
    _submit(driver)
    check("when with an error")
    _type(driver, "#id_issue_date_day", "3")
    _submit(driver)

    check("put right")
    _submit(driver)
    check("put right with an error")
    _type(driver, "#id_put_right", "Fix the boiler and say sorry.")
    _submit(driver)

    check("who")
    _click(driver, "#id_who-someone_else")
    _submit(driver)
    check("who with errors")
    _click(driver, "#id_who")
    _submit(driver)

    check("your name")
    _submit(driver)
    check("your name with an error")
    _type(driver, "#id_name", "Pat Example")
    _submit(driver)

    check("contact")
    _click(driver, "#id_contact_method")
    _submit(driver)
    check("contact with an error")
    _type(driver, "#id_email", "pat@example.net")
    _submit(driver)

    check("adjustments")
    _submit(driver)
    check("adjustments with an error")
    _click(driver, "#id_needs")
    _type(driver, "#id_adjustments", "Large print letters, please.")
    _submit(driver)

    check("files")
    bad = tmp / "letter.pdf"
    bad.write_bytes(HTML_BYTES)
    driver.find_element(*_by("#id_file")).send_keys(str(bad))
    _submit(driver, "button[value=upload]")
    check("files with a refused file")
    good = tmp / "boiler.png"
    good.write_bytes(png_bytes())
    driver.find_element(*_by("#id_file")).send_keys(str(good))
    _submit(driver, "button[value=upload]")
    check("files with a file added")
    _submit(driver, "button[value=continue]")

    check("check your answers")
    _submit(driver)
    check("confirmation")
    complaint = Complaint.objects.get(organisation=organisation, channel="web")

    driver.get(f"{o}/track/")
    check("track: ask for a link")
    _submit(driver)
    check("track: ask for a link with errors")
    _type(driver, "#id_reference", complaint.reference)
    _type(driver, "#id_email", "pat@example.net")
    _submit(driver)
    check("track: check your email")

    driver.get(f"{base}{_link(organisation, complaint)}")
    check("track: open the link")
    _submit(driver, "main form button[type=submit]")
    check("tracking page")

    driver.get(f"{o}/your-complaint/add/")
    check("add information")
    _submit(driver)
    check("add information with an error")
    _type(driver, "#id_text", "The radiator upstairs leaks too.")
    _submit(driver)
    check("tracking page after adding information")

    driver.get(f"{o}/your-complaint/next-stage/")
    check("next stage before a response (not offered)")
    driver.get(f"{o}/your-complaint/withdraw/")
    check("withdraw")
    _submit(driver, "main form button[type=submit]")
    check("tracking page of a withdrawn complaint")

    driver.get(f"{o}/your-complaint/feedback/")
    check("feedback survey")
    _submit(driver)
    check("feedback survey with errors")
    for name in ("ease", "kept_informed", "respect", "overall"):
        _click(driver, f"#id_{name}")
    _submit(driver)
    check("feedback sent")

    handler = User.objects.get(username="alice@org-a.example")
    answered = responded(complaint_for(handler, email="sam@example.net"), handler)
    correspondence_log(
        actor=handler,
        complaint=answered,
        direction=Direction.OUT,
        channel="letter",
        date=answered.received,
        summary="Our stage 1 response",
        files=[upload("stage-1-response.pdf", PDF_BYTES)],
    )
    driver.get(f"{o}/track/")
    _type(driver, "#id_reference", answered.reference)
    _type(driver, "#id_email", "sam@example.net")
    _submit(driver)
    driver.get(f"{base}{_link(organisation, answered)}")
    _submit(driver, "main form button[type=submit]")
    check("tracking page after a response")
    driver.get(f"{o}/your-complaint/next-stage/")
    check("ask for the next stage")
    _submit(driver, "main form button[type=submit]")
    check("tracking page at stage 2")

    driver.get(f"{o}/your-complaint/")
    driver.delete_all_cookies()
    driver.get(f"{o}/track/open/not-a-real-token/")
    _submit(driver, "main form button[type=submit]")
    check("a link that cannot be used")


@pytest.mark.usefixtures("org_a_handler")
def test_every_public_page_state_is_accessible(
    browser: Any, live_server: Any, site: Organisation, tmp_path: Path
) -> None:
    failures: list[str] = []
    seen: list[str] = []

    def check(what: str) -> None:
        seen.append(what)
        failures.extend(
            f"{what}: {v['id']} ({v['impact']}) {v['help']} at {', '.join(v['nodes'])}"
            for v in axe_violations(browser)
        )
        # A page with errors is answered 400 (or 429); Chromium logs that as the document's own
        # "failed to load". Anything else logged (a refused script or style) is a failure.
        page = browser.current_url
        failures.extend(
            f"{what}: console: {message}"
            for message in console_errors(browser)
            if not (message.startswith(page + " ") and "status of 4" in message)
        )

    browser.get_log("browser")  # start from an empty console log
    walk(browser, live_server.url, site, tmp_path, check)
    assert len(seen) >= 35, seen
    assert not failures, f"{len(failures)} problem(s):\n" + "\n".join(failures)


@pytest.mark.usefixtures("org_a_handler")
def test_no_public_page_scrolls_sideways_at_320_pixels(
    browser: Any, live_server: Any, site: Organisation, tmp_path: Path
) -> None:
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 320, "height": 800, "deviceScaleFactor": 1, "mobile": True},
    )
    wide: list[str] = []

    def check(what: str) -> None:
        width = browser.execute_script("return document.documentElement.scrollWidth")
        inner = browser.execute_script("return window.innerWidth")
        assert inner == 320, inner
        if width > 320:
            wide.append(f"{what}: {width} px")

    try:
        walk(browser, live_server.url, site, tmp_path, check)
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert not wide, "Pages wider than 320 px:\n" + "\n".join(wide)


def _keys(driver: Any, *keys: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(driver).send_keys(*keys).perform()


def _tab_to(driver: Any, css: str, limit: int = 80) -> None:
    """Press TAB until the element matching ``css`` has the focus."""
    from selenium.webdriver.common.keys import Keys

    for _ in range(limit):
        _keys(driver, Keys.TAB)
        if driver.execute_script(
            "return document.activeElement && document.activeElement.matches(arguments[0])", css
        ):
            return
    raise AssertionError(f"TAB never reached {css} on {driver.current_url}")


def _enter_and_wait(driver: Any) -> None:
    from selenium.webdriver.common.keys import Keys

    _wait_for_new_page(driver, lambda: _keys(driver, Keys.ENTER))


@pytest.mark.usefixtures("org_a_handler")
def test_the_whole_form_with_the_keyboard_alone(
    browser: Any, live_server: Any, site: Organisation
) -> None:
    """TAB moves, SPACE chooses, ENTER presses the button; the only other keys are the words
    typed into the field that has the focus."""
    from selenium.webdriver.common.keys import Keys

    d = browser
    button = "main form#main-form button[type=submit]"
    d.get(f"{live_server.url}/o/{site.slug}/")
    _tab_to(d, "#id_kind")
    _keys(d, Keys.SPACE)
    _tab_to(d, button)
    _enter_and_wait(d)

    _tab_to(d, "input[name=service_area]")
    _keys(d, Keys.SPACE)
    _tab_to(d, button)
    _enter_and_wait(d)

    _tab_to(d, "#id_what_happened")
    _keys(d, "The boiler has been broken for three weeks.")
    _tab_to(d, button)
    _enter_and_wait(d)

    _tab_to(d, "#id_issue_date_day")
    _keys(d, "3", Keys.TAB, "2", Keys.TAB, "2025")
    _tab_to(d, button)
    _enter_and_wait(d)

    _tab_to(d, "#id_put_right")
    _keys(d, "Fix the boiler.")
    _tab_to(d, button)
    _enter_and_wait(d)

    _tab_to(d, "#id_who")
    _keys(d, Keys.SPACE)
    _tab_to(d, button)
    _enter_and_wait(d)

    _tab_to(d, "#id_name")
    _keys(d, "Pat Example")
    _tab_to(d, button)
    _enter_and_wait(d)

    _tab_to(d, "#id_contact_method")
    _keys(d, Keys.SPACE)
    _tab_to(d, "#id_email")
    _keys(d, "pat@example.net")
    _tab_to(d, button)
    _enter_and_wait(d)

    _tab_to(d, "#id_needs")
    _keys(d, Keys.SPACE)
    _tab_to(d, "#id_adjustments")
    _keys(d, "Large print, please.")
    _tab_to(d, button)
    _enter_and_wait(d)

    _tab_to(d, "button[value=continue]")
    _enter_and_wait(d)

    assert "Check your answers" in d.find_element(*_by("h1")).text
    _tab_to(d, button)
    _enter_and_wait(d)

    assert d.find_element(*_by(".govuk-panel__title")).text == "Complaint sent"
    complaint = Complaint.objects.get(organisation=site, channel="web")
    assert complaint.reference in d.find_element(*_by(".govuk-panel__body")).text
    assert complaint.issue_date == date(2025, 2, 3)
    assert complaint.email == "pat@example.net"
