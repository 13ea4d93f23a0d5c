"""The vectorised recompute gives exactly the dates of ``stage_deadlines``, case by case."""

from __future__ import annotations

import zlib
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt
import pytest

from putright.policy.schema import load_profiles
from putright.rules.bulk import NO_DATE, bulk_extension_within_limit, bulk_stage_deadlines
from putright.rules.calendar import DIVISIONS, calendar_for
from putright.rules.deadlines import FactsError, StageFacts, stage_deadlines

EW = "england-and-wales"
D = date.fromisoformat

PROFILE_STAGES = [
    pytest.param(profile.id, stage.number, id=f"{profile.id}-s{stage.number}")
    for profile in load_profiles().values()
    for stage in profile.stages
]


def _random_cases(
    seed: int, n: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Received 2022-2027, acknowledged 0-15 days later or not at all, some extensions."""
    rng = np.random.default_rng(seed)
    first = date(2022, 1, 1).toordinal()
    received = rng.integers(first, first + 6 * 365, size=n, dtype=np.int64)
    acknowledged = received + rng.integers(0, 16, size=n, dtype=np.int64)
    acknowledged[rng.random(n) < 0.3] = NO_DATE
    extension = rng.integers(0, 45, size=n, dtype=np.int64)
    extension[rng.random(n) < 0.5] = 0
    return received, acknowledged, extension


@pytest.mark.parametrize("division", sorted(DIVISIONS))
@pytest.mark.parametrize(("profile_id", "stage_number"), PROFILE_STAGES)
def test_bulk_agrees_with_stage_deadlines(
    profile_id: str, stage_number: int, division: str
) -> None:
    profile = load_profiles()[profile_id]
    stage = profile.stage(stage_number)
    rng = np.random.default_rng(stage_number)
    closures = {
        date(2022, 1, 1) + timedelta(days=int(d)) for d in rng.integers(0, 6 * 365, size=40)
    }
    calendar = calendar_for(division, closures)
    received, acknowledged, extension = _random_cases(
        zlib.crc32(f"{profile_id}/{division}".encode()), 300
    )

    bulk = bulk_stage_deadlines(profile, stage, calendar, received, acknowledged, extension)
    within = bulk_extension_within_limit(stage, extension)

    for i in range(received.size):
        ack = int(acknowledged[i])
        facts = StageFacts(
            date.fromordinal(int(received[i])),
            date.fromordinal(ack) if ack != NO_DATE else None,
            int(extension[i]),
        )
        one = stage_deadlines(profile, stage, calendar, facts)
        for deadline in one.deadlines:
            expected = deadline.due.toordinal() if deadline.due else NO_DATE
            assert int(bulk[deadline.key][i]) == expected, (facts, deadline)
        if one.extended_respond_by is None and "extended_respond_by" in bulk:
            assert int(bulk["extended_respond_by"][i]) == NO_DATE, facts
        if one.extension_within_limit is not None:
            assert bool(within[i]) is one.extension_within_limit, facts


def test_hand_checked_rows() -> None:
    """Three rows of test_deadlines: not acknowledged, early, and late with an extension."""
    profile = load_profiles()["hos-2024"]
    received = np.array([D("2024-01-08").toordinal()] * 3, dtype=np.int64)
    acknowledged = np.array(
        [NO_DATE, D("2024-01-10").toordinal(), D("2024-01-19").toordinal()], dtype=np.int64
    )
    extension = np.array([0, 10, 11], dtype=np.int64)
    out = bulk_stage_deadlines(
        profile, profile.stage(1), calendar_for(EW), received, acknowledged, extension
    )
    as_dates = {k: [date.fromordinal(int(v)) if v else None for v in a] for k, a in out.items()}
    assert as_dates["acknowledge_by"] == [D("2024-01-15")] * 3
    assert as_dates["respond_by"] == [D("2024-01-29"), D("2024-01-24"), D("2024-01-29")]
    assert as_dates["extended_respond_by"] == [None, D("2024-02-07"), D("2024-02-13")]
    assert bulk_extension_within_limit(profile.stage(1), extension).tolist() == [True, True, False]


def test_calendar_months() -> None:
    """Six months after 31 Aug is 29 Feb in a leap year and 28 Feb otherwise."""
    profile = load_profiles()["asc-2009"]
    received = np.array(
        [D("2023-08-31").toordinal(), D("2024-08-31").toordinal(), D("2024-03-15").toordinal()],
        dtype=np.int64,
    )
    none = np.zeros(3, dtype=np.int64)
    out = bulk_stage_deadlines(profile, profile.stage(1), calendar_for(EW), received, none, none)
    got = [date.fromordinal(int(v)) for v in out["reasons_owed_by"]]
    assert got == [D("2024-02-29"), D("2025-02-28"), D("2024-09-15")]
    assert out["respond_by"].tolist() == [NO_DATE] * 3


def test_acknowledged_before_received() -> None:
    profile = load_profiles()["hos-2024"]
    received = np.array([D("2024-01-08").toordinal()], dtype=np.int64)
    with pytest.raises(FactsError, match="before it was received"):
        bulk_stage_deadlines(
            profile, profile.stage(1), calendar_for(EW), received, received - 1, received * 0
        )


def test_negative_extension() -> None:
    profile = load_profiles()["hos-2024"]
    received = np.array([D("2024-01-08").toordinal()], dtype=np.int64)
    with pytest.raises(FactsError, match="negative"):
        bulk_stage_deadlines(
            profile, profile.stage(1), calendar_for(EW), received, received, received * 0 - 1
        )


def test_missing_received_date() -> None:
    profile = load_profiles()["hos-2024"]
    none = np.zeros(1, dtype=np.int64)
    with pytest.raises(FactsError, match="received date"):
        bulk_stage_deadlines(profile, profile.stage(1), calendar_for(EW), none, none, none)
