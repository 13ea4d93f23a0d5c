"""Each oversight role's dashboard passes axe-core with something on it, signed in as that role:
the complaints manager's, the senior lead's and the Member's."""

from __future__ import annotations

from typing import Any

import pytest

from putright.organisations.models import Organisation, Role, User
from tests.browser import assert_accessible, console_errors, sign_in
from tests.factories import PASSWORD, UserFactory
from tests.reporting.cases import small_organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PERIOD = "start_day=1&start_month=4&start_year=2025&end_day=30&end_month=6&end_year=2025"


@pytest.mark.parametrize(
    ("role", "heading"),
    [
        (Role.MANAGER, "Your team's complaints"),
        (Role.SENIOR_LEAD, "Compliance with the Code"),
        (Role.MEMBER, "Complaint handling: summary for governance"),
    ],
)
def test_each_dashboard_is_accessible(
    browser: Any,
    live_server: Any,
    org_a: Organisation,
    org_a_handler: User,
    org_a_manager: User,
    role: Role,
    heading: str,
) -> None:
    from selenium.webdriver.common.by import By

    small_organisation(org_a_handler, org_a_manager)
    reader = (
        org_a_manager
        if role == Role.MANAGER
        else UserFactory(username=f"{role}@a.example", organisation=org_a, role=role)
    )
    sign_in(browser, live_server.url, reader.username, PASSWORD)
    browser.get(f"{live_server.url}/staff/")
    assert browser.find_element(By.TAG_NAME, "h1").text == heading
    browser.get(f"{live_server.url}/staff/dashboard/?{PERIOD}")
    assert browser.find_elements(By.ID, "on-time-table")
    # Every chart image loads (an SVG of the figures), beside its table.
    for image in browser.find_elements(By.CSS_SELECTOR, "figure img"):
        assert browser.execute_script("return arguments[0].naturalWidth", image) > 0
    assert_accessible(browser, f"the {role.label} dashboard")
    assert console_errors(browser) == [], role
    browser.get(f"{live_server.url}/staff/dashboard/?{PERIOD.replace('end_day=30', 'end_day=31')}")
    assert_accessible(browser, f"the {role.label} dashboard with an error")
