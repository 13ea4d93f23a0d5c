"""factory_boy factories for the database-backed tests."""

import factory
from factory.django import DjangoModelFactory

from putright.organisations.models import Division, Organisation, Role, User

PASSWORD = "correct horse battery staple"


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"org-{n}")
    name = factory.Sequence(lambda n: f"Organisation {n}")
    division = Division.ENGLAND_AND_WALES
    default_profile = "hos-2024"
    homes = 1000


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"staff{n}@example.org")
    email = factory.SelfAttribute("username")
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.HANDLER
    password = factory.django.Password(PASSWORD)
