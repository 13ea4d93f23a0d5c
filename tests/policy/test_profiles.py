"""Guard tests for the shipped Code profiles: they load, every rule cites its clause, and the rules
that differ between the Codes are what ``code-rules.md`` says they are."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pydantic import BaseModel

from putright.policy.schema import PROFILES_DIR, Profile, Rule, Stage, load_profile, load_profiles
from putright.rules.calendar import calendar_for
from putright.rules.deadlines import StageFacts, stage_deadlines

SHIPPED = sorted(PROFILES_DIR.glob("*.toml"))
PROFILES = load_profiles()


def _rules(value: object, where: str) -> Iterator[tuple[str, Rule]]:
    """Every ``Rule`` inside a model, however deep, with where it is."""
    if isinstance(value, Rule):
        yield where, value
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _rules(getattr(value, name), f"{where}.{name}")
    elif isinstance(value, tuple | list):
        for index, item in enumerate(value):
            yield from _rules(item, f"{where}[{index}]")


def test_the_profiles_of_the_rules_page_are_shipped() -> None:
    assert sorted(PROFILES) == [
        "asc-2009",
        "children-act-2006",
        "hos-2024",
        "joint-draft-2023",
        "lgsco-2024",
        "spso-mchp",
    ]


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_every_profile_loads(path: Path) -> None:
    assert load_profile(path).id == path.stem


@pytest.mark.parametrize("profile_id", sorted(PROFILES))
def test_every_rule_cites_a_clause(profile_id: str) -> None:
    profile = PROFILES[profile_id]
    rules = list(_rules(profile, profile_id))

    assert len(rules) > 5
    for where, rule in rules:
        assert rule.clause.strip(), f"{where} has no clause"
    assert profile.max_stages_clause.strip()


@pytest.mark.parametrize("profile_id", sorted(PROFILES))
def test_every_stage_step_cites_a_clause_and_has_a_unique_key(profile_id: str) -> None:
    for stage in PROFILES[profile_id].stages:
        keys = [step.key for step in stage.deadline_steps]
        assert len(keys) == len(set(keys)), f"stage {stage.number} repeats a step key"
        for step in stage.deadline_steps:
            assert step.clause.strip(), f"stage {stage.number} step {step.key} has no clause"


@pytest.mark.parametrize("profile_id", sorted(PROFILES))
def test_acknowledge_and_respond_steps_keep_their_keys(profile_id: str) -> None:
    # The deadline engine and `putright deadlines` find these two deadlines by key.
    for stage in PROFILES[profile_id].stages:
        assert stage.respond is not None, f"stage {stage.number} has no response step"
        assert stage.respond.key == "respond_by"
        if stage.acknowledge is not None:
            assert stage.acknowledge.key == "acknowledge_by"


@pytest.mark.parametrize("profile_id", sorted(PROFILES))
def test_the_deadline_engine_computes_every_stage(profile_id: str) -> None:
    profile = PROFILES[profile_id]
    calendar = calendar_for("england-and-wales")
    for stage in profile.stages:
        result = stage_deadlines(profile, stage, calendar, StageFacts(date(2025, 3, 3)))
        assert [d.key for d in result.deadlines] == [s.key for s in stage.deadline_steps]
        for deadline in result.deadlines:
            if deadline.days is not None or deadline.months is not None:
                assert deadline.due is not None
                assert deadline.due >= date(2025, 3, 3)


def _stage(profile_id: str, number: int) -> Stage:
    return PROFILES[profile_id].stage(number)


def _days(profile_id: str, number: int, which: str) -> tuple[int | None, str]:
    step = getattr(_stage(profile_id, number), which)
    assert step is not None
    return step.days, step.start


# The table of code-rules.md, rule by rule.


@pytest.mark.parametrize("profile_id", ["hos-2024", "lgsco-2024", "joint-draft-2023"])
def test_stage_1_acknowledgement_is_5_working_days_from_receipt(profile_id: str) -> None:
    assert _days(profile_id, 1, "acknowledge") == (5, "received")
    assert _stage(profile_id, 1).acknowledge.clause == "6.2"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("profile_id", "start"),
    [
        ("hos-2024", "acknowledged"),
        ("lgsco-2024", "acknowledged"),
        ("joint-draft-2023", "received"),
    ],
)
def test_stage_1_response_is_10_working_days(profile_id: str, start: str) -> None:
    assert _days(profile_id, 1, "respond") == (10, start)
    assert _stage(profile_id, 1).respond.clause == "6.3"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("profile_id", "start"),
    [
        ("hos-2024", "acknowledged"),
        ("lgsco-2024", "acknowledged"),
        ("joint-draft-2023", "received"),
    ],
)
def test_stage_2_response_is_20_working_days(profile_id: str, start: str) -> None:
    assert _days(profile_id, 2, "acknowledge") == (5, "received")
    assert _days(profile_id, 2, "respond") == (20, start)


@pytest.mark.parametrize("profile_id", ["hos-2024", "lgsco-2024", "joint-draft-2023"])
def test_the_two_stage_codes_limit_extensions_and_handlers(profile_id: str) -> None:
    profile = PROFILES[profile_id]
    limits = [s.extension.limit_days if s.extension else None for s in profile.stages]

    assert profile.max_stages == 2
    assert limits == [10, 20]
    for stage in profile.stages:
        assert stage.extension is not None
        assert stage.extension.beyond_limit == "with_reason"
        assert stage.extension.ombudsman_details is not None
        assert stage.extension.ombudsman_details.value is True
    assert profile.stage(2).different_handler is not None
    assert profile.stage(2).different_handler.value is True
    assert profile.stage(2).may_start_here is not None
    assert profile.stage(2).may_start_here.value is False


@pytest.mark.parametrize(
    ("profile_id", "set_by", "partially_upheld"),
    [
        ("hos-2024", "code", False),
        ("joint-draft-2023", "code", False),
        ("lgsco-2024", "organisation", True),
        ("spso-mchp", "code", True),
        ("children-act-2006", "code", True),
        ("asc-2009", "organisation", True),
    ],
)
def test_outcomes(profile_id: str, set_by: str, partially_upheld: bool) -> None:
    outcomes = PROFILES[profile_id].outcomes

    assert outcomes.set_by == set_by
    assert outcomes.partially_upheld_allowed is partially_upheld
    assert {"upheld", "not_upheld"} <= set(outcomes.values)
    if not partially_upheld:
        assert outcomes.values == ("upheld", "not_upheld")


def test_hos_time_limit_is_an_exclusion_after_12_months() -> None:
    limit = PROFILES["hos-2024"].time_limit
    assert limit is not None
    assert (limit.months, limit.kind, limit.discretion) == (12, "may_exclude_after", True)


@pytest.mark.parametrize("profile_id", ["lgsco-2024", "joint-draft-2023"])
def test_lgsco_and_draft_accept_within_12_months_of_issue_or_awareness(profile_id: str) -> None:
    limit = PROFILES[profile_id].time_limit
    assert limit is not None
    assert (limit.months, limit.start, limit.kind) == (
        12,
        "issue_or_awareness",
        "must_accept_within",
    )
    assert limit.clause == "2.2"


def test_safeguarding_may_be_excluded_under_lgsco_but_not_under_the_draft() -> None:
    lgsco = PROFILES["lgsco-2024"].exclusions
    draft = PROFILES["joint-draft-2023"].exclusions
    assert lgsco is not None
    assert draft is not None

    assert lgsco.safeguarding_excludable is not None
    assert lgsco.safeguarding_excludable.value is True
    assert draft.safeguarding_excludable is not None
    assert draft.safeguarding_excludable.value is False
    assert draft.safeguarding_excludable.clause == "2.3"


def test_record_of_disabilities_kept_under_hos_and_the_draft_not_lgsco() -> None:
    kept = {
        pid: PROFILES[pid].record_of_disabilities.value  # type: ignore[union-attr]
        for pid in ("hos-2024", "lgsco-2024", "joint-draft-2023")
    }
    assert kept == {"hos-2024": True, "lgsco-2024": False, "joint-draft-2023": True}


def test_only_the_draft_forbids_naming_staff() -> None:
    draft = PROFILES["joint-draft-2023"].naming_staff_allowed
    assert draft is not None
    assert (draft.value, draft.clause) == (False, "5.6")
    assert PROFILES["hos-2024"].naming_staff_allowed is None
    assert PROFILES["lgsco-2024"].naming_staff_allowed is None


def test_strength_is_must_except_lgsco() -> None:
    strengths = {pid: p.strength.value for pid, p in PROFILES.items()}
    assert strengths["lgsco-2024"] == "should"
    assert {v for pid, v in strengths.items() if pid != "lgsco-2024"} == {"must"}


def test_spso_frontline_response_and_investigation() -> None:
    profile = PROFILES["spso-mchp"]
    frontline, investigation = profile.stages

    assert profile.status == "statutory"
    assert profile.ombudsman == "Scottish Public Services Ombudsman"
    assert frontline.acknowledge is None
    assert _days("spso-mchp", 1, "respond") == (5, "received")
    assert frontline.extension is not None
    assert (frontline.extension.limit_days, frontline.extension.beyond_limit) == (5, "never")
    assert _days("spso-mchp", 2, "acknowledge") == (3, "received")
    assert _days("spso-mchp", 2, "respond") == (20, "received")
    assert investigation.extension is not None
    assert investigation.extension.limit_days is None
    assert investigation.may_start_here is not None
    assert investigation.may_start_here.value is True
    assert "resolved" in profile.outcomes.values
    assert profile.time_limit is not None
    assert profile.time_limit.months == 6


def test_children_act_has_three_stages_and_a_review_panel_chain() -> None:
    profile = PROFILES["children-act-2006"]
    panel = profile.stage(3)

    assert profile.max_stages == 3
    assert [s.number for s in profile.stages] == [1, 2, 3]
    assert _days("children-act-2006", 1, "respond") == (10, "received")
    assert _days("children-act-2006", 2, "respond") == (25, "received")
    limits = [s.extension.limit_days if s.extension else None for s in profile.stages]
    assert limits == [10, 40, None]
    assert [(s.key, s.days, s.start) for s in panel.deadline_steps] == [
        ("panel_by", 30, "received"),
        ("panel_report_by", 5, "panel_by"),
        ("respond_by", 15, "panel_report_by"),
    ]
    assert panel.may_start_here is not None
    assert panel.may_start_here.value is False


def test_children_act_panel_deadlines_follow_each_other() -> None:
    profile = PROFILES["children-act-2006"]
    result = stage_deadlines(
        profile, profile.stage(3), calendar_for("england-and-wales"), StageFacts(date(2025, 6, 2))
    )

    # Monday 2 June 2025, no bank holiday until 25 August: 30 working days is six weeks on,
    # Monday 14 July; 5 more is Monday 21 July; 15 more is Monday 11 August.
    assert result.due("panel_by") == date(2025, 7, 14)
    assert result.due("panel_report_by") == date(2025, 7, 21)
    assert result.respond_by == date(2025, 8, 11)


def test_adult_social_care_is_one_stage_with_an_agreed_response_period() -> None:
    profile = PROFILES["asc-2009"]
    (stage,) = profile.stages

    assert profile.max_stages == 1
    assert _days("asc-2009", 1, "acknowledge") == (3, "received")
    assert stage.respond is not None
    assert (stage.respond.days, stage.respond.months) == (None, None)
    assert [(s.key, s.months, s.start) for s in stage.steps] == [("reasons_owed_by", 6, "received")]
    assert profile.time_limit is not None
    assert profile.time_limit.months == 12


def test_adult_social_care_deadlines() -> None:
    profile = PROFILES["asc-2009"]
    result = stage_deadlines(
        profile, profile.stage(1), calendar_for("england-and-wales"), StageFacts(date(2025, 3, 3))
    )

    assert result.acknowledge_by == date(2025, 3, 6)
    assert result.due("reasons_owed_by") == date(2025, 9, 3)
    assert result.respond_by is None


def test_profiles_are_typed_models() -> None:
    assert all(isinstance(p, Profile) for p in PROFILES.values())
