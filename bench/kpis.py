"""Benchmark of ``putright kpis``'s figures and of the annual report at 100,000 and 1,000,000
complaints, on PostgreSQL.

``make bench`` runs it after ``bench/cases.py`` when ``PUTRIGHT_BENCH_DATABASE_URL`` or
``DATABASE_URL`` is a ``postgres://`` URL; or run ``.venv/bin/python bench/kpis.py`` (``--sizes
100000`` for the smaller one only). It never touches the database the URL names: it uses
``<name>_kpis`` (100,000 cases) and ``<name>_kpis_1m`` (1,000,000, across five organisations,
built from a copy of the first) on the same server (``<name>`` is the URL's database with
``PUTRIGHT_BENCH_DATABASE_URL``, else ``putright_bench``), built, migrated and filled by
``bench/generate.py`` as ``bench/cases.py`` builds its own, and reused while their markers say
they are fresh (``--rebuild`` builds them again). Financial remedies and service requests, which
the generator does not make, are added once to the cases that have none.

For the large organisation (60% of the cases), over the last financial year and over the whole
three years, it times ``complaint_figures`` (in-process, best of 5 after a warm-up) beside one
hand-written SQL query that computes the same figures (the floor), checks that both give the same
numbers, and prints PASS or FAIL against the targets: under a second at 100,000 complaints, and
within 3 times the floor at each size. It then times the annual report of the last financial year
(``annual.annual_report_data``, full and for publication, and the web page and tagged PDF made
from it), which has no target. Exits 1 if a target is missed or the numbers differ.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.cases import Server, label, prepare, say, server_url, with_database  # noqa: E402

SIZES = (100_000, 1_000_000)
#: The size at which the figures must take under TARGET_MS.
TARGET_SIZE = 100_000
REPEATS = 5
TARGET_MS = 1000.0
TARGET_RATIO = 3.0
#: Limit used in the floor's table for a stage whose extensions have no limit.
NO_LIMIT = 32767

FLOOR = """
WITH limits (profile, number, limit_days, with_reason) AS (VALUES {limits}),
reasoned AS (SELECT DISTINCT stage_id FROM cases_extension WHERE TRIM(reason) <> ''),
complaints AS (
    SELECT count(*) AS received,
           count(*) FILTER (WHERE status = 'excluded' AND stage = 1) AS refused
    FROM cases_complaint
    WHERE organisation_id = %(org)s AND received BETWEEN %(start)s AND %(end)s
),
stages AS (
    SELECT s.number, s.outcome,
        count(*) FILTER (WHERE s.received BETWEEN %(start)s AND %(end)s
                         AND NOT (c.status = 'excluded' AND c.stage = s.number)) AS received,
        count(*) FILTER (WHERE s.acknowledged BETWEEN %(start)s AND %(end)s) AS acknowledged,
        count(*) FILTER (WHERE s.acknowledged BETWEEN %(start)s AND %(end)s
                         AND (s.acknowledge_by IS NULL OR s.acknowledged <= s.acknowledge_by))
            AS acknowledged_on_time,
        count(*) FILTER (WHERE s.responded BETWEEN %(start)s AND %(end)s) AS responded,
        count(*) FILTER (WHERE s.responded BETWEEN %(start)s AND %(end)s
                         AND (s.respond_by IS NULL OR s.responded <= s.respond_by
                              OR (s.responded <= s.extended_respond_by
                                  AND (s.extension_days <= l.limit_days
                                       OR (l.with_reason AND r.stage_id IS NOT NULL)))))
            AS responded_on_time,
        count(*) FILTER (WHERE s.responded BETWEEN %(start)s AND %(end)s
                         AND (s.respond_by IS NULL OR s.responded <= s.respond_by))
            AS responded_on_time_without_extensions
    FROM cases_stage s
    JOIN cases_complaint c ON c.id = s.complaint_id
    LEFT JOIN limits l ON l.profile = c.profile AND l.number = s.number
    LEFT JOIN reasoned r ON r.stage_id = s.id
    WHERE c.organisation_id = %(org)s AND s.number IN (1, 2)
      AND (s.received BETWEEN %(start)s AND %(end)s
           OR s.acknowledged BETWEEN %(start)s AND %(end)s
           OR s.responded BETWEEN %(start)s AND %(end)s)
    GROUP BY s.number, s.outcome
)
SELECT
    (SELECT received FROM complaints),
    (SELECT refused FROM complaints),
    (SELECT json_agg(stages) FROM stages),
    (SELECT count(*) FROM cases_servicerequest
     WHERE organisation_id = %(org)s AND received BETWEEN %(start)s AND %(end)s),
    (SELECT coalesce(sum(m.amount), 0) FROM cases_remedy m
     JOIN cases_complaint c ON c.id = m.complaint_id
     WHERE m.kind = 'financial' AND c.organisation_id = %(org)s
       AND c.received BETWEEN %(start)s AND %(end)s
       AND NOT (c.status = 'excluded' AND c.stage = 1))
"""


def floor_sql() -> str:
    """The hand-written query, with each (profile, stage)'s extension limit written in, and
    whether a reason allows more."""
    from putright.policy import load_profiles

    rows = [
        f"('{profile.id}', {stage.number}, "
        f"{NO_LIMIT if stage.extension.limit_days is None else stage.extension.limit_days}, "
        f"{str(stage.extension.beyond_limit == 'with_reason').lower()})"
        for profile in load_profiles().values()
        for stage in profile.stages
        if stage.number in (1, 2) and stage.extension is not None
    ]
    return FLOOR.format(limits=", ".join(rows))


def floor_figures(organisation: Any, start: date, end: date) -> dict[str, Any]:
    """The floor's answer, in the shape of ``Figures.as_json()``."""
    from django.db import connection

    from putright.reporting.figures import _per_1000, _percent

    with connection.cursor() as cursor:
        cursor.execute(floor_sql(), {"org": organisation.pk, "start": start, "end": end})
        received, refused, rows, requests, total = cursor.fetchone()
    if isinstance(rows, str):
        rows = json.loads(rows)
    keys = (
        "received", "acknowledged", "acknowledged_on_time", "responded", "responded_on_time",
        "responded_on_time_without_extensions",
    )  # fmt: skip
    stages: dict[int, dict[str, Any]] = {
        n: {**dict.fromkeys(keys, 0), "outcomes": {}} for n in (1, 2)
    }
    for row in rows or []:
        stage = stages[row["number"]]
        for key in keys:
            stage[key] += row[key]
        if row["outcome"] and row["responded"]:
            stage["outcomes"][row["outcome"]] = row["responded"]
    stages[1]["received"] = received - refused
    for stage in stages.values():
        stage["outcomes"] = dict(sorted(stage["outcomes"].items()))
    homes = organisation.homes
    return {
        "organisation": organisation.slug,
        "from": start.isoformat(),
        "to": end.isoformat(),
        "service_requests_received": requests,
        "complaints_received": received,
        "complaints_refused": refused,
        "stage1": stages[1],
        "stage2": stages[2],
        "ch01": {
            "stage1_per_1000_homes": _per_1000(stages[1]["received"], homes),
            "stage2_per_1000_homes": _per_1000(stages[2]["received"], homes),
        },
        "ch02": {
            "stage1_percent_on_time": _percent(
                stages[1]["responded_on_time"], stages[1]["responded"]
            ),
            "stage2_percent_on_time": _percent(
                stages[2]["responded_on_time"], stages[2]["responded"]
            ),
        },
        "financial_remedies_total": f"{total:.2f}",
    }


def add_remedies_and_requests() -> None:
    """Financial remedies on about one complaint in five (and apologies on one in seven), and
    service requests as many as a tenth of the complaints, deterministically, for the complaints
    past those already done (a database copied from a smaller one has them for its first cases);
    and a third of the extensions without a reason."""
    from django.db import connection

    with connection.cursor() as cursor:
        # The generator gives every extension a reason; a third of them lose it, as cases
        # brought in from a legacy system may have none, so that rule is measured too.
        cursor.execute("UPDATE cases_extension SET reason = '' WHERE id % 3 = 0 AND reason <> ''")
        cursor.execute("SELECT coalesce(max(complaint_id), 0) FROM cases_remedy")
        done = cursor.fetchone()[0]
        cursor.execute("SELECT coalesce(max(id), 0) FROM cases_complaint")
        if cursor.fetchone()[0] <= done + 10:
            return
        start = time.perf_counter()
        cursor.execute(
            """
            INSERT INTO cases_remedy (complaint_id, stage, kind, description, due, amount, status,
                cannot_deliver_reason, alternative, ombudsman_reminded, created, updated)
            SELECT id, 1, 'financial', 'A payment for the missed appointments.', received + 30,
                   ((id * 7919) %% 50000) / 100.0, 'offered', '', '', false, created, created
            FROM cases_complaint WHERE id %% 5 = 0 AND id > %(done)s
            UNION ALL
            SELECT id, 1, 'apology', 'We are sorry.', NULL, NULL, 'offered', '', '', false,
                   created, created
            FROM cases_complaint WHERE id %% 7 = 0 AND id > %(done)s
            """,
            {"done": done},
        )
        cursor.execute(
            """
            INSERT INTO cases_servicerequest (organisation_id, reference, service_area_id,
                channel, received, name, email, phone, address, category, description, status,
                response, version, created, updated)
            SELECT organisation_id, 'SR-' || id, service_area_id, channel, received - 20,
                   'Sam Example', '', '', '', '', 'The gutter is blocked.', 'open', '', 1,
                   created, created
            FROM cases_complaint WHERE id %% 10 = 0 AND id > %(done)s
            """,
            {"done": done},
        )
        cursor.execute("ANALYZE cases_remedy")
        cursor.execute("ANALYZE cases_servicerequest")
    say(f"Added remedies and service requests in {time.perf_counter() - start:.1f} s.")


def best_of(call: Callable[[], object], repeats: int = REPEATS) -> tuple[float, object]:
    call()  # warm-up: the profiles are loaded and PostgreSQL's cache is filled
    times, answer = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        answer = call()
        times.append((time.perf_counter() - start) * 1000)
    return min(times), answer


def time_report(organisation: Any, year: int) -> list[tuple[str, float]]:
    """The annual report's parts, timed once each: its data, full and for publication, and the
    web page and tagged PDF made from the full one."""
    from django.template.loader import render_to_string

    from putright.pdf import html_to_pdf
    from putright.reporting.annual import annual_report_data

    logging.getLogger("weasyprint").setLevel(logging.WARNING)  # its progress, page by page

    times = []
    start = time.perf_counter()
    data = annual_report_data(organisation=organisation, year=year, publishable=False)
    times.append(("report data, full", (time.perf_counter() - start) * 1000))
    start = time.perf_counter()
    annual_report_data(organisation=organisation, year=year, publishable=True)
    times.append(("report data, for publication", (time.perf_counter() - start) * 1000))
    start = time.perf_counter()
    body = render_to_string("reporting/_annual_body.html", {"report": data})
    pdf = html_to_pdf(
        render_to_string("reporting/annual_report_pdf.html", {"report": data, "body": body})
    )
    times.append(
        (f"web page and PDF ({len(pdf) // 1024} KB)", (time.perf_counter() - start) * 1000)
    )
    return times


def measure_size(size: int, organisation: Any, today: date) -> int:
    """Time the figures and the report at one size; return how many targets were missed."""
    from putright.reporting.figures import complaint_figures

    year_end = date(today.year if today.month > 3 else today.year - 1, 3, 31)
    periods = {
        "last financial year": (date(year_end.year - 1, 4, 1), year_end),
        "three years": (date(today.year - 3, today.month, 1), today),
    }
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    say(f"\nFigures of {organisation.slug} at {size:,} complaints (ms, best of {REPEATS})")
    say(f"Load average before: {load} on {os.cpu_count()} cores")
    say(f"{'period':<22} {'figures':>9} {'one SQL':>9} {'ratio':>7}  same numbers")
    failed = 0
    for period, (start, end) in periods.items():
        ours, figures = best_of(
            lambda s=start, e=end: complaint_figures(organisation=organisation, start=s, end=e)
        )
        floor, expected = best_of(lambda s=start, e=end: floor_figures(organisation, s, e))
        found = figures.as_json()  # type: ignore[attr-defined]
        same = found == expected
        ratio = ours / floor
        say(f"{period:<22} {ours:>9.1f} {floor:>9.1f} {ratio:>7.2f}  {'yes' if same else 'NO'}")
        if not same:
            say(f"  figures: {json.dumps(found)}")
            say(f"  one SQL: {json.dumps(expected)}")
        fast = ours < TARGET_MS if size <= TARGET_SIZE else True
        ok = same and fast and ratio <= TARGET_RATIO
        failed += not ok
        under = f" (target under {TARGET_MS:.0f} ms)" if size <= TARGET_SIZE else ""
        say(
            f"{'PASS' if ok else 'FAIL'}  {period} ({start} to {end}): {ours:.1f} ms{under}, "
            f"{ratio:.2f} times the one query (target {TARGET_RATIO:.0f}), numbers "
            f"{'the same' if same else 'DIFFERENT'}"
        )
        say(
            f"  received {found['complaints_received']:,}, responded at stage 1 "
            f"{found['stage1']['responded']:,}, CH02 {found['ch02']['stage1_percent_on_time']}%"
        )
    say(f"\nAnnual report {year_end.year - 1} to {year_end.year} of {organisation.slug} (ms, once)")
    for part, ms in time_report(organisation, year_end.year - 1):
        say(f"  {part:<40} {ms:>9.0f}")
    return failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    parser.add_argument("--rebuild", action="store_true", help="build the databases again")
    args = parser.parse_args()
    url = server_url()
    if url is None:
        say(
            "Figures benchmark skipped: set PUTRIGHT_BENCH_DATABASE_URL or DATABASE_URL "
            "to a postgres:// URL."
        )
        return 0
    explicit = os.environ.get("PUTRIGHT_BENCH_DATABASE_URL", "").strip()
    base = urlsplit(explicit).path.lstrip("/") if explicit else "putright_bench"
    os.environ["DATABASE_URL"] = with_database(url, "postgres")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.utils import timezone

    from putright.organisations.models import Organisation

    today = timezone.localdate()
    failed, previous = 0, None
    for size in sorted(int(s) for s in args.sizes.split(",")):
        name = f"{base}_kpis" if size == TARGET_SIZE else f"{base}_kpis_{label(size)}"
        prepare(Server(url), size, name, previous, args.rebuild)
        previous = name
        add_remedies_and_requests()
        failed += measure_size(size, Organisation.objects.get(slug="bench-large"), today)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
