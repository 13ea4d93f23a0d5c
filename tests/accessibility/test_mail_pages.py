"""The mail and reminder pages with something on them pass axe-core and work from the keyboard:
the mail settings (and their error), the messages not sent, the case page's mail section and the
reminders page. The crawler (test_staff_pages.py) reaches the same pages on the demo council."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.utils import timezone

from putright.clock.models import Notice
from putright.correspondence.models import EmailStatus, OutboundEmail
from putright.correspondence.services import email_queue
from putright.organisations.models import Organisation, User
from tests.browser import assert_accessible, console_errors, sign_in
from tests.factories import PASSWORD, received_complaint

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def mail(org_a: Organisation, org_a_handler: User) -> str:
    complaint = received_complaint(org_a_handler, handler=org_a_handler)
    for key, status, error in (
        ("sent", EmailStatus.SENT, ""),
        ("retrying", EmailStatus.RETRYING, "GOV.UK Notify answered 500 (Internal server error)."),
        ("failed", EmailStatus.FAILED, "The mail server refused the address (550 No such user)."),
    ):
        email = email_queue(
            organisation=org_a,
            to="pat@example.org",
            subject=f"Your complaint ({key})",
            text="About your complaint.",
            key=key,
            complaint=complaint,
            attachments=[("letter.pdf", b"%PDF-1.7", "application/pdf")],
        )
        OutboundEmail.objects.filter(pk=email.pk).update(
            status=status,
            attempts=2,
            last_error=error,
            sent_at=timezone.now() if status == EmailStatus.SENT else None,
            next_attempt_at=timezone.now() if status == EmailStatus.RETRYING else None,
        )
    Notice.objects.create(
        organisation=org_a,
        kind="acknowledge_soon",
        subject_type="cases.stage",
        subject_id=complaint.stages.get().pk,
        due=date(2025, 3, 10),
        complaint=complaint,
        recipients=1,
    )
    return complaint.reference


def check(browser: Any, what: str) -> None:
    assert_accessible(browser, what)
    assert console_errors(browser) == [], what


def test_the_mail_pages_are_accessible(
    browser: Any, live_server: Any, org_a_manager: User, mail: str
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    sign_in(browser, live_server.url, org_a_manager.username, PASSWORD)
    browser.get(f"{live_server.url}/staff/settings/mail/")
    check(browser, "the mail settings")
    # Organisation A is a housing association: GOV.UK Notify is not offered to it.
    assert "Not available to Organisation A" in browser.page_source
    assert not browser.find_elements(By.ID, "id_notify_api_key")
    # From the keyboard: choose the SMTP server and save it without a From address.
    browser.find_element(By.ID, "id_channel-2").send_keys(Keys.SPACE)
    assert browser.find_element(By.ID, "id_channel-2").is_selected()
    browser.find_element(By.ID, "id_smtp_host").send_keys("smtp.org-a.example")
    browser.find_element(By.ID, "id_smtp_host").send_keys(Keys.ENTER)
    assert "There is a problem" in browser.page_source
    assert "Enter the From address" in browser.page_source
    check(browser, "the mail settings with an error")

    browser.get(f"{live_server.url}/staff/mail/not-sent/")
    assert "550 No such user" in browser.page_source
    check(browser, "the messages not sent")

    browser.get(f"{live_server.url}/staff/cases/{mail}/")
    assert "Waiting to try again" in browser.page_source
    check(browser, "the case page with its mail")

    browser.get(f"{live_server.url}/staff/settings/reminders/")
    assert "Acknowledgement due soon" in browser.page_source
    check(browser, "the reminders settings")
