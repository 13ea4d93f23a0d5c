"""Benchmark of the staff case pages at 100,000 and 1,000,000 complaints, on PostgreSQL.

``make bench`` runs it after ``bench/run.py`` when ``PUTRIGHT_BENCH_DATABASE_URL`` or
``DATABASE_URL`` is a ``postgres://`` URL; or run ``.venv/bin/python bench/cases.py``. It never
touches the database the URL names: it uses ``<name>_100k`` and ``<name>_1m`` on the same server
(``<name>`` is the URL's database with ``PUTRIGHT_BENCH_DATABASE_URL``, else ``putright_bench``),
each built fresh, migrated and filled by ``bench/generate.py``, and reused by later runs while its
marker table says it holds the right number of cases from the same generator within the last
week (``--rebuild`` builds them again). The 1m database starts as a copy of the 100k one.

Each page is requested through the Django test client in-process, signed in with
``force_login`` as handlers of the large organisation (60% of the cases): a few warm-up
requests, then up to 200 over random handlers and cases (fewer when a page is so slow that
the per-page time budget runs out), timed from request to response. It prints p50 and p95 in ms
and the queries of one request per page, then PASS or FAIL per page at the largest size against
the target: p95 under 100 ms. For a failing page it prints the slowest query of one request with
its ``EXPLAIN ANALYZE``. Exits 1 if any page fails. The full run (both databases built) takes
about ten minutes on two cores.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZES = (100_000, 1_000_000)
TARGET_P95_MS = 100.0
REQUESTS = 200
BUDGET_SECONDS = 12.0
MIN_REQUESTS = 3
#: A page slower than this (p50) at one size is not requested at the next, ten times larger.
SKIP_AFTER_MS = 2000.0
FRESH_DAYS = 7
SEED = 20260401
POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql"}


def say(message: str = "") -> None:
    print(message, flush=True)


def server_url() -> str | None:
    """The PostgreSQL URL to benchmark on, or None when there is none."""
    for variable in ("PUTRIGHT_BENCH_DATABASE_URL", "DATABASE_URL"):
        url = os.environ.get(variable, "").strip()
        if url:
            return url if urlsplit(url).scheme in POSTGRES_SCHEMES else None
    return None


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def label(size: int) -> str:
    return f"{size // 1_000_000}m" if size % 1_000_000 == 0 else f"{size // 1000}k"


# --- the databases -------------------------------------------------------------------------------


class Server:
    """Creates, copies and drops the benchmark databases, and reads their markers."""

    def __init__(self, url: str) -> None:
        import psycopg

        self.psycopg = psycopg
        self.url = url

    def connect(self, name: str):  # type: ignore[no-untyped-def]
        return self.psycopg.connect(with_database(self.url, name), autocommit=True)

    def exists(self, name: str) -> bool:
        with self.connect("postgres") as conn:
            found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            return found.fetchone() is not None

    def marker(self, name: str) -> tuple[int, int, date] | None:
        """(cases, seed, made on) of a database the generator filled, else None."""
        if not self.exists(name):
            return None
        with self.connect(name) as conn:
            table = conn.execute("SELECT to_regclass(%s)", ["putright_bench_marker"]).fetchone()
            if table is None or table[0] is None:
                return None
            row = conn.execute("SELECT cases, seed, made_on FROM putright_bench_marker").fetchone()
            return (int(row[0]), int(row[1]), row[2]) if row else None

    def create(self, name: str, template: str | None = None) -> None:
        with self.connect("postgres") as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            copy = f' TEMPLATE "{template}"' if template else ""
            conn.execute(f'CREATE DATABASE "{name}"{copy}')

    def mark(self, name: str, cases: int, made_on: date) -> None:
        with self.connect(name) as conn:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS putright_bench_marker "
                "(cases bigint, seed bigint, made_on date)"
            )
            conn.execute("DELETE FROM putright_bench_marker")
            conn.execute(
                "INSERT INTO putright_bench_marker VALUES (%s, %s, %s)", [cases, SEED, made_on]
            )
            conn.execute("VACUUM ANALYZE")


def use_database(name: str) -> None:
    from django.conf import settings
    from django.db import connections

    connections.close_all()
    settings.DATABASES["default"]["NAME"] = name
    connections["default"].settings_dict["NAME"] = name


def prepare(server: Server, size: int, name: str, previous: str | None, rebuild: bool) -> None:
    """Make ``name`` hold ``size`` generated cases, reusing what is there when it can."""
    from django.core.management import call_command
    from django.utils import timezone

    from bench.generate import generate

    today = timezone.localdate()
    fresh = lambda m: m is not None and m[1] == SEED and today - m[2] <= timedelta(FRESH_DAYS)  # noqa: E731
    found = None if rebuild else server.marker(name)
    if fresh(found) and found is not None and found[0] == size:
        say(f"Reusing {name}: {size:,} cases made on {found[2]:%-d %B %Y}.")
        use_database(name)
        call_command("migrate", verbosity=0, interactive=False)
        return
    base = server.marker(previous) if previous else None
    start = time.perf_counter()
    use_database("postgres")
    if fresh(base) and base is not None and base[0] < size:
        say(f"Building {name} from a copy of {previous} ({base[0]:,} cases) ...")
        server.create(name, template=previous)
        have = base[0]
    else:
        say(f"Building {name} ...")
        server.create(name)
        have = 0
    use_database(name)
    call_command("migrate", verbosity=0, interactive=False)
    generate(size - have, today=today, seed=SEED, report=say, rebuild_indexes=True)
    use_database("postgres")
    server.mark(name, size, today)
    use_database(name)
    say(f"{name}: {size:,} cases in {time.perf_counter() - start:.0f} s (with VACUUM ANALYZE).")


# --- the pages -----------------------------------------------------------------------------------


@dataclass
class Page:
    name: str
    paths: Callable[[random.Random], tuple[int, str]]  # a random (handler index, path)


@dataclass
class Result:
    page: str
    requests: int
    p50: float
    p95: float
    queries: int
    sql_ms: float
    slowest: str


def pages(rng_seed: int) -> tuple[list[object], list[Page]]:
    """Signed-in clients for the large organisation's handlers, and the pages to request."""
    from django.test import Client

    from putright.cases.models import OPEN_STATUSES, Complaint
    from putright.organisations.models import Organisation, Role, ServiceArea, User

    org = Organisation.objects.get(slug="bench-large")
    handlers = list(User.objects.filter(organisation=org, role=Role.HANDLER).order_by("pk"))
    clients = []
    for handler in handlers:
        client = Client()
        client.force_login(handler)
        clients.append(client)
    areas = list(ServiceArea.objects.filter(organisation=org).values_list("pk", flat=True))
    rng = random.Random(rng_seed)
    ids = Complaint.objects.filter(organisation=org).values_list("pk", flat=True)
    last = max(ids.order_by("-pk")[:1])
    first = min(ids.order_by("pk")[:1])
    sample = rng.sample(range(first, last + 1), 400)
    refs = list(
        Complaint.objects.filter(pk__in=sample, organisation=org).values_list(
            "reference", flat=True
        )
    )
    open_refs = list(
        Complaint.objects.filter(
            pk__in=sample, organisation=org, status__in=OPEN_STATUSES
        ).values_list("reference", flat=True)
    )
    n = len(handlers)
    return clients, [
        Page("My work", lambda r: (r.randrange(n), "/staff/work/")),
        Page("Team cases", lambda r: (r.randrange(n), "/staff/cases/")),
        Page(
            "Team cases: area, stage 2",
            lambda r: (r.randrange(n), f"/staff/cases/?service_area={r.choice(areas)}&stage=2"),
        ),
        Page(
            "Team cases: handler, overdue",
            lambda r: (
                r.randrange(n),
                f"/staff/cases/?handler={r.choice(handlers).pk}&status=overdue",
            ),
        ),
        Page(
            "Search by reference", lambda r: (r.randrange(n), f"/staff/cases/?q={r.choice(refs)}")
        ),
        Page(
            "Case page", lambda r: (r.randrange(n), f"/staff/cases/{r.choice(refs + open_refs)}/")
        ),
    ]


#: Requests made before measuring each page.
WARM_UP = 20


def measure(clients: list[object], page: Page, *, requests: int, budget: float) -> Result:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rng = random.Random(page.name)

    def get(pick: tuple[int, str]) -> float:
        who, path = pick
        start = time.perf_counter()
        response = clients[who].get(path)  # type: ignore[attr-defined]
        took = (time.perf_counter() - start) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        return took

    # Steady state is what is measured: the first requests of a process build its working-day
    # calendar and compile templates, and the first reads of a page fill PostgreSQL's cache.
    for _ in range(WARM_UP):
        get(page.paths(rng))
    with CaptureQueriesContext(connection) as captured:
        get(page.paths(rng))
    # Copied now: each request clears the connection's query log.
    queries = list(captured.captured_queries)
    times: list[float] = []
    start = time.perf_counter()
    while len(times) < requests and (
        len(times) < MIN_REQUESTS or time.perf_counter() - start < budget
    ):
        times.append(get(page.paths(rng)))
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    slowest = max(queries, key=lambda q: float(q["time"]), default={"sql": "", "time": "0"})
    return Result(
        page.name,
        len(times),
        statistics.median(times),
        p95,
        len(queries),
        sum(float(q["time"]) for q in queries) * 1000,
        slowest["sql"],
    )


def row(r: Result) -> str:
    return (
        f"{r.page:<30} {r.requests:>8} {r.p50:>9.1f} {r.p95:>9.1f} {r.queries:>8} {r.sql_ms:>8.1f}"
    )


def explain(sql: str) -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return [row[0] for row in cursor.fetchall()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    parser.add_argument("--requests", type=int, default=REQUESTS)
    parser.add_argument("--budget", type=float, default=BUDGET_SECONDS, help="seconds per page")
    parser.add_argument("--rebuild", action="store_true", help="build the databases again")
    args = parser.parse_args()
    url = server_url()
    if url is None:
        say(
            "Case pages benchmark skipped: set PUTRIGHT_BENCH_DATABASE_URL or DATABASE_URL "
            "to a postgres:// URL."
        )
        return 0
    explicit = os.environ.get("PUTRIGHT_BENCH_DATABASE_URL", "").strip()
    base = urlsplit(explicit).path.lstrip("/") if explicit else "putright_bench"
    sizes = sorted(int(s) for s in args.sizes.split(","))
    os.environ["DATABASE_URL"] = with_database(url, "postgres")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host name, mail kept in memory
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    server = Server(url)
    start = time.perf_counter()
    results: dict[int, list[Result]] = {}
    previous, previous_size = None, 0
    for size in sizes:
        name = f"{base}_{label(size)}"
        prepare(server, size, name, previous, args.rebuild)
        previous = name
        clients, to_request = pages(SEED)
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        say(f"\nCase pages at {size:,} complaints (server time, ms; the large organisation)")
        say(f"Load average before: {load} on {os.cpu_count()} cores")
        say(f"{'page':<30} {'requests':>8} {'p50':>9} {'p95':>9} {'queries':>8} {'SQL ms':>8}")
        results[size] = []
        for page in to_request:
            before = next((r for r in results.get(previous_size, []) if r.page == page.name), None)
            if before is not None and before.p50 > SKIP_AFTER_MS:
                # Far too slow already; at ten times the cases one request takes minutes.
                r = Result(page.name, 0, float("inf"), float("inf"), 0, 0.0, before.slowest)
                say(
                    f"{r.page:<30} not requested: p50 was {before.p50:,.0f} ms at {previous_size:,}"
                )
            else:
                r = measure(clients, page, requests=args.requests, budget=args.budget)
                say(row(r))
            results[size].append(r)
        previous_size = size
    largest = sizes[-1]
    say(f"\nTarget: p95 under {TARGET_P95_MS:.0f} ms at {largest:,} complaints")
    failed = 0
    for r in results[largest]:
        ok = r.p95 < TARGET_P95_MS
        failed += not ok
        shown = (
            f"p95 {r.p95:.1f} ms" if r.requests else "not requested (too slow at the smaller size)"
        )
        say(f"{'PASS' if ok else 'FAIL'}  {r.page}: {shown}")
    for r in results[largest]:
        if r.p95 >= TARGET_P95_MS and r.slowest:
            say(f"\nSlowest query of one '{r.page}' request, EXPLAIN ANALYZE at {largest:,}:")
            say(f"  {r.slowest[:600]}")
            for line in explain(r.slowest)[:14]:
                say(f"  {line}")
    say(f"\nCase pages benchmark: {time.perf_counter() - start:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
