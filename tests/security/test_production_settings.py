"""Production refuses to start without the second factor, and passes Django's deploy checks."""

from __future__ import annotations

import secrets
from pathlib import Path

from tests.test_deploy_settings import putright

PRODUCTION = {"PUTRIGHT_ENV": "production", "PUTRIGHT_ALLOWED_HOSTS": "example.org"}


def test_production_refuses_to_run_without_the_second_factor(tmp_path: Path) -> None:
    result = putright(
        "check",
        tmp_path=tmp_path,
        PUTRIGHT_SECRET_KEY=secrets.token_urlsafe(50),
        PUTRIGHT_MFA_REQUIRED="0",
        **PRODUCTION,
    )

    assert result.returncode != 0
    assert "PUTRIGHT_MFA_REQUIRED cannot be turned off when PUTRIGHT_ENV=production" in (
        result.stderr
    )


def test_production_passes_the_deploy_checks(tmp_path: Path) -> None:
    result = putright(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        tmp_path=tmp_path,
        PUTRIGHT_SECRET_KEY=secrets.token_urlsafe(50),
        **PRODUCTION,
    )

    assert result.returncode == 0, result.stderr


def test_totp_is_refused_in_production(tmp_path: Path) -> None:
    result = putright(
        "totp",
        "manager@riverside.example",
        tmp_path=tmp_path,
        PUTRIGHT_SECRET_KEY=secrets.token_urlsafe(50),
        **PRODUCTION,
    )

    assert result.returncode != 0
    assert "not available in production" in result.stderr
