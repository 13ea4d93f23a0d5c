"""What each letter must contain, per profile, kind and stage; gaps found in a letter's parts;
staff names found in its text."""

from __future__ import annotations

import pytest

from putright.policy.schema import CONTENT_ELEMENTS, get_profile, load_profiles
from putright.rules.contents import (
    LETTER_KINDS,
    ContentItem,
    letter_contents,
    letter_gaps,
    staff_names_in,
)

RESPONSE_2 = ("stage", "definition", "decision", "reasons", "remedy", "outstanding_actions")


@pytest.mark.parametrize(
    ("profile_id", "kind", "stage", "expected"),
    [
        ("hos-2024", "acknowledgement", 1, (("stage", "6.2"),)),
        ("hos-2024", "acknowledgement", 2, (("stage", "6.11"), ("definition", "6.13"))),
        ("lgsco-2024", "acknowledgement", 2, (("stage", "6.10"), ("definition", "6.10"))),
        ("asc-2009", "acknowledgement", 1, (("stage", "reg. 13(2)"),)),
        (
            "hos-2024",
            "extension",
            1,
            (("extension_reason", "6.4"), ("new_date", "6.4"), ("ombudsman", "6.5")),
        ),
        (
            "joint-draft-2023",
            "extension",
            2,
            (("extension_reason", "6.19"), ("new_date", "6.19"), ("ombudsman", "6.20")),
        ),
        (
            "children-act-2006",
            "extension",
            1,
            (("extension_reason", "reg. 14"), ("new_date", "reg. 14")),
        ),
        ("hos-2024", "exclusion", 1, (("reasons", "2.4"), ("ombudsman", "2.4"))),
        ("joint-draft-2023", "exclusion", 2, (("reasons", "2.5"), ("ombudsman", "2.5"))),
        ("children-act-2006", "exclusion", 1, ()),
        (
            "hos-2024",
            "response",
            1,
            tuple(
                (k, "6.9")
                for k in (
                    "stage",
                    "decision",
                    "reasons",
                    "remedy",
                    "outstanding_actions",
                    "escalation",
                )
            ),
        ),
        ("lgsco-2024", "response", 1, (("escalation", "6.8"),)),
        (
            "lgsco-2024",
            "final_response",
            2,
            (*((k, "6.16") for k in RESPONSE_2), ("ombudsman", "6.16")),
        ),
        (
            "hos-2024",
            "final_response",
            2,
            (*((k, "6.18") for k in RESPONSE_2), ("ombudsman", "6.18")),
        ),
        ("children-act-2006", "response", 1, ()),
        ("hos-2024", "update", 1, (("progress", "5.10"), ("next_update", "5.10"))),
        ("lgsco-2024", "update", 2, (("progress", "5.7"), ("next_update", "5.7"))),
        ("children-act-2006", "update", 1, ()),
        (
            "lgsco-2024",
            "remedy_not_delivered",
            1,
            (("reasons", "section 7"), ("alternative", "section 7"), ("ombudsman", "section 7")),
        ),
        ("hos-2024", "remedy_not_delivered", 1, ()),
    ],
)
def test_what_each_letter_must_contain(
    profile_id: str, kind: str, stage: int, expected: tuple[tuple[str, str], ...]
) -> None:
    items = letter_contents(get_profile(profile_id), kind, stage)

    assert tuple((item.key, item.clause) for item in items) == expected
    assert all(item.label == CONTENT_ELEMENTS[item.key] for item in items)


def test_every_kind_at_every_stage_of_every_profile_cites_its_rules() -> None:
    for profile in load_profiles().values():
        for stage in profile.stages:
            for kind in LETTER_KINDS:
                for item in letter_contents(profile, kind, stage.number):
                    assert item.clause.strip(), (profile.id, kind, stage.number, item.key)


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown letter kind 'apology'"):
        letter_contents(get_profile("hos-2024"), "apology", 1)


EXTENSION = letter_contents(get_profile("hos-2024"), "extension", 1)
OMBUDSMAN = {"ombudsman": ["Housing Ombudsman Service", "www.housing-ombudsman.org.uk"]}


def test_a_letter_with_every_part_has_no_gaps() -> None:
    parts = {
        "extension_reason": "We need a report from the surveyor.",
        "new_date": "We will reply by 17 March 2025.",
        "ombudsman": "You can contact the Housing Ombudsman Service at any time.",
    }
    assert letter_gaps(EXTENSION, parts, OMBUDSMAN) == ()


def test_an_empty_or_missing_part_is_a_gap_with_its_clause() -> None:
    parts = {"extension_reason": "  \n ", "ombudsman": "Housing Ombudsman Service"}

    gaps = letter_gaps(EXTENSION, parts, OMBUDSMAN)

    assert [(g.key, g.clause, g.detail) for g in gaps] == [
        ("extension_reason", "6.4", "is missing"),
        ("new_date", "6.4", "is missing"),
    ]


def test_an_ombudsman_part_that_does_not_name_the_ombudsman_is_a_gap() -> None:
    parts = {"extension_reason": "x", "new_date": "y", "ombudsman": "You can complain further."}

    (gap,) = letter_gaps(EXTENSION, parts, OMBUDSMAN)

    assert gap.key == "ombudsman"
    assert gap.detail == ("must name 'Housing Ombudsman Service' or 'www.housing-ombudsman.org.uk'")


def test_mentions_match_across_line_breaks_and_case() -> None:
    items = (ContentItem("new_date", CONTENT_ELEMENTS["new_date"], "6.4"),)
    parts = {"new_date": "We will now reply by 17\nMARCH 2025."}
    assert letter_gaps(items, parts, {"new_date": ["17 March 2025"]}) == ()


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Hana Hughes visited your home on 3 March.", ("Hana Hughes",)),
        ("Our officer, Mr Hughes, visited.", ("Hana Hughes",)),
        ("hana   hughes\nvisited.", ("Hana Hughes",)),
        ("The hughes family lives next door.", ()),
        ("Our repairs team visited your home.", ()),
        ("Mo Mensah and Ms Lewis reviewed it.", ("Mo Mensah", "Lena Lewis")),
        ("Moses came round.", ()),
    ],
)
def test_staff_names_in(text: str, found: tuple[str, ...]) -> None:
    staff = ["Hana Hughes", "Mo Mensah", "Lena Lewis", "", "Al Bo"]
    assert staff_names_in(text, staff) == found
