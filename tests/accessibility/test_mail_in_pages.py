"""The mail in pages with something on them pass axe-core: the mailbox settings (with an error,
and with a failed check), the triage queue, and a message with its decisions (and with an error
in one of them). The crawler (test_staff_pages.py) reaches the queue and messages of the demo."""

from __future__ import annotations

from email.message import EmailMessage
from typing import Any

import pytest

from putright.inbound.services import mailbox_update, message_receive
from putright.organisations.models import Organisation, User
from tests.browser import assert_accessible, console_errors, sign_in, submit_and_wait
from tests.factories import PASSWORD, ServiceAreaFactory
from tests.mailservers import free_port

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def message_pk(org_a: Organisation, org_a_manager: User) -> int:
    ServiceAreaFactory(organisation=org_a, name="Repairs")
    made = EmailMessage()
    made["From"] = "Pat Example <pat@example.org>"
    made["Subject"] = "Damp in the flat"
    made["Message-ID"] = "<damp@example.org>"
    made.set_content("The damp is back.\n\nPlease send someone.")
    made.add_attachment(
        b"%PDF-1.7\n%%EOF\n", maintype="application", subtype="pdf", filename="a.pdf"
    )
    mailbox_update(
        organisation=org_a,
        actor=org_a_manager,
        host="127.0.0.1",
        port=free_port(),  # nothing listens: the check fails
        security="none",
        username="complaints",
        password="secret",
    )
    return message_receive(organisation=org_a, raw=made.as_bytes())[0].pk


def check(browser: Any, what: str) -> None:
    assert_accessible(browser, what)
    assert console_errors(browser) == [], what


def test_the_mail_in_pages_are_accessible(
    browser: Any, live_server: Any, org_a_manager: User, message_pk: int
) -> None:
    from selenium.webdriver.common.by import By

    sign_in(browser, live_server.url, org_a_manager.username, PASSWORD)
    browser.get(f"{live_server.url}/staff/settings/mail-in/")
    check(browser, "the mailbox settings")
    submit_and_wait(browser, "#check button")
    assert "The mailbox could not be read" in browser.page_source
    check(browser, "the mailbox settings with a failed check")
    browser.find_element(By.ID, "id_host").clear()
    submit_and_wait(browser, "#case-form button[type=submit]")
    assert "There is a problem" in browser.page_source
    check(browser, "the mailbox settings with an error")

    browser.get(f"{live_server.url}/staff/mail-in/")
    assert "Damp in the flat" in browser.page_source
    check(browser, "the triage queue")

    browser.get(f"{live_server.url}/staff/mail-in/{message_pk}/")
    check(browser, "a message to triage")
    submit_and_wait(browser, "#dismiss-form button")
    assert "Say why the message is not a case" in browser.page_source
    check(browser, "a message with an error")
