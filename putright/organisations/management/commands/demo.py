from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from putright.organisations.models import Division, Role, User
from putright.organisations.selectors import staff_for_organisation
from putright.organisations.services import (
    organisation_create_or_update,
    staff_member_create,
    superuser_create,
)

DEMO_PASSWORD = "putright-demo"  # noqa: S105 - published on purpose: demo data only
DEMO_DOMAIN = "riverside.example"
DEMO_STAFF = [
    ("handler", Role.HANDLER, "Hana", "Hughes"),
    ("manager", Role.MANAGER, "Mo", "Mensah"),
    ("lead", Role.SENIOR_LEAD, "Lena", "Lewis"),
    ("member", Role.MEMBER, "Cllr Max", "Morgan"),
    ("auditor", Role.AUDITOR, "Ada", "Adeyemi"),
]


class Command(BaseCommand):
    help = (
        "Set up a demo organisation (Riverside District Council) with one staff account per role "
        "and an 'admin' superuser. Safe to run again; refuses to run in production."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("The demo data has a published password: not in production.")
        with transaction.atomic():
            organisation, _ = organisation_create_or_update(
                slug="riverside",
                name="Riverside District Council",
                division=Division.ENGLAND_AND_WALES,
                default_profile="lgsco-2024",
                homes=5200,
            )
            if not staff_for_organisation(organisation=organisation).exists():
                for local, role, first, last in DEMO_STAFF:
                    staff_member_create(
                        organisation=organisation,
                        username=f"{local}@{DEMO_DOMAIN}",
                        email=f"{local}@{DEMO_DOMAIN}",
                        role=role,
                        password=DEMO_PASSWORD,
                        first_name=first,
                        last_name=last,
                    )
            if not User.objects.filter(username="admin").exists():
                superuser_create(
                    username="admin", email=f"admin@{DEMO_DOMAIN}", password=DEMO_PASSWORD
                )
        self.stdout.write(f"Demo organisation: {organisation.name} ({organisation.slug})")
        self.stdout.write("Demo sign-ins (password for all: " + DEMO_PASSWORD + "):")
        for user in staff_for_organisation(organisation=organisation):
            self.stdout.write(f"  {user.username:<28} {user.get_role_display()}")
        self.stdout.write(f"  {'admin':<28} superuser (also at /admin/)")
