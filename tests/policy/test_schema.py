"""A broken profile is refused with one line that names the file and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from putright.policy.schema import CONTENT_ELEMENTS, ProfileError, load_profile

VALID = """\
id = "broken"
name = "Test Code"
short_name = "Test Code"
version = "1"
status = "guidance"
ombudsman = "Test Ombudsman"
max_stages = 2
max_stages_clause = "1.1"
strength = { value = "should", clause = "1.2" }

[outcomes]
set_by = "code"
values = ["upheld", "not_upheld"]
clause = "1.3"

[[stages]]
number = 1
name = "Stage 1"
acknowledge = { key = "acknowledge_by", label = "Acknowledge", days = 5, clause = "2.1" }
respond = { key = "respond_by", label = "Reply", days = 10, start = "acknowledged", clause = "2.2" }
"""

ACKNOWLEDGE = (
    'acknowledge = { key = "acknowledge_by", label = "Acknowledge", days = 5, clause = "2.1" }'
)


def _write(tmp_path: Path, text: str, name: str = "broken.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _refusal(path: Path) -> str:
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    message = str(info.value)
    assert "\n" not in message
    return message


def _changed(old: str, new: str) -> str:
    assert VALID.count(old) == 1
    return VALID.replace(old, new)


def test_the_valid_example_loads(tmp_path: Path) -> None:
    profile = load_profile(_write(tmp_path, VALID))

    assert profile.id == "broken"
    assert profile.stage(1).respond is not None
    assert profile.stage(1).respond.days == 10


def test_a_rule_without_a_clause_is_refused(tmp_path: Path) -> None:
    text = _changed(ACKNOWLEDGE, ACKNOWLEDGE.replace(', clause = "2.1"', ""))

    assert _refusal(_write(tmp_path, text)) == (
        "broken.toml: stages[0].acknowledge.clause: required key is missing"
    )


def test_a_blank_clause_is_refused(tmp_path: Path) -> None:
    text = _changed('clause = "1.2"', 'clause = "  "')

    assert _refusal(_write(tmp_path, text)) == (
        "broken.toml: strength.clause: String should have at least 1 character"
    )


def test_a_negative_number_of_days_is_refused(tmp_path: Path) -> None:
    text = _changed("days = 5", "days = -5")

    assert _refusal(_write(tmp_path, text)) == (
        "broken.toml: stages[0].acknowledge.days: Input should be greater than or equal to 0"
    )


def test_an_unknown_nested_key_is_refused(tmp_path: Path) -> None:
    text = _changed("days = 5", "dayz = 5")

    assert (
        _refusal(_write(tmp_path, text)) == "broken.toml: stages[0].acknowledge.dayz: unknown key"
    )


def test_an_unknown_top_level_key_is_refused(tmp_path: Path) -> None:
    text = VALID.replace('version = "1"\n', 'version = "1"\nversoin = "2"\n')

    assert _refusal(_write(tmp_path, text)) == "broken.toml: versoin: unknown key"


def test_an_unknown_content_element_is_refused(tmp_path: Path) -> None:
    text = VALID + 'contents = { required = ["stage", "apology"], clause = "2.3" }\n'

    assert _refusal(_write(tmp_path, text)) == (
        "broken.toml: stages[0].contents: unknown content element 'apology'; "
        f"known: {', '.join(CONTENT_ELEMENTS)}"
    )


def test_stages_numbered_wrongly_are_refused(tmp_path: Path) -> None:
    text = _changed("number = 1", "number = 2")

    assert _refusal(_write(tmp_path, text)) == (
        "broken.toml: stages: stages must be numbered 1, 2, … in order; found [2]"
    )


def test_more_stages_than_max_stages_are_refused(tmp_path: Path) -> None:
    text = _changed("max_stages = 2", "max_stages = 1") + (
        '\n[[stages]]\nnumber = 2\nname = "Stage 2"\n'
        'respond = { key = "respond_by", label = "Respond", days = 20, clause = "3.1" }\n'
    )

    assert _refusal(_write(tmp_path, text)) == (
        "broken.toml: (top level): 2 stages but max_stages is 1"
    )


def test_a_step_that_starts_from_a_later_step_is_refused(tmp_path: Path) -> None:
    text = _changed('start = "acknowledged"', 'start = "panel_by"')

    assert _refusal(_write(tmp_path, text)) == (
        "broken.toml: stages[0]: step 'respond_by' starts from 'panel_by', "
        "which is not an earlier step"
    )


def test_a_step_with_both_days_and_months_is_refused(tmp_path: Path) -> None:
    text = _changed("days = 5,", "days = 5, months = 1,")

    assert _refusal(_write(tmp_path, text)) == (
        "broken.toml: stages[0].acknowledge: a step has working days or months, not both"
    )


def test_an_id_that_does_not_match_the_file_name_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, VALID, name="other.toml")

    assert _refusal(path) == "other.toml: id: 'broken' does not match the file name"


def test_invalid_toml_is_refused(tmp_path: Path) -> None:
    text = VALID.replace('name = "Test Code"', "name = Test Code")

    message = _refusal(_write(tmp_path, text))

    assert message.startswith("broken.toml: not valid TOML: ")
    assert "line 2" in message


def test_several_problems_are_counted_in_the_one_line(tmp_path: Path) -> None:
    text = _changed("days = 5", "days = -5").replace("days = 10", "days = -10")

    assert _refusal(_write(tmp_path, text)) == (
        "broken.toml: stages[0].acknowledge.days: Input should be greater than or equal to 0 "
        "(and 1 more)"
    )


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    assert _refusal(tmp_path / "missing.toml") == (
        "missing.toml: cannot be read: No such file or directory"
    )
