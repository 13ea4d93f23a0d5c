"""Working-day arithmetic, against dates worked out by hand from a printed calendar.

Every expected date below was counted by hand ('within N working days of D': D is day 0, the first
working day after D is day 1) from the GOV.UK bank-holiday lists of the three divisions; none was
produced by the code under test. Rows whose answer is not obvious say why.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from putright.rules.calendar import (
    DIVISIONS,
    FIRST_YEAR,
    LAST_YEAR,
    CalendarError,
    WorkingCalendar,
    bank_holidays,
    calendar_for,
)

EW = "england-and-wales"
SCT = "scotland"
NI = "northern-ireland"

D = date.fromisoformat

#: The organisation is closed from Wednesday 27 to Friday 29 December 2023.
CLOSED_XMAS_2023 = (D("2023-12-27"), D("2023-12-28"), D("2023-12-29"))
#: Closed on Friday 27, Monday 30 and Tuesday 31 December 2024.
CLOSED_XMAS_2024 = (D("2024-12-27"), D("2024-12-30"), D("2024-12-31"))


# (division, closures, start, working days, expected)
ADD_ROWS = [
    # --- Christmas and New Year -----------------------------------------------------------------
    # 25, 26 Dec and 1 Jan off: 27, 28, 29 Dec, 2, 3 Jan.
    pytest.param(EW, (), "2023-12-22", 5, "2024-01-03", id="ew-xmas-2023-ack"),
    # Scotland also has 2 January: 27, 28, 29 Dec, 3, 4 Jan.
    pytest.param(SCT, (), "2023-12-22", 5, "2024-01-04", id="sct-xmas-2023-ack"),
    pytest.param(NI, (), "2023-12-22", 5, "2024-01-03", id="ni-xmas-2023-ack"),
    pytest.param(EW, (), "2023-12-22", 10, "2024-01-10", id="ew-xmas-2023-10wd"),
    pytest.param(SCT, (), "2023-12-22", 10, "2024-01-11", id="sct-xmas-2023-10wd"),
    # 25 Dec 2022 is a Sunday: 27 Dec is its substitute; 1 Jan 2023 (Sunday) moves to 2 Jan.
    pytest.param(EW, (), "2022-12-23", 5, "2023-01-04", id="ew-xmas-2022-substitutes"),
    # Scotland: 2 Jan 2023 (New Year's substitute) and 3 Jan (2 January's substitute).
    pytest.param(SCT, (), "2022-12-23", 5, "2023-01-05", id="sct-xmas-2022-substitutes"),
    # 1 Jan 2022 is a Saturday: Monday 3 Jan is the substitute.
    pytest.param(EW, (), "2021-12-31", 1, "2022-01-04", id="ew-new-year-2022-substitute"),
    # Scotland: 3 Jan for 1 Jan and 4 Jan for 2 Jan (a Sunday).
    pytest.param(SCT, (), "2021-12-31", 1, "2022-01-05", id="sct-new-year-2022-two-substitutes"),
    # 26 Dec 2026 is a Saturday: Boxing Day moves to Monday 28 Dec.
    pytest.param(EW, (), "2026-12-24", 3, "2026-12-31", id="ew-xmas-2026-boxing-substitute"),
    pytest.param(EW, (), "2026-12-24", 5, "2027-01-05", id="ew-xmas-2026-into-2027"),
    # 2 Jan 2027 is a Saturday: Scotland's substitute is Monday 4 Jan.
    pytest.param(SCT, (), "2026-12-24", 5, "2027-01-06", id="sct-xmas-2026-2-january-substitute"),
    # --- Easter: Good Friday everywhere, Easter Monday not in Scotland ----------------------------
    pytest.param(EW, (), "2024-03-28", 1, "2024-04-02", id="ew-easter-2024"),
    pytest.param(SCT, (), "2024-03-28", 1, "2024-04-01", id="sct-easter-2024-monday-works"),
    pytest.param(NI, (), "2024-03-28", 1, "2024-04-02", id="ni-easter-2024"),
    pytest.param(EW, (), "2023-04-03", 5, "2023-04-12", id="ew-easter-2023"),
    pytest.param(SCT, (), "2023-04-03", 5, "2023-04-11", id="sct-easter-2023"),
    pytest.param(NI, (), "2023-04-03", 5, "2023-04-12", id="ni-easter-2023"),
    pytest.param(EW, (), "2025-04-17", 1, "2025-04-22", id="ew-easter-2025"),
    pytest.param(SCT, (), "2025-04-17", 1, "2025-04-21", id="sct-easter-2025"),
    # --- St Andrew's Day (Scotland) ---------------------------------------------------------------
    # 30 Nov 2025 is a Sunday: the holiday is Monday 1 Dec.
    pytest.param(SCT, (), "2025-11-28", 1, "2025-12-02", id="sct-st-andrew-2025-substitute"),
    pytest.param(EW, (), "2025-11-28", 1, "2025-12-01", id="ew-no-st-andrew-2025"),
    # 30 Nov 2024 is a Saturday: the holiday is Monday 2 Dec.
    pytest.param(SCT, (), "2024-11-29", 1, "2024-12-03", id="sct-st-andrew-2024-substitute"),
    pytest.param(EW, (), "2024-11-29", 1, "2024-12-02", id="ew-no-st-andrew-2024"),
    pytest.param(SCT, (), "2023-11-29", 1, "2023-12-01", id="sct-st-andrew-2023-thursday"),
    pytest.param(SCT, (), "2026-11-27", 1, "2026-12-01", id="sct-st-andrew-2026-monday"),
    # --- Summer bank holiday: first Monday of August in Scotland, last elsewhere ------------------
    pytest.param(SCT, (), "2024-08-02", 1, "2024-08-06", id="sct-summer-2024-first-monday"),
    pytest.param(EW, (), "2024-08-02", 1, "2024-08-05", id="ew-5-aug-2024-works"),
    pytest.param(EW, (), "2024-08-23", 1, "2024-08-27", id="ew-summer-2024-last-monday"),
    pytest.param(NI, (), "2024-08-23", 1, "2024-08-27", id="ni-summer-2024-last-monday"),
    pytest.param(SCT, (), "2024-08-23", 1, "2024-08-26", id="sct-26-aug-2024-works"),
    pytest.param(SCT, (), "2025-08-01", 1, "2025-08-05", id="sct-summer-2025"),
    pytest.param(EW, (), "2025-08-22", 1, "2025-08-26", id="ew-summer-2025"),
    # --- Northern Ireland: St Patrick's Day and the Battle of the Boyne ---------------------------
    pytest.param(NI, (), "2025-03-14", 1, "2025-03-18", id="ni-st-patrick-2025-monday"),
    pytest.param(EW, (), "2025-03-14", 1, "2025-03-17", id="ew-17-mar-2025-works"),
    # 17 Mar 2024 is a Sunday: the holiday is Monday 18 Mar.
    pytest.param(NI, (), "2024-03-15", 1, "2024-03-19", id="ni-st-patrick-2024-substitute"),
    pytest.param(NI, (), "2026-03-16", 1, "2026-03-18", id="ni-st-patrick-2026-tuesday"),
    pytest.param(NI, (), "2023-07-11", 1, "2023-07-13", id="ni-boyne-2023-wednesday"),
    pytest.param(EW, (), "2023-07-11", 1, "2023-07-12", id="ew-12-jul-2023-works"),
    # 12 Jul 2025 is a Saturday: the holiday is Monday 14 Jul.
    pytest.param(NI, (), "2025-07-11", 1, "2025-07-15", id="ni-boyne-2025-substitute"),
    # 12 Jul 2026 is a Sunday: the holiday is Monday 13 Jul.
    pytest.param(NI, (), "2026-07-10", 1, "2026-07-14", id="ni-boyne-2026-substitute"),
    # --- One-off holidays (all three divisions) ---------------------------------------------------
    # Early May bank holiday (1 May) and the coronation (8 May) in one count.
    pytest.param(EW, (), "2023-04-28", 5, "2023-05-09", id="ew-coronation-2023"),
    pytest.param(SCT, (), "2023-04-28", 5, "2023-05-09", id="sct-coronation-2023"),
    pytest.param(NI, (), "2023-04-28", 5, "2023-05-09", id="ni-coronation-2023"),
    pytest.param(EW, (), "2022-09-16", 1, "2022-09-20", id="ew-state-funeral-2022"),
    pytest.param(SCT, (), "2022-09-16", 1, "2022-09-20", id="sct-state-funeral-2022"),
    pytest.param(NI, (), "2022-09-16", 1, "2022-09-20", id="ni-state-funeral-2022"),
    # The spring bank holiday moved to Thursday 2 Jun, the jubilee was Friday 3 Jun.
    pytest.param(EW, (), "2022-06-01", 1, "2022-06-06", id="ew-platinum-jubilee-2022"),
    pytest.param(SCT, (), "2022-06-01", 1, "2022-06-06", id="sct-platinum-jubilee-2022"),
    pytest.param(NI, (), "2022-06-01", 1, "2022-06-06", id="ni-platinum-jubilee-2022"),
    # The last Monday of May 2022 was a working day: its holiday moved to 2 Jun.
    pytest.param(EW, (), "2022-05-27", 1, "2022-05-30", id="ew-30-may-2022-works"),
    # VE Day: the early May bank holiday moved from Monday 4 to Friday 8 May 2020.
    pytest.param(EW, (), "2020-05-07", 1, "2020-05-11", id="ew-ve-day-2020"),
    pytest.param(EW, (), "2020-05-01", 1, "2020-05-04", id="ew-4-may-2020-works"),
    # --- Non-working starts count as the working day before --------------------------------------
    pytest.param(EW, (), "2024-01-05", 5, "2024-01-12", id="friday-receipt"),
    pytest.param(EW, (), "2024-01-06", 5, "2024-01-12", id="saturday-is-friday"),
    pytest.param(EW, (), "2024-01-07", 5, "2024-01-12", id="sunday-is-friday"),
    pytest.param(EW, (), "2024-01-08", 0, "2024-01-08", id="zero-days-working-day"),
    pytest.param(EW, (), "2024-01-07", 0, "2024-01-05", id="zero-days-sunday-rolls-back"),
    # Easter Saturday rolls back past Good Friday to Maundy Thursday.
    pytest.param(EW, (), "2024-03-30", 0, "2024-03-28", id="easter-saturday-rolls-to-thursday"),
    # Received on Easter Monday: counts as Thursday 28 Mar, so day 1 is Tuesday 2 Apr.
    pytest.param(EW, (), "2024-04-01", 1, "2024-04-02", id="easter-monday-receipt"),
    # In Scotland Easter Monday is a working day and is day 0 itself.
    pytest.param(SCT, (), "2024-04-01", 1, "2024-04-02", id="sct-easter-monday-receipt"),
    # --- The organisation's own closure days ------------------------------------------------------
    # Closed 27-29 Dec on top of the holidays: 2, 3, 4, 5, 8 Jan.
    pytest.param(EW, CLOSED_XMAS_2023, "2023-12-22", 5, "2024-01-08", id="ew-closed-27-29-dec"),
    # ... and Scotland's 2 January as well: 3, 4, 5, 8, 9 Jan.
    pytest.param(SCT, CLOSED_XMAS_2023, "2023-12-22", 5, "2024-01-09", id="sct-closed-27-29-dec"),
    # Received on a closure day: counts as Tuesday 24 Dec; then 2, 3, 6, 7, 8 Jan.
    pytest.param(EW, CLOSED_XMAS_2024, "2024-12-30", 5, "2025-01-08", id="ew-closure-day-receipt"),
    pytest.param(EW, (), "2024-12-30", 5, "2025-01-07", id="ew-same-without-closures"),
    pytest.param(EW, CLOSED_XMAS_2024, "2024-12-24", 5, "2025-01-08", id="ew-closure-from-24-dec"),
]


@pytest.mark.parametrize(("division", "closures", "start", "days", "expected"), ADD_ROWS)
def test_add(
    division: str, closures: tuple[date, ...], start: str, days: int, expected: str
) -> None:
    calendar = WorkingCalendar(division, closures)
    assert calendar.add(D(start), days) == D(expected)


@pytest.mark.parametrize(("division", "closures", "start", "days", "expected"), ADD_ROWS)
def test_add_many_agrees_with_the_table(
    division: str, closures: tuple[date, ...], start: str, days: int, expected: str
) -> None:
    calendar = calendar_for(division, closures)
    got = calendar.add_many(np.array([D(start).toordinal()], dtype=np.int64), days)
    assert date.fromordinal(int(got[0])) == D(expected)


# (division, closures, day, working?)
WORKING_DAY_ROWS = [
    pytest.param(EW, (), "2024-01-08", True, id="ordinary-monday"),
    pytest.param(EW, (), "2024-01-06", False, id="saturday"),
    pytest.param(EW, (), "2024-01-07", False, id="sunday"),
    pytest.param(EW, (), "2023-12-25", False, id="christmas-day"),
    pytest.param(EW, (), "2024-01-02", True, id="ew-2-january-works"),
    pytest.param(SCT, (), "2024-01-02", False, id="sct-2-january"),
    pytest.param(EW, (), "2024-04-01", False, id="ew-easter-monday"),
    pytest.param(SCT, (), "2024-04-01", True, id="sct-easter-monday-works"),
    pytest.param(SCT, (), "2024-03-29", False, id="sct-good-friday"),
    pytest.param(NI, (), "2025-03-17", False, id="ni-st-patrick"),
    pytest.param(EW, (), "2025-03-17", True, id="ew-st-patrick-works"),
    pytest.param(NI, (), "2025-07-14", False, id="ni-boyne-substitute"),
    pytest.param(SCT, (), "2025-12-01", False, id="sct-st-andrew-substitute"),
    pytest.param(EW, (), "2025-12-01", True, id="ew-1-dec-works"),
    pytest.param(SCT, (), "2024-08-05", False, id="sct-first-monday-august"),
    pytest.param(EW, (), "2024-08-05", True, id="ew-first-monday-august-works"),
    pytest.param(EW, (), "2024-08-26", False, id="ew-last-monday-august"),
    pytest.param(SCT, (), "2024-08-26", True, id="sct-last-monday-august-works"),
    pytest.param(EW, (), "2023-05-08", False, id="coronation"),
    pytest.param(NI, (), "2022-09-19", False, id="state-funeral"),
    pytest.param(SCT, (), "2022-06-03", False, id="platinum-jubilee"),
    pytest.param(EW, CLOSED_XMAS_2023, "2023-12-28", False, id="closure-day"),
    pytest.param(EW, CLOSED_XMAS_2023, "2024-01-02", True, id="after-closure"),
]


@pytest.mark.parametrize(("division", "closures", "day", "working"), WORKING_DAY_ROWS)
def test_is_working_day(division: str, closures: tuple[date, ...], day: str, working: bool) -> None:
    assert calendar_for(division, closures).is_working_day(D(day)) is working


# (division, start, end, working days after start up to and including end)
BETWEEN_ROWS = [
    pytest.param(EW, "2023-12-22", "2024-01-03", 5, id="ew-over-christmas"),
    pytest.param(SCT, "2023-12-22", "2024-01-03", 4, id="sct-over-christmas"),
    pytest.param(EW, "2024-01-08", "2024-01-08", 0, id="same-day"),
    pytest.param(EW, "2024-01-03", "2023-12-22", -5, id="reversed-is-negative"),
    pytest.param(EW, "2023-12-23", "2024-01-03", 5, id="saturday-start-is-friday"),
    pytest.param(EW, "2024-01-05", "2024-01-07", 0, id="friday-to-sunday"),
    pytest.param(EW, "2024-03-28", "2024-04-02", 1, id="ew-over-easter"),
    pytest.param(SCT, "2024-03-28", "2024-04-02", 2, id="sct-over-easter"),
    pytest.param(NI, "2025-03-10", "2025-03-21", 8, id="ni-week-with-st-patrick"),
]


@pytest.mark.parametrize(("division", "start", "end", "expected"), BETWEEN_ROWS)
def test_working_days_between(division: str, start: str, end: str, expected: int) -> None:
    assert calendar_for(division).working_days_between(D(start), D(end)) == expected


def test_working_days_between_many_is_working_days_between_for_each() -> None:
    rows = [
        (D(r.values[1]), D(r.values[2]), r.values[3]) for r in BETWEEN_ROWS if r.values[0] == EW
    ]
    calendar = calendar_for(EW)
    found = calendar.working_days_between_many(
        np.asarray([s.toordinal() for s, _, _ in rows], dtype=np.int64),
        np.asarray([e.toordinal() for _, e, _ in rows], dtype=np.int64),
    )
    assert found.tolist() == [expected for _, _, expected in rows]
    with pytest.raises(CalendarError, match="outside the years"):
        calendar.working_days_between_many(
            np.asarray([D("1900-01-01").toordinal()], dtype=np.int64),
            np.asarray([D("2024-01-01").toordinal()], dtype=np.int64),
        )


def test_roll_back_is_add_zero() -> None:
    calendar = calendar_for(EW)
    assert calendar.roll_back(D("2023-12-26")) == D("2023-12-22")
    assert calendar.roll_back(D("2023-12-27")) == D("2023-12-27")


def test_closures_are_kept_and_shared() -> None:
    calendar = calendar_for(EW, list(CLOSED_XMAS_2023))
    assert calendar.closures == frozenset(CLOSED_XMAS_2023)
    assert calendar_for(EW, reversed(CLOSED_XMAS_2023)) is calendar
    assert calendar_for(EW) is not calendar


@pytest.mark.parametrize("division", ["england", "wales", "ENG", ""])
def test_unknown_division(division: str) -> None:
    with pytest.raises(CalendarError, match="unknown division"):
        calendar_for(division)
    with pytest.raises(CalendarError, match="unknown division"):
        WorkingCalendar(division)


@pytest.mark.parametrize(
    "day", [date(FIRST_YEAR - 1, 12, 31), date(LAST_YEAR + 1, 1, 1)], ids=["before", "after"]
)
def test_date_out_of_range(day: date) -> None:
    calendar = calendar_for(EW)
    with pytest.raises(CalendarError, match="outside the years"):
        calendar.add(day, 1)
    with pytest.raises(CalendarError, match="outside the years"):
        calendar.is_working_day(day)
    with pytest.raises(CalendarError, match="outside the years"):
        calendar.working_days_between(date(2024, 1, 1), day)
    with pytest.raises(CalendarError, match="outside the years"):
        calendar.add_many(np.array([day.toordinal()], dtype=np.int64), 1)


def test_deadline_past_the_last_year() -> None:
    calendar = calendar_for(EW)
    with pytest.raises(CalendarError, match=f"after {LAST_YEAR}"):
        calendar.add(date(LAST_YEAR, 12, 20), 20)
    with pytest.raises(CalendarError, match=f"after {LAST_YEAR}"):
        calendar.add_many(np.array([date(LAST_YEAR, 12, 20).toordinal()], dtype=np.int64), 20)


def test_negative_working_days() -> None:
    with pytest.raises(CalendarError, match="negative"):
        calendar_for(EW).add(date(2024, 1, 8), -1)


# --- Guard: the holiday data must cover this year and the next two -----------------------------

_THIS_YEAR = date.today().year


@pytest.mark.parametrize("division", sorted(DIVISIONS))
@pytest.mark.parametrize("year", range(_THIS_YEAR, _THIS_YEAR + 3))
def test_holiday_data_covers_the_coming_years(division: str, year: int) -> None:
    """Deadlines for cases received now depend on the holidays of this year and the next two."""
    in_year = {d: name for d, name in bank_holidays(division).items() if d.year == year}
    weekdays = [d for d in in_year if d.weekday() < 5]
    # E&W has 8 bank holidays a year, Scotland 9 and Northern Ireland 10.
    assert len(weekdays) >= 8, in_year
    assert any(
        d.month == 12 and d.weekday() < 5 and name.startswith("Christmas")
        for d, name in in_year.items()
    ), in_year
    assert any(d.month in (3, 4) and name == "Good Friday" for d, name in in_year.items()), in_year


def test_a_day_before_the_first_working_day_covered_is_refused() -> None:
    # Saturday 1 January 2000 rolls back into 1999, which the calendar does not cover.
    cal = WorkingCalendar("england-and-wales")
    with pytest.raises(CalendarError, match="before the first working day"):
        cal.add(date(2000, 1, 1), 5)
