"""The pages deciding on the adjustments asked for on the web form, in every state, pass axe-core
and log no console error: the queue, the case page with its banner and section, the person's
page, the agree and do-not-agree forms blank and with errors, and the queue after a decision;
and the public pages settings with an error. The crawler (test_staff_pages.py) reaches the
queue and the forms on the demo council."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from putright.organisations.models import Organisation, ServiceArea, User
from putright.public.models import AdjustmentRequest, AdjustmentStatus
from putright.public.services import Submission, public_submission_send
from tests.browser import assert_accessible, console_errors, sign_in, submit_and_wait
from tests.factories import PASSWORD, ServiceAreaFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def asked(org_a: Organisation) -> AdjustmentRequest:
    area: ServiceArea = ServiceAreaFactory(organisation=org_a, name="Housing", profile="hos-2024")
    public_submission_send(
        organisation=org_a,
        submission=Submission(
            kind="complaint",
            service_area=area,
            what_happened="The boiler has not worked for a month.",
            put_right="Fix the boiler.",
            name="Pat Example",
            contact_method="email",
            email="pat@example.org",
            adjustments="Letters in large print, please.",
        ),
        journey="journey-1",
        today=timezone.localdate(),
    )
    return AdjustmentRequest.objects.get()


def check(browser: Any, what: str) -> None:
    assert_accessible(browser, what)
    assert console_errors(browser) == [], what


def test_the_adjustment_request_pages_are_accessible(
    browser: Any, live_server: Any, org_a_handler: User, asked: AdjustmentRequest
) -> None:
    from selenium.webdriver.common.by import By

    url = live_server.url
    sign_in(browser, url, org_a_handler.username, PASSWORD)
    browser.get(f"{url}/staff/people/")
    check(browser, "the people page with requests waiting")
    browser.get(f"{url}/staff/people/adjustment-requests/")
    check(browser, "the adjustment requests")
    browser.get(f"{url}/staff/cases/{asked.complaint.reference}/")
    assert "is waiting for a decision" in browser.page_source
    check(browser, "the case page with a request waiting")
    browser.get(f"{url}/staff/people/{asked.individual_id}/")
    check(browser, "the person's page with a request waiting")
    public_submission_send(
        organisation=asked.organisation,
        submission=Submission(
            kind="service_request",
            service_area=asked.complaint.service_area,
            what_happened="Please collect the bins from the door.",
            put_right="",
            name="Sam Example",
            contact_method="email",
            email="sam@example.org",
            adjustments="Please phone after 4pm.",
        ),
        journey="journey-2",
        today=timezone.localdate(),
    )
    waiting = AdjustmentRequest.objects.exclude(service_request=None).get()
    browser.get(f"{url}/staff/requests/{waiting.service_request.reference}/")
    assert "is waiting for a decision" in browser.page_source
    check(browser, "the service request page with a request waiting")

    for page in ("agree", "decline"):
        browser.get(f"{url}/staff/people/adjustment-requests/{asked.pk}/{page}/")
        check(browser, f"the {page} form")
        if page == "agree":
            browser.find_element(By.ID, "id_description").clear()
        submit_and_wait(browser, "#case-form button[type=submit]")
        assert "govuk-error-summary" in browser.page_source
        check(browser, f"the {page} form with errors")

    browser.get(f"{url}/staff/people/adjustment-requests/{asked.pk}/agree/")
    review_by = timezone.localdate() + timedelta(days=180)
    for part, value in (
        ("day", review_by.day),
        ("month", review_by.month),
        ("year", review_by.year),
    ):
        browser.find_element(By.ID, f"id_review_by_{part}").send_keys(str(value))
    submit_and_wait(browser, "#case-form button[type=submit]")
    assert "Reasonable adjustment agreed with Pat Example" in browser.page_source
    check(browser, "the adjustment requests after a decision")
    asked.refresh_from_db()
    assert asked.status == AdjustmentStatus.AGREED
    browser.get(f"{url}/staff/cases/{asked.complaint.reference}/")
    check(browser, "the case page with a request agreed")


def test_the_public_pages_settings_are_accessible(
    browser: Any, live_server: Any, org_a_manager: User
) -> None:
    from selenium.webdriver.common.by import By

    sign_in(browser, live_server.url, org_a_manager.username, PASSWORD)
    browser.get(f"{live_server.url}/staff/settings/public-pages/")
    check(browser, "the public pages settings")
    browser.find_element(By.ID, "id_email").send_keys("not an address")
    submit_and_wait(browser, "#case-form button[type=submit]")
    assert "is not an email address" in browser.page_source
    check(browser, "the public pages settings with an error")
