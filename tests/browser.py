"""Driving Debian's Chromium from tests: pages, keyboards and axe-core.

Tests marked ``browser`` take the ``browser`` fixture (one headless Chromium per test worker,
driven through Debian's ChromeDriver) and usually ``live_server``. ``assert_accessible`` runs
axe-core (installed from npm at set-up) on the page as loaded and fails with every violation,
its rule, its help text and the elements it was found on.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings

#: WCAG 2.2 level A and AA, and the earlier versions' rules they include.
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"

_CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-dev-shm-usage",
    # The machine's network is closed: no background connections, which would only be refused.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
)


def start_chromium(chromium: Path, *, width: int = 1280, height: int = 900) -> Any:
    """A headless Chromium driven through ChromeDriver, at the given window size."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(chromium)
    for flag in _CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--window-size={width},{height}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    return driver


def browser_session(chromium: Path) -> Iterator[Any]:
    driver = start_chromium(chromium)
    try:
        yield driver
    finally:
        driver.quit()


def axe_violations(driver: Any) -> list[dict[str, Any]]:
    """axe-core's violations of WCAG 2.2 A and AA on the page the driver has loaded."""
    driver.execute_script(AXE.read_text())
    return list(
        driver.execute_async_script(
            """
            const done = arguments[arguments.length - 1];
            const options = {runOnly: {type: 'tag', values: arguments[0]}};
            axe.run(document, options)
              .then(r => done(r.violations.map(v => ({
                  id: v.id, impact: v.impact, help: v.help,
                  nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))))
              .catch(e => done([
                  {id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));
            """,
            list(WCAG_TAGS),
        )
    )


def assert_accessible(driver: Any, what: str = "") -> None:
    """Fail with every axe-core violation on the loaded page (zero is the only pass)."""
    violations = axe_violations(driver)
    if violations:
        lines = [
            f"- {v['id']} ({v['impact']}): {v['help']} at {', '.join(v['nodes'])}"
            for v in violations
        ]
        page = what or driver.current_url
        raise AssertionError(
            f"{len(violations)} accessibility violation(s) on {page}:\n" + "\n".join(lines)
        )


def console_errors(driver: Any) -> list[str]:
    """Errors the page logged, such as a script or style the content security policy refused."""
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def sign_in(
    driver: Any, live_server_url: str, username: str, password: str, *, code: str = ""
) -> None:
    """Sign in through the staff sign-in page, as a person would.

    With ``code`` (the second factor: a code computed from the person's device, or a backup
    code), enter it on the page that asks for it after the password. Tests run with the second
    factor off unless they turn it on (``tests/conftest.py``), so most need no code.
    """
    from selenium.webdriver.common.by import By

    driver.get(f"{live_server_url}/staff/sign-in/")
    driver.find_element(By.NAME, "username").send_keys(username)
    driver.find_element(By.NAME, "password").send_keys(password)
    submit_and_wait(driver, "form button[type=submit], form input[type=submit]")
    if code:
        driver.find_element(By.NAME, "code").send_keys(code)
        submit_and_wait(driver, "main form button[type=submit]")


def submit_and_wait(driver: Any, selector: str, timeout: float = 30) -> None:
    """Click the button and wait until the page it leads to has loaded (the old page's elements
    are gone and the new document is complete), so the next step reads the new page."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.wait import WebDriverWait

    button = driver.find_element(By.CSS_SELECTOR, selector)
    button.click()
    wait = WebDriverWait(driver, timeout)
    wait.until(expected_conditions.staleness_of(button))
    wait.until(lambda d: d.execute_script("return document.readyState") == "complete")
