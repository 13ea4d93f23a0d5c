"""Every deadline of every stage of a case, from its facts and its Code profile.

Each deadline cites the clause it comes from. The conventions (``code-rules.md``, 'Working days'):

- 'Within N working days of D' is ``calendar.add(D, N)``; a non-working D counts as the working day
  before it.
- A clock that runs 'from acknowledgement' starts at the actual acknowledgement, or at the
  acknowledgement deadline if that is earlier: a late acknowledgement buys no extra time. Before the
  stage is acknowledged, it starts at the acknowledgement deadline.
- An extension of N working days moves the response deadline N working days on. It is within the
  Code's limit when N is no more than the profile's limit for the stage.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from putright.policy.schema import Profile, Stage
from putright.rules.calendar import WorkingCalendar


class FactsError(ValueError):
    """Facts that cannot be true of a case, such as an acknowledgement before receipt."""


@dataclass(frozen=True, slots=True)
class StageFacts:
    """What has happened at one stage.

    ``received`` is when the complaint (stage 1) or the request for this stage (an escalation) was
    received; ``extension_days`` is the total of the extensions granted at this stage.
    """

    received: date
    acknowledged: date | None = None
    extension_days: int = 0


@dataclass(frozen=True, slots=True)
class Deadline:
    """One date something is due by, the rule it comes from and how it was counted."""

    key: str
    label: str
    due: date | None
    clause: str
    start: date | None = None
    days: int | None = None
    months: int | None = None

    @property
    def basis(self) -> str:
        """How the date was counted, for a reader: '10 working days after 2024-05-01'."""
        if self.start is None or self.due is None:
            return "no fixed period: agreed with the individual"
        if self.months is not None:
            return f"{self.months} months after {self.start.isoformat()}"
        return f"{self.days} working days after {self.start.isoformat()}"


@dataclass(frozen=True, slots=True)
class StageDeadlines:
    """The deadlines of one stage, in the order they fall."""

    stage: int
    deadlines: tuple[Deadline, ...]
    extension_days: int
    extension_within_limit: bool | None

    def get(self, key: str) -> Deadline | None:
        for deadline in self.deadlines:
            if deadline.key == key:
                return deadline
        return None

    def due(self, key: str) -> date | None:
        deadline = self.get(key)
        return deadline.due if deadline else None

    @property
    def acknowledge_by(self) -> date | None:
        return self.due("acknowledge_by")

    @property
    def respond_by(self) -> date | None:
        return self.due("respond_by")

    @property
    def extended_respond_by(self) -> date | None:
        return self.due("extended_respond_by")

    @property
    def final_respond_by(self) -> date | None:
        """The response deadline once any extension is applied."""
        return self.extended_respond_by or self.respond_by


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def stage_deadlines(
    profile: Profile, stage: Stage, calendar: WorkingCalendar, facts: StageFacts
) -> StageDeadlines:
    """The deadlines of one stage: acknowledgement, any intermediate steps, response, extension.

    Each comes from the profile's step for it and cites that step's clause (for example the stage 1
    response is due 10 working days after acknowledgement under HOS 6.3).
    """
    if facts.acknowledged is not None and facts.acknowledged < facts.received:
        raise FactsError(
            f"stage {stage.number} acknowledged on {facts.acknowledged.isoformat()}, before it "
            f"was received on {facts.received.isoformat()}"
        )
    if facts.extension_days < 0:
        raise FactsError("an extension cannot be a negative number of working days")
    starts: dict[str, date | None] = {"received": facts.received}
    out: list[Deadline] = []
    for step in stage.deadline_steps:
        start = starts.get(step.start)
        if step.start == "acknowledged":
            ack_by = starts.get("acknowledge_by")
            if facts.acknowledged is None:
                start = ack_by
            elif ack_by is None:
                start = facts.acknowledged
            else:
                start = min(facts.acknowledged, ack_by)
        if start is None or (step.days is None and step.months is None):
            due = None
        elif step.months is not None:
            due = _add_months(start, step.months)
        else:
            due = calendar.add(start, step.days or 0)
        out.append(Deadline(step.key, step.label, due, step.clause, start, step.days, step.months))
        starts[step.key] = due
        if step is stage.acknowledge:
            starts["acknowledge_by"] = due

    within: bool | None = None
    if facts.extension_days and stage.extension is not None:
        ext = stage.extension
        within = ext.limit_days is None or facts.extension_days <= ext.limit_days
        respond_by = starts.get(stage.respond.key) if stage.respond else None
        if respond_by is not None:
            out.append(
                Deadline(
                    "extended_respond_by",
                    "Response, after the extension",
                    calendar.add(respond_by, facts.extension_days),
                    ext.clause,
                    respond_by,
                    facts.extension_days,
                )
            )
    elif facts.extension_days:
        within = False
    return StageDeadlines(stage.number, tuple(out), facts.extension_days, within)


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """The facts of a case, a ``StageFacts`` per stage reached (stage 1 first)."""

    stages: tuple[StageFacts, ...]


def case_deadlines(
    profile: Profile, calendar: WorkingCalendar, facts: CaseFacts, first_stage: int = 1
) -> tuple[StageDeadlines, ...]:
    """Every deadline of every stage the case has reached."""
    out: list[StageDeadlines] = []
    previous_received: date | None = None
    for offset, stage_facts in enumerate(facts.stages):
        stage = profile.stage(first_stage + offset)
        if previous_received is not None and stage_facts.received < previous_received:
            raise FactsError(
                f"stage {stage.number} was requested on {stage_facts.received.isoformat()}, "
                f"before the previous stage began on {previous_received.isoformat()}"
            )
        out.append(stage_deadlines(profile, stage, calendar, stage_facts))
        previous_received = stage_facts.received
    return tuple(out)
