"""Individuals and representatives: putright.people.services.individuals."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from putright.audit.models import AuditEvent
from putright.organisations.models import Organisation, Role, User
from putright.people.models import Individual, Representative
from putright.people.services import (
    WITHHELD,
    PeopleInputError,
    individual_create,
    individual_update,
    representative_add,
    representative_end,
)
from tests.factories import ServiceAreaFactory, UserFactory
from tests.people_factories import IndividualFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db

TODAY = date(2025, 6, 2)


@pytest.fixture
def person(org_a: Organisation) -> Individual:
    return IndividualFactory(organisation=org_a, name="Pat Example", email="pat@example.net")


@pytest.fixture
def org_a_auditor(org_a: Organisation) -> User:
    return UserFactory(username="dana@org-a.example", organisation=org_a, role=Role.AUDITOR)


@pytest.fixture
def org_b_lgsco_handler(org_b: Organisation, org_b_handler: User) -> User:
    assert org_b.default_profile == "lgsco-2024"
    return org_b_handler


def test_create_records_the_person_and_audits_without_personal_details(
    org_a_handler: User,
) -> None:
    person = individual_create(
        actor=org_a_handler,
        name="  Pat   Example ",
        email="pat@example.net",
        postcode="rv1 1aa",
        contact_preference="letter",
        contact_notes="Large print",
    )

    assert person.organisation == org_a_handler.organisation
    assert person.name == "Pat Example"
    assert person.postcode == "RV1 1AA"
    event = AuditEvent.objects.get(action="people.individual_create")
    assert event.object_id == str(person.pk)
    assert event.after["contact_preference"] == "letter"
    assert event.after["email"] == WITHHELD
    assert "pat@example.net" not in str(event.after)


def test_create_refuses_disabilities_under_lgsco_citing_the_clause(
    org_b_lgsco_handler: User,
) -> None:
    with pytest.raises(PeopleInputError) as refused:
        individual_create(actor=org_b_lgsco_handler, name="Pat", disabilities="Partially sighted")

    assert "does not keep a record of disabilities (LGSCO Code 5.8)" in str(refused.value)
    assert refused.value.field == "disabilities"
    assert not Individual.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="people.").exists()


def test_create_keeps_disabilities_under_hos(org_a_handler: User) -> None:
    person = individual_create(actor=org_a_handler, name="Pat", disabilities="Partially sighted")

    assert person.disabilities == "Partially sighted"
    event = AuditEvent.objects.get(action="people.individual_create")
    assert event.after["disabilities"] == WITHHELD


def test_a_service_area_under_hos_keeps_disabilities_in_an_lgsco_organisation(
    org_b: Organisation, org_b_handler: User
) -> None:
    housing = ServiceAreaFactory(organisation=org_b, name="Housing", profile="hos-2024")

    person = individual_create(
        actor=org_b_handler, name="Pat", disabilities="Deaf", service_area=housing
    )

    assert person.disabilities == "Deaf"


def test_a_service_area_of_another_organisation_is_refused(
    org_a: Organisation, org_b_handler: User
) -> None:
    housing = ServiceAreaFactory(organisation=org_a, name="Housing", profile="hos-2024")

    with pytest.raises(PeopleInputError, match="not one of your organisation's"):
        individual_create(
            actor=org_b_handler, name="Pat", disabilities="Deaf", service_area=housing
        )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "   "}, "Give the individual's name"),
        ({"name": "Pat", "email": "not an email"}, "is not an email address"),
        ({"name": "Pat", "contact_preference": "pigeon"}, "Unknown contact preference"),
    ],
)
def test_create_refuses_bad_input(org_a_handler: User, fields: dict, message: str) -> None:
    with pytest.raises(PeopleInputError, match=message):
        individual_create(actor=org_a_handler, **fields)

    assert not Individual.objects.exists()


def test_read_only_roles_cannot_create(org_a_auditor: User) -> None:
    with pytest.raises(PermissionDenied):
        individual_create(actor=org_a_auditor, name="Pat")


def test_update_writes_and_audits_only_what_changed(
    org_a_handler: User, person: Individual
) -> None:
    updated = individual_update(
        actor=org_a_handler,
        individual=person,
        name=person.name,
        email=person.email,
        phone=person.phone,
        address=person.address,
        postcode=person.postcode,
        contact_preference="phone",
        contact_notes="After 4pm",
    )

    assert updated.contact_preference == "phone"
    event = AuditEvent.objects.get(action="people.individual_update")
    assert event.before == {"contact_notes": "", "contact_preference": "email"}
    assert event.after == {"contact_notes": WITHHELD, "contact_preference": "phone"}


def test_update_with_nothing_changed_records_nothing(
    org_a_handler: User, person: Individual
) -> None:
    individual_update(
        actor=org_a_handler,
        individual=person,
        name=person.name,
        email=person.email,
        phone=person.phone,
        address=person.address,
        postcode=person.postcode,
        contact_preference=person.contact_preference,
    )

    assert not AuditEvent.objects.filter(action="people.individual_update").exists()


def test_update_refuses_disabilities_under_lgsco_but_allows_removing_them(
    org_b: Organisation, org_b_handler: User
) -> None:
    person = IndividualFactory(organisation=org_b, name="Pat", disabilities="Recorded before")

    with pytest.raises(PeopleInputError, match=r"LGSCO Code 5\.8"):
        individual_update(actor=org_b_handler, individual=person, name="Pat", disabilities="New")
    individual_update(actor=org_b_handler, individual=person, name="Pat", disabilities="")

    person.refresh_from_db()
    assert person.disabilities == ""


def test_update_keeps_disabilities_when_not_given(org_a_handler: User, person: Individual) -> None:
    person.disabilities = "Deaf"
    person.save()

    individual_update(actor=org_a_handler, individual=person, name="Pat Changed")

    person.refresh_from_db()
    assert (person.name, person.disabilities) == ("Pat Changed", "Deaf")


def test_another_organisation_cannot_update(org_b_handler: User, person: Individual) -> None:
    with pytest.raises(PermissionDenied):
        individual_update(actor=org_b_handler, individual=person, name="Changed")

    person.refresh_from_db()
    assert person.name == "Pat Example"


def test_read_only_roles_cannot_update(org_a_auditor: User, person: Individual) -> None:
    with pytest.raises(PermissionDenied):
        individual_update(actor=org_a_auditor, individual=person, name="Changed")


def test_representative_with_consent_can_act(org_a_handler: User, person: Individual) -> None:
    rep = representative_add(
        actor=org_a_handler,
        individual=person,
        name="Sam Advocate",
        relationship="advocate",
        consent_given=True,
        consent_date=date(2025, 5, 1),
        consent_evidence="Signed form",
        today=TODAY,
    )

    assert rep.consent_given
    assert rep.active
    assert rep.organisation_id == person.organisation_id
    event = AuditEvent.objects.get(action="people.representative_add")
    assert event.after["consent_given"] is True
    assert event.after["consent_date"] == "2025-05-01"


def test_representative_without_consent_is_recorded_but_flagged(
    org_a_handler: User, person: Individual
) -> None:
    rep = representative_add(
        actor=org_a_handler,
        individual=person,
        name="Sam Advocate",
        consent_date=date(2025, 5, 1),
        consent_evidence="ignored without consent",
        today=TODAY,
    )

    assert rep.consent_given is False
    assert rep.consent_date is None
    assert rep.consent_evidence == ""


@pytest.mark.parametrize(
    ("consent", "field"),
    [
        ({"consent_evidence": "Signed form"}, "consent_date"),
        ({"consent_date": date(2025, 5, 1)}, "consent_evidence"),
        ({"consent_date": date(2025, 7, 1), "consent_evidence": "Signed"}, "consent_date"),
    ],
)
def test_consent_needs_a_past_date_and_evidence(
    org_a_handler: User, person: Individual, consent: dict, field: str
) -> None:
    with pytest.raises(PeopleInputError) as refused:
        representative_add(
            actor=org_a_handler,
            individual=person,
            name="Sam",
            consent_given=True,
            today=TODAY,
            **consent,
        )

    assert refused.value.field == field
    assert not Representative.objects.exists()


def test_another_organisation_cannot_add_a_representative(
    org_b_handler: User, person: Individual
) -> None:
    with pytest.raises(PermissionDenied):
        representative_add(actor=org_b_handler, individual=person, name="Sam")


def test_ending_a_representative_keeps_them_on_record(
    org_a_handler: User, person: Individual
) -> None:
    rep = RepresentativeFactory(individual=person)

    representative_end(actor=org_a_handler, representative=rep)

    rep.refresh_from_db()
    assert rep.active is False
    event = AuditEvent.objects.get(action="people.representative_end")
    assert (event.before, event.after) == ({"active": True}, {"active": False})
    with pytest.raises(PeopleInputError, match="no longer acts"):
        representative_end(actor=org_a_handler, representative=rep)


def test_read_only_and_other_organisations_cannot_end_a_representative(
    org_a_auditor: User, org_b_handler: User, person: Individual
) -> None:
    rep = RepresentativeFactory(individual=person)

    for actor in (org_a_auditor, org_b_handler):
        with pytest.raises(PermissionDenied):
            representative_end(actor=actor, representative=rep)

    rep.refresh_from_db()
    assert rep.active is True
