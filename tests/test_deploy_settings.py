"""Guard tests for invariants no single module owns: settings, migrations, the command line."""

import os
import secrets
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

REPO = Path(__file__).resolve().parents[1]


def putright(*args: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PUTRIGHT_")}
    clean.update({"PUTRIGHT_VAR_DIR": str(tmp_path), "PYTHONPATH": str(REPO), **env})
    return subprocess.run(  # noqa: S603 - the project's own command line
        [sys.executable, "-m", "putright", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=clean,
        timeout=120,
        check=False,
    )


def test_production_without_a_secret_key_refuses_clearly(tmp_path: Path) -> None:
    result = putright(
        "check", tmp_path=tmp_path, PUTRIGHT_ENV="production", PUTRIGHT_ALLOWED_HOSTS="example.org"
    )

    assert result.returncode != 0
    assert "PUTRIGHT_SECRET_KEY must be set when PUTRIGHT_ENV=production" in result.stderr
    assert not (tmp_path / "secret_key").exists()


def test_production_without_allowed_hosts_refuses_clearly(tmp_path: Path) -> None:
    result = putright(
        "check",
        tmp_path=tmp_path,
        PUTRIGHT_ENV="production",
        PUTRIGHT_SECRET_KEY=secrets.token_urlsafe(50),
    )

    assert result.returncode != 0
    assert "PUTRIGHT_ALLOWED_HOSTS must be set" in result.stderr


def test_production_refuses_debug(tmp_path: Path) -> None:
    result = putright(
        "check",
        tmp_path=tmp_path,
        PUTRIGHT_ENV="production",
        PUTRIGHT_SECRET_KEY=secrets.token_urlsafe(50),
        PUTRIGHT_ALLOWED_HOSTS="example.org",
        PUTRIGHT_DEBUG="1",
    )

    assert result.returncode != 0
    assert "PUTRIGHT_DEBUG must be off" in result.stderr


def test_production_settings_pass_the_deployment_checks(tmp_path: Path) -> None:
    result = putright(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        tmp_path=tmp_path,
        PUTRIGHT_ENV="production",
        PUTRIGHT_SECRET_KEY=secrets.token_urlsafe(50),
        PUTRIGHT_ALLOWED_HOSTS="example.org",
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_local_secret_key_is_made_once_and_kept(tmp_path: Path) -> None:
    first = putright("check", tmp_path=tmp_path)
    key = (tmp_path / "secret_key").read_text()
    second = putright("check", tmp_path=tmp_path)

    assert first.returncode == second.returncode == 0
    assert len(key) >= 50
    assert (tmp_path / "secret_key").read_text() == key
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


@pytest.mark.django_db
def test_no_model_change_is_missing_a_migration() -> None:
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


@pytest.mark.postgres
@pytest.mark.django_db
def test_runs_on_postgresql_when_asked() -> None:
    from django.db import connection

    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        (version,) = cursor.fetchone()
    assert int(version) >= 150000
