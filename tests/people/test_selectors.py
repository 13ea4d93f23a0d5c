"""Reads for people: putright.people.selectors."""

from datetime import date

import pytest
from django.http import Http404

from putright.audit.models import AuditEvent
from putright.organisations.models import Organisation, Role, User
from putright.people import selectors
from putright.people.models import Individual
from tests.factories import UserFactory
from tests.people_factories import AdjustmentFactory, IndividualFactory, RestrictionFactory

pytestmark = pytest.mark.django_db

TODAY = date(2025, 6, 2)


@pytest.fixture
def person(org_a: Organisation) -> Individual:
    return IndividualFactory(
        organisation=org_a,
        name="Pat Example",
        email="pat@example.net",
        postcode="RV1 1AA",
        disabilities="Partially sighted",
    )


@pytest.fixture(params=[Role.MEMBER, Role.AUDITOR])
def read_only(request: pytest.FixtureRequest, org_a: Organisation) -> User:
    return UserFactory(
        username=f"{request.param}@org-a.example", organisation=org_a, role=request.param
    )


def test_individual_get_is_404_across_organisations(
    person: Individual, org_a_handler: User, org_b_handler: User
) -> None:
    assert selectors.individual_get(org_a_handler, person.pk) == person
    with pytest.raises(Http404):
        selectors.individual_get(org_b_handler, person.pk)


@pytest.mark.parametrize("query", ["pat", "EXAMPLE.NET", "rv1", "Pat Example"])
def test_search_finds_by_name_email_and_postcode(
    person: Individual, org_a_handler: User, query: str
) -> None:
    assert selectors.individuals_search(org_a_handler, query) == [person]


def test_search_sees_nothing_of_another_organisation(
    person: Individual, org_b_handler: User
) -> None:
    assert selectors.individuals_search(org_b_handler, "pat") == []
    assert selectors.individuals_search(org_b_handler, "  ") == []


def test_viewing_disabilities_is_audited(person: Individual, org_a_handler: User) -> None:
    assert selectors.individual_disabilities(org_a_handler, person) == "Partially sighted"

    event = AuditEvent.objects.get(action="people.view_disabilities")
    assert event.actor == org_a_handler
    assert event.object_id == str(person.pk)


def test_read_only_roles_never_see_disabilities_or_adjustments(
    person: Individual, read_only: User
) -> None:
    AdjustmentFactory(individual=person)

    assert selectors.individual_disabilities(read_only, person) is None
    assert selectors.adjustments_of(read_only, person) == []
    assert not AuditEvent.objects.filter(action="people.view_disabilities").exists()


def test_reviews_due_lists_adjustments_and_restrictions_due_soon_or_overdue(
    person: Individual, org_a_handler: User, org_b_handler: User
) -> None:
    overdue = RestrictionFactory(individual=person, review_by=date(2025, 6, 1))
    soon = AdjustmentFactory(individual=person, review_by=date(2025, 6, 12))
    AdjustmentFactory(individual=person, review_by=date(2025, 6, 13))
    RestrictionFactory(individual=person, review_by=date(2025, 5, 1), ended_on=date(2025, 5, 1))

    rows = selectors.reviews_due(org_a_handler, today=TODAY)

    assert [(r.kind, r.pk, r.overdue) for r in rows] == [
        ("restriction", overdue.pk, True),
        ("adjustment", soon.pk, False),
    ]
    assert selectors.reviews_due(org_b_handler, today=TODAY) == []


def test_reviews_due_leaves_adjustments_out_for_read_only_roles(
    person: Individual, read_only: User
) -> None:
    RestrictionFactory(individual=person, review_by=date(2025, 6, 1))
    AdjustmentFactory(individual=person, review_by=date(2025, 6, 1))

    assert [r.kind for r in selectors.reviews_due(read_only, today=TODAY)] == ["restriction"]


def test_the_disabilities_rule_follows_the_organisations_codes(
    org_a_handler: User, org_b_handler: User
) -> None:
    assert selectors.disabilities_rule(org_a_handler) == (True, "HOS Code 5.11")
    assert selectors.disabilities_rule(org_b_handler) == (False, "LGSCO Code 5.8")
