"""Themes: the words and categories of complaints, counted once per complaint, beside the
period before; rising themes; each theme's complaints and learning; the themes pages."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from putright.cases.services.remedies import learning_record
from putright.organisations.models import Organisation, Role, User
from putright.reporting.themes import (
    complaint_themes,
    previous_period,
    terms_of,
    theme_complaints,
    words,
)
from putright.staff import views
from tests.factories import ServiceAreaFactory, UserFactory, received_complaint

START, END = date(2025, 4, 1), date(2025, 6, 30)
PERIOD = "start_day=1&start_month=4&start_year=2025&end_day=30&end_month=6&end_year=2025"


def test_words_leave_out_common_words_numbers_and_names() -> None:
    text = "I complained 3 times: the damp and mould in my bedroom is back, said Jo Bloggs."
    assert words(text, frozenset({"jo", "bloggs"})) == ["damp", "mould", "bedroom"]
    assert terms_of("Damp and mould, damp MOULD") == {"damp", "mould", "damp mould", "mould damp"}


def test_the_previous_period_has_the_same_length() -> None:
    assert previous_period(START, END) == (date(2024, 12, 31), date(2025, 3, 31))


@pytest.fixture
def complaints(org_a: Organisation, org_a_handler: User) -> dict[str, list]:
    area = ServiceAreaFactory(organisation=org_a, name="Repairs", profile="hos-2024")
    made: dict[str, list] = {"damp": [], "bins": [], "before": []}
    # Before: one complaint of damp in six; in the period: four of six.
    for i in range(6):
        made["before"].append(
            received_complaint(
                org_a_handler,
                service_area=area,
                received=date(2025, 2, 3 + i),
                name="Alex Morgan",
                category="Repairs" if i else "Damp",
                description=(
                    "Black mould in the bathroom again." if i == 0 else "My bins were missed."
                ),
                today=date(2025, 2, 10),
            )
        )
    for i in range(6):
        damp = i < 4
        made["damp" if damp else "bins"].append(
            received_complaint(
                org_a_handler,
                service_area=area,
                received=date(2025, 4, 7 + i),
                name="Priya Shah",
                category="Damp" if damp else "Waste",
                description=(
                    "Priya Shah here: black mould is growing in the bedroom."
                    if damp
                    else "The bins were missed twice."
                ),
                today=date(2025, 4, 20),
            )
        )
    return made


@pytest.mark.django_db
def test_rising_themes_stand_out(org_a: Organisation, complaints: dict[str, list]) -> None:
    found = complaint_themes(organisation=org_a, start=START, end=END)
    assert (found.complaints, found.previous_complaints) == (6, 6)
    damp = next(t for t in found.categories if t.value == "Damp")
    assert (damp.count, damp.previous, damp.rising) == (4, 1, True)
    assert found.categories[0] == damp  # rising first
    terms = {t.value: t for t in found.terms}
    # 'black mould' in 4 complaints of 6, beside 1 of 6 before: rising.
    assert terms["black mould"].rising
    assert terms["black mould"].count == 4
    # 'mould' always goes with 'black mould' here, so the pair alone stands for it.
    assert "mould" not in terms
    # The bins were missed in 2 complaints now (fewer than three): not a theme.
    assert "bins" not in terms
    # Nobody's name is a theme.
    assert not {"priya", "shah", "alex", "morgan"} & set(terms)


@pytest.mark.django_db
def test_a_theme_opens_its_complaints_and_learning(
    org_a: Organisation, org_a_handler: User, complaints: dict[str, list]
) -> None:
    damp = complaints["damp"]
    learning = learning_record(
        actor=org_a_handler,
        title="Check for mould at every repair visit",
        description="Surveyors look for mould at every visit.",
        complaints=damp[:2],
    )
    by_term = theme_complaints(
        organisation=org_a, start=START, end=END, kind="term", value="black mould"
    )
    assert set(by_term) == set(damp)
    by_category = theme_complaints(
        organisation=org_a, start=START, end=END, kind="category", value="Waste"
    )
    assert set(by_category) == set(complaints["bins"])

    client = Client()
    client.force_login(UserFactory(username="m@a", organisation=org_a, role=Role.MEMBER))
    page = client.get(f"/staff/figures/themes/?{PERIOD}")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Rising" in html
    assert "black mould" in html
    assert "/staff/figures/themes/cases/?kind=term&amp;value=black%20mould" in html
    detail = client.get(f"/staff/figures/themes/cases/?kind=term&value=black+mould&{PERIOD}")
    assert detail.status_code == 200
    assert {c.pk for c in detail.context["complaints"]} == {c.pk for c in damp}
    assert learning.title in detail.content.decode()


@pytest.mark.django_db
def test_themes_pages_are_for_figure_readers_of_their_own_organisation(
    org_a: Organisation,
    org_b: Organisation,
    org_a_handler: User,
    complaints: dict[str, list],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(views, "today", lambda: date(2025, 9, 1))
    client = Client()
    assert client.get("/staff/figures/themes/").status_code == 302
    client.force_login(org_a_handler)
    assert client.get("/staff/figures/themes/").status_code == 403
    client.force_login(UserFactory(username="m@b", organisation=org_b, role=Role.MANAGER))
    page = client.get(f"/staff/figures/themes/?{PERIOD}")
    assert page.status_code == 200
    assert page.context["themes"].complaints == 0
    detail = client.get(f"/staff/figures/themes/cases/?kind=category&value=Damp&{PERIOD}")
    assert list(detail.context["complaints"]) == []
    assert (
        client.get(f"/staff/figures/themes/cases/?kind=other&value=x&{PERIOD}").status_code == 404
    )
    assert client.get(f"/staff/figures/themes/cases/?{PERIOD}").status_code == 404
    assert client.post(f"/staff/figures/themes/?{PERIOD}").status_code == 405


@pytest.mark.django_db
def test_the_figures_page_shows_the_rising_categories(
    org_a: Organisation, complaints: dict[str, list], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "today", lambda: date(2025, 9, 1))
    client = Client()
    client.force_login(UserFactory(username="m@a", organisation=org_a, role=Role.MANAGER))
    page = client.get(f"/staff/figures/?{PERIOD}").content.decode()
    assert 'id="rising-categories"' in page
    assert "/staff/figures/themes/cases/?kind=category&amp;value=Damp" in page
    # The categories only: no words are read for the figures page.
    assert client.get(f"/staff/figures/?{PERIOD}").context["categories"].terms == []
