"""Every profile gives the Ombudsman's details as data: address, telephone, website and the time
limit to go to them, with the instrument it comes from."""

from __future__ import annotations

from pathlib import Path

import pytest

from putright.policy.schema import ProfileError, get_profile, load_profile, load_profiles
from tests.policy.test_schema import VALID

PROFILE_IDS = sorted(load_profiles())


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
def test_every_profile_says_how_to_reach_its_ombudsman(profile_id: str) -> None:
    profile = get_profile(profile_id)

    assert profile.ombudsman_details, f"{profile_id} has no Ombudsman's details"
    for details in profile.ombudsman_details:
        assert details.address
        assert details.phone
        assert details.website.startswith("https://")
        assert details.time_limit.months >= 1
        assert details.time_limit.clause.strip()


def test_each_profile_names_the_right_ombudsman() -> None:
    names = {pid: [d.name for d in get_profile(pid).ombudsman_details] for pid in PROFILE_IDS}

    assert names["hos-2024"] == ["Housing Ombudsman Service"]
    assert names["lgsco-2024"] == ["Local Government and Social Care Ombudsman"]
    assert names["spso-mchp"] == ["Scottish Public Services Ombudsman"]
    assert names["joint-draft-2023"] == [
        "Housing Ombudsman Service",
        "Local Government and Social Care Ombudsman",
    ]


def test_the_details_read_on_one_line() -> None:
    (lgsco,) = get_profile("lgsco-2024").ombudsman_details

    assert lgsco.one_line() == (
        "Local Government and Social Care Ombudsman. PO Box 4771, Coventry, CV4 0EH. "
        "Telephone 0300 061 0614. www.lgo.org.uk"
    )
    assert lgsco.time_limit.start == "awareness"
    assert get_profile("hos-2024").ombudsman_details[0].time_limit.start == "final_response"


DETAILS = """
[[ombudsman_details]]
name = "Test Ombudsman"
address = ["1 High Street", "Exampleton"]
phone = "0300 000 0000"
website = "WEBSITE"
time_limit = { months = 12, start = "awareness", clause = "Test Act, s.1" }
"""


def _with_details(tmp_path: Path, website: str) -> Path:
    head, _, tail = VALID.partition("\n[outcomes]")
    text = head + DETAILS.replace("WEBSITE", website) + "\n[outcomes]" + tail
    path = tmp_path / "broken.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_structured_details_load(tmp_path: Path) -> None:
    profile = load_profile(_with_details(tmp_path, "https://www.example.org"))

    assert profile.ombudsman_details[0].website_words == "www.example.org"


def test_a_website_without_https_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match=r"ombudsman_details\[0\]\.website"):
        load_profile(_with_details(tmp_path, "www.example.org"))


def test_a_time_limit_without_its_clause_is_refused(tmp_path: Path) -> None:
    path = _with_details(tmp_path, "https://www.example.org")
    path.write_text(path.read_text().replace(', clause = "Test Act, s.1"', ""))

    with pytest.raises(ProfileError, match=r"time_limit\.clause: required key is missing"):
        load_profile(path)
