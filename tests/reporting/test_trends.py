"""The month-by-month figures against numbers worked out by hand from the cases' facts, and the
charts drawn from them."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from putright.organisations.models import Organisation, User
from putright.reporting import charts
from putright.reporting.figures import complaint_figures
from putright.reporting.trends import MonthFigures, monthly_trends, months_between
from tests.factories import ServiceAreaFactory
from tests.reporting.cases import END, START, small_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(org_a: Organisation, org_a_handler: User, org_a_manager: User) -> dict[str, object]:
    return small_organisation(org_a_handler, org_a_manager)


def trends_of(organisation: Organisation, start: date = START, end: date = END, **kw: object):
    return monthly_trends(organisation=organisation, start=start, end=end, **kw)


def test_each_month_worked_out_by_hand(cases: dict[str, object], org_a: Organisation) -> None:
    april, may, june = trends_of(org_a)
    # Stage 1 accepted by the month received: April C1-C5 (C7 not accepted), June C9; C6 and C10
    # came in March, C8 in July. Stage 2 by the escalation request: C1 (22 Apr), C6 (1 Apr).
    assert (april.stage1_received, may.stage1_received, june.stage1_received) == (5, 0, 1)
    assert (april.stage2_received, may.stage2_received, june.stage2_received) == (2, 0, 0)
    # Stage 1 responses in April: C10 (1 Apr), C1 (15 Apr), C3 (29 Apr, within its extension):
    # all on time. In May: C2 late, C4 on time with its reasoned extension, C5 late.
    assert (april.stage1_responded, april.stage1_on_time) == (3, 3)
    assert (may.stage1_responded, may.stage1_on_time) == (3, 1)
    assert (april.stage1_percent_on_time, may.stage1_percent_on_time) == (100.0, 33.3)
    # Stage 2: C6 on 30 Apr, on time; C1 on 30 May, late.
    assert (april.stage2_responded, april.stage2_on_time) == (1, 1)
    assert (may.stage2_responded, may.stage2_on_time) == (1, 0)
    assert (may.stage2_percent_on_time, june.stage2_percent_on_time) == (0.0, None)
    assert [m.month for m in (april, may, june)] == [date(2025, 4, 1), date(2025, 5, 1), june.month]
    assert june == MonthFigures(month=date(2025, 6, 1), stage1_received=1)


def test_months_add_up_to_the_figures(cases: dict[str, object], org_a: Organisation) -> None:
    months = trends_of(org_a)
    figures = complaint_figures(organisation=org_a, start=START, end=END)
    for number, stage in ((1, figures.stage1), (2, figures.stage2)):
        assert sum(getattr(m, f"stage{number}_received") for m in months) == stage.received
        assert sum(getattr(m, f"stage{number}_responded") for m in months) == stage.responded
        assert sum(getattr(m, f"stage{number}_on_time") for m in months) == (
            stage.responded_on_time
        )


def test_part_months_and_every_month_present(cases: dict[str, object], org_a: Organisation) -> None:
    # 15 April to 10 May: C1's response (15 Apr) and C3's (29 Apr); C2's (2 May) and C4's and
    # C5's (12 May, after the end) - so May has one. Received: none of stage 1 (all before 15 Apr);
    # C1's escalation on 22 Apr.
    months = trends_of(org_a, date(2025, 4, 15), date(2025, 5, 10))
    assert [(m.stage1_received, m.stage2_received) for m in months] == [(0, 1), (0, 0)]
    assert [(m.stage1_responded, m.stage1_on_time) for m in months] == [(2, 2), (1, 0)]
    assert len(trends_of(org_a, date(2024, 4, 1), date(2025, 3, 31))) == 12


def test_service_area_only_its_own(
    cases: dict[str, object], org_a: Organisation, org_b: Organisation
) -> None:
    rents = ServiceAreaFactory(organisation=org_a, name="Rents")
    assert all(m == MonthFigures(month=m.month) for m in trends_of(org_a, service_area=rents))
    assert all(m == MonthFigures(month=m.month) for m in trends_of(org_b))
    with pytest.raises(ValueError, match="not one of the organisation's"):
        trends_of(org_b, service_area=rents)
    with pytest.raises(ValueError, match="after it ends"):
        trends_of(org_a, END, START)
    with pytest.raises(ValueError, match="longer than 60 months"):
        trends_of(org_a, date(2020, 1, 1), date(2025, 1, 1))


def test_two_queries_whatever_the_months(cases: dict[str, object], org_a: Organisation) -> None:
    with CaptureQueriesContext(connection) as queries:
        trends_of(org_a, date(2024, 1, 1), date(2025, 12, 31))
    assert len(queries) == 2


def test_months_between() -> None:
    assert months_between(date(2025, 11, 30), date(2026, 2, 1)) == [
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]


def test_charts_are_accessible_deterministic_svg(
    cases: dict[str, object], org_a: Organisation
) -> None:
    months = trends_of(org_a)
    figures = complaint_figures(organisation=org_a, start=START, end=END)
    drawn = [
        charts.received_chart(months),
        charts.on_time_chart(months),
        charts.outcomes_chart(figures),
    ]
    for svg in drawn:
        assert svg.count("<title") == 1
        assert '<svg role="img" aria-labelledby="t d"' in svg
        assert "<desc" in svg
        assert "<script" not in svg.lower()
    assert "6 at stage 1 and 2 at stage 2" in drawn[0]
    assert "Not upheld: 2 at stage 1, 1 at stage 2; Upheld: 4 at stage 1, 1 at stage 2" in drawn[2]
    assert drawn == [
        charts.received_chart(months),
        charts.on_time_chart(months),
        charts.outcomes_chart(figures),
    ]


def test_a_chart_with_a_script_is_refused() -> None:
    with pytest.raises(charts.UnsafeSvg):
        charts.check_safe("<svg><script>alert(1)</script></svg>")
    with pytest.raises(charts.UnsafeSvg):
        charts.check_safe('<svg><rect onload="alert(1)"/></svg>')
    assert charts.check_safe("<svg><title>Fine</title></svg>") == "<svg><title>Fine</title></svg>"
