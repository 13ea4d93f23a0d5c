"""The oversight pages with something on them pass axe-core: the figures with every breakdown
and the SPSO's indicators, the themes and a theme's complaints, the annual report's year (and a
form with an error), a report being made and one made. The crawler (test_staff_pages.py)
reaches the same pages on the demo council, without a report made."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from putright.organisations.models import Organisation, Role, User
from putright.reporting.annual_services import annual_report_build, annual_report_request
from tests.browser import assert_accessible, console_errors, sign_in
from tests.factories import PASSWORD, ServiceAreaFactory, UserFactory, received_complaint
from tests.reporting.cases import respond, small_organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PERIOD = "start_day=1&start_month=4&start_year=2025&end_day=30&end_month=6&end_year=2025"


def check(browser: Any, what: str) -> None:
    assert_accessible(browser, what)
    assert console_errors(browser) == [], what


def test_the_oversight_pages_are_accessible(
    browser: Any, live_server: Any, org_a: Organisation, org_a_handler: User, org_a_manager: User
) -> None:
    from selenium.webdriver.common.by import By

    small_organisation(org_a_handler, org_a_manager)
    spso = ServiceAreaFactory(organisation=org_a, name="Council tax", profile="spso-mchp")
    for i in range(3):
        complaint = received_complaint(
            org_a_handler,
            service_area=spso,
            received=date(2025, 4, 7 + i),
            category="Bills",
            description="The council tax bill was wrong again after the move.",
            today=date(2025, 4, 10),
        )
        respond(org_a_handler, complaint, date(2025, 4, 14), "upheld")
    lead = UserFactory(username="lead@a.example", organisation=org_a, role=Role.SENIOR_LEAD)
    waiting = annual_report_request(actor=lead, year=2025, publishable=False)
    made = annual_report_build(
        report_id=annual_report_request(actor=lead, year=2025, publishable=True).pk
    )

    sign_in(browser, live_server.url, lead.username, PASSWORD)
    browser.get(f"{live_server.url}/staff/figures/?{PERIOD}")
    assert browser.find_elements(By.ID, "spso-table")
    check(browser, "the figures with every breakdown")
    browser.get(f"{live_server.url}/staff/figures/themes/?{PERIOD}")
    assert "Rising" in browser.page_source
    check(browser, "the themes")
    browser.get(f"{live_server.url}/staff/figures/themes/cases/?kind=category&value=Bills&{PERIOD}")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#theme-cases tbody tr")) == 3
    check(browser, "a theme's complaints")
    browser.get(f"{live_server.url}/staff/annual-report/")
    check(browser, "the annual report's years")
    browser.get(f"{live_server.url}/staff/annual-report/?year=nineteen")
    check(browser, "the year with an error")
    browser.get(f"{live_server.url}/staff/annual-report/2025/")
    check(browser, "the year's page")
    browser.get(f"{live_server.url}/staff/annual-report/2025/letter/")
    check(browser, "the letter's upload")
    browser.get(f"{live_server.url}/staff/annual-report/reports/{waiting.pk}/")
    assert browser.find_elements(By.ID, "report-progress")
    check(browser, "a report being made")
    browser.get(f"{live_server.url}/staff/annual-report/reports/{made.pk}/")
    assert "Complaints not accepted" in browser.page_source
    check(browser, "a report made")
