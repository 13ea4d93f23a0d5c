"""What a response must contain, per profile and stage, checked against the Codes."""

import pytest

from putright.policy.schema import CONTENT_ELEMENTS, Profile, get_profile, load_profiles
from putright.rules.contents import ContentItem, in_words, missing_contents, required_contents


def shipped(profile_id: str) -> Profile:
    if profile_id not in load_profiles():
        pytest.skip(f"the {profile_id} profile is not shipped yet")
    return get_profile(profile_id)


@pytest.mark.parametrize(
    ("profile_id", "stage", "keys", "clause"),
    [
        (
            "hos-2024",
            1,
            ("stage", "decision", "reasons", "remedy", "outstanding_actions", "escalation"),
            "6.9",
        ),
        (
            "hos-2024",
            2,
            (
                "stage",
                "definition",
                "decision",
                "reasons",
                "remedy",
                "outstanding_actions",
                "ombudsman",
            ),
            "6.18",
        ),
        ("lgsco-2024", 1, ("escalation",), "6.8"),
        (
            "lgsco-2024",
            2,
            (
                "stage",
                "definition",
                "decision",
                "reasons",
                "remedy",
                "outstanding_actions",
                "ombudsman",
            ),
            "6.16",
        ),
        (
            "joint-draft-2023",
            1,
            (
                "stage",
                "definition",
                "decision",
                "reasons",
                "remedy",
                "outstanding_actions",
                "escalation",
            ),
            "6.10",
        ),
        (
            "joint-draft-2023",
            2,
            (
                "stage",
                "definition",
                "decision",
                "reasons",
                "remedy",
                "outstanding_actions",
                "ombudsman",
            ),
            "6.21",
        ),
    ],
)
def test_required_contents(profile_id: str, stage: int, keys: tuple[str, ...], clause: str) -> None:
    items = required_contents(get_profile(profile_id), stage)
    assert tuple(item.key for item in items) == keys
    assert {item.clause for item in items} == {clause}
    assert all(item.label == CONTENT_ELEMENTS[item.key] for item in items)


def test_a_stage_without_a_contents_rule_requires_nothing() -> None:
    children = shipped("children-act-2006")
    assert children.stage(1).contents is None
    assert required_contents(children, 1) == ()
    assert missing_contents(children, 1, ()) == ()


def test_missing_contents_lists_what_is_not_provided_in_the_codes_order() -> None:
    draft = get_profile("joint-draft-2023")
    missing = missing_contents(draft, 1, {"escalation", "stage", "definition", "decision"})
    assert missing == (
        ContentItem("reasons", "the reasons for any decisions made", "6.10"),
        ContentItem("remedy", "the details of any remedy offered to put things right", "6.10"),
        ContentItem("outstanding_actions", "details of any outstanding actions", "6.10"),
    )


def test_nothing_is_missing_when_everything_is_provided() -> None:
    hos = get_profile("hos-2024")
    assert missing_contents(hos, 2, list(CONTENT_ELEMENTS)) == ()


def test_lgsco_stage_1_needs_only_how_to_escalate() -> None:
    lgsco = get_profile("lgsco-2024")
    assert missing_contents(lgsco, 1, ["escalation"]) == ()
    assert [i.key for i in missing_contents(lgsco, 1, [])] == ["escalation"]


def test_an_unknown_element_is_refused_not_taken_as_missing() -> None:
    with pytest.raises(ValueError, match="unknown content element 'outstanding_action'"):
        missing_contents(get_profile("hos-2024"), 1, ["outstanding_action"])


def test_a_stage_the_profile_does_not_have_is_a_key_error() -> None:
    with pytest.raises(KeyError, match="no stage 3"):
        required_contents(get_profile("hos-2024"), 3)


@pytest.mark.parametrize(
    ("keys", "words"),
    [
        ((), ""),
        (("remedy",), "the details of any remedy offered to put things right"),
        (("stage", "decision"), "the complaint stage and the decision on the complaint"),
        (
            ("stage", "decision", "ombudsman"),
            "the complaint stage, the decision on the complaint and how to go to the Ombudsman",
        ),
    ],
)
def test_in_words(keys: tuple[str, ...], words: str) -> None:
    assert in_words(ContentItem(k, CONTENT_ELEMENTS[k], "") for k in keys) == words


def test_every_shipped_profile_names_only_known_elements_with_a_clause() -> None:
    for profile in load_profiles().values():
        for stage in profile.stages:
            for item in required_contents(profile, stage.number):
                assert item.label
                assert item.clause
