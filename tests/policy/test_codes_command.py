"""``putright codes``: the profiles listed, one in full, or as JSON; an unknown one refused."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from putright.management.commands.codes import render_list, render_profile
from putright.policy import get_profile, load_profiles

ROOT = Path(__file__).resolve().parents[2]


def _codes(*args: str) -> str:
    out = StringIO()
    call_command("codes", *args, stdout=out)
    return out.getvalue()


def test_the_list_has_one_line_per_profile() -> None:
    lines = _codes().splitlines()
    profiles = load_profiles()

    assert len(lines) == len(profiles)
    for line, profile in zip(lines, profiles.values(), strict=True):
        assert line.split()[0] == profile.id
        assert profile.name in line
        assert profile.status in line


def test_the_list_shows_applies_from_and_stages() -> None:
    lines = {line.split()[0]: line for line in render_list(load_profiles().values()).splitlines()}

    assert "2024-04-01" in lines["hos-2024"]
    assert lines["hos-2024"].endswith("2 stages")
    assert lines["children-act-2006"].endswith("3 stages")
    assert lines["asc-2009"].endswith("1 stage")
    assert "draft      -" in lines["joint-draft-2023"]


def test_one_profile_in_full_cites_each_rule() -> None:
    out = _codes("hos-2024")

    assert out.startswith("Housing Ombudsman Complaint Handling Code (hos-2024, version 2024)\n")
    assert "\nStage 1\n" in out
    assert "  Full response: 10 working days from acknowledgement (HOS Code 6.3)\n" in out
    assert "  Final response: 20 working days from acknowledgement (HOS Code 6.15)\n" in out


def test_render_profile_shows_every_stage_of_a_three_stage_procedure() -> None:
    text = render_profile(get_profile("children-act-2006"))

    assert "\nStage 3: review panel\n" in text
    assert "  Review panel meets: 30 working days from the request for this stage" in text
    assert "(SI 2006/1738 reg. 19(4))" in text


def test_json_is_the_profile_as_data() -> None:
    data = json.loads(_codes("spso-mchp", "--json"))

    assert data["id"] == "spso-mchp"
    assert data["stages"][1]["may_start_here"]["value"] is True
    assert data["stages"][1]["respond"]["days"] == 20
    assert data == get_profile("spso-mchp").model_dump(mode="json")


def test_json_list() -> None:
    data = json.loads(_codes("--json"))

    assert [p["id"] for p in data["profiles"]] == sorted(load_profiles())
    assert {"id", "name", "status", "applies_from", "stages"} == set(data["profiles"][0])


def test_an_unknown_profile_is_refused_with_the_known_ids() -> None:
    with pytest.raises(CommandError) as info:
        call_command("codes", "hos-2025")

    assert info.value.returncode == 2
    message = str(info.value)
    assert message.startswith("unknown Code profile 'hos-2025' (known: asc-2009, ")
    assert "\n" not in message


def test_the_command_line_refuses_an_unknown_profile_with_one_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "putright", "codes", "hos-2025"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )

    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert "unknown Code profile 'hos-2025'" in result.stderr
    assert "hos-2024" in result.stderr
