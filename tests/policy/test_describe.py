"""``describe_profile``: every rule of a profile as a row with its clause, for people to read."""

from __future__ import annotations

import pytest

from putright.policy import Row, describe_profile, get_profile, load_profiles

PROFILE_IDS = sorted(load_profiles())


def _rows(profile_id: str) -> dict[str, list[Row]]:
    return {s.title: s.rows for s in describe_profile(get_profile(profile_id))}


def _row(profile_id: str, section: str, rule: str) -> Row:
    matches = [r for r in _rows(profile_id)[section] if r.rule == rule]
    assert len(matches) == 1, f"{profile_id} {section!r} has {len(matches)} rows {rule!r}"
    return matches[0]


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
def test_every_stage_has_a_section_and_every_rule_row_a_clause(profile_id: str) -> None:
    profile = get_profile(profile_id)
    sections = describe_profile(profile)
    titles = [s.title for s in sections]

    assert titles == ["About this Code", *(s.name for s in profile.stages), "Other rules"]
    for section in sections[1:]:
        assert section.rows, f"{section.title} is empty"
        for row in section.rows:
            assert row.clause.strip(), f"{section.title}: {row.rule} has no clause"
            assert row.value.strip()


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
def test_every_deadline_step_has_a_row(profile_id: str) -> None:
    profile = get_profile(profile_id)
    for stage in profile.stages:
        rules = {r.rule: r.clause for r in _rows(profile_id)[stage.name]}
        for step in stage.deadline_steps:
            assert rules.get(step.label) == step.clause


def test_hos_stage_1_response_runs_from_acknowledgement() -> None:
    row = _row("hos-2024", "Stage 1", "Full response")

    assert row == Row("Full response", "10 working days from acknowledgement", "6.3")


def test_draft_stage_1_response_runs_from_receipt() -> None:
    row = _row("joint-draft-2023", "Stage 1", "Full response")

    assert (row.value, row.clause) == ("10 working days from receipt", "6.3")


def test_hos_outcomes_are_never_partially_upheld() -> None:
    row = _row("hos-2024", "Other rules", "Outcomes")

    assert row.value.startswith("upheld, not upheld; never 'partially upheld'")
    assert row.clause == "6.7"


def test_lgsco_outcomes_are_the_organisations_own() -> None:
    row = _row("lgsco-2024", "Other rules", "Outcomes")

    assert row.value.startswith("the organisation's own list")


def test_spso_stage_2_may_be_where_a_complaint_starts() -> None:
    rows = _rows("spso-mchp")["Stage 2: investigation"]

    assert rows[0].rule == "A complaint may start here"
    assert rows[0].value == "yes"
    respond = _row("spso-mchp", "Stage 2: investigation", "Investigation response")
    assert respond.value.startswith("20 working days from receipt, or from the request")
    extension = _row("spso-mchp", "Stage 2: investigation", "Extension")
    assert extension.value.startswith("no fixed limit")


def test_spso_stage_1_extension_has_a_hard_limit() -> None:
    row = _row("spso-mchp", "Stage 1: frontline response", "Extension")

    assert row.value.startswith("up to 5 working days; no more")


def test_children_act_panel_steps_run_from_the_step_before() -> None:
    section = "Stage 3: review panel"

    assert _row("children-act-2006", section, "Review panel meets").value.startswith(
        "30 working days from the request for this stage"
    )
    report = _row("children-act-2006", section, "Panel report")
    assert report.value.startswith("5 working days from 'review panel meets'")
    assert report.clause == "reg. 20"
    respond = _row("children-act-2006", section, "Local authority's response to the panel")
    assert respond.value.startswith("15 working days from 'panel report'")


def test_adult_social_care_response_has_no_fixed_period() -> None:
    respond = _row("asc-2009", "Complaint", "Response")
    reasons = _row("asc-2009", "Complaint", "Reasons owed if no response by then")

    assert respond.value.startswith("no fixed period: agreed with the individual")
    assert reasons.value.startswith("6 months from receipt")
    assert reasons.clause == "reg. 14(4)"


def test_notes_on_steps_are_shown() -> None:
    respond = _row("asc-2009", "Complaint", "Response")

    assert "reg. 13(8)" in respond.value
