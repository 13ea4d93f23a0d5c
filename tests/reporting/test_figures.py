"""The complaint-handling figures against numbers worked out by hand from the cases' facts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from putright.cases.models import Stage
from putright.organisations.models import Organisation, User
from putright.reporting.figures import complaint_figures
from tests.factories import ServiceAreaFactory, received_complaint
from tests.reporting.cases import END, START, TODAY, acknowledge, receive, small_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(org_a: Organisation, org_a_handler: User, org_a_manager: User) -> dict[str, object]:
    org_a.homes = 2400
    org_a.save(update_fields=["homes"])
    return small_organisation(org_a_handler, org_a_manager)


def figures_of(organisation: Organisation, start: date = START, end: date = END) -> dict:
    organisation.refresh_from_db()
    return complaint_figures(organisation=organisation, start=start, end=end).as_json()


#: 1 April to 30 June 2025, worked out from the facts in tests/reporting/cases.py.
EXPECTED = {
    "organisation": "org-a",
    "from": "2025-04-01",
    "to": "2025-06-30",
    # The request of 5 May; not the one of 28 March.
    "service_requests_received": 1,
    # C1, C2, C3, C4, C5, C7 and C9 (C6 and C10 came in March, C8 in July) ...
    "complaints_received": 7,
    # ... of which C7 was not accepted.
    "complaints_refused": 1,
    "stage1": {
        # The 7 received less C7.
        "received": 6,
        # C1 (on time), C2 (late), C3, C4, C5 (on time); C6 and C10 were acknowledged in March.
        "acknowledged": 5,
        "acknowledged_on_time": 4,
        # C1 and C10 on time; C3 (extended within the limit) and C4 (over it, with a reason) on
        # time only with their extensions; C2 late; C5 late, its extension over the limit
        # without a reason.
        "responded": 6,
        "responded_on_time": 4,
        "responded_on_time_without_extensions": 2,
        # Upheld: C1, C3, C5, C10; not upheld: C2, C4.
        "outcomes": {"not_upheld": 2, "upheld": 4},
    },
    "stage2": {
        # C6's escalation on 1 April and C1's on 22 April.
        "received": 2,
        # C6 on time (2 April), C1 late (30 April).
        "acknowledged": 2,
        "acknowledged_on_time": 1,
        # C6 on time (30 April, not upheld), C1 late (30 May, upheld).
        "responded": 2,
        "responded_on_time": 1,
        "responded_on_time_without_extensions": 1,
        "outcomes": {"not_upheld": 1, "upheld": 1},
    },
    # 2,400 homes: 6 / 2.4 = 2.5 and 2 / 2.4 = 0.833... = 0.8.
    "ch01": {"stage1_per_1000_homes": 2.5, "stage2_per_1000_homes": 0.8},
    # 4 of 6 = 66.66...% = 66.7%; 1 of 2 = 50%.
    "ch02": {"stage1_percent_on_time": 66.7, "stage2_percent_on_time": 50.0},
    # C1's £150.00 and C9's £100.25; C6's £25.50 is of a complaint received in March, and C1's
    # apology has no amount.
    "financial_remedies_total": "250.25",
}


def test_the_figures_of_a_small_organisation(
    cases: dict[str, object], org_a: Organisation, org_b_handler: User
) -> None:
    # Another organisation's complaint in the period changes nothing.
    other = received_complaint(org_b_handler, received=date(2025, 4, 2), today=TODAY)
    acknowledge(org_b_handler, other, date(2025, 4, 3))

    assert figures_of(org_a) == EXPECTED


def test_the_stored_deadlines_are_the_ones_worked_out_by_hand(cases: dict[str, object]) -> None:
    def deadlines(reference: str, number: int) -> tuple[date | None, ...]:
        stage = Stage.objects.get(complaint__reference=reference, number=number)
        return (stage.acknowledge_by, stage.respond_by, stage.extended_respond_by)

    assert deadlines("C1", 1) == (date(2025, 4, 8), date(2025, 4, 17), None)
    assert deadlines("C1", 2) == (date(2025, 4, 29), date(2025, 5, 29), None)
    assert deadlines("C2", 1) == (date(2025, 4, 9), date(2025, 4, 25), None)
    assert deadlines("C3", 1) == (date(2025, 4, 14), date(2025, 4, 23), date(2025, 4, 30))
    assert deadlines("C4", 1) == (date(2025, 4, 15), date(2025, 4, 24), date(2025, 5, 13))
    assert deadlines("C5", 1) == (date(2025, 4, 16), date(2025, 4, 25), date(2025, 5, 14))
    assert deadlines("C6", 1) == (date(2025, 3, 10), date(2025, 3, 18), None)
    assert deadlines("C6", 2) == (date(2025, 4, 8), date(2025, 5, 2), None)
    assert deadlines("C10", 1) == (date(2025, 3, 31), date(2025, 4, 8), None)


def test_homes_not_known_gives_no_ch01(cases: dict[str, object], org_a: Organisation) -> None:
    Organisation.objects.filter(pk=org_a.pk).update(homes=None)

    assert figures_of(org_a)["ch01"] == {
        "stage1_per_1000_homes": None,
        "stage2_per_1000_homes": None,
    }


def test_nothing_responded_gives_no_ch02_and_no_remedies_gives_0_00(
    cases: dict[str, object], org_a: Organisation
) -> None:
    # June: C9 received (£100.25 offered), nothing acknowledged or responded.
    june = figures_of(org_a, date(2025, 6, 1), date(2025, 6, 30))
    assert (june["complaints_received"], june["stage1"]["received"]) == (1, 1)
    assert (june["stage1"]["responded"], june["stage2"]["responded"]) == (0, 0)
    assert june["stage1"]["outcomes"] == june["stage2"]["outcomes"] == {}
    assert june["ch02"] == {"stage1_percent_on_time": None, "stage2_percent_on_time": None}
    assert june["financial_remedies_total"] == "100.25"
    # July: C8 received and acknowledged on time; no remedy.
    july = figures_of(org_a, date(2025, 7, 1), date(2025, 7, 31))
    assert july["stage1"]["acknowledged_on_time"] == 1
    assert july["financial_remedies_total"] == "0.00"


def test_one_day_periods_include_both_ends(cases: dict[str, object], org_a: Organisation) -> None:
    # 1 April: C1 received, C6's escalation received, C10 responded.
    first = figures_of(org_a, date(2025, 4, 1), date(2025, 4, 1))
    assert (first["complaints_received"], first["stage2"]["received"]) == (1, 1)
    assert first["stage1"]["responded"] == 1
    assert first["financial_remedies_total"] == "150.00"


def test_a_refused_complaint_has_no_remedies_counted(
    org_a: Organisation, org_a_handler: User
) -> None:
    from putright.cases.services import complaint_exclude
    from tests.reporting.cases import pounds

    area = ServiceAreaFactory(organisation=org_a, name="Repairs", profile="hos-2024")
    refused = receive(org_a_handler, area, "R1", date(2025, 4, 1))
    pounds(org_a_handler, refused, "40.00")
    complaint_exclude(
        actor=org_a_handler,
        complaint=refused,
        reason="Made more than 12 months after the issue",
        evidence="The issue was in 2022.",
        ombudsman_details_given=True,
        decided=date(2025, 4, 2),
    )

    figures = figures_of(org_a)
    assert (figures["complaints_received"], figures["complaints_refused"]) == (1, 1)
    assert figures["stage1"]["received"] == 0
    assert figures["financial_remedies_total"] == "0.00"


def test_a_response_without_a_fixed_period_is_on_time(
    org_a: Organisation, org_a_handler: User
) -> None:
    # The adult social care procedure agrees the response period with the individual (SI
    # 2009/309 reg. 13(7)): there is no stored respond_by to be late against. Received Tue 1
    # Apr; acknowledge within 3 WD = Fri 4 Apr; acknowledged Mon 7 Apr (late).
    from tests.reporting.cases import respond

    care = ServiceAreaFactory(organisation=org_a, name="Adult social care", profile="asc-2009")
    case = receive(org_a_handler, care, "ASC1", date(2025, 4, 1))
    case = acknowledge(org_a_handler, case, date(2025, 4, 7))
    respond(org_a_handler, case, date(2025, 9, 1), "upheld")
    stage = Stage.objects.get(complaint=case)
    assert (stage.acknowledge_by, stage.respond_by) == (date(2025, 4, 4), None)

    figures = figures_of(org_a, date(2025, 1, 1), date(2025, 12, 31))
    assert figures["stage1"] == {
        "received": 1,
        "acknowledged": 1,
        "acknowledged_on_time": 0,
        "responded": 1,
        "responded_on_time": 1,
        "responded_on_time_without_extensions": 1,
        "outcomes": {"upheld": 1},
    }


def test_an_extension_beyond_a_limit_that_never_allows_more_does_not_count(
    org_a: Organisation, org_a_handler: User
) -> None:
    # The children's procedure allows 10 more working days at stage 1 and never more (SI
    # 2006/1738 reg. 14). K1 and K2: received Tue 1 Apr; respond within 10 WD = Tue 15 Apr;
    # extended 10 WD on Thu 10 Apr, to Thu 1 May (over Easter); responded Wed 30 Apr. K2's
    # record then shows 12 days, as a case brought in from another system might: over the
    # limit, and its reason cannot make up for that, so K2 is late.
    from tests.reporting.cases import extend, respond

    children = ServiceAreaFactory(organisation=org_a, name="Children", profile="children-act-2006")
    for reference in ("K1", "K2"):
        case = receive(org_a_handler, children, reference, date(2025, 4, 1))
        case = extend(org_a_handler, case, 10, date(2025, 4, 10), reason=True)
        respond(org_a_handler, case, date(2025, 4, 30), "upheld")
    Stage.objects.filter(complaint__reference="K2").update(extension_days=12)
    stage = Stage.objects.get(complaint__reference="K1")
    assert (stage.respond_by, stage.extended_respond_by) == (date(2025, 4, 15), date(2025, 5, 1))

    figures = figures_of(org_a)["stage1"]
    assert (figures["responded"], figures["responded_on_time"]) == (2, 1)
    assert figures["responded_on_time_without_extensions"] == 0


def test_one_service_area(
    cases: dict[str, object], org_a: Organisation, org_a_handler: User
) -> None:
    tax = ServiceAreaFactory(organisation=org_a, name="Rents", profile="hos-2024")
    receive(org_a_handler, tax, "T1", date(2025, 5, 6))
    repairs = org_a.service_areas.get(name="Repairs")

    whole = complaint_figures(organisation=org_a, start=START, end=END)
    rents = complaint_figures(organisation=org_a, start=START, end=END, service_area=tax)
    only_repairs = complaint_figures(organisation=org_a, start=START, end=END, service_area=repairs)
    assert whole.complaints_received == 8
    assert (rents.complaints_received, rents.stage1.received, rents.stage1.responded) == (1, 1, 0)
    assert rents.service_requests_received == 0
    assert rents.financial_remedies_total == Decimal("0.00")
    assert only_repairs.as_json() == EXPECTED


def test_a_handful_of_queries_whatever_the_number_of_cases(
    cases: dict[str, object], org_a: Organisation
) -> None:
    with CaptureQueriesContext(connection) as captured:
        complaint_figures(organisation=org_a, start=START, end=END)
    assert len(captured.captured_queries) == 4


def test_a_period_that_ends_before_it_starts_is_refused(org_a: Organisation) -> None:
    with pytest.raises(ValueError, match="starts on 2025-06-30 after it ends on 2025-04-01"):
        complaint_figures(organisation=org_a, start=END, end=START)


@pytest.mark.postgres
def test_the_benchmarks_one_query_gives_the_same_figures(
    cases: dict[str, object], org_a: Organisation
) -> None:
    # bench/kpis.py times the figures beside one hand-written query: both must say the same.
    from bench.kpis import floor_figures

    org_a.refresh_from_db()
    assert floor_figures(org_a, START, END) == EXPECTED
    assert floor_figures(org_a, date(2025, 7, 1), date(2025, 7, 31)) == figures_of(
        org_a, date(2025, 7, 1), date(2025, 7, 31)
    )
