"""`putright deadlines` as scripts use it: the real command line, its JSON keys and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

BASE = ["--division", "england-and-wales"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own command line, fixed arguments
        [sys.executable, "-m", "putright", "deadlines", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def deadlines(*args: str) -> dict[str, object]:
    result = run(*args, "--json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return json.loads(result.stdout)


def test_stage_1_under_hos_counts_the_response_from_acknowledgement() -> None:
    # Received Monday 6 Jan 2025; acknowledged Wednesday 8 Jan; +10 WD = Wednesday 22 Jan.
    data = deadlines(
        "--code", "hos-2024", *BASE, "--stage", "1",
        "--received", "2025-01-06", "--acknowledged", "2025-01-08",
    )  # fmt: skip
    assert data == {
        "profile": "hos-2024",
        "division": "england-and-wales",
        "stage": 1,
        "received": "2025-01-06",
        "acknowledge_by": "2025-01-13",
        "respond_by": "2025-01-22",
        "clauses": {"acknowledge_by": "6.2", "respond_by": "6.3"},
    }


def test_the_draft_counts_the_response_from_receipt() -> None:
    data = deadlines(
        "--code", "joint-draft-2023", *BASE, "--stage", "1",
        "--received", "2025-01-06", "--acknowledged", "2025-01-08",
    )  # fmt: skip
    assert data["respond_by"] == "2025-01-20"
    assert data["clauses"] == {"acknowledge_by": "6.2", "respond_by": "6.3"}


def test_an_extension_over_the_limit_is_flagged() -> None:
    # Stage 2, escalation received Friday 7 Mar 2025, acknowledged Monday 10 Mar.
    # +20 WD = Monday 7 Apr; Good Friday 18 Apr and Easter Monday 21 Apr 2025 fall in the extension.
    at_limit = deadlines(
        "--code", "lgsco-2024", *BASE, "--stage", "2", "--received", "2025-03-07",
        "--acknowledged", "2025-03-10", "--extension", "20",
    )  # fmt: skip
    assert at_limit["respond_by"] == "2025-04-07"
    assert at_limit["extended_respond_by"] == "2025-05-08"
    assert at_limit["extension_within_limit"] is True
    assert at_limit["clauses"]["extended_respond_by"] == "6.14"
    over = deadlines(
        "--code", "lgsco-2024", *BASE, "--stage", "2", "--received", "2025-03-07",
        "--acknowledged", "2025-03-10", "--extension", "21",
    )  # fmt: skip
    assert over["extension_within_limit"] is False
    # 8 May 2025 was a Thursday: one more working day is Friday 9 May.
    assert over["extended_respond_by"] == "2025-05-09"


def test_a_stage_without_acknowledgement_or_fixed_period_gives_nulls() -> None:
    spso = deadlines("--code", "spso-mchp", "--division", "scotland", "--stage", "1",
                     "--received", "2025-11-28")  # fmt: skip
    assert spso["acknowledge_by"] is None
    # St Andrew's Day fell on Sunday 30 Nov 2025: Monday 1 Dec was the holiday.
    assert spso["respond_by"] == "2025-12-08"
    asc = deadlines("--code", "asc-2009", *BASE, "--stage", "1", "--received", "2025-09-01")
    assert asc["acknowledge_by"] == "2025-09-04"
    assert asc["respond_by"] is None


def test_the_readable_form_names_the_clauses() -> None:
    result = run("--code", "hos-2024", *BASE, "--stage", "1", "--received", "2025-01-06")
    assert result.returncode == 0
    assert "Respond by:" in result.stdout
    assert "2025-01-27 (Monday)  (HOS Code 6.3)" in result.stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--code", "hos-2024", *BASE, "--stage", "1", "--received", "2025-02-30"],
         "--received '2025-02-30' is not a date"),
        (["--code", "hos-2025", *BASE, "--stage", "1", "--received", "2025-02-03"],
         "unknown Code profile 'hos-2025'"),
        (["--code", "hos-2024", "--division", "wales", "--stage", "1", "--received", "2025-02-03"],
         "unknown division 'wales'"),
        (["--code", "hos-2024", *BASE, "--stage", "3", "--received", "2025-02-03"],
         "hos-2024 has no stage 3"),
        (["--code", "asc-2009", *BASE, "--stage", "2", "--received", "2025-02-03"],
         "asc-2009 has no stage 2"),
        (["--code", "hos-2024", *BASE, "--stage", "1", "--received", "2025-02-03",
          "--acknowledged", "2025-02-01"], "before it was received"),
        (["--code", "hos-2024", *BASE, "--stage", "1", "--received", "2025-02-03",
          "--extension", "ten"], "--extension 'ten' is not a whole number"),
        (["--code", "hos-2024", *BASE, "--stage", "1"], "--received"),
    ],
    ids=["bad-date", "unknown-profile", "unknown-division", "no-third-stage", "one-stage-only",
         "ack-before-receipt", "bad-extension", "missing-option"],
)  # fmt: skip
def test_bad_input_exits_2_with_one_line(args: list[str], words: str) -> None:
    result = run(*args, "--json")
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert words in lines[0]
    assert "Traceback" not in result.stderr
