"""Properties of working-day arithmetic that hold for every division, date and set of closures."""

from __future__ import annotations

import functools
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt
from hypothesis import given, settings
from hypothesis import strategies as st

from putright.policy.schema import Profile, Stage, load_profiles
from putright.rules.calendar import DIVISIONS, WorkingCalendar, bank_holidays, calendar_for
from putright.rules.deadlines import StageFacts, stage_deadlines

FAST = settings(max_examples=200, deadline=None)

divisions = st.sampled_from(sorted(DIVISIONS))
# From March 2000, so that every date (and every closure day drawn up to 30 days before it) has
# a working day on or before it inside the calendar, which starts on 1 January 2000.
received_dates = st.dates(date(2000, 3, 1), date(2070, 12, 31))
working_days = st.integers(0, 70)
profile_stages = st.sampled_from(
    [(profile, stage) for profile in load_profiles().values() for stage in profile.stages]
)


@st.composite
def closures_near(draw: st.DrawFn, day: date) -> frozenset[date]:
    """Up to 30 closure days from a few weeks before ``day`` to a few months after it."""
    offsets = draw(st.sets(st.integers(-30, 120), max_size=30))
    return frozenset(day + timedelta(days=o) for o in offsets)


@st.composite
def calendars_and_days(draw: st.DrawFn) -> tuple[WorkingCalendar, date]:
    day = draw(received_dates)
    return WorkingCalendar(draw(divisions), draw(closures_near(day))), day


@functools.cache
def _holidays_np(division: str) -> npt.NDArray[np.datetime64]:
    return np.array(sorted(bank_holidays(division)), dtype="datetime64[D]")


def _working_day_deadlines(
    profile: Profile, stage: Stage, calendar: WorkingCalendar, facts: StageFacts
) -> dict[str, date | None]:
    """The deadlines counted in working days (calendar-month steps are dated as they fall)."""
    result = stage_deadlines(profile, stage, calendar, facts)
    return {d.key: d.due for d in result.deadlines if d.months is None}


@FAST
@given(calendars_and_days(), working_days)
def test_no_deadline_falls_on_a_non_working_day(
    calendar_day: tuple[WorkingCalendar, date], n: int
) -> None:
    calendar, day = calendar_day
    due = calendar.add(day, n)
    assert calendar.is_working_day(due)
    assert due not in calendar.closures
    assert due.weekday() < 5
    assert due not in bank_holidays(calendar.division)


@FAST
@given(profile_stages, calendars_and_days(), st.integers(0, 20), st.integers(0, 40), st.booleans())
def test_no_stage_deadline_falls_on_a_non_working_day(
    profile_stage: tuple[Profile, Stage],
    calendar_day: tuple[WorkingCalendar, date],
    ack_after: int,
    extension: int,
    acknowledged: bool,
) -> None:
    profile, stage = profile_stage
    calendar, received = calendar_day
    ack = received + timedelta(days=ack_after) if acknowledged else None
    dues = _working_day_deadlines(profile, stage, calendar, StageFacts(received, ack, extension))
    for key, due in dues.items():
        assert due is None or calendar.is_working_day(due), (key, due)


@FAST
@given(calendars_and_days(), working_days, st.integers(1, 30))
def test_more_days_never_give_an_earlier_date(
    calendar_day: tuple[WorkingCalendar, date], n: int, more: int
) -> None:
    calendar, day = calendar_day
    assert calendar.add(day, n + more) > calendar.add(day, n)
    assert calendar.working_days_between(day, calendar.add(day, n)) == n


@FAST
@given(calendars_and_days(), working_days, st.integers(1, 60))
def test_a_later_start_never_gives_an_earlier_date(
    calendar_day: tuple[WorkingCalendar, date], n: int, later: int
) -> None:
    calendar, day = calendar_day
    assert calendar.add(day + timedelta(days=later), n) >= calendar.add(day, n)


@FAST
@given(
    profile_stages,
    divisions,
    received_dates.filter(lambda d: d.weekday() == 4),
    st.integers(1, 2),
    st.integers(0, 20),
    st.integers(0, 40),
    st.booleans(),
)
def test_a_weekend_receipt_has_the_deadlines_of_the_friday_before(
    profile_stage: tuple[Profile, Stage],
    division: str,
    friday: date,
    weekend_day: int,
    ack_after: int,
    extension: int,
    acknowledged: bool,
) -> None:
    profile, stage = profile_stage
    calendar = calendar_for(division)
    weekend = friday + timedelta(days=weekend_day)
    ack = weekend + timedelta(days=ack_after) if acknowledged else None
    on_friday = _working_day_deadlines(profile, stage, calendar, StageFacts(friday, ack, extension))
    on_weekend = _working_day_deadlines(
        profile, stage, calendar, StageFacts(weekend, ack, extension)
    )
    assert on_weekend == on_friday


@FAST
@given(
    profile_stages,
    divisions,
    received_dates,
    st.data(),
    st.integers(0, 20),
    st.integers(0, 40),
    st.booleans(),
)
def test_closing_more_days_never_gives_an_earlier_deadline(
    profile_stage: tuple[Profile, Stage],
    division: str,
    received: date,
    data: st.DataObject,
    ack_after: int,
    extension: int,
    acknowledged: bool,
) -> None:
    profile, stage = profile_stage
    fewer = data.draw(closures_near(received))
    more = fewer | data.draw(closures_near(received))
    ack = received + timedelta(days=ack_after) if acknowledged else None
    facts = StageFacts(received, ack, extension)
    before = stage_deadlines(profile, stage, WorkingCalendar(division, fewer), facts)
    after = stage_deadlines(profile, stage, WorkingCalendar(division, more), facts)
    assert [d.key for d in after.deadlines] == [d.key for d in before.deadlines]
    for old, new in zip(before.deadlines, after.deadlines, strict=True):
        assert (old.due is None) == (new.due is None)
        assert old.due is None or new.due is None or new.due >= old.due, (old, new)


@FAST
@given(
    calendars_and_days(),
    st.lists(st.integers(0, 400), min_size=1, max_size=50),
    st.lists(working_days, min_size=1, max_size=50),
)
def test_add_many_agrees_with_add(
    calendar_day: tuple[WorkingCalendar, date], offsets: list[int], counts: list[int]
) -> None:
    calendar, day = calendar_day
    size = min(len(offsets), len(counts))
    starts = [day + timedelta(days=o) for o in offsets[:size]]
    ordinals = np.array([d.toordinal() for d in starts], dtype=np.int64)
    n = np.array(counts[:size], dtype=np.int64)
    got = calendar.add_many(ordinals, n)
    assert [date.fromordinal(int(o)) for o in got] == [
        calendar.add(s, int(k)) for s, k in zip(starts, n, strict=True)
    ]
    # A scalar count applies to every date.
    got_scalar = calendar.add_many(ordinals, 5)
    assert [date.fromordinal(int(o)) for o in got_scalar] == [calendar.add(s, 5) for s in starts]


@FAST
@given(calendars_and_days(), working_days)
def test_numpy_busday_offset_agrees_with_add(
    calendar_day: tuple[WorkingCalendar, date], n: int
) -> None:
    """numpy's business-day offset, rolling backward, is an independent implementation."""
    calendar, day = calendar_day
    holidays = np.concatenate(
        [
            _holidays_np(calendar.division),
            np.array(sorted(calendar.closures), dtype="datetime64[D]"),
        ]
    )
    expected = np.busday_offset(
        np.datetime64(day, "D"), n, roll="backward", weekmask="1111100", holidays=holidays
    )
    assert calendar.add(day, n) == expected.astype(date)
