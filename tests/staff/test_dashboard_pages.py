"""The figures page and its charts: who reads them, what they show, and the filter form."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from putright.organisations.models import Organisation, Role, ServiceArea, User
from putright.staff import views
from tests.factories import ServiceAreaFactory, UserFactory, received_complaint
from tests.reporting.cases import small_organisation

pytestmark = pytest.mark.django_db

URL = "/staff/figures/"
PERIOD = "?start_day=1&start_month=4&start_year=2025&end_day=30&end_month=6&end_year=2025"
CHARTS = ("received", "on-time", "outcomes")


def chart_url(chart: str, query: str = PERIOD) -> str:
    return f"/staff/figures/charts/{chart}.svg{query}"


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> date:
    day = date(2025, 9, 1)
    monkeypatch.setattr(views, "today", lambda: day)
    return day


@pytest.fixture
def cases(org_a_handler: User, org_a_manager: User) -> dict[str, object]:
    return small_organisation(org_a_handler, org_a_manager)


def user_of(organisation: Organisation, role: Role) -> User:
    return UserFactory(
        username=f"{role}@{organisation.slug}.example", organisation=organisation, role=role
    )


@pytest.mark.parametrize("role", [Role.MANAGER, Role.SENIOR_LEAD, Role.MEMBER, Role.AUDITOR])
def test_readers_see_the_figures_and_the_nav_item(
    client: Client, org_a: Organisation, cases: dict[str, object], today: date, role: Role
) -> None:
    client.force_login(user_of(org_a, role))
    response = client.get(URL + PERIOD)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'aria-current="true"' in page
    assert ">Figures<" in page
    assert "1 April 2025 to 30 June 2025" in page
    # Seven received, one not accepted; CH02 at stage 1: 4 of 6.
    figures = response.context["figures"]
    assert (figures.complaints_received, figures.complaints_refused) == (7, 1)
    assert "66.7% (4 of 6)" in page
    # C1's £150.00 and C9's £100.25; not C6's, received in March.
    assert "£250.25" in page
    assert [m.stage1_received for m in response.context["months"]] == [5, 0, 1]
    assert response.context["outcomes"] == [("Not upheld", 2, 1), ("Upheld", 4, 1)]
    for chart in CHARTS:
        assert f'src="/staff/figures/charts/{chart}.svg?' in page
    assert "<svg" not in page
    # CH01 from the organisation's homes, and none where they are not known.
    homes = (
        f'per 1,000 homes (CH01)</dt><dd class="govuk-summary-list__value">{6000 / org_a.homes:.1f}'
    )
    assert homes in page
    Organisation.objects.filter(pk=org_a.pk).update(homes=None)
    assert "per 1,000 homes" not in client.get(URL + PERIOD).content.decode()


def test_a_handler_is_refused(client: Client, org_a_handler: User, today: date) -> None:
    client.force_login(org_a_handler)
    assert client.get(URL).status_code == 403
    for chart in CHARTS:
        assert client.get(chart_url(chart)).status_code == 403
    assert ">Figures<" not in client.get("/staff/work/").content.decode()


def test_sign_in_needed(client: Client, db: None) -> None:
    for url in (URL, chart_url("received")):
        response = client.get(url)
        assert response.status_code == 302
        assert "sign-in" in response["Location"]


def test_only_get(client: Client, org_a_manager: User, today: date) -> None:
    client.force_login(org_a_manager)
    assert client.post(URL).status_code == 405
    assert client.post(chart_url("received")).status_code == 405


@pytest.mark.parametrize("chart", CHARTS)
def test_chart_is_svg_with_a_title(
    client: Client, org_a_manager: User, cases: dict[str, object], today: date, chart: str
) -> None:
    client.force_login(org_a_manager)
    response = client.get(chart_url(chart))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    svg = response.content.decode()
    assert "<title" in svg
    assert "<desc" in svg
    assert "<script" not in svg


def test_unknown_chart_and_bad_period(client: Client, org_a_manager: User, today: date) -> None:
    client.force_login(org_a_manager)
    assert client.get(chart_url("pie")).status_code == 404
    bad = "?start_day=31&start_month=2&start_year=2025&end_day=1&end_month=3&end_year=2025"
    assert client.get(chart_url("received", bad)).status_code == 400


def test_default_period_is_the_financial_year(
    client: Client, org_a_manager: User, today: date
) -> None:
    client.force_login(org_a_manager)
    response = client.get(URL)
    figures = response.context["figures"]
    assert (figures.start, figures.end) == (date(2025, 4, 1), date(2026, 3, 31))
    assert len(response.context["months"]) == 12
    page = response.content.decode()
    assert 'name="start_year" type="text" inputmode="numeric" value="2025"' in page
    assert 'name="end_year" type="text" inputmode="numeric" value="2026"' in page


def test_financial_year_before_april(
    monkeypatch: pytest.MonkeyPatch, client: Client, org_a_manager: User
) -> None:
    monkeypatch.setattr(views, "today", lambda: date(2026, 2, 10))
    client.force_login(org_a_manager)
    figures = client.get(URL).context["figures"]
    assert (figures.start, figures.end) == (date(2025, 4, 1), date(2026, 3, 31))


def test_impossible_dates_are_named_and_what_was_typed_is_kept(
    client: Client, org_a_manager: User, today: date
) -> None:
    client.force_login(org_a_manager)
    response = client.get(
        URL + "?start_day=31&start_month=2&start_year=2025&end_day=&end_month=3&end_year=2025"
    )
    assert response.status_code == 200
    assert "figures" not in response.context
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Start date must be a real date" in page
    assert "End date must include a day" in page
    assert 'name="start_day" type="text" inputmode="numeric" value="31"' in page
    assert 'name="end_month" type="text" inputmode="numeric" value="3"' in page
    assert "<title>Error: Complaint figures" in page


def test_end_before_start_and_too_long(client: Client, org_a_manager: User, today: date) -> None:
    client.force_login(org_a_manager)
    backwards = "?start_day=1&start_month=6&start_year=2025&end_day=1&end_month=4&end_year=2025"
    page = client.get(URL + backwards).content.decode()
    assert "End date must be the same as or after the start date" in page
    too_long = "?start_day=1&start_month=1&start_year=2015&end_day=1&end_month=4&end_year=2025"
    assert "no longer than 5 years" in client.get(URL + too_long).content.decode()


def test_service_area_filter_and_at_risk_links(
    client: Client, org_a: Organisation, cases: dict[str, object], today: date
) -> None:
    rents = ServiceAreaFactory(organisation=org_a, name="Rents")
    received_complaint(
        user_of(org_a, Role.HANDLER), service_area=rents, reference="R1", received=date(2025, 8, 1)
    )
    client.force_login(user_of(org_a, Role.SENIOR_LEAD))
    response = client.get(URL + PERIOD + f"&service_area={rents.pk}")
    assert response.context["figures"].complaints_received == 0
    page = response.content.decode()
    assert f'<option value="{rents.pk}" selected>Rents</option>' in page
    assert f"/staff/cases/?status=overdue&amp;service_area={rents.pk}" in page
    # Received 1 Aug, not acknowledged by 8 Aug: overdue on 1 Sep.
    assert response.context["counts"]["overdue"] == 1
    whole = client.get(URL + PERIOD).context["counts"]
    assert whole["overdue"] > 1


def test_a_handful_of_queries(
    client: Client, org_a_manager: User, cases: dict[str, object], today: date
) -> None:
    client.force_login(org_a_manager)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL + PERIOD).status_code == 200
    # The headline figures, the months, the queue counts, one grouped query per breakdown and
    # the categories now and before.
    assert len(queries) <= 34


def test_the_breakdowns_are_shown_as_tables(
    client: Client, org_a_manager: User, cases: dict[str, object], today: date
) -> None:
    client.force_login(org_a_manager)
    page = client.get(URL + PERIOD).content.decode()
    for table in (
        "by-channel",
        "by-category",
        "by-service-area",
        "by-stage",
        "timeliness-table",
        "outcomes-by-category-table",
        "remedies-table",
        "refused-table",
        "requests-by-status",
    ):
        assert f'id="{table}"' in page
    assert "Made more than 12 months after the issue" in page
    assert "£250.25" in page
    # C3, C4 and C5 extended, each answered by its extended date.
    assert "3 of 3 (100.0%)" in page
    # No service area is under the SPSO's procedure, so no SPSO table.
    assert 'id="spso-table"' not in page


def test_another_organisation_sees_only_its_own(
    client: Client, org_a: Organisation, org_b: Organisation, cases: dict[str, object], today: date
) -> None:
    area_of_a = ServiceArea.objects.get(organisation=org_a, name="Repairs")
    client.force_login(user_of(org_b, Role.MANAGER))
    response = client.get(URL + PERIOD)
    assert response.context["figures"].complaints_received == 0
    assert all(m.stage1_received == 0 for m in response.context["months"])
    assert response.context["counts"]["total"] == 0
    assert "Repairs" not in response.content.decode()
    svg = client.get(chart_url("received")).content.decode()
    assert "0 at stage 1 and 0 at stage 2" in svg
    # Organisation A's service area in the URL is not found, on the page or a chart.
    assert client.get(URL + PERIOD + f"&service_area={area_of_a.pk}").status_code == 404
    for chart in CHARTS:
        assert (
            client.get(chart_url(chart, PERIOD + f"&service_area={area_of_a.pk}")).status_code
            == 404
        )
        assert client.post(
            chart_url(chart, PERIOD + f"&service_area={area_of_a.pk}")
        ).status_code in {404, 405}
    # A handler of organisation B is refused outright.
    client.force_login(user_of(org_b, Role.HANDLER))
    assert client.get(URL + f"?service_area={area_of_a.pk}").status_code == 403
