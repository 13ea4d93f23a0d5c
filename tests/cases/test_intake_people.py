"""complaint_receive links the complaint to the individual making it and their representative."""

from datetime import date

import pytest

from putright.audit.models import AuditEvent
from putright.cases.models import Complaint
from putright.cases.services import CaseInputError
from putright.organisations.models import Organisation, User
from putright.people.models import Individual
from tests.factories import received_complaint
from tests.people_factories import IndividualFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db


def test_a_new_individual_is_recorded_from_the_complaint(org_a_handler: User) -> None:
    complaint = received_complaint(
        org_a_handler,
        name="Pat Example",
        email="pat@example.net",
        phone="01632 960001",
        address="12 Mill Lane",
    )

    person = complaint.individual
    assert person is not None
    assert (person.organisation_id, person.name, person.email, person.phone, person.address) == (
        org_a_handler.organisation_id,
        "Pat Example",
        "pat@example.net",
        "01632 960001",
        "12 Mill Lane",
    )
    assert complaint.representative is None
    assert AuditEvent.objects.filter(action="people.individual_create").count() == 1
    receive = AuditEvent.objects.get(action="complaint.receive")
    assert receive.after["individual"] == person.pk


def test_an_individual_is_found_by_email_in_any_case(
    org_a: Organisation, org_a_handler: User
) -> None:
    pat = IndividualFactory(organisation=org_a, name="Pat Example", email="Pat@Example.net")

    complaint = received_complaint(org_a_handler, name="P Example", email="pat@EXAMPLE.NET")

    assert complaint.individual == pat
    assert Individual.objects.count() == 1


def test_another_organisations_individual_with_the_email_is_not_used(
    org_b: Organisation, org_a_handler: User
) -> None:
    IndividualFactory(organisation=org_b, email="pat@example.net")

    complaint = received_complaint(org_a_handler, email="pat@example.net")

    assert complaint.individual is not None
    assert complaint.individual.organisation_id == org_a_handler.organisation_id


def test_without_an_email_each_complaint_gets_a_new_individual(org_a_handler: User) -> None:
    first = received_complaint(org_a_handler, name="Pat Example")
    second = received_complaint(org_a_handler, name="Pat Example")

    assert first.individual != second.individual


def test_the_individual_and_representative_given_are_linked(
    org_a: Organisation, org_a_handler: User
) -> None:
    rep = RepresentativeFactory(individual__organisation=org_a)

    complaint = received_complaint(
        org_a_handler, individual=rep.individual, representative=rep, email="other@example.net"
    )

    assert (complaint.individual, complaint.representative) == (rep.individual, rep)
    assert not AuditEvent.objects.filter(action="people.individual_create").exists()


def test_a_representative_alone_brings_the_individual_they_act_for(
    org_a: Organisation, org_a_handler: User
) -> None:
    rep = RepresentativeFactory(
        individual__organisation=org_a, consent_given=False, consent_date=None
    )

    complaint = received_complaint(org_a_handler, representative=rep)

    assert (complaint.individual, complaint.representative) == (rep.individual, rep)


def test_another_organisations_individual_is_refused(
    org_b: Organisation, org_a_handler: User
) -> None:
    theirs = IndividualFactory(organisation=org_b)

    with pytest.raises(CaseInputError, match="individual is not one of your organisation's"):
        received_complaint(org_a_handler, individual=theirs)

    assert not Complaint.objects.exists()


def test_another_organisations_representative_is_refused(
    org_b: Organisation, org_a_handler: User
) -> None:
    theirs = RepresentativeFactory(individual__organisation=org_b)

    with pytest.raises(CaseInputError, match="representative is not one of your organisation's"):
        received_complaint(org_a_handler, representative=theirs)

    assert not Complaint.objects.exists()


def test_a_representative_of_someone_else_or_no_longer_acting_is_refused(
    org_a: Organisation, org_a_handler: User
) -> None:
    rep = RepresentativeFactory(individual__organisation=org_a)
    other = IndividualFactory(organisation=org_a)
    ended = RepresentativeFactory(individual=other, active=False)

    with pytest.raises(CaseInputError, match="does not act for"):
        received_complaint(org_a_handler, individual=other, representative=rep)
    with pytest.raises(CaseInputError, match="no longer acts"):
        received_complaint(org_a_handler, representative=ended)

    assert not Complaint.objects.exists()


def test_a_refused_complaint_records_no_individual(org_a_handler: User) -> None:
    with pytest.raises(CaseInputError):
        received_complaint(org_a_handler, received=date(2030, 1, 1), today=date(2025, 6, 2))

    assert not Individual.objects.exists()
