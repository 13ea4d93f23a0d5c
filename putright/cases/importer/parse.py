"""Reading and checking a file of cases from a legacy system, before anything is written.

The file is CSV with a header row (``docs/import.md``). Every row is checked in full, and every
problem is collected as "line N, column C: message", with line numbers as a text editor shows them
(the header is line 1), so one run names every bad row. Nothing here touches the database or the
clock: what the checks need of the organisation (its service areas and their Code profiles, the
outcomes each profile allows, today's date) comes in an ``ImportContext``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from putright.policy import Profile

COLUMNS = (
    "reference",
    "kind",
    "received",
    "channel",
    "service_area",
    "category",
    "excluded_reason",
    "stage1_acknowledged",
    "stage1_extension_days",
    "stage1_extension_reason",
    "stage1_responded",
    "stage1_outcome",
    "escalated",
    "stage2_acknowledged",
    "stage2_extension_days",
    "stage2_extension_reason",
    "stage2_responded",
    "stage2_outcome",
    "financial_remedy",
)
REQUIRED = ("reference", "kind", "received", "channel", "service_area")
KINDS = ("complaint", "service_request")
CHANNELS = ("web", "email", "phone", "letter", "in_person", "social_media", "other")
#: The columns of a stage, as ``stage{n}_<suffix>``.
STAGE_SUFFIXES = ("acknowledged", "extension_days", "extension_reason", "responded", "outcome")
STAGE_COLUMNS = (
    *(f"stage1_{s}" for s in STAGE_SUFFIXES),
    "escalated",
    *(f"stage2_{s}" for s in STAGE_SUFFIXES),
)

EARLIEST = date(2000, 1, 1)
#: More working days of extension than a year's is not a fact about a complaint.
MAX_EXTENSION_DAYS = 250
#: Field sizes of the tables the rows go into.
MAX_REFERENCE, MAX_AREA, MAX_CATEGORY, MAX_REASON = 40, 200, 100, 200
#: Pounds and pence, up to the 10 digits a remedy's amount holds.
_MONEY = re.compile(r"^[0-9]{1,8}(?:\.[0-9]{1,2})?$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_WHOLE = re.compile(r"^[0-9]+$")
#: Progress is reported every this many rows.
PROGRESS_EVERY = 10_000

#: Where ``csv.DictReader`` puts the cells beyond the header's columns.
_EXTRA = "\0extra"

Progress = Callable[[str, int, int | None], None]


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem with the file: its line, the column (if one) and what is wrong."""

    line: int
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}, column {self.column}" if self.column else f"line {self.line}"
        return f"{where}: {self.message}"


class ImportFileError(ValueError):
    """The file cannot be read as a CSV file at all: one message names the problem."""


class ImportRejected(ValueError):
    """The file has bad rows (or a bad header): every problem, and nothing was imported."""

    def __init__(self, errors: Iterable[RowError], *, header: bool = False) -> None:
        self.errors = tuple(
            sorted(
                errors,
                key=lambda e: (e.line, COLUMNS.index(e.column) if e.column in COLUMNS else -1),
            )
        )
        if header:
            self.summary = "the header row is wrong; nothing was imported"
        else:
            bad = len({e.line for e in self.errors})
            rows = "1 row is wrong" if bad == 1 else f"{bad} rows are wrong"
            self.summary = f"{rows}; nothing was imported"
        super().__init__("\n".join(self.lines))

    @property
    def lines(self) -> list[str]:
        """The summary, then one line per problem."""
        return [self.summary, *(str(e) for e in self.errors)]


@dataclass(frozen=True, slots=True)
class StageRow:
    """What happened at one stage of an imported complaint."""

    number: int
    received: date
    acknowledged: date | None = None
    extension_days: int = 0
    extension_reason: str = ""
    responded: date | None = None
    outcome: str = ""


@dataclass(frozen=True, slots=True)
class CaseRow:
    """One checked row: a complaint (with its stages) or a service request."""

    line: int
    reference: str
    kind: str
    received: date
    channel: str
    service_area: str
    profile: Profile
    category: str = ""
    excluded_reason: str = ""
    stages: tuple[StageRow, ...] = ()
    financial_remedy: Decimal | None = None


@dataclass(frozen=True)
class ImportContext:
    """What the checks need of the organisation, read once before the file is.

    ``area_profiles`` maps each existing service area's name, case-folded, to its Code profile id;
    a new area will have ``default_profile``. ``profiles`` holds the known profiles by id, and
    ``outcomes`` the outcome keys each allows for this organisation.
    """

    today: date
    default_profile: str
    area_profiles: Mapping[str, str]
    profiles: Mapping[str, Profile]
    outcomes: Mapping[str, tuple[str, ...]]

    def profile_id(self, area: str) -> str:
        return self.area_profiles.get(area.casefold(), self.default_profile)


@dataclass
class _Row:
    """The cells of one row as they are checked, and the problems found."""

    line: int
    cells: Mapping[str, str]
    context: ImportContext
    errors: list[RowError] = field(default_factory=list)

    def text(self, column: str) -> str:
        return " ".join((self.cells.get(column) or "").split())

    def wrong(self, column: str | None, message: str) -> None:
        self.errors.append(RowError(self.line, column, message))

    def key(self, column: str, allowed: tuple[str, ...]) -> str:
        value = self.text(column).lower()
        if not value:
            self.wrong(column, f"empty: give one of {', '.join(allowed)}")
        elif value not in allowed:
            self.wrong(column, f"{value!r} is not one of {', '.join(allowed)}")
        return value

    def date(self, column: str, *, required: bool = False) -> date | None:
        value = self.text(column)
        if not value:
            if required:
                self.wrong(column, "empty: give the date as YYYY-MM-DD")
            return None
        try:
            if not _DATE.match(value):
                raise ValueError
            day = date.fromisoformat(value)
        except ValueError:
            self.wrong(column, f"{value!r} is not a date: use YYYY-MM-DD, e.g. 2025-04-01")
            return None
        if day < EARLIEST:
            self.wrong(column, f"{value} is before 2000")
            return None
        if day > self.context.today:
            self.wrong(column, f"{value} is in the future (today is {self.context.today})")
            return None
        return day

    def not_before(self, column: str, day: date | None, earlier: date | None, what: str) -> None:
        if day is not None and earlier is not None and day < earlier:
            self.wrong(column, f"{day} is before {what} ({earlier})")

    def sized(self, column: str, limit: int) -> str:
        value = self.text(column)
        if len(value) > limit:
            self.wrong(column, f"longer than {limit} characters ({len(value)})")
        return value


def read_cases(
    lines: Iterable[str], context: ImportContext, *, progress: Progress | None = None
) -> list[CaseRow]:
    """Every row of the file, checked; ``ImportRejected`` naming every problem if any is wrong.

    ``lines`` is the open text file (opened with ``newline=""``, as ``csv`` asks). A reference
    appears once in a file; whether it is already in the database is the writer's question.
    """
    reader = csv.DictReader(lines, restkey=_EXTRA)
    try:
        if reader.fieldnames is not None:
            reader.fieldnames = [name.strip() for name in reader.fieldnames]
        _check_header(reader.fieldnames)
        rows: list[CaseRow] = []
        errors: list[RowError] = []
        seen: dict[str, int] = {}
        for count, cells in enumerate(reader, start=1):
            row = _Row(_first_line(reader.line_num, cells), cells, context)
            case = _check_row(row)
            reference = row.text("reference")
            if reference:
                first = seen.setdefault(reference, row.line)
                if first != row.line:
                    row.wrong("reference", f"{reference!r} is also on line {first}")
            errors.extend(row.errors)
            if case is not None and not row.errors:
                rows.append(case)
            if progress is not None and count % PROGRESS_EVERY == 0:
                progress("checked", count, None)
    except UnicodeDecodeError as error:
        # Text is decoded in blocks, so the line of the bad byte is not known.
        bad = error.object[error.start : error.start + 1].hex()
        raise ImportFileError(
            f"the file is not UTF-8 text (byte 0x{bad}): save it as CSV UTF-8"
        ) from None
    except csv.Error as error:
        raise ImportFileError(f"line {reader.line_num}: not readable as CSV: {error}") from None
    if errors:
        raise ImportRejected(errors)
    return rows


def _first_line(line_num: int, cells: Mapping[str, object]) -> int:
    """The line a row starts on: the reader has counted the lines of any cell with line breaks
    (and any blank lines it skipped before the row)."""
    breaks = sum(v.count("\n") for v in cells.values() if isinstance(v, str))
    return line_num - breaks


def _check_header(names: list[str] | None) -> None:
    if names is None:
        raise ImportFileError("the file is empty: the first line must be the header row")
    errors = []
    seen: set[str] = set()
    for name in names:
        if name in seen:
            errors.append(RowError(1, name, "the column appears twice"))
        elif name not in COLUMNS:
            errors.append(RowError(1, name or "(empty)", "unknown column"))
        seen.add(name)
    missing = [c for c in REQUIRED if c not in seen]
    if missing:
        errors.append(
            RowError(
                1,
                None,
                f"missing column{'s' if len(missing) > 1 else ''} "
                f"{', '.join(missing)} (required: {', '.join(REQUIRED)})",
            )
        )
    if errors:
        raise ImportRejected(errors, header=True)


def _check_row(row: _Row) -> CaseRow | None:
    """The row as a ``CaseRow``, with its problems in ``row.errors``; None if unusable."""
    if row.cells.get(_EXTRA):
        row.wrong(None, "more cells than the header has columns")
    reference = row.sized("reference", MAX_REFERENCE)
    if not reference:
        row.wrong("reference", "empty: every case needs its reference")
    kind = row.key("kind", KINDS)
    received = row.date("received", required=True)
    channel = row.key("channel", CHANNELS)
    area = row.sized("service_area", MAX_AREA)
    if not area:
        row.wrong("service_area", "empty: give the name of the service area")
    category = row.sized("category", MAX_CATEGORY)
    profile_id = row.context.profile_id(area)
    profile = row.context.profiles.get(profile_id)
    if profile is None:
        row.wrong("service_area", f"its Code profile {profile_id!r} is not a known one")
    if kind == "service_request":
        for column in ("excluded_reason", *STAGE_COLUMNS, "financial_remedy"):
            if _given(row, column):
                row.wrong(column, "a service request has no stages: leave it empty")
    if not reference or received is None or kind not in KINDS or profile is None:
        return None
    if kind == "service_request":
        return CaseRow(row.line, reference, kind, received, channel, area, profile, category)
    excluded = row.sized("excluded_reason", MAX_REASON)
    stages = _check_excluded(row, received) if excluded else _check_stages(row, received, profile)
    return CaseRow(
        row.line,
        reference,
        kind,
        received,
        channel,
        area,
        profile,
        category,
        excluded,
        stages,
        _money(row, "financial_remedy"),
    )


def _check_excluded(row: _Row, received: date) -> tuple[StageRow, ...]:
    """A complaint not accepted may have been acknowledged first, and nothing more."""
    for column in STAGE_COLUMNS:
        if column != "stage1_acknowledged" and _given(row, column):
            row.wrong(
                column,
                "the complaint was not accepted (excluded_reason): only stage1_acknowledged "
                "may be given",
            )
    acknowledged = row.date("stage1_acknowledged")
    row.not_before("stage1_acknowledged", acknowledged, received, "the complaint was received")
    return (StageRow(1, received, acknowledged),)


def _given(row: _Row, column: str) -> bool:
    value = row.text(column)
    return bool(value) and not (column.endswith("_extension_days") and value == "0")


def _check_stages(row: _Row, received: date, profile: Profile) -> tuple[StageRow, ...]:
    first = _check_stage(row, 1, received, profile)
    escalated = row.date("escalated")
    if escalated is None:
        if not row.text("escalated"):
            for suffix in STAGE_SUFFIXES:
                if _given(row, f"stage2_{suffix}"):
                    row.wrong(f"stage2_{suffix}", "a stage 2 fact without the escalated date")
        return (first,)
    if len(profile.stages) < 2:
        row.wrong(
            "escalated",
            f"the service area's Code, {profile.short_name} ({profile.id}), has one stage: there "
            "is no stage 2",
        )
        return (first,)
    since = first.responded or received
    row.not_before(
        "escalated",
        escalated,
        since,
        "the stage 1 response" if first.responded else "the complaint was received",
    )
    return (first, _check_stage(row, 2, escalated, profile))


def _check_stage(row: _Row, number: int, received: date, profile: Profile) -> StageRow:
    prefix = f"stage{number}_"
    since = "the complaint was received" if number == 1 else "the escalation"
    acknowledged = row.date(f"{prefix}acknowledged")
    row.not_before(f"{prefix}acknowledged", acknowledged, received, since)
    responded = row.date(f"{prefix}responded")
    row.not_before(f"{prefix}responded", responded, received, since)
    days = _days(row, f"{prefix}extension_days")
    reason = row.text(f"{prefix}extension_reason")
    if reason and not _given(row, f"{prefix}extension_days"):
        row.wrong(f"{prefix}extension_reason", f"a reason without {prefix}extension_days")
    outcome = row.text(f"{prefix}outcome").lower().replace(" ", "_").replace("-", "_")
    if outcome:
        allowed = row.context.outcomes.get(profile.id, ())
        if outcome not in allowed:
            row.wrong(
                f"{prefix}outcome",
                f"{outcome!r} is not an outcome under the {profile.short_name} here: use "
                f"{' or '.join(allowed)}",
            )
        elif responded is None and not row.text(f"{prefix}responded"):
            row.wrong(f"{prefix}outcome", f"an outcome without {prefix}responded")
    return StageRow(number, received, acknowledged, days, reason, responded, outcome)


def _days(row: _Row, column: str) -> int:
    value = row.text(column)
    if not value:
        return 0
    if not _WHOLE.match(value):
        row.wrong(column, f"{value!r} is not a whole number of working days")
        return 0
    days = int(value)
    if days > MAX_EXTENSION_DAYS:
        row.wrong(column, f"{days} working days is more than a year's ({MAX_EXTENSION_DAYS})")
        return 0
    return days


def _money(row: _Row, column: str) -> Decimal | None:
    value = row.text(column)
    if not value:
        return None
    if not _MONEY.match(value):
        row.wrong(column, f"{value!r} is not an amount in pounds: use digits, e.g. 150.00")
        return None
    return Decimal(value)
