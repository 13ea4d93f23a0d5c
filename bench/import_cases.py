"""Benchmark of ``putright importcases``: a generated 100,000-row legacy file, end to end.

Run ``.venv/bin/python bench/import_cases.py [--rows 100000] [--keep]``. It never touches the
database the settings name: on PostgreSQL (``DATABASE_URL`` is a ``postgres://`` URL) it builds
``<name>_import`` beside it on the same server; otherwise a SQLite file in a temporary folder. It
migrates that database, creates an organisation under the HOS Code, writes the file (a fixed seed:
90% complaints received over three years, a quarter escalated, some extended, a few beyond the
Code's limit without a reason, a few not accepted, some with a financial remedy; 10% service
requests; six service areas, two of them new), then times the real command line twice: the first
import, and the same file again (everything already imported). It prints both times and a PASS or
FAIL line against the target, the first import in under 60 s, and exits 1 if it is missed. The
scratch database is dropped afterwards unless ``--keep``.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import django  # noqa: E402

django.setup()

from putright.cases.importer import COLUMNS  # noqa: E402

ROWS = 100_000
TARGET_SECONDS = 60.0
SEED = 20260401
SLUG = "bench-import"
POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql"}
AREAS = ("Repairs", "Housing management", "Anti-social behaviour", "Estates", "Lettings", "Rents")
CHANNELS = ("web", "email", "phone", "letter", "in_person", "social_media", "other")


def say(message: str = "") -> None:
    print(message, flush=True)


def iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def generate(path: Path, rows: int, *, today: date, seed: int) -> None:
    """Write ``rows`` cases to ``path`` as a legacy system would export them."""
    rng = random.Random(seed)
    first = today - timedelta(days=3 * 365)

    def after(day: date, low: int, high: int) -> date | None:
        later = day + timedelta(days=rng.randint(low, high))
        return later if later <= today else None

    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for n in range(rows):
            received = first + timedelta(days=rng.randint(0, (today - first).days))
            row = {
                "reference": f"LEG-{n:07d}",
                "received": received.isoformat(),
                "channel": rng.choice(CHANNELS),
                "service_area": rng.choice(AREAS),
                "category": rng.choice(("Damp and mould", "Repairs", "Staff", "Noise", "")),
            }
            if rng.random() < 0.10:
                writer.writerow({**row, "kind": "service_request"})
                continue
            row["kind"] = "complaint"
            acknowledged = after(received, 0, 7) if rng.random() < 0.97 else None
            if rng.random() < 0.03:
                writer.writerow(
                    {
                        **row,
                        "excluded_reason": "Over 12 months",
                        "stage1_acknowledged": iso(acknowledged),
                    }
                )
                continue
            row["stage1_acknowledged"] = iso(acknowledged)
            if acknowledged is None:
                writer.writerow(row)
                continue
            if rng.random() < 0.10:
                days = rng.choice((5, 10, 15))
                row["stage1_extension_days"] = str(days)
                if days <= 10 or rng.random() < 0.5:
                    row["stage1_extension_reason"] = "Waiting for a survey"
            responded = after(acknowledged, 3, 25)
            if responded is None:
                writer.writerow(row)
                continue
            row["stage1_responded"] = iso(responded)
            row["stage1_outcome"] = rng.choice(("upheld", "not_upheld"))
            if row["stage1_outcome"] == "upheld" and rng.random() < 0.4:
                row["financial_remedy"] = f"{rng.randint(25, 900)}.{rng.choice(('00', '50'))}"
            escalated = after(responded, 1, 30) if rng.random() < 0.25 else None
            if escalated is not None:
                row["escalated"] = iso(escalated)
                acknowledged = after(escalated, 0, 7)
                row["stage2_acknowledged"] = iso(acknowledged)
                responded = after(acknowledged, 5, 35) if acknowledged else None
                if responded is not None:
                    row["stage2_responded"] = iso(responded)
                    row["stage2_outcome"] = rng.choice(("upheld", "not_upheld"))
            writer.writerow(row)


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def putright(env: dict[str, str], *args: str) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    result = subprocess.run(  # noqa: S603 - the project's own command line
        [sys.executable, "-m", "putright", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        say(result.stdout + result.stderr)
        raise SystemExit(f"putright {args[0]} failed with status {result.returncode}")
    return elapsed, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    options = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "").strip()
    scratch = Path(tempfile.mkdtemp(prefix="putright-import-bench-"))
    env = {**os.environ, "PUTRIGHT_VAR_DIR": str(scratch), "PYTHONPATH": str(ROOT)}
    env.pop("PUTRIGHT_ENV", None)
    server = None
    if urlsplit(url).scheme in POSTGRES_SCHEMES:
        import psycopg

        name = f"{urlsplit(url).path.lstrip('/') or 'putright'}_import"
        server = psycopg.connect(with_database(url, "postgres"), autocommit=True)
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = with_database(url, name)
        where = f"PostgreSQL database {name}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{scratch / 'putright.sqlite3'}"
        where = f"SQLite {scratch / 'putright.sqlite3'}"
    try:
        say(f"Database: {where}")
        putright(env, "migrate", "--verbosity", "0")
        putright(
            env, "createorganisation", SLUG, "--name", "Import bench",
            "--division", "england-and-wales", "--code", "hos-2024",
        )  # fmt: skip
        path = scratch / "legacy.csv"
        start = time.perf_counter()
        generate(path, options.rows, today=date.today(), seed=SEED)
        size = path.stat().st_size / 1e6
        took = time.perf_counter() - start
        say(f"Generated {options.rows:,} rows ({size:.1f} MB) in {took:.1f} s")

        first, result = putright(env, "importcases", SLUG, str(path))
        say(f"First import:  {first:6.1f} s  {result.stdout.splitlines()[0]}")
        again, result = putright(env, "importcases", SLUG, str(path))
        say(f"Second import: {again:6.1f} s  {result.stdout.splitlines()[0]}")
    finally:
        if server is not None and not options.keep:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not options.keep:
            for leftover in sorted(scratch.rglob("*"), reverse=True):
                leftover.unlink() if leftover.is_file() else leftover.rmdir()
            scratch.rmdir()
    passed = first < TARGET_SECONDS
    verdict = "PASS" if passed else "FAIL"
    say(f"{verdict}: {options.rows:,} rows imported in {first:.1f} s (target: under 60 s)")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
