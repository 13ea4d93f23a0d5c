"""Working days for a GOV.UK division, less an organisation's own closure days.

A working day is Monday to Friday, less the bank holidays of the organisation's GOV.UK division
(``england-and-wales``, ``scotland``, ``northern-ireland``) and its own closure days. 'Within N
working days of D' counts D as day 0 and the first working day after D as day 1; the deadline is the
end of day N. Something that happens on a non-working day counts as happening on the working day
before it, so a Saturday receipt has the deadlines of the Friday before.

The calendar is precomputed once for the years it covers: a deadline is then two list look-ups,
and a million deadlines are two vectorised gathers (see ``add_many``).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import date

import holidays
import numpy as np
import numpy.typing as npt

#: GOV.UK's divisions and the matching subdivision of the ``holidays`` package.
DIVISIONS: dict[str, str] = {
    "england-and-wales": "ENG",
    "scotland": "SCT",
    "northern-ireland": "NIR",
}

FIRST_YEAR = 2000
LAST_YEAR = 2079

_BASE = date(FIRST_YEAR, 1, 1).toordinal()
_END = date(LAST_YEAR, 12, 31).toordinal()


class CalendarError(ValueError):
    """A division the calendar does not know, or a date outside the years it covers."""


@functools.cache
def bank_holidays(division: str) -> dict[date, str]:
    """Every bank holiday of a GOV.UK division in the years the calendar covers, with its name."""
    try:
        subdiv = DIVISIONS[division]
    except KeyError:
        known = ", ".join(DIVISIONS)
        raise CalendarError(f"unknown division {division!r} (known: {known})") from None
    days = holidays.country_holidays("GB", subdiv=subdiv, years=range(FIRST_YEAR, LAST_YEAR + 1))
    return {d: str(name) for d, name in sorted(days.items())}


class WorkingCalendar:
    """Working-day arithmetic for one division and one set of closure days."""

    __slots__ = ("_index_le", "_index_le_np", "_working", "_working_np", "closures", "division")

    def __init__(self, division: str, closures: Iterable[date] = ()) -> None:
        self.division = division
        self.closures = frozenset(closures)
        days = np.arange(_BASE, _END + 1, dtype=np.int64)
        # date.toordinal() is 1 for 0001-01-01, a Monday: (ordinal - 1) % 7 is 0 for Monday.
        working = ((days - 1) % 7) < 5
        off = [
            d.toordinal() - _BASE
            for d in (*bank_holidays(division), *self.closures)
            if _BASE <= d.toordinal() <= _END
        ]
        working[np.asarray(off, dtype=np.int64)] = False
        self._working_np: npt.NDArray[np.int64] = days[working]
        # For each day, the index (in _working) of the last working day on or before it.
        self._index_le_np: npt.NDArray[np.int64] = np.cumsum(working, dtype=np.int64) - 1
        self._working: list[int] = self._working_np.tolist()
        self._index_le: list[int] = self._index_le_np.tolist()

    def _offset(self, day: date) -> int:
        ordinal = day.toordinal()
        if not _BASE <= ordinal <= _END:
            raise CalendarError(
                f"{day.isoformat()} is outside the years the calendar covers "
                f"({FIRST_YEAR} to {LAST_YEAR})"
            )
        return ordinal - _BASE

    def is_working_day(self, day: date) -> bool:
        """Whether the day is a working day (not a weekend, bank holiday or closure day)."""
        offset = self._offset(day)
        i = self._index_le[offset]
        return i >= 0 and self._working[i] == offset + _BASE

    def add(self, day: date, working_days: int) -> date:
        """The end of working day N after ``day`` (a non-working day counts as the one before)."""
        if working_days < 0:
            raise CalendarError("a number of working days cannot be negative")
        base = self._index_le[self._offset(day)]
        if base < 0:
            raise CalendarError(
                f"{day.isoformat()} is before the first working day the calendar covers"
            )
        index = base + working_days
        if index >= len(self._working):
            raise CalendarError(f"the deadline falls after {LAST_YEAR}")
        return date.fromordinal(self._working[index])

    def roll_back(self, day: date) -> date:
        """The working day on which something done on ``day`` counts as done."""
        return self.add(day, 0)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (negative if end is earlier)."""
        return self._index_le[self._offset(end)] - self._index_le[self._offset(start)]

    def working_days_between_many(
        self, starts: npt.NDArray[np.int64], ends: npt.NDArray[np.int64]
    ) -> npt.NDArray[np.int64]:
        """``working_days_between`` for arrays of date ordinals at once (say, the working days
        each response took, for a report)."""
        for ordinals in (starts, ends):
            if ordinals.size and (ordinals.min() < _BASE or ordinals.max() > _END):
                raise CalendarError(
                    f"a date is outside the years the calendar covers ({FIRST_YEAR} to {LAST_YEAR})"
                )
        result: npt.NDArray[np.int64] = (
            self._index_le_np[ends - _BASE] - self._index_le_np[starts - _BASE]
        )
        return result

    def add_many(
        self, ordinals: npt.NDArray[np.int64], working_days: npt.NDArray[np.int64] | int
    ) -> npt.NDArray[np.int64]:
        """``add`` for an array of date ordinals at once; returns ordinals.

        Used when many deadlines are recomputed together (say after a change of closure days).
        """
        offsets = ordinals - _BASE
        if offsets.size and (offsets.min() < 0 or offsets.max() > _END - _BASE):
            raise CalendarError(
                f"a date is outside the years the calendar covers ({FIRST_YEAR} to {LAST_YEAR})"
            )
        index = self._index_le_np[offsets] + working_days
        if index.size and index.max() >= len(self._working_np):
            raise CalendarError(f"a deadline falls after {LAST_YEAR}")
        result: npt.NDArray[np.int64] = self._working_np[np.maximum(index, 0)]
        return result


@functools.lru_cache(maxsize=256)
def _cached(division: str, closures: frozenset[date]) -> WorkingCalendar:
    return WorkingCalendar(division, closures)


def calendar_for(division: str, closures: Iterable[date] = ()) -> WorkingCalendar:
    """A shared calendar for a division and set of closure days (built once, then reused)."""
    if division not in DIVISIONS:
        known = ", ".join(DIVISIONS)
        raise CalendarError(f"unknown division {division!r} (known: {known})")
    return _cached(division, frozenset(closures))
