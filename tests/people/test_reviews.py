"""Reasonable adjustments and restrictions on contact: putright.people.services.reviews."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from putright.audit.models import AuditEvent
from putright.organisations.models import Organisation, Role, User
from putright.people.models import (
    Individual,
    ReasonableAdjustment,
    Restriction,
    RestrictionReview,
)
from putright.people.services import (
    WITHHELD,
    PeopleInputError,
    adjustment_agree,
    adjustment_review,
    restriction_impose,
    restriction_review,
)
from tests.factories import UserFactory
from tests.people_factories import AdjustmentFactory, IndividualFactory, RestrictionFactory

pytestmark = pytest.mark.django_db

TODAY = date(2025, 6, 2)
IMPOSED = {
    "restriction": "Contact through one named officer only",
    "reason": "Repeated abusive calls",
    "evidence": "Call logs of 3, 4 and 5 March",
    "proportionality": "Keeps a route open for the complaint",
    "starts": date(2025, 6, 2),
    "review_by": date(2025, 9, 2),
}


@pytest.fixture
def person(org_a: Organisation) -> Individual:
    return IndividualFactory(organisation=org_a, name="Pat Example")


@pytest.fixture
def org_a_member(org_a: Organisation) -> User:
    return UserFactory(username="mo@org-a.example", organisation=org_a, role=Role.MEMBER)


def test_agreeing_an_adjustment_records_who_and_when(
    org_a_handler: User, person: Individual
) -> None:
    adjustment = adjustment_agree(
        actor=org_a_handler,
        individual=person,
        description="  Letters in large print ",
        agreed_on=date(2025, 6, 1),
        review_by=date(2025, 12, 1),
        today=TODAY,
    )

    assert adjustment.description == "Letters in large print"
    assert adjustment.agreed_by == org_a_handler
    event = AuditEvent.objects.get(action="people.adjustment_agree")
    assert event.after == {
        "agreed_on": "2025-06-01",
        "description": WITHHELD,
        "review_by": "2025-12-01",
    }


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"description": " "}, "description", "Say what was agreed"),
        ({"review_by": date(2025, 6, 1)}, "review_by", "must be after the date agreed"),
        ({"review_by": date(2025, 5, 1)}, "review_by", "must be after the date agreed"),
        ({"agreed_on": date(2025, 6, 3)}, "agreed_on", "is in the future"),
    ],
)
def test_an_adjustment_needs_a_review_date_after_it_was_agreed(
    org_a_handler: User, person: Individual, fields: dict, field: str, message: str
) -> None:
    values = {
        "description": "Large print",
        "agreed_on": date(2025, 6, 1),
        "review_by": date(2025, 12, 1),
    }
    with pytest.raises(PeopleInputError, match=message) as refused:
        adjustment_agree(actor=org_a_handler, individual=person, today=TODAY, **(values | fields))

    assert refused.value.field == field
    assert not ReasonableAdjustment.objects.exists()


def test_reviewing_an_adjustment_sets_the_next_review(
    org_a_handler: User, person: Individual
) -> None:
    adjustment = AdjustmentFactory(individual=person)

    adjustment_review(
        actor=org_a_handler,
        adjustment=adjustment,
        reviewed_on=date(2025, 6, 1),
        review_by=date(2025, 12, 1),
        today=TODAY,
    )

    adjustment.refresh_from_db()
    assert (adjustment.reviewed_on, adjustment.review_by) == (date(2025, 6, 1), date(2025, 12, 1))
    assert adjustment.ended_on is None
    event = AuditEvent.objects.get(action="people.adjustment_review")
    assert event.before == {"review_by": "2025-09-01", "reviewed_on": None}


def test_reviewing_an_adjustment_can_end_it(org_a_handler: User, person: Individual) -> None:
    adjustment = AdjustmentFactory(individual=person)

    adjustment_review(
        actor=org_a_handler,
        adjustment=adjustment,
        reviewed_on=date(2025, 6, 1),
        end=True,
        today=TODAY,
    )

    adjustment.refresh_from_db()
    assert adjustment.ended_on == date(2025, 6, 1)
    with pytest.raises(PeopleInputError, match="ended on 1 June 2025"):
        adjustment_review(
            actor=org_a_handler,
            adjustment=adjustment,
            reviewed_on=date(2025, 6, 2),
            review_by=date(2025, 12, 1),
            today=TODAY,
        )


@pytest.mark.parametrize(
    ("reviewed_on", "review_by", "field"),
    [
        (date(2025, 6, 1), None, "review_by"),
        (date(2025, 6, 1), date(2025, 6, 1), "review_by"),
        (date(2025, 2, 1), date(2025, 12, 1), "reviewed_on"),
        (date(2025, 6, 3), date(2025, 12, 1), "reviewed_on"),
    ],
)
def test_an_adjustment_review_needs_a_later_next_review_or_an_end(
    org_a_handler: User,
    person: Individual,
    reviewed_on: date,
    review_by: date | None,
    field: str,
) -> None:
    adjustment = AdjustmentFactory(individual=person)

    with pytest.raises(PeopleInputError) as refused:
        adjustment_review(
            actor=org_a_handler,
            adjustment=adjustment,
            reviewed_on=reviewed_on,
            review_by=review_by,
            today=TODAY,
        )

    assert refused.value.field == field
    adjustment.refresh_from_db()
    assert adjustment.reviewed_on is None


def test_adjustments_are_changed_only_by_their_organisations_writers(
    org_a_member: User, org_b_handler: User, person: Individual
) -> None:
    adjustment = AdjustmentFactory(individual=person)

    for actor in (org_a_member, org_b_handler):
        with pytest.raises(PermissionDenied):
            adjustment_agree(
                actor=actor,
                individual=person,
                description="Large print",
                agreed_on=date(2025, 6, 1),
                review_by=date(2025, 12, 1),
                today=TODAY,
            )
        with pytest.raises(PermissionDenied):
            adjustment_review(
                actor=actor, adjustment=adjustment, reviewed_on=TODAY, end=True, today=TODAY
            )

    assert ReasonableAdjustment.objects.count() == 1


def test_imposing_a_restriction_records_the_decision(
    org_a_manager: User, person: Individual
) -> None:
    restriction = restriction_impose(actor=org_a_manager, individual=person, today=TODAY, **IMPOSED)

    assert restriction.decided_by == org_a_manager
    assert restriction.ended_on is None
    event = AuditEvent.objects.get(action="people.restriction_impose")
    assert event.after["review_by"] == "2025-09-02"
    assert event.after["evidence"] == WITHHELD


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("restriction", "Say what is restricted"),
        ("reason", "Give the behaviour"),
        ("evidence", "Give the evidence"),
        ("proportionality", "Equality Act 2010"),
    ],
)
def test_a_restriction_needs_every_part_of_the_decision(
    org_a_manager: User, person: Individual, field: str, message: str
) -> None:
    with pytest.raises(PeopleInputError, match=message) as refused:
        restriction_impose(
            actor=org_a_manager, individual=person, today=TODAY, **(IMPOSED | {field: "  "})
        )

    assert refused.value.field == field
    assert not Restriction.objects.exists()


def test_a_restriction_is_reviewed_after_it_starts(org_a_manager: User, person: Individual) -> None:
    with pytest.raises(PeopleInputError, match="must be after the start date") as refused:
        restriction_impose(
            actor=org_a_manager,
            individual=person,
            today=TODAY,
            **(IMPOSED | {"review_by": IMPOSED["starts"]}),
        )

    assert refused.value.field == "review_by"


def test_restrictions_are_imposed_only_by_their_organisations_writers(
    org_a_member: User, org_b_handler: User, person: Individual
) -> None:
    for actor in (org_a_member, org_b_handler):
        with pytest.raises(PermissionDenied):
            restriction_impose(actor=actor, individual=person, today=TODAY, **IMPOSED)

    assert not Restriction.objects.exists()


def test_keeping_a_restriction_sets_its_next_review(
    org_a_manager: User, person: Individual
) -> None:
    restriction = RestrictionFactory(individual=person)

    review = restriction_review(
        actor=org_a_manager,
        restriction=restriction,
        reviewed_on=date(2025, 6, 1),
        decision="keep",
        notes="Calls continue",
        next_review_by=date(2025, 9, 1),
        today=TODAY,
    )

    restriction.refresh_from_db()
    assert review.decision == "keep"
    assert review.reviewed_by == org_a_manager
    assert restriction.review_by == date(2025, 9, 1)
    assert restriction.ended_on is None
    event = AuditEvent.objects.get(action="people.restriction_review")
    assert event.before == {"review_by": "2025-06-10"}
    assert event.after["decision"] == "keep"


def test_changing_a_restriction_needs_what_it_changes_to(
    org_a_manager: User, person: Individual
) -> None:
    restriction = RestrictionFactory(individual=person)
    values = {
        "actor": org_a_manager,
        "restriction": restriction,
        "reviewed_on": date(2025, 6, 1),
        "decision": "change",
        "notes": "Behaviour improved",
        "next_review_by": date(2025, 9, 1),
        "today": TODAY,
    }

    with pytest.raises(PeopleInputError) as refused:
        restriction_review(**values)
    restriction_review(**values, changed_to="Email only, answered weekly")

    assert refused.value.field == "changed_to"
    restriction.refresh_from_db()
    assert restriction.restriction == "Email only, answered weekly"


def test_ending_a_restriction_sets_its_end_and_needs_no_next_review(
    org_a_manager: User, person: Individual
) -> None:
    restriction = RestrictionFactory(individual=person)

    review = restriction_review(
        actor=org_a_manager,
        restriction=restriction,
        reviewed_on=date(2025, 6, 1),
        decision="end",
        notes="No incidents since March",
        next_review_by=date(2025, 9, 1),
        today=TODAY,
    )

    restriction.refresh_from_db()
    assert restriction.ended_on == date(2025, 6, 1)
    assert restriction.review_by == date(2025, 6, 10)
    assert review.next_review_by is None
    with pytest.raises(PeopleInputError, match="ended on"):
        restriction_review(
            actor=org_a_manager,
            restriction=restriction,
            reviewed_on=date(2025, 6, 2),
            decision="end",
            notes="Again",
            today=TODAY,
        )


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"decision": "suspend"}, "decision"),
        ({"notes": " "}, "notes"),
        ({"next_review_by": None}, "next_review_by"),
        ({"next_review_by": date(2025, 6, 1)}, "next_review_by"),
        ({"reviewed_on": date(2025, 3, 1)}, "reviewed_on"),
        ({"reviewed_on": date(2025, 6, 3)}, "reviewed_on"),
    ],
)
def test_a_restriction_review_refuses_bad_input_and_writes_nothing(
    org_a_manager: User, person: Individual, fields: dict, field: str
) -> None:
    restriction = RestrictionFactory(individual=person)
    values = {
        "reviewed_on": date(2025, 6, 1),
        "decision": "keep",
        "notes": "Calls continue",
        "next_review_by": date(2025, 9, 1),
    }

    with pytest.raises(PeopleInputError) as refused:
        restriction_review(
            actor=org_a_manager, restriction=restriction, today=TODAY, **(values | fields)
        )

    assert refused.value.field == field
    assert not RestrictionReview.objects.exists()
    assert not AuditEvent.objects.filter(action="people.restriction_review").exists()


def test_restrictions_are_reviewed_only_by_their_organisations_writers(
    org_a_member: User, org_b_handler: User, person: Individual
) -> None:
    restriction = RestrictionFactory(individual=person)

    for actor in (org_a_member, org_b_handler):
        with pytest.raises(PermissionDenied):
            restriction_review(
                actor=actor,
                restriction=restriction,
                reviewed_on=TODAY,
                decision="end",
                notes="End it",
                today=TODAY,
            )

    restriction.refresh_from_db()
    assert restriction.ended_on is None
