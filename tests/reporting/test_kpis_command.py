"""`putright kpis` as scripts use it: its JSON keys, its readable lines and its exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from putright.organisations.models import Organisation, User
from tests.reporting.cases import small_organisation
from tests.reporting.test_figures import EXPECTED

REPO = Path(__file__).resolve().parents[2]
PERIOD = ["--from", "2025-04-01", "--to", "2025-06-30"]


@pytest.fixture
def cases(org_a: Organisation, org_a_handler: User, org_a_manager: User) -> None:
    org_a.homes = 2400
    org_a.save(update_fields=["homes"])
    small_organisation(org_a_handler, org_a_manager)


def kpis(*args: str) -> str:
    out = StringIO()
    call_command("kpis", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
@pytest.mark.usefixtures("cases")
def test_json_is_one_object_with_the_contract_keys() -> None:
    printed = kpis("org-a", *PERIOD, "--json")

    assert printed.count("\n") == 1
    assert json.loads(printed) == EXPECTED


@pytest.mark.django_db
@pytest.mark.usefixtures("cases")
def test_readable_output() -> None:
    assert kpis("org-a", *PERIOD).splitlines() == [
        "Organisation A (org-a)",
        "1 April 2025 to 30 June 2025",
        "",
        "Service requests received: 1",
        "Complaints received: 7 (1 not accepted)",
        "",
        "Stage 1",
        "  Received (accepted): 6",
        "  Acknowledged: 5, on time 4 (80.0%)",
        "  Responded: 6, on time 4 (66.7%); without extensions 2 (33.3%)",
        "  Outcomes: not_upheld 2, upheld 4",
        "",
        "Stage 2",
        "  Escalations received (accepted): 2",
        "  Acknowledged: 2, on time 1 (50.0%)",
        "  Responded: 2, on time 1 (50.0%); without extensions 1 (50.0%)",
        "  Outcomes: not_upheld 1, upheld 1",
        "",
        "CH01, complaints per 1,000 homes (2,400 homes): stage 1 2.5, stage 2 0.8",
        "CH02, responded to within the Code's timescales: stage 1 66.7% (33.3% without "
        "extensions), stage 2 50.0% (50.0% without extensions)",
        "Financial remedies: £250.25",
    ]


@pytest.mark.django_db
def test_an_organisation_with_nothing_in_the_period(org_a: Organisation) -> None:
    Organisation.objects.filter(pk=org_a.pk).update(homes=None)
    data = json.loads(kpis("org-a", "--from", "2024-04-01", "--to", "2025-03-31", "--json"))
    assert data["ch01"] == {"stage1_per_1000_homes": None, "stage2_per_1000_homes": None}
    assert data["ch02"] == {"stage1_percent_on_time": None, "stage2_percent_on_time": None}
    assert data["financial_remedies_total"] == "0.00"
    assert "CH01, complaints per 1,000 homes (homes not known): stage 1 n/a, stage 2 n/a" in kpis(
        "org-a", "--from", "2024-04-01", "--to", "2025-03-31"
    )


@pytest.mark.django_db
@pytest.mark.usefixtures("cases")
def test_one_service_area() -> None:
    data = json.loads(kpis("org-a", *PERIOD, "--service-area", "Repairs", "--json"))
    assert data == EXPECTED


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["org-a", "--from", "2025-13-01", "--to", "2025-06-30"], "--from '2025-13-01' is not"),
        (["org-a", "--from", "2025-04-01", "--to", "30/06/2025"], "--to '30/06/2025' is not a"),
        (["org-a", "--from", "2025-07-01", "--to", "2025-06-30"], "--from 2025-07-01 is after"),
        (["nobody", *PERIOD], "unknown organisation 'nobody'"),
        (["org-a", *PERIOD, "--service-area", "Parks"], "org-a has no service area 'Parks'"),
    ],
)
def test_bad_input_is_a_command_error_with_status_2(
    org_a: Organisation, args: list[str], message: str
) -> None:
    with pytest.raises(CommandError, match=message) as refused:
        kpis(*args)
    assert refused.value.returncode == 2


def run_putright(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """The real command line, on a fresh SQLite database of its own in ``tmp_path``."""
    env = {**os.environ, "PUTRIGHT_VAR_DIR": str(tmp_path), "PYTHONPATH": str(REPO)}
    for variable in ("PUTRIGHT_ENV", "DATABASE_URL"):
        env.pop(variable, None)
    return subprocess.run(  # noqa: S603 - the project's own command line
        [sys.executable, "-m", "putright", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=120,
        check=False,
    )


def test_the_command_line_prints_json_and_exits_2_with_one_line(tmp_path: Path) -> None:
    setup = run_putright("migrate", "--noinput", "--verbosity", "0", tmp_path=tmp_path)
    assert setup.returncode == 0, setup.stderr
    made = run_putright(
        "createorganisation", "riverside", "--name", "Riverside Homes",
        "--division", "england-and-wales", "--code", "hos-2024", "--homes", "5200",
        tmp_path=tmp_path,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr

    found = run_putright("kpis", "riverside", *PERIOD, "--json", tmp_path=tmp_path)
    assert (found.returncode, found.stderr) == (0, "")
    data = json.loads(found.stdout)
    assert list(data) == [
        "organisation", "from", "to", "service_requests_received", "complaints_received",
        "complaints_refused", "stage1", "stage2", "ch01", "ch02", "financial_remedies_total",
    ]  # fmt: skip
    assert data["ch01"] == {"stage1_per_1000_homes": 0.0, "stage2_per_1000_homes": 0.0}

    for args, line in [
        (
            ["riverside", "--from", "2025-04-31", "--to", "2025-06-30"],
            "putright kpis: --from '2025-04-31' is not a date: use YYYY-MM-DD, e.g. 2025-04-01",
        ),
        (
            ["riverside", "--from", "2025-07-01", "--to", "2025-06-30"],
            "putright kpis: --from 2025-07-01 is after --to 2025-06-30: the period must start "
            "on or before the day it ends",
        ),
        (["nobody", *PERIOD], "putright kpis: unknown organisation 'nobody'"),
        (["riverside", "--from", "2025-04-01"], "putright kpis: the following arguments are "),
    ]:
        refused = run_putright("kpis", *args, tmp_path=tmp_path)
        assert refused.returncode == 2, refused.stderr
        assert refused.stdout == ""
        assert len(refused.stderr.splitlines()) == 1, refused.stderr
        assert refused.stderr.startswith(line), refused.stderr
