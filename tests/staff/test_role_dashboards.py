"""Each oversight role's dashboard: the complaints manager's workload and queue, the senior
lead's compliance with the Code, the Member's summary for governance with no personal data; who
lands on which, the filters, and 404 for another organisation's service area."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.test import Client

from putright.cases.models import Learning
from putright.cases.services.remedies import learning_implemented, learning_record
from putright.organisations.models import Organisation, Role, User
from putright.staff import views
from tests.factories import ServiceAreaFactory, UserFactory, received_complaint
from tests.reporting.cases import small_organisation

pytestmark = pytest.mark.django_db

URL = "/staff/dashboard/"
PERIOD = "?start_day=1&start_month=4&start_year=2025&end_day=30&end_month=6&end_year=2025"


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> date:
    day = date(2025, 6, 10)
    monkeypatch.setattr(views, "today", lambda: day)
    return day


@pytest.fixture
def cases(org_a_handler: User, org_a_manager: User) -> dict[str, object]:
    found = small_organisation(org_a_handler, org_a_manager)
    learning = learning_record(
        actor=org_a_manager,
        title="Repairs booked with Mrs Example's landlord checked",
        description="Every repair booking is now checked the day after by the repairs team.",
        complaints=[found["C2"]],
    )
    learning_implemented(actor=org_a_manager, learning=learning, implemented_on=date(2025, 6, 1))
    # Recorded on 1 May 2025, in the period (the service stamps the time it runs).
    Learning.objects.filter(pk=learning.pk).update(created=datetime(2025, 5, 1, 9, tzinfo=UTC))
    return found


def user_of(organisation: Organisation, role: Role) -> User:
    return UserFactory(
        username=f"{role}@{organisation.slug}.example",
        first_name="Robin",
        last_name="Oversight",
        organisation=organisation,
        role=role,
    )


@pytest.mark.parametrize(
    ("role", "landing"),
    [
        (Role.MANAGER, "/staff/dashboard/"),
        (Role.SENIOR_LEAD, "/staff/dashboard/"),
        (Role.MEMBER, "/staff/dashboard/"),
        (Role.AUDITOR, "/staff/codes/"),
        (Role.HANDLER, "/staff/codes/"),
    ],
)
def test_each_role_lands_on_its_page(
    client: Client, org_a: Organisation, role: Role, landing: str
) -> None:
    client.force_login(user_of(org_a, role))
    assert client.get("/staff/")["Location"] == landing


@pytest.mark.parametrize("role", [Role.HANDLER, Role.AUDITOR])
def test_those_without_a_dashboard_are_refused(
    client: Client, org_a: Organisation, role: Role
) -> None:
    client.force_login(user_of(org_a, role))
    assert client.get(URL).status_code == 403


def test_the_manager_sees_the_workload_what_falls_due_and_the_queue(
    client: Client, org_a_manager: User, cases: dict[str, object], today: date
) -> None:
    client.force_login(org_a_manager)
    response = client.get(URL + PERIOD)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<h1 class="govuk-heading-l">Your team\'s complaints</h1>' in page
    assert ">Dashboard<" in page
    # Open today: C9 not assigned (acknowledge by Mon 9 Jun: overdue); Alice's C8 (respond by
    # 16 Jul) and the five answered at stage 1 that may yet escalate; Bob's C1 and C6.
    workload = response.context["workload"]
    assert [(w.name, w.open, w.overdue, w.due_soon) for w in workload] == [
        ("Not assigned", 1, 1, 0),
        ("alice@org-a.example", 6, 0, 0),
        ("bob@org-a.example", 2, 0, 0),
    ]
    assert 'href="/staff/cases/?handler=0&amp;status=overdue"' in page
    assert response.context["window"] == 2
    assert response.context["counts"]["overdue"] == 1
    assert [row.complaint.reference for row in response.context["queue"]][:2] == ["C9", "C8"]
    assert 'href="/staff/cases/C9/"' in page
    # Timeliness trends: the charts with their tables.
    for chart in ("on-time", "received"):
        assert f'src="/staff/figures/charts/{chart}.svg?' in page
    assert 'id="on-time-table"' in page
    assert 'id="received-table"' in page
    assert "66.7% (4 of 6)" in page


def test_the_senior_lead_sees_compliance_with_the_code(
    client: Client, org_a: Organisation, cases: dict[str, object], today: date
) -> None:
    client.force_login(user_of(org_a, Role.SENIOR_LEAD))
    response = client.get(URL + PERIOD)
    page = response.content.decode()
    assert "Compliance with the Code</h1>" in page
    compliance = response.context["compliance"]
    # C3, C4, C5 extended at stage 1 in April; C1's apology and the three sums of money still
    # offered, none with a date; one learning recorded and implemented.
    assert (compliance.extensions_stage1, compliance.extensions_stage2) == (3, 0)
    assert (compliance.remedies_outstanding, compliance.remedies_overdue) == (4, 0)
    assert (compliance.learning_recorded, compliance.learning_implemented) == (1, 1)
    assert 'id="timeliness-table"' in page
    assert 'id="refused-by-reason"' in page
    assert "Made more than 12 months after the issue" in page
    # The Code's limits to read the timeliness against, each with its clause (hos-2024).
    (stage1, stage2) = response.context["limits"]
    assert (stage1.service_areas, stage1.stage, stage2.stage) == ("Repairs", 1, 2)
    assert "5 working days" in stage1.acknowledge
    assert "(6.2)" in stage1.acknowledge
    assert stage1.extension.startswith("Up to 10 working days")
    assert "(6.4)" in stage1.extension
    assert 'id="limits-table"' in page
    assert 'src="/staff/figures/charts/on-time.svg?' in page
    assert 'id="on-time-table"' in page
    assert "workload" not in response.context


def test_the_member_sees_a_summary_with_no_personal_data(
    client: Client, org_a: Organisation, cases: dict[str, object], today: date
) -> None:
    client.force_login(user_of(org_a, Role.MEMBER))
    response = client.get(URL + PERIOD)
    page = response.content.decode()
    assert "summary for governance</h1>" in page
    assert "7 complaints were made, and 1 of them was not accepted" in page
    assert "66.7% of first answers (stage 1) were sent on time: 4 of 6." in page
    for chart in ("received", "on-time", "outcomes"):
        assert f'src="/staff/figures/charts/{chart}.svg?' in page
    assert 'id="outcomes-table"' in page
    assert 'id="ombudsman-table"' in page
    assert "Investigated: fault found" in page
    # The improvement made, with the name in its title taken out.
    assert "Every repair booking is now checked the day after" in page
    assert "[removed]" in page
    assert "1 overdue" not in page
    assert "1 is overdue" in page
    # No names, references or contact details of anyone: complainants, handlers, the manager.
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    for personal in ("Pat Example", "Sam Example", "alice", "bob", "Example's", "C9", "/cases/"):
        assert personal not in main, personal
    for key in ("queue", "workload"):
        assert key not in response.context


@pytest.mark.parametrize("role", [Role.MANAGER, Role.SENIOR_LEAD, Role.MEMBER])
def test_the_filters_narrow_every_dashboard(
    client: Client, org_a: Organisation, org_a_handler: User, today: date, role: Role
) -> None:
    repairs = ServiceAreaFactory(organisation=org_a, name="Repairs")
    rents = ServiceAreaFactory(organisation=org_a, name="Rents")
    received_complaint(org_a_handler, service_area=repairs, received=date(2025, 5, 1))
    received_complaint(org_a_handler, service_area=rents, received=date(2025, 5, 2))
    client.force_login(user_of(org_a, role))
    everything = client.get(URL + PERIOD).context
    rents_only = client.get(f"{URL}{PERIOD}&service_area={rents.pk}").context
    assert everything["figures"].complaints_received == 2
    assert rents_only["figures"].complaints_received == 1
    assert rents_only["counts"]["total"] == 1
    assert [m.stage1_received for m in rents_only["months"]] == [0, 1, 0]


@pytest.mark.parametrize("role", [Role.MANAGER, Role.SENIOR_LEAD, Role.MEMBER])
def test_another_organisations_service_area_is_not_found(
    client: Client, org_a: Organisation, org_b_handler: User, role: Role
) -> None:
    theirs = ServiceAreaFactory(organisation=org_b_handler.organisation, name="Theirs")
    client.force_login(user_of(org_a, role))
    assert client.get(f"{URL}?service_area={theirs.pk}").status_code == 404


def test_a_period_that_is_not_real_is_an_error_on_the_form(
    client: Client, org_a: Organisation
) -> None:
    client.force_login(user_of(org_a, Role.MEMBER))
    response = client.get(
        URL + "?start_day=1&start_month=4&start_year=2025&end_day=1&end_month=3&end_year=2025"
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Error: " in page
    assert "End date must be the same as or after the start date" in page
