"""Every staff page passes axe-core (WCAG 2.2 A and AA) with zero violations, in Chromium.

The pages are found, not listed: starting from the work queue, the test follows every link to a
staff page that the senior lead (who reaches everything a manager does) can reach on the demo
council, and checks up to two pages of each URL pattern (so a new page is checked the day it is
linked, with no list to keep).
"""

from __future__ import annotations

from collections import defaultdict
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve

from putright.organisations.models import User
from tests.browser import assert_accessible, axe_violations, console_errors, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "putright-demo"
#: Pages of one URL pattern checked at most; the rest differ only in their data.
PER_PATTERN = 2
#: Patterns never followed: downloads and sign-out are not pages.
NOT_PAGES = {"staff:sign-out"}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _pattern(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name


def staff_pages(client: Client, start: str, limit: int = 400) -> list[str]:
    """The staff pages reachable from ``start`` by links: HTML only, ``PER_PATTERN`` per pattern."""
    seen: set[str] = set()
    per_pattern: dict[str, int] = defaultdict(int)
    queue, pages = [start], []
    while queue and len(pages) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        pattern = _pattern(urlsplit(url).path)
        if pattern is None or pattern in NOT_PAGES or per_pattern[pattern] >= PER_PATTERN:
            continue
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        per_pattern[pattern] += 1
        pages.append(url)
        parser = _Links()
        parser.feed(response.content.decode())
        for href in parser.hrefs:
            target = urlsplit(urljoin(url, href))
            if target.scheme or target.netloc or not target.path.startswith("/staff/"):
                continue
            queue.append(target.path + (f"?{target.query}" if target.query else ""))
    return pages


@pytest.fixture
def demo() -> None:
    call_command("demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_sign_in_page_is_accessible(browser: Any, live_server: Any) -> None:
    browser.get(f"{live_server.url}/staff/sign-in/")
    assert_accessible(browser, "the sign-in page")


@pytest.mark.usefixtures("demo")
def test_every_staff_page_is_accessible(browser: Any, live_server: Any) -> None:
    # The senior lead reaches every staff page a manager does, and the sign-off pages besides.
    username = "lead@riverside.example"
    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    pages = staff_pages(client, "/staff/work/")
    assert len(pages) > 20, pages  # the crawl found the site, not just a page or two

    sign_in(browser, live_server.url, username, DEMO_PASSWORD)
    failures: list[str] = []
    for path in pages:
        browser.get(f"{live_server.url}{path}")
        violations = axe_violations(browser)
        failures.extend(
            f"{path}: {v['id']} ({v['impact']}) {v['help']} at {', '.join(v['nodes'])}"
            for v in violations
        )
        failures.extend(f"{path}: console: {message}" for message in console_errors(browser))
    assert not failures, f"{len(failures)} problem(s) on {len(pages)} pages:\n" + "\n".join(
        failures
    )
