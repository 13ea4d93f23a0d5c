"""Test-wide set-up: fast settings, the skip-or-fail policy and the personas.

Tests marked ``postgres``, ``browser`` or ``imap`` need something this machine may not have.
Without it they are skipped with one line saying what to set up; with
``PUTRIGHT_REQUIRE_POSTGRES=1``, ``PUTRIGHT_REQUIRE_BROWSER=1`` or ``PUTRIGHT_REQUIRE_IMAP=1`` (as
in CI) they fail instead, so CI can never pass by skipping.

Personas: ``org_a_handler`` and ``org_a_manager`` work for organisation A; ``org_b_handler`` works
for organisation B and must see nothing of A's.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from putright.organisations.models import Organisation, Role, User
from tests.factories import OrganisationFactory, UserFactory

# Real mail servers on loopback: the smtp_server and notify_server fixtures.
pytest_plugins = ["tests.mailservers"]

CHROMIUM = Path(os.environ.get("PUTRIGHT_CHROMIUM", "/usr/bin/chromium"))
DOVECOT = Path(os.environ.get("PUTRIGHT_DOVECOT", "/usr/sbin/dovecot"))


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    # Hashing passwords properly is slow by design; tests only need it to work.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The hashed-name manifest exists only after collectstatic; tests use the plain files.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Staff security is tested on its own (tests/security/), with both switched on there: the
    # second factor would otherwise stand between every other test and its page, and
    # django-axes refuses client.login() (it needs the request; see its docs on tests).
    settings.PUTRIGHT_MFA_REQUIRED = False
    settings.AXES_ENABLED = False
    settings.WHITENOISE_AUTOREFRESH = True
    settings.WHITENOISE_USE_FINDERS = True
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        _serve_live_server_one_request_at_a_time()


def _serve_live_server_one_request_at_a_time() -> None:
    """On SQLite the live server shares the test's in-memory database connection, which two
    request threads must not use at once (a browser asks for a page and its files together), so
    there the application answers one request at a time. Connections are still accepted by their
    own threads, so a browser's idle pre-opened socket cannot hold the server up. PostgreSQL gives
    each thread its own connection."""
    import threading

    from django.core.servers.basehttp import ThreadedWSGIServer
    from django.test.testcases import LiveServerThread

    class SerialisedWSGIServer(ThreadedWSGIServer):
        def set_app(self, application: Any) -> None:
            lock = threading.Lock()

            def serialised(environ: Any, start_response: Any) -> Any:
                with lock:
                    return application(environ, start_response)

            super().set_app(serialised)

    LiveServerThread.server_class = SerialisedWSGIServer


def _required(variable: str) -> bool:
    return os.environ.get(variable, "").strip().lower() in {"1", "true", "yes", "on"}


def _postgres_configured() -> bool:
    from django.conf import settings

    return bool(settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql")


def _skip_or_fail(require_variable: str, reason: str) -> None:
    if _required(require_variable):
        pytest.fail(f"{reason} ({require_variable}=1, so this is a failure)", pytrace=False)
    pytest.skip(reason)


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("postgres") and not _postgres_configured():
        _skip_or_fail(
            "PUTRIGHT_REQUIRE_POSTGRES",
            "PostgreSQL not configured: set DATABASE_URL to a postgres:// URL",
        )
    if item.get_closest_marker("imap") and not DOVECOT.exists():
        _skip_or_fail(
            "PUTRIGHT_REQUIRE_IMAP",
            f"Dovecot not installed: install Debian's dovecot-imapd package ({DOVECOT})",
        )
    if item.get_closest_marker("browser") and not CHROMIUM.exists():
        _skip_or_fail(
            "PUTRIGHT_REQUIRE_BROWSER",
            f"Chromium not installed: install Debian's chromium package ({CHROMIUM})",
        )


@pytest.fixture
def chromium() -> Path:
    """The Chromium binary, for tests marked ``browser``."""
    return CHROMIUM


@pytest.fixture(scope="session")
def _browser_session() -> Iterator[Any]:
    from tests.browser import browser_session

    yield from browser_session(CHROMIUM)


@pytest.fixture
def browser(_browser_session: Any) -> Any:
    """One headless Chromium per test worker (see ``tests/browser.py``), with its cookies cleared
    and its console log read empty before each test (so one test's expected errors are never
    another's); tests marked ``browser`` only."""
    _browser_session.delete_all_cookies()
    _browser_session.get_log("browser")
    _browser_session.set_window_size(1280, 900)
    return _browser_session


@pytest.fixture
def org_a(db: None) -> Organisation:
    return OrganisationFactory(slug="org-a", name="Organisation A", default_profile="hos-2024")


@pytest.fixture
def org_b(db: None) -> Organisation:
    return OrganisationFactory(slug="org-b", name="Organisation B", default_profile="lgsco-2024")


@pytest.fixture
def org_a_handler(org_a: Organisation) -> User:
    return UserFactory(username="alice@org-a.example", organisation=org_a, role=Role.HANDLER)


@pytest.fixture
def org_a_manager(org_a: Organisation) -> User:
    return UserFactory(username="bob@org-a.example", organisation=org_a, role=Role.MANAGER)


@pytest.fixture
def org_b_handler(org_b: Organisation) -> User:
    return UserFactory(username="charlie@org-b.example", organisation=org_b, role=Role.HANDLER)
