"""Deadlines of each Code profile, against dates worked out by hand from a printed calendar.

The conventions are those of ``code-rules.md`` ('Working days'): D is day 0 and the first working
day after it is day 1; a non-working receipt counts as the working day before; a clock that runs
from acknowledgement starts at the acknowledgement or at its deadline if that is earlier (and at
the deadline before the acknowledgement is made); an extension moves the response on N working
days. Every expected date was counted by hand from the GOV.UK bank-holiday lists; rows whose answer
is not obvious say why.
"""

from __future__ import annotations

from datetime import date

import pytest

from putright.policy.schema import get_profile
from putright.rules.calendar import calendar_for
from putright.rules.deadlines import (
    CaseFacts,
    FactsError,
    StageFacts,
    case_deadlines,
    stage_deadlines,
)

EW = "england-and-wales"
SCT = "scotland"
NI = "northern-ireland"

HOS = "hos-2024"
LGSCO = "lgsco-2024"
DRAFT = "joint-draft-2023"
SPSO = "spso-mchp"
CHILDREN = "children-act-2006"
ASC = "asc-2009"

D = date.fromisoformat

CLOSED_XMAS_2023 = (D("2023-12-27"), D("2023-12-28"), D("2023-12-29"))


def _row(
    profile: str,
    division: str,
    stage: int,
    received: str,
    *,
    acknowledged: str | None = None,
    extension: int = 0,
    within: bool | None = None,
    closures: tuple[date, ...] = (),
    id: str,
    **due: str | None,
) -> object:
    """A row of the table; ``due`` is every deadline of the stage, by key, as an ISO date."""
    return pytest.param(
        profile, division, closures, stage, received, acknowledged, extension, due, within, id=id
    )


# fmt: off
ROWS = [
    # --- Christmas and New Year -------------------------------------------------------------------
    # Not acknowledged: the response clock starts at the acknowledgement deadline, 3 Jan.
    _row(HOS, EW, 1, "2023-12-22", acknowledge_by="2024-01-03", respond_by="2024-01-17",
         id="hos-ew-xmas-not-acknowledged"),
    _row(LGSCO, EW, 1, "2023-12-22", acknowledge_by="2024-01-03", respond_by="2024-01-17",
         id="lgsco-ew-xmas-not-acknowledged"),
    # The draft counts the response from receipt, not acknowledgement.
    _row(DRAFT, EW, 1, "2023-12-22", acknowledge_by="2024-01-03", respond_by="2024-01-10",
         id="draft-ew-xmas"),
    # Scotland's 2 January pushes both dates a day on.
    _row(HOS, SCT, 1, "2023-12-22", acknowledge_by="2024-01-04", respond_by="2024-01-18",
         id="hos-sct-xmas"),
    _row(DRAFT, SCT, 1, "2023-12-22", acknowledge_by="2024-01-04", respond_by="2024-01-11",
         id="draft-sct-xmas"),
    _row(HOS, NI, 1, "2023-12-22", acknowledge_by="2024-01-03", respond_by="2024-01-17",
         id="hos-ni-xmas"),
    # Acknowledged on Saturday 23 Dec: counts as Friday 22 Dec, so 10 WD from then.
    _row(HOS, EW, 1, "2023-12-22", acknowledged="2023-12-23",
         acknowledge_by="2024-01-03", respond_by="2024-01-10",
         id="hos-ew-xmas-saturday-acknowledgement"),
    # Closed 27-29 Dec: acknowledgement is due 2, 3, 4, 5, 8 Jan.
    _row(HOS, EW, 1, "2023-12-22", closures=CLOSED_XMAS_2023,
         acknowledge_by="2024-01-08", respond_by="2024-01-22",
         id="hos-ew-xmas-closed-27-29-dec"),
    _row(HOS, SCT, 1, "2023-12-22", closures=CLOSED_XMAS_2023,
         acknowledge_by="2024-01-09", respond_by="2024-01-23",
         id="hos-sct-xmas-closed-27-29-dec"),
    # --- Acknowledgement: early, on time, late, on a Saturday, never ------------------------------
    _row(HOS, EW, 1, "2024-01-08", acknowledge_by="2024-01-15", respond_by="2024-01-29",
         id="hos-not-acknowledged"),
    # Acknowledged early: the clock starts at the actual acknowledgement.
    _row(HOS, EW, 1, "2024-01-08", acknowledged="2024-01-10",
         acknowledge_by="2024-01-15", respond_by="2024-01-24",
         id="hos-acknowledged-early"),
    _row(HOS, EW, 1, "2024-01-08", acknowledged="2024-01-08",
         acknowledge_by="2024-01-15", respond_by="2024-01-22",
         id="hos-acknowledged-on-receipt"),
    _row(HOS, EW, 1, "2024-01-08", acknowledged="2024-01-15",
         acknowledge_by="2024-01-15", respond_by="2024-01-29",
         id="hos-acknowledged-on-the-deadline"),
    # Late: a late acknowledgement buys no extra time, the clock starts on 15 Jan.
    _row(HOS, EW, 1, "2024-01-08", acknowledged="2024-01-19",
         acknowledge_by="2024-01-15", respond_by="2024-01-29",
         id="hos-acknowledged-late"),
    # Very late: still 29 Jan, not 5 Feb (10 WD after the actual acknowledgement).
    _row(HOS, EW, 1, "2024-01-08", acknowledged="2024-01-22",
         acknowledge_by="2024-01-15", respond_by="2024-01-29",
         id="hos-acknowledged-very-late"),
    # Acknowledged on Saturday 13 Jan: counts as Friday 12 Jan.
    _row(HOS, EW, 1, "2024-01-08", acknowledged="2024-01-13",
         acknowledge_by="2024-01-15", respond_by="2024-01-26",
         id="hos-acknowledged-on-saturday"),
    _row(LGSCO, EW, 1, "2024-01-08", acknowledged="2024-01-10",
         acknowledge_by="2024-01-15", respond_by="2024-01-24",
         id="lgsco-acknowledged-early"),
    _row(LGSCO, EW, 1, "2024-01-08", acknowledged="2024-01-19",
         acknowledge_by="2024-01-15", respond_by="2024-01-29",
         id="lgsco-acknowledged-late"),
    # The draft: 10 WD from receipt whenever the acknowledgement was made.
    _row(DRAFT, EW, 1, "2024-01-08", acknowledged="2024-01-10",
         acknowledge_by="2024-01-15", respond_by="2024-01-22",
         id="draft-acknowledged-early"),
    _row(DRAFT, EW, 1, "2024-01-08", acknowledged="2024-01-19",
         acknowledge_by="2024-01-15", respond_by="2024-01-22",
         id="draft-acknowledged-late"),
    # --- Weekend receipts -------------------------------------------------------------------------
    _row(HOS, EW, 1, "2024-01-12", acknowledge_by="2024-01-19", respond_by="2024-02-02",
         id="hos-friday-receipt"),
    _row(HOS, EW, 1, "2024-01-13", acknowledge_by="2024-01-19", respond_by="2024-02-02",
         id="hos-saturday-receipt-is-friday"),
    _row(HOS, EW, 1, "2024-01-14", acknowledge_by="2024-01-19", respond_by="2024-02-02",
         id="hos-sunday-receipt-is-friday"),
    # --- Stage 1 extensions: within the limit at 10, over it at 11 --------------------------------
    _row(HOS, EW, 1, "2024-01-08", acknowledged="2024-01-10", extension=10, within=True,
         acknowledge_by="2024-01-15", respond_by="2024-01-24", extended_respond_by="2024-02-07",
         id="hos-s1-extension-at-limit"),
    _row(HOS, EW, 1, "2024-01-08", acknowledged="2024-01-10", extension=11, within=False,
         acknowledge_by="2024-01-15", respond_by="2024-01-24", extended_respond_by="2024-02-08",
         id="hos-s1-extension-over-limit"),
    _row(HOS, EW, 1, "2024-01-08", acknowledged="2024-01-10", extension=5, within=True,
         acknowledge_by="2024-01-15", respond_by="2024-01-24", extended_respond_by="2024-01-31",
         id="hos-s1-extension-5"),
    _row(LGSCO, EW, 1, "2024-01-08", acknowledged="2024-01-10", extension=10, within=True,
         acknowledge_by="2024-01-15", respond_by="2024-01-24", extended_respond_by="2024-02-07",
         id="lgsco-s1-extension-at-limit"),
    _row(LGSCO, EW, 1, "2024-01-08", acknowledged="2024-01-10", extension=11, within=False,
         acknowledge_by="2024-01-15", respond_by="2024-01-24", extended_respond_by="2024-02-08",
         id="lgsco-s1-extension-over-limit"),
    _row(DRAFT, EW, 1, "2024-01-08", acknowledged="2024-01-10", extension=10, within=True,
         acknowledge_by="2024-01-15", respond_by="2024-01-22", extended_respond_by="2024-02-05",
         id="draft-s1-extension-at-limit"),
    _row(DRAFT, EW, 1, "2024-01-08", acknowledged="2024-01-10", extension=11, within=False,
         acknowledge_by="2024-01-15", respond_by="2024-01-22", extended_respond_by="2024-02-06",
         id="draft-s1-extension-over-limit"),
    # --- Stage 2 ----------------------------------------------------------------------------------
    _row(HOS, EW, 2, "2024-02-05", acknowledge_by="2024-02-12", respond_by="2024-03-11",
         id="hos-s2-not-acknowledged"),
    _row(HOS, EW, 2, "2024-02-05", acknowledged="2024-02-07",
         acknowledge_by="2024-02-12", respond_by="2024-03-06",
         id="hos-s2-acknowledged-early"),
    _row(HOS, EW, 2, "2024-02-05", acknowledged="2024-02-16",
         acknowledge_by="2024-02-12", respond_by="2024-03-11",
         id="hos-s2-acknowledged-late"),
    # 20 WD on from 6 Mar skip Good Friday (29 Mar) and Easter Monday (1 Apr).
    _row(HOS, EW, 2, "2024-02-05", acknowledged="2024-02-07", extension=20, within=True,
         acknowledge_by="2024-02-12", respond_by="2024-03-06", extended_respond_by="2024-04-05",
         id="hos-s2-extension-at-limit"),
    _row(HOS, EW, 2, "2024-02-05", acknowledged="2024-02-07", extension=21, within=False,
         acknowledge_by="2024-02-12", respond_by="2024-03-06", extended_respond_by="2024-04-08",
         id="hos-s2-extension-over-limit"),
    _row(LGSCO, EW, 2, "2024-02-05", acknowledged="2024-02-07", extension=20, within=True,
         acknowledge_by="2024-02-12", respond_by="2024-03-06", extended_respond_by="2024-04-05",
         id="lgsco-s2-extension-at-limit"),
    _row(LGSCO, EW, 2, "2024-02-05", acknowledged="2024-02-07", extension=21, within=False,
         acknowledge_by="2024-02-12", respond_by="2024-03-06", extended_respond_by="2024-04-08",
         id="lgsco-s2-extension-over-limit"),
    # The draft: 20 WD from the escalation request, not from acknowledgement.
    _row(DRAFT, EW, 2, "2024-02-05", acknowledged="2024-02-07",
         acknowledge_by="2024-02-12", respond_by="2024-03-04",
         id="draft-s2"),
    _row(DRAFT, EW, 2, "2024-02-05", acknowledged="2024-02-07", extension=20, within=True,
         acknowledge_by="2024-02-12", respond_by="2024-03-04", extended_respond_by="2024-04-03",
         id="draft-s2-extension-at-limit"),
    _row(DRAFT, EW, 2, "2024-02-05", acknowledged="2024-02-07", extension=21, within=False,
         acknowledge_by="2024-02-12", respond_by="2024-03-04", extended_respond_by="2024-04-04",
         id="draft-s2-extension-over-limit"),
    # --- Easter -----------------------------------------------------------------------------------
    _row(LGSCO, EW, 1, "2024-03-25", acknowledge_by="2024-04-03", respond_by="2024-04-17",
         id="lgsco-ew-easter-2024"),
    # Easter Monday is a working day in Scotland.
    _row(LGSCO, SCT, 1, "2024-03-25", acknowledge_by="2024-04-02", respond_by="2024-04-16",
         id="lgsco-sct-easter-2024"),
    _row(LGSCO, NI, 1, "2024-03-25", acknowledge_by="2024-04-03", respond_by="2024-04-17",
         id="lgsco-ni-easter-2024"),
    _row(HOS, EW, 2, "2024-03-25", acknowledge_by="2024-04-03", respond_by="2024-05-01",
         id="hos-s2-ew-easter-2024"),
    _row(HOS, SCT, 2, "2024-03-25", acknowledge_by="2024-04-02", respond_by="2024-04-30",
         id="hos-s2-sct-easter-2024"),
    # --- Scottish and Northern Irish holidays -----------------------------------------------------
    # Scotland's summer holiday is the first Monday of August (5 Aug 2024).
    _row(HOS, SCT, 1, "2024-07-29", acknowledge_by="2024-08-06", respond_by="2024-08-20",
         id="hos-sct-summer-first-monday"),
    _row(HOS, EW, 1, "2024-07-29", acknowledge_by="2024-08-05", respond_by="2024-08-19",
         id="hos-ew-first-monday-works"),
    # E&W's summer holiday is the last Monday of August (26 Aug 2024).
    _row(HOS, EW, 1, "2024-08-19", acknowledge_by="2024-08-27", respond_by="2024-09-10",
         id="hos-ew-summer-last-monday"),
    _row(HOS, SCT, 1, "2024-08-19", acknowledge_by="2024-08-26", respond_by="2024-09-09",
         id="hos-sct-last-monday-works"),
    # 30 Nov 2025 is a Sunday: St Andrew's Day is kept on Monday 1 Dec.
    _row(HOS, SCT, 1, "2025-11-24", acknowledge_by="2025-12-02", respond_by="2025-12-16",
         id="hos-sct-st-andrew-substitute"),
    _row(HOS, EW, 1, "2025-11-24", acknowledge_by="2025-12-01", respond_by="2025-12-15",
         id="hos-ew-1-dec-works"),
    # St Patrick's Day, Monday 17 Mar 2025.
    _row(HOS, NI, 1, "2025-03-10", acknowledge_by="2025-03-18", respond_by="2025-04-01",
         id="hos-ni-st-patrick"),
    _row(HOS, EW, 1, "2025-03-10", acknowledge_by="2025-03-17", respond_by="2025-03-31",
         id="hos-ew-17-mar-works"),
    # 12 Jul 2025 is a Saturday: the Battle of the Boyne is kept on Monday 14 Jul.
    _row(LGSCO, NI, 1, "2025-07-07", acknowledge_by="2025-07-15", respond_by="2025-07-29",
         id="lgsco-ni-boyne-substitute"),
    _row(LGSCO, EW, 1, "2025-07-07", acknowledge_by="2025-07-14", respond_by="2025-07-28",
         id="lgsco-ew-14-jul-works"),
    # --- One-off holidays -------------------------------------------------------------------------
    # The coronation, Monday 8 May 2023.
    _row(DRAFT, EW, 1, "2023-05-02", acknowledge_by="2023-05-10", respond_by="2023-05-17",
         id="draft-coronation"),
    _row(HOS, EW, 1, "2023-05-02", acknowledge_by="2023-05-10", respond_by="2023-05-24",
         id="hos-coronation"),
    # The Queen's state funeral, Monday 19 Sep 2022.
    _row(HOS, NI, 1, "2022-09-13", acknowledge_by="2022-09-21", respond_by="2022-10-05",
         id="hos-ni-state-funeral"),
    # The platinum jubilee, Thursday 2 and Friday 3 Jun 2022.
    _row(HOS, SCT, 1, "2022-05-30", acknowledge_by="2022-06-08", respond_by="2022-06-22",
         id="hos-sct-platinum-jubilee"),
    # --- SPSO model procedure ---------------------------------------------------------------------
    # Frontline: no acknowledgement step, a response within 5 WD of receipt.
    _row(SPSO, SCT, 1, "2023-12-22", respond_by="2024-01-04",
         id="spso-s1-xmas"),
    _row(SPSO, SCT, 1, "2023-12-22", extension=5, within=True,
         respond_by="2024-01-04", extended_respond_by="2024-01-11",
         id="spso-s1-extension-at-limit"),
    _row(SPSO, SCT, 1, "2023-12-22", extension=6, within=False,
         respond_by="2024-01-04", extended_respond_by="2024-01-12",
         id="spso-s1-extension-over-limit"),
    # 20 WD from receipt; St Andrew's Day is kept on Monday 2 Dec 2024.
    _row(SPSO, SCT, 2, "2024-11-25", acknowledged="2024-11-27",
         acknowledge_by="2024-11-28", respond_by="2024-12-24",
         id="spso-s2-st-andrew"),
    # No limit on a stage 2 extension; 30 WD on skip 25, 26 Dec and 1, 2 Jan.
    _row(SPSO, SCT, 2, "2024-11-25", extension=30, within=True,
         acknowledge_by="2024-11-28", respond_by="2024-12-24", extended_respond_by="2025-02-10",
         id="spso-s2-extension-no-limit"),
    # --- Children Act 1989 procedure --------------------------------------------------------------
    _row(CHILDREN, EW, 1, "2024-01-08", respond_by="2024-01-22",
         id="children-s1"),
    _row(CHILDREN, EW, 1, "2024-01-08", extension=10, within=True,
         respond_by="2024-01-22", extended_respond_by="2024-02-05",
         id="children-s1-extension-at-limit"),
    _row(CHILDREN, EW, 1, "2024-01-08", extension=11, within=False,
         respond_by="2024-01-22", extended_respond_by="2024-02-06",
         id="children-s1-extension-over-limit"),
    # 25 WD, then 40 more (65 in all), over Easter 2024.
    _row(CHILDREN, EW, 2, "2024-01-08", extension=40, within=True,
         respond_by="2024-02-12", extended_respond_by="2024-04-10",
         id="children-s2-extension-at-limit"),
    _row(CHILDREN, EW, 2, "2024-01-08", extension=41, within=False,
         respond_by="2024-02-12", extended_respond_by="2024-04-11",
         id="children-s2-extension-over-limit"),
    # Panel within 30 WD, its report 5 WD later, the authority's response 15 WD after that.
    _row(CHILDREN, EW, 3, "2024-01-08",
         panel_by="2024-02-19", panel_report_by="2024-02-26", respond_by="2024-03-18",
         id="children-s3-panel"),
    # Over Easter (29 Mar, 1 Apr) and the early May bank holiday (6 May).
    _row(CHILDREN, EW, 3, "2024-03-04",
         panel_by="2024-04-17", panel_report_by="2024-04-24", respond_by="2024-05-16",
         id="children-s3-panel-over-easter"),
    # --- Adult social care: a calendar-month step -------------------------------------------------
    # Six calendar months from 31 Aug is the last day of February (2024 is a leap year).
    _row(ASC, EW, 1, "2023-08-31",
         acknowledge_by="2023-09-05", reasons_owed_by="2024-02-29", respond_by=None,
         id="asc-31-aug-leap-year"),
    _row(ASC, EW, 1, "2024-08-30",
         acknowledge_by="2024-09-04", reasons_owed_by="2025-02-28", respond_by=None,
         id="asc-30-aug-common-year"),
    # Calendar months are not working days: 15 Sep 2024 is a Sunday and stays so.
    _row(ASC, EW, 1, "2024-03-15",
         acknowledge_by="2024-03-20", reasons_owed_by="2024-09-15", respond_by=None,
         id="asc-months-not-rolled"),
]
# fmt: on


@pytest.mark.parametrize(
    (
        "profile_id",
        "division",
        "closures",
        "stage_number",
        "received",
        "acknowledged",
        "extension",
        "expected",
        "within",
    ),
    ROWS,
)
def test_stage_deadlines(
    profile_id: str,
    division: str,
    closures: tuple[date, ...],
    stage_number: int,
    received: str,
    acknowledged: str | None,
    extension: int,
    expected: dict[str, str | None],
    within: bool | None,
) -> None:
    profile = get_profile(profile_id)
    facts = StageFacts(
        D(received), D(acknowledged) if acknowledged else None, extension_days=extension
    )
    result = stage_deadlines(
        profile, profile.stage(stage_number), calendar_for(division, closures), facts
    )
    got = {d.key: d.due.isoformat() if d.due else None for d in result.deadlines}
    assert got == expected
    assert result.stage == stage_number
    assert result.extension_days == extension
    assert result.extension_within_limit is within
    assert result.acknowledge_by == (D(a) if (a := expected.get("acknowledge_by")) else None)
    final = expected.get("extended_respond_by") or expected.get("respond_by")
    assert result.final_respond_by == (D(final) if final else None)


# (profile, stage, key, clause): each date cites the clause of the Code it comes from.
CLAUSE_ROWS = [
    pytest.param(HOS, 1, "acknowledge_by", "6.2", id="hos-s1-ack"),
    pytest.param(HOS, 1, "respond_by", "6.3", id="hos-s1-respond"),
    pytest.param(HOS, 1, "extended_respond_by", "6.4", id="hos-s1-extension"),
    pytest.param(HOS, 2, "respond_by", "6.15", id="hos-s2-respond"),
    pytest.param(HOS, 2, "extended_respond_by", "6.16", id="hos-s2-extension"),
    pytest.param(DRAFT, 2, "respond_by", "6.18", id="draft-s2-respond"),
    pytest.param(DRAFT, 2, "extended_respond_by", "6.19", id="draft-s2-extension"),
    pytest.param(LGSCO, 2, "acknowledge_by", "6.10", id="lgsco-s2-ack"),
]


@pytest.mark.parametrize(("profile_id", "stage_number", "key", "clause"), CLAUSE_ROWS)
def test_each_date_cites_its_clause(
    profile_id: str, stage_number: int, key: str, clause: str
) -> None:
    profile = get_profile(profile_id)
    facts = StageFacts(D("2024-01-08"), extension_days=1)
    result = stage_deadlines(profile, profile.stage(stage_number), calendar_for(EW), facts)
    deadline = result.get(key)
    assert deadline is not None
    assert deadline.clause == clause


def test_basis_says_how_each_date_was_counted() -> None:
    profile = get_profile(HOS)
    facts = StageFacts(D("2024-01-08"), D("2024-01-10"), extension_days=5)
    result = stage_deadlines(profile, profile.stage(1), calendar_for(EW), facts)
    assert [d.basis for d in result.deadlines] == [
        "5 working days after 2024-01-08",
        "10 working days after 2024-01-10",
        "5 working days after 2024-01-24",
    ]


def test_no_extension_means_no_extended_date() -> None:
    profile = get_profile(HOS)
    result = stage_deadlines(
        profile, profile.stage(1), calendar_for(EW), StageFacts(D("2024-01-08"))
    )
    assert result.extended_respond_by is None
    assert result.extension_within_limit is None
    assert result.final_respond_by == D("2024-01-29")


def test_extension_where_the_stage_allows_none() -> None:
    """ASC has no extension rule: any extension is outside the rules and moves no date."""
    profile = get_profile(ASC)
    facts = StageFacts(D("2024-01-08"), extension_days=5)
    result = stage_deadlines(profile, profile.stage(1), calendar_for(EW), facts)
    assert result.extension_within_limit is False
    assert result.extended_respond_by is None


def test_asc_response_period_is_agreed() -> None:
    profile = get_profile(ASC)
    result = stage_deadlines(
        profile, profile.stage(1), calendar_for(EW), StageFacts(D("2024-01-08"))
    )
    respond = result.get("respond_by")
    assert respond is not None
    assert respond.due is None
    assert respond.basis == "no fixed period: agreed with the individual"
    reasons = result.get("reasons_owed_by")
    assert reasons is not None
    assert reasons.basis == "6 months after 2024-01-08"


# --- A whole case ---------------------------------------------------------------------------------


def test_two_stage_case_under_hos() -> None:
    facts = CaseFacts(
        (
            StageFacts(D("2024-01-08"), D("2024-01-10"), extension_days=5),
            StageFacts(D("2024-02-05"), D("2024-02-07")),
        )
    )
    stage1, stage2 = case_deadlines(get_profile(HOS), calendar_for(EW), facts)
    assert stage1.stage == 1
    assert stage1.acknowledge_by == D("2024-01-15")
    assert stage1.respond_by == D("2024-01-24")
    assert (stage1.extended_respond_by, stage1.extension_within_limit) == (D("2024-01-31"), True)
    assert stage2.stage == 2
    assert stage2.acknowledge_by == D("2024-02-12")
    assert stage2.respond_by == D("2024-03-06")
    assert stage2.extended_respond_by is None


def test_two_stage_case_under_the_draft() -> None:
    facts = CaseFacts(
        (StageFacts(D("2024-01-08"), D("2024-01-10")), StageFacts(D("2024-02-05"), D("2024-02-07")))
    )
    stage1, stage2 = case_deadlines(get_profile(DRAFT), calendar_for(EW), facts)
    assert stage1.respond_by == D("2024-01-22")
    assert stage2.respond_by == D("2024-03-04")


def test_spso_case_may_start_at_stage_2() -> None:
    facts = CaseFacts((StageFacts(D("2024-11-25")),))
    (only,) = case_deadlines(get_profile(SPSO), calendar_for(SCT), facts, first_stage=2)
    assert only.stage == 2
    assert only.acknowledge_by == D("2024-11-28")
    assert only.respond_by == D("2024-12-24")


def test_children_case_through_three_stages() -> None:
    facts = CaseFacts(
        (
            StageFacts(D("2023-11-06")),
            StageFacts(D("2023-11-27")),
            StageFacts(D("2024-01-08")),
        )
    )
    stages = case_deadlines(get_profile(CHILDREN), calendar_for(EW), facts)
    assert [s.stage for s in stages] == [1, 2, 3]
    # 10 WD from Mon 6 Nov 2023 is Mon 20 Nov.
    assert stages[0].respond_by == D("2023-11-20")
    # 25 WD from Mon 27 Nov 2023: 25, 26 Dec and 1 Jan off, so Thu 4 Jan 2024.
    assert stages[1].respond_by == D("2024-01-04")
    assert stages[2].due("panel_by") == D("2024-02-19")


# --- Facts that cannot be true --------------------------------------------------------------------


def test_acknowledged_before_received() -> None:
    profile = get_profile(HOS)
    facts = StageFacts(D("2024-01-08"), D("2024-01-05"))
    with pytest.raises(FactsError, match="before it was received"):
        stage_deadlines(profile, profile.stage(1), calendar_for(EW), facts)


def test_negative_extension() -> None:
    profile = get_profile(HOS)
    facts = StageFacts(D("2024-01-08"), extension_days=-1)
    with pytest.raises(FactsError, match="negative"):
        stage_deadlines(profile, profile.stage(1), calendar_for(EW), facts)


def test_stage_2_requested_before_stage_1_began() -> None:
    facts = CaseFacts((StageFacts(D("2024-02-05")), StageFacts(D("2024-01-08"))))
    with pytest.raises(FactsError, match="before the previous stage began"):
        case_deadlines(get_profile(HOS), calendar_for(EW), facts)


def test_no_third_stage_under_hos() -> None:
    stage = StageFacts(D("2024-01-08"))
    with pytest.raises(KeyError, match="no stage 3"):
        case_deadlines(get_profile(HOS), calendar_for(EW), CaseFacts((stage, stage, stage)))
