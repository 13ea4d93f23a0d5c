"""Pages in a real browser: Chromium, headless, loading the pages and their static files."""

import subprocess
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def dump_dom(chromium: Path, url: str) -> str:
    """The page's DOM after its scripts have run."""
    result = subprocess.run(  # noqa: S603 - a fixed binary and a local URL
        [
            str(chromium),
            "--headless",
            "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--virtual-time-budget=5000",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout


def test_sign_in_page_starts_govuk_frontend(chromium: Path, live_server: object) -> None:
    dom = dump_dom(chromium, f"{live_server}/staff/sign-in/")

    # The module script ran and GOV.UK Frontend started its components: the password input's
    # Show button is only un-hidden by its JavaScript.
    assert "js-enabled" in dom
    assert "govuk-frontend-supported" in dom
    assert "govuk-password-input__toggle" in dom
    assert 'aria-label="Show password" hidden' not in dom
    assert 'data-govuk-password-input-init=""' in dom
