"""factory_boy factories for people: individuals, representatives, adjustments, restrictions.

They write rows directly, for tests that need a record in place; tests of the services call them.
"""

from datetime import date

import factory
from factory.django import DjangoModelFactory

from putright.people.models import (
    ContactMethod,
    Individual,
    ReasonableAdjustment,
    Representative,
    Restriction,
)
from tests.factories import OrganisationFactory


class IndividualFactory(DjangoModelFactory):
    class Meta:
        model = Individual

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.net")
    phone = "01632 960000"
    address = "1 High Street, Riverside"
    postcode = "RV1 1AA"
    contact_preference = ContactMethod.EMAIL


class RepresentativeFactory(DjangoModelFactory):
    class Meta:
        model = Representative

    individual = factory.SubFactory(IndividualFactory)
    organisation = factory.SelfAttribute("individual.organisation")
    name = "Sam Advocate"
    relationship = "advocate"
    consent_given = True
    consent_date = date(2025, 3, 1)
    consent_evidence = "Signed form received 1 March"


class AdjustmentFactory(DjangoModelFactory):
    class Meta:
        model = ReasonableAdjustment

    individual = factory.SubFactory(IndividualFactory)
    organisation = factory.SelfAttribute("individual.organisation")
    description = "Letters in large print"
    agreed_on = date(2025, 3, 1)
    review_by = date(2025, 9, 1)


class RestrictionFactory(DjangoModelFactory):
    class Meta:
        model = Restriction

    individual = factory.SubFactory(IndividualFactory)
    organisation = factory.SelfAttribute("individual.organisation")
    restriction = "Contact through one named officer only"
    reason = "Repeated abusive calls to the repairs team"
    evidence = "Call logs of 3, 4 and 5 March"
    proportionality = "Keeps a route open for the complaint while protecting staff"
    starts = date(2025, 3, 10)
    review_by = date(2025, 6, 10)
