"""The deadlines of one stage for many cases at once, as arrays of date ordinals.

Used when many stored deadlines are recomputed together, say after an organisation changes its
closure days. It applies the conventions of ``deadlines.stage_deadlines`` (``code-rules.md``,
'Working days'): a non-working day counts as the working day before it; a clock that runs from
acknowledgement starts at the acknowledgement or at its deadline if that is earlier, and at the
deadline while the stage is not acknowledged; an extension moves the response deadline N working
days on. Dates are ``date.toordinal()`` values in ``int64`` arrays; ``NO_DATE`` marks a date that
is missing (not acknowledged) or has no fixed value (a period agreed with the individual).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from putright.policy.schema import Profile, Stage
from putright.rules.calendar import WorkingCalendar
from putright.rules.deadlines import FactsError

Ordinals = npt.NDArray[np.int64]

#: Marks a missing date in an array of ordinals (no real date has ordinal 0).
NO_DATE = 0

_EPOCH = 719163  # date(1970, 1, 1).toordinal(): day 0 of numpy's datetime64[D]


def _add_months(ordinals: Ordinals, months: int) -> Ordinals:
    """Calendar months later, clamped to the end of a shorter month (31 Aug + 6 -> 28/29 Feb)."""
    days = (ordinals - _EPOCH).astype("datetime64[D]")
    month_start = days.astype("datetime64[M]")
    day_of_month = (days - month_start.astype("datetime64[D]")).astype(np.int64)
    target = month_start + np.timedelta64(months, "M")
    target_first = target.astype("datetime64[D]")
    month_length = (
        (target + np.timedelta64(1, "M")).astype("datetime64[D]") - target_first
    ).astype(np.int64)
    due = target_first + np.minimum(day_of_month, month_length - 1)
    result: Ordinals = due.astype(np.int64) + _EPOCH
    return result


def _add_where(
    calendar: WorkingCalendar,
    start: Ordinals,
    working_days: npt.NDArray[np.int64] | int,
    fallback: Ordinals,
) -> Ordinals:
    """``calendar.add_many`` where ``start`` is a date; ``NO_DATE`` where it is not."""
    present = start != NO_DATE
    if bool(present.all()):
        return calendar.add_many(start, working_days)
    due = calendar.add_many(np.where(present, start, fallback), working_days)
    return np.where(present, due, NO_DATE)


def bulk_stage_deadlines(
    profile: Profile,
    stage: Stage,
    calendar: WorkingCalendar,
    received: Ordinals,
    acknowledged: Ordinals,
    extension_days: npt.NDArray[np.int64],
) -> dict[str, Ordinals]:
    """Every deadline of one stage for arrays of cases, keyed like ``stage_deadlines``.

    ``received`` (the complaint, or the escalation request) must be a date for every case;
    ``acknowledged`` is ``NO_DATE`` where the stage is not yet acknowledged; ``extension_days`` is
    0 where there is no extension. ``extended_respond_by`` is present when the stage allows
    extensions and has a response period; it is ``NO_DATE`` for cases without an extension. The
    profile is accepted for symmetry with ``stage_deadlines``: every rule used is on the stage.
    """
    if bool((received == NO_DATE).any()):
        raise FactsError("every case must have a received date")
    acked = acknowledged != NO_DATE
    if bool((acked & (acknowledged < received)).any()):
        raise FactsError("a stage cannot be acknowledged before it was received")
    if bool((extension_days < 0).any()):
        raise FactsError("an extension cannot be a negative number of working days")

    starts: dict[str, Ordinals] = {"received": received}
    out: dict[str, Ordinals] = {}
    for step in stage.deadline_steps:
        if step.start == "acknowledged":
            ack_by = starts.get("acknowledge_by")
            if ack_by is None:
                start = acknowledged
            else:
                both = acked & (ack_by != NO_DATE)
                start = np.where(
                    both, np.minimum(acknowledged, ack_by), np.where(acked, acknowledged, ack_by)
                )
        else:
            start = starts[step.start]
        if step.months is not None:
            present = start != NO_DATE
            due = np.where(
                present, _add_months(np.where(present, start, received), step.months), NO_DATE
            )
        elif step.days is not None:
            due = _add_where(calendar, start, step.days, received)
        else:
            due = np.full_like(received, NO_DATE)
        out[step.key] = due
        starts[step.key] = due
        if step is stage.acknowledge:
            starts["acknowledge_by"] = due

    if stage.extension is not None and stage.respond is not None:
        respond_by = out[stage.respond.key]
        start = np.where(extension_days > 0, respond_by, NO_DATE)
        out["extended_respond_by"] = _add_where(calendar, start, extension_days, received)
    return out


def bulk_extension_within_limit(
    stage: Stage, extension_days: npt.NDArray[np.int64]
) -> npt.NDArray[np.bool_]:
    """Whether each extension is within the stage's limit (true where there is none)."""
    within: npt.NDArray[np.bool_]
    if stage.extension is None:
        within = extension_days == 0
    elif stage.extension.limit_days is None:
        within = np.ones(extension_days.shape, dtype=np.bool_)
    else:
        within = extension_days <= stage.extension.limit_days
    return within
