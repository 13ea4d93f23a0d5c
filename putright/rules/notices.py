"""Which notices are due on a given day: reminders before a date, alerts once it has passed.

Each thing with a date to meet (a stage's acknowledgement or response, an update agreed with the
individual, a review of an adjustment or a restriction, a remedy, an outstanding action) is a
``Tracked`` item. On a working day D:

- a **reminder** (``<what>_soon``) is due when D is on or before the date and no more than
  ``lead_days`` working days before it (so with 2, from the second working day before);
- an **alert** (``<what>_overdue``) is due once the date has passed (the Codes' deadlines are the
  end of the day), for ``catch_up_days`` working days after it; an item overdue for longer than
  that raised its alert then, or was already overdue before anyone was watching, and is left to
  the work queues rather than flooding anyone;
- a reminder whose date has already passed is never sent: the alert replaces it.

Nothing is due on a non-working day: what falls then is sent on the next working day, when the
same rules give the same notices (a reminder still before its date, an alert within its catch-up
window). Each notice is identified by (item, kind, date), so the caller sends each once however
often this runs; a moved date (an extension, a new review date) is a new notice.

Pure: the day and the calendar are passed in.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import date

from putright.rules.calendar import WorkingCalendar

#: The things a notice can be about, as the ``what`` of a ``Tracked`` item.
WHATS = (
    "acknowledge",
    "respond",
    "update",
    "adjustment_review",
    "restriction_review",
    "remedy",
    "action",
)
SOON = "soon"
OVERDUE = "overdue"


@dataclass(frozen=True, slots=True)
class Tracked:
    """Something with a date to meet: ``ref`` is the caller's handle on it."""

    ref: Hashable
    what: str
    due: date


@dataclass(frozen=True, slots=True)
class Notice:
    """A notice due: ``kind`` is ``<what>_soon`` or ``<what>_overdue``."""

    item: Tracked
    kind: str
    due: date

    @property
    def overdue(self) -> bool:
        return self.kind.endswith(OVERDUE)


def notice_for(
    item: Tracked,
    *,
    today: date,
    calendar: WorkingCalendar,
    lead_days: int,
    catch_up_days: int,
) -> Notice | None:
    """The notice due today for one item, if any (see the module's rules)."""
    if item.what not in WHATS:
        raise ValueError(f"unknown kind of date {item.what!r} (known: {', '.join(WHATS)})")
    if lead_days < 0 or catch_up_days < 0:
        raise ValueError("lead_days and catch_up_days cannot be negative")
    if not calendar.is_working_day(today):
        return None
    if today > item.due:
        if calendar.working_days_between(item.due, today) <= catch_up_days:
            return Notice(item, f"{item.what}_{OVERDUE}", item.due)
        return None
    if calendar.working_days_between(today, item.due) <= lead_days:
        return Notice(item, f"{item.what}_{SOON}", item.due)
    return None


def notices_due(
    items: Iterable[Tracked],
    *,
    today: date,
    calendar: WorkingCalendar,
    lead_days: int,
    catch_up_days: int,
) -> list[Notice]:
    """Every notice due today for these items, in the order given."""
    found = []
    for item in items:
        notice = notice_for(
            item,
            today=today,
            calendar=calendar,
            lead_days=lead_days,
            catch_up_days=catch_up_days,
        )
        if notice is not None:
            found.append(notice)
    return found


def window(
    *, today: date, calendar: WorkingCalendar, lead_days: int, catch_up_days: int
) -> tuple[date, date]:
    """The dates an item must fall between (both included) for a notice to be due today, so the
    caller reads only those: from ``catch_up_days`` working days back to ``lead_days`` ahead."""
    # The day before the working day after the last one reminded of: a date on a weekend after
    # it counts as that last working day.
    latest = date.fromordinal(calendar.add(today, lead_days + 1).toordinal() - 1)
    # Counting back: the earliest date whose alert is still within the catch-up window.
    earliest = today
    while (
        earliest.toordinal() > 1 and calendar.working_days_between(earliest, today) <= catch_up_days
    ):
        earliest = date.fromordinal(earliest.toordinal() - 1)
    return date.fromordinal(earliest.toordinal() + 1), latest
