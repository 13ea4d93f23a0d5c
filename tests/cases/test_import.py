"""`putright importcases`: complaints and service requests from a legacy system, all or nothing."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Sum

from putright.audit.models import AuditEvent
from putright.cases.importer import (
    COLUMNS,
    NOT_RECORDED,
    ImportContext,
    ImportRejected,
    cases_import,
    read_cases,
)
from putright.cases.models import (
    Channel,
    Complaint,
    Extension,
    Remedy,
    RequestStatus,
    ServiceRequest,
    Stage,
)
from putright.organisations.models import Organisation, OutcomeOption, Role, ServiceArea, User
from putright.policy import get_profile, load_profiles
from putright.rules.calendar import calendar_for
from putright.rules.deadlines import StageFacts, stage_deadlines
from tests.factories import ClosureDayFactory, ServiceAreaFactory, UserFactory

REPO = Path(__file__).resolve().parents[2]
TODAY = date(2025, 6, 2)

GOOD = [
    # Stage 1 responded, a remedy offered: responded (stage 2 can still be asked for).
    {"reference": "C-1", "kind": "complaint", "received": "2025-01-06", "channel": "web",
     "service_area": "Repairs", "category": "Damp", "stage1_acknowledged": "2025-01-08",
     "stage1_responded": "2025-01-20", "stage1_outcome": "upheld", "financial_remedy": "150.00"},
    # Escalated and given the final response: closed.
    {"reference": "C-2", "kind": "complaint", "received": "2025-01-06", "channel": "email",
     "service_area": "repairs", "stage1_acknowledged": "2025-01-08",
     "stage1_responded": "2025-01-21", "stage1_outcome": "not_upheld",
     "escalated": "2025-02-03", "stage2_acknowledged": "2025-02-05",
     "stage2_extension_days": "5", "stage2_extension_reason": "Survey needed",
     "stage2_responded": "2025-03-20", "stage2_outcome": "upheld", "financial_remedy": "49.5"},
    # Only received.
    {"reference": "C-3", "kind": "complaint", "received": "2025-05-30", "channel": "phone",
     "service_area": "Repairs"},
    # Acknowledged and extended within the limit, with a reason.
    {"reference": "C-4", "kind": "complaint", "received": "2025-04-22", "channel": "letter",
     "service_area": "Parking", "stage1_acknowledged": "2025-04-23",
     "stage1_extension_days": "5", "stage1_extension_reason": "Awaiting contractor"},
    # Not accepted, after an acknowledgement.
    {"reference": "C-5", "kind": "complaint", "received": "2025-03-03", "channel": "in_person",
     "service_area": "Repairs", "excluded_reason": "Over 12 months since the issue",
     "stage1_acknowledged": "2025-03-04"},
    # Extended beyond the Code's 10 working days without a reason: imported, but flagged.
    {"reference": "C-6", "kind": "complaint", "received": "2025-03-03", "channel": "social_media",
     "service_area": "Repairs", "stage1_acknowledged": "2025-03-04",
     "stage1_extension_days": "15", "stage1_extension_reason": ""},
    # Escalated, stage 2 not yet acknowledged.
    {"reference": "C-7", "kind": "complaint", "received": "2025-03-03", "channel": "other",
     "service_area": "Repairs", "stage1_acknowledged": "2025-03-04",
     "stage1_responded": "2025-03-14", "stage1_outcome": "Not upheld",
     "escalated": "2025-05-28"},
    {"reference": "SR-1", "kind": "service_request", "received": "2025-02-01",
     "channel": "phone", "service_area": "Waste", "category": "Missed bin"},
]  # fmt: skip


def write_csv(path: Path, rows: list[dict[str, str]], columns: tuple[str, ...] = COLUMNS) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def import_file(slug: str, path: Path) -> str:
    out = io.StringIO()
    call_command("importcases", slug, str(path), stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def repairs(org_a: Organisation) -> ServiceArea:
    return ServiceAreaFactory(organisation=org_a, name="Repairs", profile="hos-2024")


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


# --- A good file --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_good_file_imports_complaints_and_requests(
    tmp_path: Path, org_a: Organisation, repairs: ServiceArea
) -> None:
    ClosureDayFactory(organisation=org_a, day=date(2025, 1, 9), reason="Office move")

    out = import_file("org-a", write_csv(tmp_path / "legacy.csv", GOOD))

    assert out.splitlines() == [
        "Imported 7 complaints and 1 service requests; 0 already imported; "
        "1 extensions over the Code's limit without a reason.",
        "New service areas, under hos-2024: Parking, Waste.",
    ]
    cases = {c.reference: c for c in Complaint.objects.filter(organisation=org_a)}
    assert {r: (c.stage, c.status, c.closed_on) for r, c in cases.items()} == {
        "C-1": (1, "responded", None),
        "C-2": (2, "closed", date(2025, 3, 20)),
        "C-3": (1, "received", None),
        "C-4": (1, "acknowledged", None),
        "C-5": (1, "excluded", None),
        "C-6": (1, "acknowledged", None),
        "C-7": (2, "received", None),
    }
    c1, c2 = cases["C-1"], cases["C-2"]
    assert c1.service_area == repairs == c2.service_area
    assert (c1.name, c1.description, c1.category) == (NOT_RECORDED, NOT_RECORDED, "Damp")
    assert (c1.profile, c1.profile_version, c1.channel) == ("hos-2024", "2024", Channel.WEB)
    assert cases["C-5"].exclusion_reason == "Over 12 months since the issue"
    assert cases["C-4"].service_area.name == "Parking"
    assert cases["C-4"].service_area.profile == org_a.default_profile

    stages = {(s.complaint.reference, s.number): s for s in Stage.objects.select_related()}
    assert (stages["C-1", 1].outcome, stages["C-2", 1].outcome) == ("upheld", "not_upheld")
    assert (stages["C-2", 2].outcome, stages["C-7", 1].outcome) == ("upheld", "not_upheld")
    assert stages["C-2", 2].received == date(2025, 2, 3)
    assert stages["C-2", 2].extension_days == 5

    # Every stored deadline is the engine's, on the organisation's own working days.
    calendar = calendar_for(org_a.division, [date(2025, 1, 9)])
    profile = get_profile("hos-2024")
    for stage in stages.values():
        found = stage_deadlines(
            profile,
            profile.stage(stage.number),
            calendar,
            StageFacts(stage.received, stage.acknowledged, stage.extension_days),
        )
        assert (stage.acknowledge_by, stage.respond_by, stage.extended_respond_by) == (
            found.acknowledge_by,
            found.respond_by,
            found.extended_respond_by,
        )
        assert stage.profile_version == "2024"
    # The closure day on 9 January moves C-1's acknowledgement deadline by a day.
    assert stages["C-1", 1].acknowledge_by == date(2025, 1, 14)

    # next_due as the case services keep it: the next deadline still to be met.
    assert cases["C-3"].next_due == stages["C-3", 1].acknowledge_by
    assert cases["C-4"].next_due == stages["C-4", 1].extended_respond_by
    assert cases["C-7"].next_due == stages["C-7", 2].acknowledge_by
    assert cases["C-1"].next_due is cases["C-2"].next_due is cases["C-5"].next_due is None

    extensions = {e.stage.complaint.reference: e for e in Extension.objects.select_related()}
    assert sorted(extensions) == ["C-2", "C-4", "C-6"]
    assert (extensions["C-4"].days, extensions["C-4"].reason) == (5, "Awaiting contractor")
    assert (extensions["C-6"].days, extensions["C-6"].reason) == (15, "")

    remedies = Remedy.objects.filter(complaint__organisation=org_a)
    assert sorted(remedies.values_list("complaint__reference", "kind", "status", "stage")) == [
        ("C-1", "financial", "offered", 1),
        ("C-2", "financial", "offered", 2),
    ]
    assert remedies.aggregate(total=Sum("amount"))["total"] == Decimal("199.50")

    request = ServiceRequest.objects.get(organisation=org_a)
    assert (request.reference, request.status, request.received, request.category) == (
        "SR-1",
        RequestStatus.OPEN,
        date(2025, 2, 1),
        "Missed bin",
    )
    assert (request.name, request.service_area.name) == (NOT_RECORDED, "Waste")

    event = AuditEvent.objects.get(action="cases.import")
    assert event.organisation == org_a
    assert event.after == {
        "file": "legacy.csv",
        "complaints": 7,
        "service_requests": 1,
        "already_imported": 0,
        "extensions_over_limit_without_reason": 1,
        "service_areas_created": ["Parking", "Waste"],
    }
    assert not AuditEvent.objects.filter(action__startswith="complaint.").exists()


@pytest.mark.django_db
def test_importing_the_same_file_twice_creates_nothing_new(
    tmp_path: Path, org_a: Organisation, repairs: ServiceArea
) -> None:
    path = write_csv(tmp_path / "legacy.csv", GOOD)
    import_file("org-a", path)
    counts = [m.objects.count() for m in (Complaint, Stage, Extension, Remedy, ServiceRequest)]

    out = import_file("org-a", path)

    assert out.splitlines() == [
        "Imported 0 complaints and 0 service requests; 8 already imported; "
        "0 extensions over the Code's limit without a reason."
    ]
    assert [
        m.objects.count() for m in (Complaint, Stage, Extension, Remedy, ServiceRequest)
    ] == counts
    assert ServiceArea.objects.filter(organisation=org_a).count() == 3


@pytest.mark.django_db
def test_references_are_per_organisation(
    tmp_path: Path, org_a: Organisation, org_b: Organisation, repairs: ServiceArea
) -> None:
    path = write_csv(tmp_path / "legacy.csv", GOOD[:1])
    import_file("org-a", path)

    out = import_file("org-b", path)

    assert out.startswith("Imported 1 complaints and 0 service requests; 0 already imported")
    assert Complaint.objects.get(organisation=org_b).service_area.organisation == org_b


@pytest.mark.django_db
def test_an_organisation_sets_its_own_outcomes_where_its_code_lets_it(
    tmp_path: Path, org_b: Organisation
) -> None:
    OutcomeOption.objects.create(organisation=org_b, key="resolved", label="Resolved")
    row = {"reference": "L-1", "kind": "complaint", "received": "2025-01-06", "channel": "web",
           "service_area": "Housing", "stage1_acknowledged": "2025-01-07",
           "stage1_responded": "2025-01-17"}  # fmt: skip
    good = write_csv(tmp_path / "good.csv", [{**row, "stage1_outcome": "resolved"}])
    bad = write_csv(tmp_path / "bad.csv", [{**row, "stage1_outcome": "upheld"}])

    with pytest.raises(CommandError) as refused:
        import_file("org-b", bad)
    import_file("org-b", good)

    assert "'upheld' is not an outcome under the LGSCO Code here: use resolved" in str(
        refused.value
    )
    assert Stage.objects.get(complaint__organisation=org_b).outcome == "resolved"


@pytest.mark.django_db
def test_the_example_in_the_documentation_imports(tmp_path: Path, org_a: Organisation) -> None:
    text = (REPO / "docs" / "import.md").read_text()
    example = text.split("```csv\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "example.csv"
    path.write_text(example)

    out = import_file("org-a", path)

    assert out.splitlines()[0] == (
        "Imported 3 complaints and 1 service requests; 0 already imported; "
        "0 extensions over the Code's limit without a reason."
    )


# --- A bad file ---------------------------------------------------------------------------------

BAD = [
    GOOD[0],
    {**GOOD[2], "reference": "C-3", "received": "03/01/2025"},
    {**GOOD[3], "stage1_extension_days": "-2", "channel": "fax"},
    {**GOOD[6], "escalated": "", "stage2_responded": "2025-05-30"},
    {**GOOD[7], "stage1_responded": "2025-03-01"},
]


@pytest.mark.django_db
def test_a_file_with_bad_rows_writes_nothing_and_names_each(
    tmp_path: Path, org_a: Organisation, repairs: ServiceArea
) -> None:
    with pytest.raises(CommandError) as refused:
        import_file("org-a", write_csv(tmp_path / "bad.csv", BAD))

    assert refused.value.returncode == 2
    assert str(refused.value).splitlines() == [
        "4 rows are wrong; nothing was imported",
        "line 3, column received: '03/01/2025' is not a date: use YYYY-MM-DD, e.g. 2025-04-01",
        "line 4, column channel: 'fax' is not one of web, email, phone, letter, in_person, "
        "social_media, other",
        "line 4, column stage1_extension_days: '-2' is not a whole number of working days",
        "line 5, column stage2_responded: a stage 2 fact without the escalated date",
        "line 6, column stage1_responded: a service request has no stages: leave it empty",
    ]
    assert not Complaint.objects.exists()
    assert not ServiceRequest.objects.exists()
    assert list(ServiceArea.objects.filter(organisation=org_a)) == [repairs]
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("change", "column", "message"),
    [
        ({"kind": "compliment"}, "kind", "'compliment' is not one of complaint, service_request"),
        ({"reference": ""}, "reference", "empty: every case needs its reference"),
        ({"received": ""}, "received", "empty: give the date as YYYY-MM-DD"),
        ({"received": "1999-12-31"}, "received", "1999-12-31 is before 2000"),
        ({"received": "2025-06-03"}, "received", "2025-06-03 is in the future (today is "),
        ({"service_area": ""}, "service_area", "empty: give the name of the service area"),
        ({"stage1_acknowledged": "2025-01-03"}, "stage1_acknowledged", "is before the complaint"),
        ({"stage1_responded": "2025-01-05"}, "stage1_responded", "is before the complaint"),
        ({"escalated": "2025-01-10"}, "escalated", "before the stage 1 response (2025-01-20)"),
        ({"escalated": "2025-02-01", "stage2_acknowledged": "2025-01-31"},
         "stage2_acknowledged", "before the escalation (2025-02-01)"),
        ({"stage1_outcome": "partially_upheld"}, "stage1_outcome", "use upheld or not_upheld"),
        ({"stage1_responded": ""}, "stage1_outcome", "an outcome without stage1_responded"),
        ({"stage1_extension_reason": "Busy"}, "stage1_extension_reason",
         "a reason without stage1_extension_days"),
        ({"stage1_extension_days": "1.5"}, "stage1_extension_days", "not a whole number"),
        ({"financial_remedy": "-5"}, "financial_remedy", "is not an amount in pounds"),
        ({"financial_remedy": "10.505"}, "financial_remedy", "is not an amount in pounds"),
        ({"excluded_reason": "Out of time", "stage1_outcome": ""}, "stage1_responded",
         "only stage1_acknowledged may be given"),
        ({"excluded_reason": "x" * 201, "stage1_responded": "", "stage1_outcome": ""},
         "excluded_reason", "longer than 200 characters"),
        ({"reference": "R" * 41}, "reference", "longer than 40 characters"),
    ],
)  # fmt: skip
def test_each_check_names_its_column(change: dict[str, str], column: str, message: str) -> None:
    with pytest.raises(ImportRejected) as refused:
        read_cases(csv_lines([{**GOOD[0], **change}]), context())

    assert [(e.line, e.column) for e in refused.value.errors] == [(2, column)]
    assert message in refused.value.errors[0].message


def test_a_profile_with_one_stage_has_no_escalation() -> None:
    row = {**GOOD[0], "service_area": "Adult social care", "stage1_outcome": "",
           "escalated": "2025-02-01"}  # fmt: skip
    with pytest.raises(ImportRejected) as refused:
        read_cases(csv_lines([row]), context(areas={"adult social care": "asc-2009"}))

    assert [str(e) for e in refused.value.errors] == [
        "line 2, column escalated: the service area's Code, SI 2009/309 (asc-2009), has one "
        "stage: there is no stage 2"
    ]


def test_duplicate_references_name_both_lines_and_cells_may_span_lines() -> None:
    rows = [{**GOOD[0], "category": "Damp\nand mould"}, GOOD[2], {**GOOD[0], "category": ""}]
    with pytest.raises(ImportRejected) as refused:
        read_cases(csv_lines(rows), context())

    assert refused.value.lines == [
        "1 row is wrong; nothing was imported",
        "line 5, column reference: 'C-1' is also on line 2",
    ]


def test_a_row_with_more_cells_than_the_header_is_wrong() -> None:
    lines = [*csv_lines([GOOD[2]]), "C-9,complaint,2025-01-06,web,Repairs" + "," * 19 + "x\r\n"]
    with pytest.raises(ImportRejected) as refused:
        read_cases(lines, context())

    assert [str(e) for e in refused.value.errors] == [
        "line 3: more cells than the header has columns"
    ]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("reference,kind,received,channel,service_area,colour",
         ["line 1, column colour: unknown column"]),
        ("reference,kind,received,channel",
         ["line 1: missing column service_area (required: reference, kind, received, channel, "
          "service_area)"]),
        ("reference,kind,kind,received,channel,service_area",
         ["line 1, column kind: the column appears twice"]),
    ],
)  # fmt: skip
def test_a_bad_header_names_the_columns(header: str, expected: list[str]) -> None:
    with pytest.raises(ImportRejected) as refused:
        read_cases([f"{header}\r\n"], context())

    assert refused.value.lines == ["the header row is wrong; nothing was imported", *expected]


def test_only_the_required_columns_are_needed() -> None:
    columns = ("reference", "kind", "received", "channel", "service_area")
    buffer = io.StringIO()
    write_rows(buffer, [{c: GOOD[2][c] for c in columns}], columns)

    (case,) = read_cases(buffer.getvalue().splitlines(keepends=True), context())

    assert (case.reference, case.received, case.stages[0].acknowledged) == (
        "C-3",
        date(2025, 5, 30),
        None,
    )


@pytest.mark.django_db
def test_a_reference_taken_by_the_other_kind_of_case_is_a_bad_row(
    tmp_path: Path, org_a: Organisation, repairs: ServiceArea
) -> None:
    import_file("org-a", write_csv(tmp_path / "first.csv", [GOOD[7]]))
    clash = {**GOOD[2], "reference": "SR-1"}

    with pytest.raises(CommandError) as refused:
        import_file("org-a", write_csv(tmp_path / "second.csv", [GOOD[0], clash]))

    assert str(refused.value).splitlines()[1:] == [
        "line 3, column reference: 'SR-1' is already a service request of this organisation"
    ]
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_only_case_writers_of_the_organisation_may_import(
    org_a: Organisation, org_b_handler: User
) -> None:
    member = UserFactory(username="mo@org-a.example", organisation=org_a, role=Role.MEMBER)
    for actor in (org_b_handler, member):
        with pytest.raises(PermissionDenied):
            cases_import(
                organisation=org_a,
                lines=csv_lines(GOOD[:1]),
                file_name="legacy.csv",
                today=TODAY,
                actor=actor,
            )
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_progress_is_shown_at_verbosity_2(
    tmp_path: Path, org_a: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("putright.cases.importer.parse.PROGRESS_EVERY", 2)
    err = io.StringIO()
    path = write_csv(tmp_path / "legacy.csv", GOOD)

    call_command("importcases", "org-a", str(path), verbosity=2, stdout=io.StringIO(), stderr=err)

    assert err.getvalue().splitlines() == [
        "Checked 2 rows",
        "Checked 4 rows",
        "Checked 6 rows",
        "Checked 8 rows",
        "Written 8 of 8 new cases",
    ]


# --- The command line ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cli_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A migrated SQLite database of its own with organisation A, for the real command line."""
    var = tmp_path_factory.mktemp("var")
    env = {
        **os.environ,
        "PUTRIGHT_VAR_DIR": str(var),
        "DATABASE_URL": f"sqlite:///{var / 'putright.sqlite3'}",
        "PYTHONPATH": str(REPO),
    }
    env.pop("PUTRIGHT_ENV", None)
    for args in (
        ["migrate", "--verbosity", "0"],
        ["createorganisation", "org-a", "--name", "A", "--division", "england-and-wales",
         "--code", "hos-2024"],
    ):  # fmt: skip
        assert run(env, *args).returncode == 0
    return env


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - the project's own command line
        [sys.executable, "-m", "putright", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=120,
        check=False,
    )


def test_the_command_line_names_every_bad_row_and_exits_2(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    rows = [{**row, "received": "2025-01-06"} for row in BAD]
    result = run(cli_env, "importcases", "org-a", str(write_csv(tmp_path / "bad.csv", rows)))

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "putright importcases: 3 rows are wrong; nothing was imported",
        "line 4, column channel: 'fax' is not one of web, email, phone, letter, in_person, "
        "social_media, other",
        "line 4, column stage1_extension_days: '-2' is not a whole number of working days",
        "line 5, column stage2_responded: a stage 2 fact without the escalated date",
        "line 6, column stage1_responded: a service request has no stages: leave it empty",
    ]


def test_the_command_line_imports_then_skips(cli_env: dict[str, str], tmp_path: Path) -> None:
    path = write_csv(tmp_path / "good.csv", [{**GOOD[0], "reference": "CLI-1"}])

    first = run(cli_env, "importcases", "org-a", str(path))
    second = run(cli_env, "importcases", "org-a", str(path))

    assert (first.returncode, first.stderr) == (0, "")
    assert first.stdout.startswith("Imported 1 complaints and 0 service requests; 0 already")
    assert (second.returncode, second.stderr) == (0, "")
    assert second.stdout.startswith("Imported 0 complaints and 0 service requests; 1 already")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["nowhere", "{good}"],
         "putright importcases: unknown organisation 'nowhere': create it with "
         "`putright createorganisation`"),
        (["org-a", "{missing}"], "putright importcases: {missing}: no such file"),
        (["org-a", "{empty}"],
         "putright importcases: {empty}: the file is empty: the first line must be the header "
         "row"),
        (["org-a", "{latin1}"],
         "putright importcases: {latin1}: the file is not UTF-8 text (byte 0xe9): save it as CSV "
         "UTF-8"),
        (["org-a"], "putright importcases: the following arguments are required: FILE.csv"),
    ],
)  # fmt: skip
def test_the_command_line_refuses_bad_input_in_one_line(
    cli_env: dict[str, str], tmp_path: Path, args: list[str], expected: str
) -> None:
    files = {
        "good": str(write_csv(tmp_path / "good.csv", GOOD[:1])),
        "missing": str(tmp_path / "missing.csv"),
        "empty": str(tmp_path / "empty.csv"),
        "latin1": str(tmp_path / "latin1.csv"),
    }
    Path(files["empty"]).write_text("")
    Path(files["latin1"]).write_bytes(
        b"reference,kind,received,channel,service_area,category\r\n"
        b"X-1,complaint,2025-01-06,web,Repairs,Caf\xe9\r\n"
    )
    result = run(cli_env, "importcases", *(a.format(**files) for a in args))

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [expected.format(**files)]


def test_the_command_line_names_a_bad_header(cli_env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "header.csv"
    path.write_text("ref,kind,received,channel,service_area\r\n")

    result = run(cli_env, "importcases", "org-a", str(path))

    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "putright importcases: the header row is wrong; nothing was imported",
        "line 1, column ref: unknown column",
        "line 1: missing column reference (required: reference, kind, received, channel, "
        "service_area)",
    ]


# --- Helpers ------------------------------------------------------------------------------------


def write_rows(handle: Any, rows: list[dict[str, str]], columns: tuple[str, ...]) -> None:
    writer = csv.DictWriter(handle, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)


def csv_lines(rows: list[dict[str, str]]) -> list[str]:
    buffer = io.StringIO(newline="")
    write_rows(buffer, rows, COLUMNS)
    return buffer.getvalue().splitlines(keepends=True)


def context(areas: dict[str, str] | None = None) -> ImportContext:
    profiles = load_profiles()
    return ImportContext(
        today=TODAY,
        default_profile="hos-2024",
        area_profiles={"repairs": "hos-2024", **(areas or {})},
        profiles=profiles,
        outcomes={pid: p.outcomes.values for pid, p in profiles.items()},
    )
