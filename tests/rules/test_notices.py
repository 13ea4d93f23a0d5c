"""Which notices are due on a day, against dates worked out by hand from a printed calendar.

England and Wales, 2025: Good Friday is 18 April and Easter Monday 21 April; 14 March is a Friday.
With a reminder 2 working days before, a deadline on Friday 14 March is reminded of on Wednesday
12th, Thursday 13th and Friday 14th, and alerted on each working day from Monday 17th to Friday
28th (10 working days), then left to the work queues.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from putright.rules.calendar import calendar_for
from putright.rules.notices import Tracked, notice_for, notices_due, window

D = date.fromisoformat
EW = calendar_for("england-and-wales")


def kind(due: str, today: str, *, lead: int = 2, what: str = "respond", calendar=EW) -> str | None:  # type: ignore[no-untyped-def]
    found = notice_for(
        Tracked("stage-1", what, D(due)),
        today=D(today),
        calendar=calendar,
        lead_days=lead,
        catch_up_days=10,
    )
    return found.kind if found else None


@pytest.mark.parametrize(
    ("due", "today", "expected"),
    [
        ("2025-03-14", "2025-03-10", None),  # Monday: 4 working days before
        ("2025-03-14", "2025-03-11", None),  # Tuesday: 3 before
        ("2025-03-14", "2025-03-12", "respond_soon"),  # Wednesday: 2 before
        ("2025-03-14", "2025-03-13", "respond_soon"),
        ("2025-03-14", "2025-03-14", "respond_soon"),  # the day itself: not yet passed
        ("2025-03-14", "2025-03-15", None),  # Saturday: nothing is sent on a non-working day
        ("2025-03-14", "2025-03-16", None),
        ("2025-03-14", "2025-03-17", "respond_overdue"),  # Monday: passed
        ("2025-03-14", "2025-03-28", "respond_overdue"),  # the 10th working day after
        ("2025-03-14", "2025-03-31", None),  # the 11th: left to the work queues
        # Easter: Tuesday 22 April is 2 working days after Wednesday 16th (Thursday 17th, then
        # Tuesday 22nd: Good Friday and Easter Monday are bank holidays).
        ("2025-04-22", "2025-04-15", None),
        ("2025-04-22", "2025-04-16", "respond_soon"),
        ("2025-04-22", "2025-04-18", None),  # Good Friday
        ("2025-04-22", "2025-04-23", "respond_overdue"),
        # An agreed update due on a Saturday: reminded on the Friday, alerted on the Monday.
        ("2025-03-15", "2025-03-13", "respond_soon"),
        ("2025-03-15", "2025-03-14", "respond_soon"),
        ("2025-03-15", "2025-03-17", "respond_overdue"),
    ],
)
def test_reminders_and_alerts(due: str, today: str, expected: str | None) -> None:
    assert kind(due, today) == expected


def test_a_reminder_on_the_day_only_and_a_longer_lead() -> None:
    assert kind("2025-03-14", "2025-03-13", lead=0) is None
    assert kind("2025-03-14", "2025-03-14", lead=0) == "respond_soon"
    assert kind("2025-03-14", "2025-03-07", lead=5) == "respond_soon"
    assert kind("2025-03-14", "2025-03-06", lead=5) is None


def test_closure_days_are_not_working_days() -> None:
    closed = calendar_for("england-and-wales", [D("2025-03-12")])
    # Closed on Wednesday 12th: Tuesday 11th is then 2 working days before Friday 14th.
    assert kind("2025-03-14", "2025-03-11", calendar=closed) == "respond_soon"
    assert kind("2025-03-14", "2025-03-12", calendar=closed) is None


def test_every_kind_of_date() -> None:
    for what in (
        "acknowledge",
        "update",
        "adjustment_review",
        "restriction_review",
        "remedy",
        "action",
    ):
        assert kind("2025-03-14", "2025-03-13", what=what) == f"{what}_soon"
        assert kind("2025-03-14", "2025-03-17", what=what) == f"{what}_overdue"
    with pytest.raises(ValueError, match="unknown kind of date"):
        kind("2025-03-14", "2025-03-13", what="lunch")


def test_catch_up_after_downtime_gives_the_same_notices_as_every_day() -> None:
    """A sweep on the Monday after a week away sends what a daily sweep would have sent and
    is still due: the alerts for the dates passed, no stale reminders."""
    items = [
        Tracked("a", "respond", D("2025-03-12")),  # passed while away: alert
        Tracked("b", "acknowledge", D("2025-03-18")),  # ahead, within 2 days: reminder
        Tracked("c", "remedy", D("2025-03-25")),  # ahead, too far: nothing yet
        Tracked("d", "action", D("2025-02-10")),  # long overdue before: left to the queues
    ]
    found = notices_due(items, today=D("2025-03-17"), calendar=EW, lead_days=2, catch_up_days=10)
    assert [(n.item.ref, n.kind) for n in found] == [
        ("a", "respond_overdue"),
        ("b", "acknowledge_soon"),
    ]


def test_the_window_is_what_must_be_read() -> None:
    assert window(today=D("2025-03-13"), calendar=EW, lead_days=2, catch_up_days=10) == (
        D("2025-02-27"),  # Thursday 27 Feb: 10 working days before Thursday 13 March
        D("2025-03-17"),  # Monday 17th, 2 working days ahead (Friday 14th is the first)
    )


@given(
    due=st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)),
    offset=st.integers(min_value=-60, max_value=60),
    lead=st.integers(min_value=0, max_value=20),
    catch_up=st.integers(min_value=0, max_value=20),
)
def test_a_notice_due_is_always_inside_the_window(
    due: date, offset: int, lead: int, catch_up: int
) -> None:
    today = due + timedelta(days=offset)
    found = notice_for(
        Tracked(1, "respond", due), today=today, calendar=EW, lead_days=lead, catch_up_days=catch_up
    )
    earliest, latest = window(today=today, calendar=EW, lead_days=lead, catch_up_days=catch_up)
    if found is not None:
        assert earliest <= due <= latest
        assert EW.is_working_day(today)
        assert found.overdue == (today > due)
