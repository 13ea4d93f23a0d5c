"""What every part of the demo shares: the council, its staff, one random source and the day."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from putright.organisations.models import Organisation, ServiceArea, User
from putright.rules.calendar import WorkingCalendar, calendar_for

DEMO_SEED = 20240401


@dataclass
class Demo:
    """The demo council as it is being filled in, up to ``today``; deterministic for a given day."""

    organisation: Organisation
    staff: dict[str, User]
    areas: list[tuple[ServiceArea, int]]
    today: date
    rng: random.Random = field(default_factory=lambda: random.Random(DEMO_SEED))  # noqa: S311
    calendar: WorkingCalendar = field(init=False)
    #: How many of each thing were made, for the command's summary.
    made: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.calendar = calendar_for(self.organisation.division)

    def count(self, what: str, n: int = 1) -> None:
        self.made[what] = self.made.get(what, 0) + n

    def area(self, name: str) -> ServiceArea:
        return next(area for area, _ in self.areas if area.name == name)

    def on(self, day: date, after: int, upto: int) -> date:
        """A working day between ``after`` and ``upto`` calendar days after ``day``."""
        day += timedelta(days=self.rng.randint(after, upto))
        while not self.calendar.is_working_day(day):
            day += timedelta(days=1)
        return day

    def ago(self, days: int) -> date:
        """The working day on or before ``days`` calendar days before today."""
        return self.calendar.roll_back(self.today - timedelta(days=days))

    def pick(self, weighted: list[tuple[Any, int]]) -> Any:
        return self.rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]

    def working_day_before(self, target: date, working_days: int) -> date | None:
        """The working day from which ``working_days`` working days end on ``target``, if any."""
        day = target
        for _ in range(3 * working_days + 30):
            day -= timedelta(days=1)
            if self.calendar.is_working_day(day) and self.calendar.add(day, working_days) == target:
                return day
        return None
