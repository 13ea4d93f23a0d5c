import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, override_settings

from putright.organisations.management.commands.demo import DEMO_PASSWORD
from putright.organisations.models import Organisation, Role, User

REPO = Path(__file__).resolve().parents[2]
CREATE = ["createorganisation", "riverside", "--name", "Riverside District Council"]


@pytest.mark.django_db
def test_createorganisation_creates_then_updates() -> None:
    out = StringIO()
    call_command(*CREATE, "--division", "england-and-wales", "--code", "lgsco-2024", stdout=out)
    call_command(
        *CREATE,
        "--division",
        "england-and-wales",
        "--code",
        "hos-2024",
        "--homes",
        "5200",
        stdout=out,
    )

    organisation = Organisation.objects.get()
    assert organisation.default_profile == "hos-2024"
    assert organisation.homes == 5200
    assert out.getvalue().splitlines() == [
        "Created organisation riverside (Riverside District Council).",
        "Updated organisation riverside (Riverside District Council).",
    ]


@pytest.mark.django_db
def test_createorganisation_bad_division_is_a_command_error_with_status_2() -> None:
    with pytest.raises(CommandError) as refused:
        call_command(*CREATE, "--division", "wales", "--code", "hos-2024")

    assert refused.value.returncode == 2
    assert not Organisation.objects.exists()


def run_putright(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PUTRIGHT_VAR_DIR": str(tmp_path), "PYTHONPATH": str(REPO)}
    env.pop("PUTRIGHT_ENV", None)
    return subprocess.run(  # noqa: S603 - the project's own command line
        [sys.executable, "-m", "putright", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["--division", "wales", "--code", "hos-2024"], "Unknown division 'wales'"),
        (["--division", "scotland", "--code", "hos-1999"], "Unknown Code profile 'hos-1999'"),
        (["--division", "scotland", "--code", "hos-2024", "--homes", "-3"], "Homes must be 0"),
        (["--division", "scotland", "--code", "hos-2024", "--homes", "many"], "--homes"),
        (["--division", "scotland"], "--code"),
    ],
)
def test_createorganisation_bad_argument_exits_2_with_one_line(
    tmp_path: Path, args: list[str], names: str
) -> None:
    result = run_putright(*CREATE, *args, tmp_path=tmp_path)

    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("putright createorganisation: ")
    assert names in lines[0]


def test_createorganisation_bad_slug_exits_2_with_one_line(tmp_path: Path) -> None:
    result = run_putright(
        "createorganisation",
        "River Side",
        "--name",
        "X",
        "--division",
        "scotland",
        "--code",
        "hos-2024",
        tmp_path=tmp_path,
    )

    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "putright createorganisation: Bad slug 'River Side': use 1 to 50 lower-case letters, "
        "digits and hyphens, starting and ending with a letter or digit."
    ]


@pytest.mark.django_db
def test_demo_sets_up_riverside_with_one_account_per_role_once(client: Client) -> None:
    out = StringIO()
    call_command("demo", stdout=out)
    call_command("demo", stdout=out)

    riverside = Organisation.objects.get()
    assert (riverside.slug, riverside.division, riverside.default_profile, riverside.homes) == (
        "riverside",
        "england-and-wales",
        "lgsco-2024",
        5200,
    )
    staff = User.objects.filter(organisation=riverside)
    assert sorted(staff.values_list("role", flat=True)) == sorted(Role.values)
    assert User.objects.filter(username="admin", is_superuser=True, organisation=None).exists()
    assert User.objects.count() == len(Role.values) + 1
    assert f"password for all: {DEMO_PASSWORD}" in out.getvalue()
    assert client.login(username="handler@riverside.example", password=DEMO_PASSWORD)


@pytest.mark.django_db
@override_settings(PRODUCTION=True)
def test_demo_refuses_to_run_in_production() -> None:
    with pytest.raises(CommandError, match="not in production"):
        call_command("demo")
    assert not Organisation.objects.exists()
