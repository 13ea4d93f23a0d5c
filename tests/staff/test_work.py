"""My work: the signed-in handler's open complaints, the nearest deadline first."""

from datetime import date

import pytest
from django.test import Client

from putright.organisations.models import Organisation, ServiceArea, User
from putright.staff import views
from tests.factories import ServiceAreaFactory, received_complaint

pytestmark = pytest.mark.django_db

# Stage 1 acknowledgements under the HOS Code are due 5 working days after receipt (HOS 6.2).
# On Tuesday 11 March 2025 one is overdue, one due today, one within two working days, one later.
TODAY = date(2025, 3, 11)
RECEIVED = {
    "CMP-ON-TRACK": date(2025, 3, 10),  # due 17 March
    "CMP-OVERDUE": date(2025, 3, 3),  # due 10 March
    "CMP-AT-RISK": date(2025, 3, 5),  # due 12 March
    "CMP-DUE-TODAY": date(2025, 3, 4),  # due 11 March
}


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> date:
    monkeypatch.setattr(views, "today", lambda: TODAY)
    return TODAY


@pytest.fixture
def housing(org_a: Organisation) -> ServiceArea:
    return ServiceAreaFactory(organisation=org_a, name="Housing repairs", profile="hos-2024")


@pytest.fixture
def my_cases(org_a_handler: User, housing: ServiceArea) -> None:
    for reference, received in RECEIVED.items():
        received_complaint(
            org_a_handler,
            service_area=housing,
            received=received,
            reference=reference,
            name=f"Person {reference}",
            handler=org_a_handler,
        )


def test_my_work_needs_sign_in(client: Client) -> None:
    response = client.get("/staff/work/")

    assert response.status_code == 302
    assert response["Location"] == "/staff/sign-in/?next=/staff/work/"


def test_my_work_lists_my_open_cases_nearest_deadline_first(
    client: Client, org_a_handler: User, my_cases: None, today: date
) -> None:
    client.force_login(org_a_handler)

    html = client.get("/staff/work/").content.decode()

    order = ["CMP-OVERDUE", "CMP-DUE-TODAY", "CMP-AT-RISK", "CMP-ON-TRACK"]
    positions = [html.index(f'href="/staff/cases/{reference}/"') for reference in order]
    assert positions == sorted(positions)
    assert "Person CMP-OVERDUE" in html
    assert "Housing repairs" in html
    assert "Acknowledge</td>" in html
    assert '<time datetime="2025-03-10">10 Mar 2025</time>' in html


def test_my_work_counts_and_tags_overdue_due_today_and_at_risk(
    client: Client, org_a_handler: User, my_cases: None, today: date
) -> None:
    client.force_login(org_a_handler)

    html = client.get("/staff/work/").content.decode()

    assert '<span class="putright-count__number">1</span> overdue' in html
    assert '<span class="putright-count__number">1</span> due today' in html
    assert '<span class="putright-count__number">1</span> at risk' in html
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in html
    assert '<strong class="govuk-tag govuk-tag--orange">Due today</strong>' in html
    assert '<strong class="govuk-tag govuk-tag--yellow">At risk</strong>' in html
    assert '<strong class="govuk-tag govuk-tag--green">On track</strong>' in html


def test_the_counts_follow_the_day(
    client: Client, org_a_handler: User, my_cases: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "today", lambda: date(2025, 3, 18))
    client.force_login(org_a_handler)

    html = client.get("/staff/work/").content.decode()

    assert '<span class="putright-count__number">4</span> overdue' in html
    assert '<span class="putright-count__number">0</span> due today' in html


def test_my_work_leaves_out_other_handlers_cases(
    client: Client,
    org_a_handler: User,
    org_a_manager: User,
    housing: ServiceArea,
    today: date,
) -> None:
    received_complaint(
        org_a_manager, service_area=housing, reference="CMP-NOT-MINE", handler=org_a_manager
    )
    received_complaint(org_a_handler, service_area=housing, reference="CMP-UNASSIGNED")
    client.force_login(org_a_handler)

    html = client.get("/staff/work/").content.decode()

    assert "You have no open complaints." in html
    assert "CMP-NOT-MINE" not in html
    assert "CMP-UNASSIGNED" not in html


def test_my_work_shows_nothing_of_another_organisation(
    client: Client, org_b_handler: User, my_cases: None, today: date
) -> None:
    client.force_login(org_b_handler)

    html = client.get("/staff/work/").content.decode()

    assert "CMP-OVERDUE" not in html
    assert '<span class="putright-count__number">0</span> overdue' in html


def test_the_navigation_marks_my_work(client: Client, org_a_handler: User) -> None:
    client.force_login(org_a_handler)

    html = client.get("/staff/work/").content.decode()

    assert '<strong class="govuk-service-navigation__active-fallback">My work</strong>' in html
    for href, text in [
        ("/staff/cases/", "Team cases"),
        ("/staff/cases/new/", "Log a complaint"),
        ("/staff/codes/", "Code profiles"),
    ]:
        assert f'href="{href}"' in html
        assert text in html
