"""Realistic complaints in bulk, for the case-page benchmark (``bench/cases.py``) and its test.

``generate(cases, today=...)`` adds organisations (one large, several smaller), their service
areas, closure days and staff (about 20 handlers each), then ``cases`` complaints with their
stages, extensions and audit events, written in batches with COPY on PostgreSQL (``bulk_create``
elsewhere): a million take minutes, where the per-case services would take hours.

The cases are what ``putright.cases.services`` would have written. Each follows a path (received,
acknowledged 0-8 working days later, sometimes extended, responded, in about a quarter of cases
escalated, acknowledged and responded again, then closed; a few are not accepted or are
withdrawn), with its dates received over the three years before ``today``; the path is cut at
``today``, and enough older cases stall part-way for about 30% to be open, mostly overdue. Stored
deadlines come from ``putright.rules.bulk.bulk_stage_deadlines`` under each service area's
profile and the organisation's calendar, and ``next_due`` follows ``services.common._next_due``.
Calling ``generate`` again adds more cases to the same organisations.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import numpy as np
import numpy.typing as npt
from django.db import connection, models
from django.db.models import Max

from putright.audit.models import AuditEvent
from putright.cases.models import Complaint, Extension, Stage
from putright.organisations.models import ClosureDay, Organisation, Role, ServiceArea, User
from putright.policy import get_profile
from putright.rules.bulk import NO_DATE, bulk_stage_deadlines
from putright.rules.calendar import WorkingCalendar, calendar_for

SEED = 20260401
BATCH = 50_000
OPEN_SHARE = 0.30
ESCALATED_PATH_SHARE = 0.32  # some escalated paths stall at stage 1, so about 25% get there
EXCLUDED_SHARE = 0.03
WITHDRAWN_SHARE = 0.03
HANDLERS = 18  # plus 2 managers: about 20 people who handle complaints per organisation

Ordinals = npt.NDArray[np.int64]
BIG = np.int64(10**9)  # a date that never comes: the step is not on the case's path


@dataclass(frozen=True)
class OrganisationSpec:
    slug: str
    name: str
    share: float
    areas: tuple[tuple[str, str, float], ...]  # name, Code profile, share of the cases


HOUSING = (
    ("Repairs", "hos-2024", 0.45),
    ("Anti-social behaviour", "hos-2024", 0.15),
    ("Rents and service charges", "hos-2024", 0.15),
    ("Lettings and allocations", "hos-2024", 0.10),
    ("Estate services", "hos-2024", 0.15),
)
COUNCIL = (
    ("Housing repairs", "hos-2024", 0.30),
    ("Council tax", "lgsco-2024", 0.20),
    ("Waste and recycling", "lgsco-2024", 0.25),
    ("Planning", "lgsco-2024", 0.15),
    ("Parking", "lgsco-2024", 0.10),
)
ORGANISATIONS = (
    OrganisationSpec("bench-large", "Large Housing Group", 0.60, HOUSING),
    OrganisationSpec("bench-north", "Northfield District Council", 0.12, COUNCIL),
    OrganisationSpec("bench-river", "Riverside Homes", 0.10, HOUSING),
    OrganisationSpec("bench-south", "Southmoor Borough Council", 0.10, COUNCIL),
    OrganisationSpec("bench-small", "Small Valley Council", 0.08, COUNCIL),
)

FIRST = ("Pat", "Sam", "Alex", "Jo", "Chris", "Amira", "Tomasz", "Grace", "Mohammed", "Sian")
LAST = ("Smith", "Jones", "Khan", "Williams", "Brown", "Nowak", "Taylor", "Okafor", "Evans", "Li")
STREETS = ("High Street", "Mill Lane", "Church Road", "Station Road", "Park View", "Elm Close")
CATEGORIES = ("Repairs", "Damp and mould", "Staff conduct", "Communication", "Delay", "Noise")
WHAT = (
    "The repair to my boiler was booked three times and never done.",
    "There is damp and mould in the bedroom and nobody has come to look at it.",
    "I was charged twice and my calls were not returned.",
    "The bins on our street have not been collected for three weeks.",
    "My neighbour's noise goes on every night and my reports were ignored.",
    "I was told someone would call me back and nobody did.",
)
CHANNELS = ("web", "email", "phone", "letter", "in_person", "social_media")


@dataclass
class _Org:
    organisation: Organisation
    areas: list[tuple[int, str]]  # service area id, profile id
    area_share: npt.NDArray[np.float64]
    handlers: npt.NDArray[np.int64]  # user ids of handlers and managers
    handler_share: npt.NDArray[np.float64]
    labels: dict[int, str]
    calendar: WorkingCalendar


def say(message: str) -> None:
    print(message, flush=True)


def setup_organisations(specs: Sequence[OrganisationSpec], today: date) -> list[_Org]:
    """The organisations, their service areas, closure days and staff; safe to run again."""
    orgs = []
    for i, spec in enumerate(specs):
        organisation, _ = Organisation.objects.get_or_create(
            slug=spec.slug,
            defaults={"name": spec.name, "division": "england-and-wales", "homes": 30_000},
        )
        organisation.default_profile = spec.areas[0][1]
        organisation.save(update_fields=["default_profile"])
        areas = [
            ServiceArea.objects.get_or_create(organisation=organisation, name=n, profile=p)[0]
            for n, p, _ in spec.areas
        ]
        closures = [
            ClosureDay(organisation=organisation, day=date(year, 12, day))
            for year in range(today.year - 4, today.year + 2)
            for day in range(27, 32)
            if date(year, 12, day).weekday() < 5
        ]
        ClosureDay.objects.bulk_create(closures, ignore_conflicts=True)
        roles = [Role.HANDLER] * HANDLERS + [Role.MANAGER] * 2
        roles += [Role.SENIOR_LEAD, Role.MEMBER, Role.AUDITOR]
        have = set(
            User.objects.filter(organisation=organisation).values_list("username", flat=True)
        )
        people = []
        for n, role in enumerate(roles, start=1):
            username = f"{role}{n:02d}@{spec.slug}.example"
            if username not in have:
                user = User(username=username, email=username, organisation=organisation)
                user.role, user.first_name, user.last_name = role, FIRST[n % 10], LAST[n % 7]
                user.set_unusable_password()
                people.append(user)
        User.objects.bulk_create(people)
        staff = User.objects.filter(
            organisation=organisation, role__in=[Role.HANDLER, Role.MANAGER]
        )
        handlers = np.array(sorted(staff.values_list("pk", flat=True)), dtype=np.int64)
        # Some people carry more cases than others; the same shares on every run.
        share = np.random.default_rng(SEED + i).dirichlet(np.full(len(handlers), 6.0))
        closures = ClosureDay.objects.filter(organisation=organisation).values_list(
            "day", flat=True
        )
        orgs.append(
            _Org(
                organisation,
                [(a.pk, a.profile) for a in areas],
                np.array([s for _, _, s in spec.areas]),
                handlers,
                share,
                {u.pk: u.username for u in User.objects.filter(organisation=organisation)},
                calendar_for(organisation.division, closures),
            )
        )
    return orgs


def _days(ordinals: Ordinals) -> list[date | None]:
    """Ordinals as dates, ``None`` for ``NO_DATE`` or a step that never came."""
    missing = (ordinals == NO_DATE) | (ordinals >= BIG)
    as_days = np.where(missing, 0, ordinals - date(1970, 1, 1).toordinal()).astype("datetime64[D]")
    as_days[missing] = np.datetime64("NaT")
    return as_days.tolist()  # type: ignore[no-any-return]


def _write(model: type[models.Model], columns: dict[str, list[Any]]) -> int:
    """Append rows, given column by column, to the model's table: COPY on PostgreSQL,
    ``bulk_create`` elsewhere."""
    names = list(columns)
    rows = zip(*columns.values(), strict=True)
    if connection.vendor != "postgresql":
        objs = [model(**dict(zip(names, row, strict=True))) for row in rows]
        model.objects.bulk_create(objs, batch_size=500)
        return len(objs)
    sql = ", ".join(model._meta.get_field(c).column for c in names)
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY {model._meta.db_table} ({sql}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


def _next_ids(model: type[models.Model]) -> int:
    return int(model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


def _add(calendar: WorkingCalendar, start: Ordinals, days: npt.NDArray[np.int64]) -> Ordinals:
    """Working days on from each start, never before it (a weekend start counts as the Friday)."""
    return np.maximum(calendar.add_many(start, days), start)


def _paths(rng: np.random.Generator, org: _Org, n: int, today: date) -> dict[str, Any]:
    """Each case's path as ordinal dates per step (BIG: not on its path), cut at ``today``."""
    cal, now = org.calendar, today.toordinal()
    rec = np.sort(rng.integers(now - 3 * 365, now + 1, size=n, dtype=np.int64))
    r = lambda lo, hi: rng.integers(lo, hi, size=n, dtype=np.int64)  # noqa: E731
    steps = np.full((n, 7), BIG, dtype=np.int64)  # s1 rec, ack, resp; s2 rec, ack, resp; end
    steps[:, 0] = rec
    steps[:, 1] = _add(cal, rec, r(0, 9))
    ext = np.where(rng.random(n) < 0.12, np.where(rng.random(n) < 0.9, r(1, 11), r(11, 16)), 0)
    ext_on = _add(cal, steps[:, 1], r(1, 4))
    steps[:, 2] = np.maximum(_add(cal, steps[:, 1], r(2, 13) + ext), ext_on)
    kind = rng.choice(
        3, size=n, p=[1 - EXCLUDED_SHARE - WITHDRAWN_SHARE, EXCLUDED_SHARE, WITHDRAWN_SHARE]
    )
    escalated = (rng.random(n) < ESCALATED_PATH_SHARE) & (kind != 1)
    steps[:, 3] = np.where(escalated, steps[:, 2] + r(3, 60), BIG)
    steps[:, 4] = np.where(escalated, _add(cal, np.minimum(steps[:, 3], now + 400), r(0, 9)), BIG)
    ext2 = np.where(escalated & (rng.random(n) < 0.15), r(1, 21), 0)
    ext2_on = np.where(escalated, _add(cal, np.minimum(steps[:, 4], now + 400), r(1, 4)), BIG)
    resp2 = _add(cal, np.minimum(steps[:, 4], now + 400), r(8, 26) + ext2)
    steps[:, 5] = np.where(escalated, np.maximum(resp2, ext2_on), BIG)
    last = np.where(escalated, steps[:, 5], steps[:, 2])
    steps[:, 6] = last + r(0, 15)
    # Not accepted: decided within a few working days, before any acknowledgement.
    excluded = kind == 1
    steps[excluded, 6] = _add(cal, rec[excluded], r(1, 6)[excluded])
    steps[excluded, 1:6] = BIG
    # Withdrawn after receipt or an acknowledgement, a few days after that step.
    withdrawn = kind == 2
    at = np.where(escalated, rng.choice([0, 1, 3, 4], size=n), rng.choice([0, 1], size=n))
    for k in range(6):
        gone = withdrawn & (at < k)
        steps[gone, k] = BIG
    steps[withdrawn, 6] = steps[withdrawn, at[withdrawn]] + r(1, 10)[withdrawn]

    done = steps[:, 6] <= now
    level = (steps[:, :6] <= now).sum(axis=1) - 1
    # Enough finished cases stall part-way to leave the backlog about OPEN_SHARE of the cases.
    natural_open = 1 - done.mean()
    p_stall = max(0.0, (OPEN_SHARE - natural_open) / max(1e-9, 1 - natural_open))
    stall = done & (rng.random(n) < p_stall)
    top = np.where(escalated & ~withdrawn, 5, 2)
    top = np.where(excluded, 0, np.where(withdrawn, at, top))
    level = np.where(stall, (rng.random(n) * (top + 1)).astype(np.int64), level)
    done &= ~stall
    for k in range(6):
        steps[~done & (level < k), k] = BIG
    end = np.where(done, steps[:, 6], now)
    ext = np.where((level >= 1) & (ext_on <= end), ext, 0)
    ext2 = np.where((level >= 4) & (ext2_on <= end), ext2, 0)
    return {
        "steps": steps, "level": level, "done": done, "kind": kind, "ext": ext, "ext_on": ext_on,
        "ext2": ext2, "ext2_on": ext2_on,
    }  # fmt: skip


def _stamps(ordinals: Ordinals, rng: np.random.Generator) -> list[datetime]:
    """A time in the working day of each date, as aware datetimes."""
    days = (np.minimum(ordinals, BIG - 1) - date(1970, 1, 1).toordinal()).astype("datetime64[D]")
    seconds = days.astype("datetime64[s]") + rng.integers(8 * 3600, 17 * 3600, size=len(days))
    return [d.replace(tzinfo=UTC) for d in seconds.tolist()]


def _deadlines(
    org: _Org, profiles: npt.NDArray[Any], stage: int, rows: npt.NDArray[np.bool_], facts: tuple
) -> dict[str, Ordinals]:
    """``bulk_stage_deadlines`` for the rows at this stage, grouped by their Code profile."""
    received, acknowledged, extension = facts
    out = {k: np.full(len(received), NO_DATE) for k in ("acknowledge_by", "respond_by", "ext")}
    for profile_id in np.unique(profiles[rows]):
        profile = get_profile(str(profile_id))
        m = rows & (profiles == profile_id)
        found = bulk_stage_deadlines(
            profile, profile.stage(stage), org.calendar, received[m], acknowledged[m], extension[m]
        )
        out["acknowledge_by"][m] = found.get("acknowledge_by", NO_DATE)
        out["respond_by"][m] = found.get("respond_by", NO_DATE)
        out["ext"][m] = found.get("extended_respond_by", NO_DATE)
    out["final"] = np.where(out["ext"] != NO_DATE, out["ext"], out["respond_by"])
    return out


def _chunk(
    rng: np.random.Generator, org: _Org, n: int, today: date, ids: dict[str, int]
) -> dict[str, int]:
    """Write ``n`` cases of one organisation; returns the rows written per table."""
    path = _paths(rng, org, n, today)
    steps, level, done, kind = path["steps"], path["level"], path["done"], path["kind"]
    fact = np.where(steps < BIG, steps, NO_DATE)
    area = rng.choice(len(org.areas), size=n, p=org.area_share / org.area_share.sum())
    profiles = np.array([org.areas[a][1] for a in area.tolist()])
    versions = {p: get_profile(p).version for p in set(profiles.tolist())}
    staged2 = fact[:, 3] != NO_DATE
    s1 = _deadlines(org, profiles, 1, np.ones(n, bool), (fact[:, 0], fact[:, 1], path["ext"]))
    s2 = _deadlines(
        org,
        profiles,
        2,
        staged2,
        (np.where(staged2, fact[:, 3], fact[:, 0]), fact[:, 4], path["ext2"]),
    )
    status = np.select(
        [
            done & (kind == 0),
            done & (kind == 1),
            done & (kind == 2),
            level % 3 == 0,
            level % 3 == 1,
        ],
        ["closed", "excluded", "withdrawn", "received", "acknowledged"],
        "responded",
    )
    current = {k: np.where(staged2, s2[k], s1[k]) for k in ("acknowledge_by", "final")}
    acknowledge_first = np.where(
        current["acknowledge_by"] != NO_DATE, current["acknowledge_by"], current["final"]
    )
    next_due = np.select(
        [status == "received", status == "acknowledged"],
        [acknowledge_first, current["final"]],
        NO_DATE,
    )
    k = len(org.handlers)
    h1 = rng.choice(k, size=n, p=org.handler_share)
    h2 = (h1 + 1 + rng.integers(0, k - 1, size=n)) % k
    s1_handler = np.where((level >= 1) | (rng.random(n) < 0.8), org.handlers[h1], -1)
    s2_handler = np.where(staged2 & ((level >= 4) | (rng.random(n) < 0.5)), org.handlers[h2], -1)
    handler = np.where(staged2, s2_handler, s1_handler)
    logged_by = org.handlers[rng.integers(0, k, size=n)]
    cids = np.arange(ids["complaint"], ids["complaint"] + n)
    ids["complaint"] += n

    def pick(options: Sequence[str], size: int = n) -> list[str]:
        return [options[i] for i in rng.integers(0, len(options), size=size).tolist()]

    first, last = pick(FIRST), pick(LAST)
    house = rng.integers(1, 200, size=n).tolist()
    excluded = (status == "excluded").tolist()
    last_step = np.max(np.where(fact > 0, fact, 0)[:, :6], axis=1)
    written = {
        "complaints": _write(
            Complaint,
            {
                "id": cids.tolist(),
                "organisation_id": [org.organisation.pk] * n,
                "reference": _references(org, ids, fact[:, 0]),
                "service_area_id": [org.areas[a][0] for a in area.tolist()],
                "profile": profiles.tolist(),
                "profile_version": [versions[p] for p in profiles.tolist()],
                "channel": pick(CHANNELS),
                "received": _days(fact[:, 0]),
                "logged_by_id": logged_by.tolist(),
                "name": [f"{a} {b}" for a, b in zip(first, last, strict=True)],
                "email": [f"{a}.{b}@example.org".lower() for a, b in zip(first, last, strict=True)],
                "phone": ["01632 960000"] * n,
                "address": [
                    f"{h} {s}, Townsville" for h, s in zip(house, pick(STREETS), strict=True)
                ],
                "category": pick(CATEGORIES),
                "description": pick(WHAT),
                "outcome_sought": ["Put it right and an apology."] * n,
                "outside_time_limit": excluded,
                "discretion_note": [""] * n,
                "stage": np.where(staged2, 2, 1).tolist(),
                "status": status.tolist(),
                "handler_id": _ids(handler),
                "next_due": _days(next_due),
                "exclusion_reason": [EXCLUSION[0] if x else "" for x in excluded],
                "exclusion_evidence": [EXCLUSION[1] if x else "" for x in excluded],
                "closed_on": _days(np.where(done, steps[:, 6], NO_DATE)),
                "version": (level + 1 + done).tolist(),
                "created": _stamps(fact[:, 0], rng),
                "updated": _stamps(np.where(done, steps[:, 6], last_step), rng),
            },
        )
    }
    written["stages"] = written["extensions"] = 0
    for number, s, m, h in (
        (1, s1, np.arange(n), s1_handler),
        (2, s2, np.flatnonzero(staged2), s2_handler),
    ):
        base, ext, ext_on = (0, "ext", "ext_on") if number == 1 else (3, "ext2", "ext2_on")
        sid = np.arange(ids["stage"], ids["stage"] + len(m))
        ids["stage"] += len(m)
        acknowledged = fact[m, base + 1] != NO_DATE
        responded = fact[m, base + 2] != NO_DATE
        outcome = np.where(responded, rng.choice(["upheld", "not_upheld"], size=len(m)), "")
        written["stages"] += _write(
            Stage,
            {
                "id": sid.tolist(),
                "complaint_id": cids[m].tolist(),
                "number": [number] * len(m),
                "received": _days(fact[m, base]),
                "acknowledged": _days(fact[m, base + 1]),
                "handler_id": _ids(h[m]),
                "definition": np.where(acknowledged, DEFINITION, "").tolist(),
                "responsible_for": [""] * len(m),
                "not_responsible_for": [""] * len(m),
                "extension_days": path[ext][m].tolist(),
                "responded": _days(fact[m, base + 2]),
                "outcome": outcome.tolist(),
                "decision": np.where(responded, "We put the repair right.", "").tolist(),
                "reasons": np.where(responded, "The appointments were missed.", "").tolist(),
                "acknowledge_by": _days(s["acknowledge_by"][m]),
                "respond_by": _days(s["respond_by"][m]),
                "extended_respond_by": _days(s["ext"][m]),
                "profile_version": [versions[p] for p in profiles[m].tolist()],
                "created": _stamps(fact[m, base], rng),
            },
        )
        e = np.flatnonzero(path[ext][m] > 0)
        written["extensions"] += _write(
            Extension,
            {
                "stage_id": sid[e].tolist(),
                "days": path[ext][m][e].tolist(),
                "reason": ["We need a contractor's report first."] * len(e),
                "ombudsman_details_given": [True] * len(e),
                "granted_on": _days(path[ext_on][m][e]),
                "granted_by_id": _ids(h[m][e]),
                "created": _stamps(path[ext_on][m][e], rng),
            },
        )
    written["audit events"] = _audit(rng, org, cids, fact, status, done, path, logged_by, handler)
    return written


DEFINITION = "The repair was not done and calls were not returned; a repair and an apology."
EXCLUSION = (
    "Made more than 12 months after the issue",
    "The issue was in 2019; nothing since explains the delay, so discretion was not used.",
)
#: Each audited step: its action, the path column of its date, what it was and what it became.
_ACK = '"status": "acknowledged", "stage_{n}.acknowledged": "{{day}}"'
_RESPONDED = '"status": "responded", "stage_{n}.responded": "{{day}}"'
AUDIT_STEPS = (
    ("receive", 0, "", '"received": "{day}"'),
    ("acknowledge", 1, '"status": "received"', _ACK.format(n=1)),
    ("extend", "ext_on", "", '"extension.granted_on": "{day}"'),
    ("respond", 2, '"status": "acknowledged"', _RESPONDED.format(n=1)),
    ("escalate", 3, '"status": "responded", "stage": 1', '"status": "received", "stage": 2'),
    ("acknowledge", 4, '"status": "received"', _ACK.format(n=2)),
    ("extend", "ext2_on", "", '"extension.granted_on": "{day}"'),
    ("respond", 5, '"status": "acknowledged"', _RESPONDED.format(n=2)),
    ("end", 6, '"status": "open"', '"status": "{status}", "closed_on": "{day}"'),
)


def _ids(values: npt.NDArray[np.int64]) -> list[int | None]:
    return [None if x < 0 else x for x in values.tolist()]


def _references(org: _Org, ids: dict[str, Any], received: Ordinals) -> list[str]:
    """CMP-<year>-<number>, numbered on from the organisation's last reference of the year."""
    days = (received - date(1970, 1, 1).toordinal()).astype("datetime64[D]")
    years = days.astype("datetime64[Y]").astype(np.int64) + 1970
    numbers = np.zeros(len(received), dtype=np.int64)
    counters = ids[f"ref:{org.organisation.pk}"]
    for year in np.unique(years).tolist():
        m = years == year
        numbers[m] = counters.get(year, 0) + np.arange(1, int(m.sum()) + 1)
        counters[year] = int(numbers[m].max())
    return [f"CMP-{y}-{x:05d}" for y, x in zip(years.tolist(), numbers.tolist(), strict=True)]


def _audit(
    rng: np.random.Generator, org: _Org, cids: npt.NDArray[np.int64], fact: Ordinals,
    status: npt.NDArray[Any], done: npt.NDArray[np.bool_], path: dict[str, Any],
    logged_by: npt.NDArray[np.int64], handler: npt.NDArray[np.int64],
) -> int:  # fmt: skip
    """One audit event per step each case took, as the services record them."""
    pg = connection.vendor == "postgresql"
    as_json = (lambda s: s) if pg else json.loads
    ends = {"closed": "close", "excluded": "exclude", "withdrawn": "withdraw"}
    total = 0
    for action, column, before, after in AUDIT_STEPS:
        if isinstance(column, str):
            extension = "ext" if column == "ext_on" else "ext2"
            when = np.where(path[extension] > 0, path[column], NO_DATE)
        elif column == 6:
            when = np.where(done, fact[:, 6], NO_DATE)
        else:
            when = fact[:, column]
        m = np.flatnonzero(when != NO_DATE)
        actors = np.where(
            column == 0, logged_by[m], np.where(handler[m] > 0, handler[m], logged_by[m])
        )
        days = [d.isoformat() for d in _days(when[m])]
        ended = [ends.get(s, s) for s in status[m].tolist()]
        after_values = [
            as_json("{" + after.format(day=d, status=s) + "}")
            for d, s in zip(days, status[m].tolist(), strict=True)
        ]
        rows = {
            "organisation_id": [org.organisation.pk] * len(m),
            "actor_id": actors.tolist(),
            "actor_label": [org.labels[a] for a in actors.tolist()],
            "action": [f"complaint.{a}" for a in ended]
            if column == 6
            else [f"complaint.{action}"] * len(m),
            "object_type": ["cases.complaint"] * len(m),
            "object_id": [str(c) for c in cids[m].tolist()],
            "before": [as_json("{" + before + "}") if before else None] * len(m),
            "after": after_values,
            "created": _stamps(when[m], rng),
        }
        total += _write(AuditEvent, rows)
    return total


def _reset_sequences() -> None:
    from django.core.management.color import no_style

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Complaint, Stage]):
            cursor.execute(sql)


def _reference_counters(org: _Org) -> dict[int, int]:
    counters: dict[int, int] = {}
    refs = Complaint.objects.filter(organisation=org.organisation, reference__startswith="CMP-")
    for ref in refs.values_list("reference", flat=True).iterator(chunk_size=10_000):
        _, year, number = ref.split("-")
        counters[int(year)] = max(counters.get(int(year), 0), int(number))
    return counters


def generate(
    cases: int,
    *,
    today: date,
    seed: int = SEED,
    organisations: Sequence[OrganisationSpec] = ORGANISATIONS,
    batch: int = BATCH,
    report: Callable[[str], None] = say,
    rebuild_indexes: bool = False,
) -> dict[str, int]:
    """Add ``cases`` complaints, spread over the organisations by their share (the first takes
    the remainder), and return the rows written per table. Deterministic for a given seed and
    number of cases already stored. ``rebuild_indexes`` loads a PostgreSQL database as a restore
    would (see ``_bulk_load``): for a database of its own, not one that others are using."""
    orgs = setup_organisations(organisations, today)
    already = Complaint.objects.filter(organisation__in=[o.organisation for o in orgs]).count()
    rng = np.random.default_rng([seed, already])
    shares = [int(cases * spec.share) for spec in organisations]
    shares[0] += cases - sum(shares)
    ids: dict[str, Any] = {"complaint": _next_ids(Complaint), "stage": _next_ids(Stage)}
    totals: dict[str, int] = {}
    done, start = 0, time.perf_counter()
    counters = {org.organisation.pk: _reference_counters(org) for org in orgs}
    with _bulk_load(report) if rebuild_indexes else nullcontext():
        for org, share in zip(orgs, shares, strict=True):
            ids[f"ref:{org.organisation.pk}"] = counters[org.organisation.pk]
            for offset in range(0, share, batch):
                written = _chunk(rng, org, min(batch, share - offset), today, ids)
                for table, count in written.items():
                    totals[table] = totals.get(table, 0) + count
                done += written["complaints"]
                elapsed = time.perf_counter() - start
                rows = sum(totals.values())
                report(
                    f"  {done:>9,} of {cases:,} cases ({org.organisation.slug}); "
                    f"{rows:,} rows, {rows / elapsed:,.0f} rows/s"
                )
    _reset_sequences()
    return totals


@contextmanager
def _bulk_load(report: Callable[[str], None]) -> Iterator[None]:
    """On PostgreSQL, load as a restore would: the secondary indexes of the loaded tables are
    dropped and built again afterwards from their own definitions, and foreign-key triggers are
    skipped (the generator writes only keys it has just read or written). Unique indexes stay,
    so a duplicate reference still fails the load."""
    if connection.vendor != "postgresql":
        yield
        return
    tables = [m._meta.db_table for m in (Complaint, Stage, Extension, AuditEvent)]
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")
        cursor.execute("SET maintenance_work_mem = '512MB'")
        cursor.execute("SHOW is_superuser")
        if cursor.fetchone()[0] == "on":
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
            "AND tablename = ANY(%s) AND indexdef NOT LIKE 'CREATE UNIQUE%%'",
            [tables],
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    try:
        yield
    finally:
        start = time.perf_counter()
        with connection.cursor() as cursor:
            for _, definition in indexes:
                cursor.execute(definition)
            cursor.execute("SET session_replication_role = DEFAULT")
        report(f"  {len(indexes)} indexes built in {time.perf_counter() - start:.1f} s")
