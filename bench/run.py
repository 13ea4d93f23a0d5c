"""Benchmarks of the deadline engine; ``make bench`` runs them (``.venv/bin/python bench/run.py``).

Two measurements, each with a target; the run prints the figures and a PASS or FAIL line for
each target, and exits 1 if any target is missed.

a) One case: ``case_deadlines()`` of a two-stage ``hos-2024`` case with an extension at stage 1,
   as microseconds per case (``timeit``, the best of several repeats). Target: under 50 µs, so a
   page listing a few hundred cases can compute their deadlines on the fly.

b) One million cases recomputed, as after an organisation changes its closure days: a new
   ``WorkingCalendar`` with the new closures, then ``acknowledge_by``, ``respond_by`` and
   ``extended_respond_by`` of stage 1 for every case and of stage 2 for the escalated ones, with
   ``putright.rules.bulk.bulk_stage_deadlines`` (the calendar's vectorised ``add_many``). The
   cases are generated with a fixed seed: received over 2023-2026, acknowledged 0-8 working days
   after receipt (a few not yet acknowledged), some extended (a few beyond the Code's limit),
   about 30% escalated. The floor is ``numpy.busday_offset`` doing the same date arithmetic: the
   same number of offset operations over the same arrays, with the same bank holidays and
   closure days, ``roll='backward'``. Target: within 5 times the floor. The two results are also
   compared date for date.

For context the run also times the per-case loop (``stage_deadlines`` for each case) on a sample
and scales it to a million cases. The whole run takes well under two minutes on two cores.
"""

from __future__ import annotations

import sys
import time
import timeit
from collections.abc import Callable
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

from putright.policy.schema import get_profile
from putright.rules.bulk import NO_DATE, bulk_stage_deadlines
from putright.rules.calendar import WorkingCalendar, bank_holidays, calendar_for
from putright.rules.deadlines import CaseFacts, StageFacts, case_deadlines, stage_deadlines

PROFILE_ID = "hos-2024"
DIVISION = "england-and-wales"
CASES = 1_000_000
LOOP_SAMPLE = 20_000
SEED = 20240401
SINGLE_CASE_TARGET_US = 50.0
FLOOR_RATIO_TARGET = 5.0

Ordinals = npt.NDArray[np.int64]
Days = npt.NDArray[np.datetime64]

_EPOCH = date(1970, 1, 1).toordinal()


def say(message: str) -> None:
    print(message, flush=True)


def best_of(fn: Callable[[], object], repeats: int) -> float:
    """The best wall time of ``repeats`` runs of ``fn``, in seconds."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


# --- a) one case ---------------------------------------------------------------------------------


def single_case_us() -> float:
    profile = get_profile(PROFILE_ID)
    calendar = calendar_for(DIVISION)
    facts = CaseFacts(
        (
            StageFacts(date(2024, 1, 8), date(2024, 1, 10), extension_days=5),
            StageFacts(date(2024, 2, 5), date(2024, 2, 7)),
        )
    )
    timer = timeit.Timer(lambda: case_deadlines(profile, calendar, facts))
    number, _ = timer.autorange()
    return min(timer.repeat(repeat=7, number=number)) / number * 1e6


# --- b) a million cases ---------------------------------------------------------------------------


def closure_days() -> list[date]:
    """The new closure days: the weekdays of 27-31 Dec and a training day (a Friday) a year."""
    days: list[date] = []
    for year in range(2023, 2028):
        days += [date(year, 12, d) for d in range(27, 32) if date(year, 12, d).weekday() < 5]
        days.append(date(year, 10, 1) + timedelta(days=(4 - date(year, 10, 1).weekday()) % 7))
    return days


def generate_cases(calendar: WorkingCalendar) -> dict[str, Ordinals]:
    """A million realistic cases as ordinal arrays (``NO_DATE``: it has not happened)."""
    rng = np.random.default_rng(SEED)
    n = CASES
    first, last = date(2023, 1, 1).toordinal(), date(2026, 12, 31).toordinal()
    received = rng.integers(first, last + 1, size=n, dtype=np.int64)
    # Acknowledged 0-8 working days after receipt (day 0 of a weekend receipt is the receipt).
    ack1 = np.maximum(
        calendar.add_many(received, rng.integers(0, 9, size=n, dtype=np.int64)), received
    )
    ack1[rng.random(n) < 0.04] = NO_DATE
    ext1 = np.where(rng.random(n) < 0.15, rng.integers(1, 16, size=n), 0).astype(np.int64)

    escalated = rng.random(n) < 0.30
    m = int(escalated.sum())
    # Escalated within about three months of the stage 1 response.
    esc = calendar.add_many(received[escalated], rng.integers(15, 80, size=m, dtype=np.int64))
    ack2 = np.maximum(calendar.add_many(esc, rng.integers(0, 9, size=m, dtype=np.int64)), esc)
    ack2[rng.random(m) < 0.05] = NO_DATE
    ext2 = np.where(rng.random(m) < 0.20, rng.integers(1, 26, size=m), 0).astype(np.int64)
    return {
        "received": received,
        "ack1": ack1,
        "ext1": ext1,
        "escalated": esc,
        "ack2": ack2,
        "ext2": ext2,
    }


def recompute_bulk(cases: dict[str, Ordinals], closures: list[date]) -> list[Ordinals]:
    """What a recompute does: a calendar with the new closures, then every stage's deadlines."""
    profile = get_profile(PROFILE_ID)
    calendar = WorkingCalendar(DIVISION, closures)
    one = bulk_stage_deadlines(
        profile, profile.stage(1), calendar, cases["received"], cases["ack1"], cases["ext1"]
    )
    two = bulk_stage_deadlines(
        profile, profile.stage(2), calendar, cases["escalated"], cases["ack2"], cases["ext2"]
    )
    keys = ("acknowledge_by", "respond_by", "extended_respond_by")
    return [one[k] for k in keys] + [two[k] for k in keys]


def _as_days(ordinals: Ordinals) -> Days:
    return (ordinals - _EPOCH).astype("datetime64[D]")


def floor_inputs(cases: dict[str, Ordinals]) -> dict[str, npt.NDArray[np.generic]]:
    """The floor's inputs in numpy's own date type, with NaT where there is no date."""
    out: dict[str, npt.NDArray[np.generic]] = {}
    for key, values in cases.items():
        if key.startswith("ext"):
            out[key] = values
        else:
            days = _as_days(values)
            days[values == NO_DATE] = np.datetime64("NaT")
            out[key] = days
    return out


def recompute_floor(inputs: dict[str, npt.NDArray[np.generic]], closures: list[date]) -> list[Days]:
    """The same date arithmetic with ``numpy.busday_offset``: 3 offsets per stage, every case."""
    holidays = [*bank_holidays(DIVISION), *closures]
    cal = np.busdaycalendar(weekmask="1111100", holidays=np.array(holidays, dtype="datetime64[D]"))
    out: list[Days] = []
    for received, ack, ext, ack_days, respond_days in (
        (inputs["received"], inputs["ack1"], inputs["ext1"], 5, 10),
        (inputs["escalated"], inputs["ack2"], inputs["ext2"], 5, 20),
    ):
        ack_by = np.busday_offset(received, ack_days, roll="backward", busdaycal=cal)
        # A late acknowledgement buys no extra time; NaT (not acknowledged) loses to fmin.
        start = np.fmin(ack, ack_by)
        respond_by = np.busday_offset(start, respond_days, roll="backward", busdaycal=cal)
        extended = np.busday_offset(respond_by, ext, roll="backward", busdaycal=cal)
        extended[ext == 0] = np.datetime64("NaT")
        out += [ack_by, respond_by, extended]
    return out


def agree(bulk: list[Ordinals], floor: list[Days]) -> bool:
    for ours, theirs in zip(bulk, floor, strict=True):
        theirs_ord = np.where(np.isnat(theirs), NO_DATE, theirs.astype(np.int64) + _EPOCH)
        if not np.array_equal(ours, theirs_ord):
            return False
    return True


def loop_us_per_case(cases: dict[str, Ordinals], closures: list[date]) -> float:
    """The per-case path (``stage_deadlines`` once per stage), on a sample."""
    profile = get_profile(PROFILE_ID)
    calendar = WorkingCalendar(DIVISION, closures)
    s1, s2 = profile.stage(1), profile.stage(2)

    def facts(received: int, ack: int, ext: int) -> StageFacts:
        return StageFacts(date.fromordinal(received), date.fromordinal(ack) if ack else None, ext)

    one = [
        facts(*row)
        for row in zip(
            cases["received"][:LOOP_SAMPLE].tolist(),
            cases["ack1"][:LOOP_SAMPLE].tolist(),
            cases["ext1"][:LOOP_SAMPLE].tolist(),
            strict=True,
        )
    ]
    share = round(LOOP_SAMPLE * cases["escalated"].size / CASES)
    two = [
        facts(*row)
        for row in zip(
            cases["escalated"][:share].tolist(),
            cases["ack2"][:share].tolist(),
            cases["ext2"][:share].tolist(),
            strict=True,
        )
    ]
    start = time.perf_counter()
    for f in one:
        stage_deadlines(profile, s1, calendar, f)
    for f in two:
        stage_deadlines(profile, s2, calendar, f)
    return (time.perf_counter() - start) / LOOP_SAMPLE * 1e6


def main() -> int:
    results: list[tuple[str, bool]] = []
    started = time.perf_counter()
    bank_holidays(DIVISION)  # the holiday data is loaded once per process, outside the timings

    say(f"a) one case: case_deadlines() of a two-stage {PROFILE_ID} case with an extension")
    us = single_case_us()
    say(f"   {us:.1f} µs per case (best of 7 repeats)")
    results.append((f"one case under {SINGLE_CASE_TARGET_US:.0f} µs", us < SINGLE_CASE_TARGET_US))

    say(f"b) {CASES:,} cases recomputed after a change of closure days ({DIVISION})")
    say("   generating cases ...")
    closures = closure_days()
    cases = generate_cases(calendar_for(DIVISION))
    escalated = cases["escalated"].size
    extended = int((cases["ext1"] > 0).sum() + (cases["ext2"] > 0).sum())
    say(
        f"   {CASES:,} cases, {escalated:,} escalated ({escalated / CASES:.0%}), "
        f"{extended:,} stage extensions, {len(closures)} closure days"
    )
    offsets = 3 * (CASES + escalated)
    say(f"   {offsets:,} working-day offsets per recompute (3 per stage)")

    say("   timing bulk_stage_deadlines (best of 5) ...")
    bulk_s = best_of(lambda: recompute_bulk(cases, closures), 5)
    inputs = floor_inputs(cases)
    say("   timing numpy.busday_offset, the floor (best of 5) ...")
    floor_s = best_of(lambda: recompute_floor(inputs, closures), 5)
    ratio = bulk_s / floor_s
    for label, seconds in (("bulk_stage_deadlines", bulk_s), ("numpy.busday_offset", floor_s)):
        per_offset = seconds / offsets * 1e9
        say(f"   {label:<22} {seconds * 1e3:8.1f} ms  ({per_offset:.1f} ns per offset)")
    say(f"   ratio to the floor     {ratio:8.2f}x")
    results.append(
        (f"a million cases within {FLOOR_RATIO_TARGET:.0f}x the floor", ratio <= FLOOR_RATIO_TARGET)
    )

    same = agree(recompute_bulk(cases, closures), recompute_floor(inputs, closures))
    say(f"   bulk and floor agree on every date: {'yes' if same else 'NO'}")
    results.append(("bulk and floor give the same dates", same))

    say(f"   timing the per-case loop on {LOOP_SAMPLE:,} cases, for context ...")
    loop_us = loop_us_per_case(cases, closures)
    say(
        f"   stage_deadlines loop   {loop_us:8.1f} µs/case, about "
        f"{loop_us * CASES / 1e6:.0f} s for {CASES:,} cases ({loop_us * CASES / 1e6 / bulk_s:.0f}x "
        "the bulk path)"
    )

    say("")
    for label, ok in results:
        say(f"{'PASS' if ok else 'FAIL'}  {label}")
    say(f"(bench finished in {time.perf_counter() - started:.0f} s)")
    return 0 if all(ok for _, ok in results) else 1


if __name__ == "__main__":
    sys.exit(main())
