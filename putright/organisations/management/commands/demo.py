from datetime import date
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from putright.cases.selectors import complaints_for, service_areas_for
from putright.organisations.demo import demo_lists, demo_populate
from putright.organisations.models import Division, Organisation, Role, ServiceArea, User
from putright.organisations.selectors import staff_for_organisation
from putright.organisations.services import (
    organisation_create_or_update,
    service_area_create,
    staff_member_create,
    superuser_create,
)
from putright.public.services import contact_details_update
from putright.security.services import demo_totp_device_set

DEMO_PASSWORD = "putright-demo"  # noqa: S105 - published on purpose: demo data only
DEMO_DOMAIN = "riverside.example"
DEMO_STAFF = [
    ("handler", Role.HANDLER, "Hana", "Hughes"),
    ("manager", Role.MANAGER, "Mo", "Mensah"),
    ("lead", Role.SENIOR_LEAD, "Lena", "Lewis"),
    ("member", Role.MEMBER, "Cllr Max", "Morgan"),
    ("auditor", Role.AUDITOR, "Ada", "Adeyemi"),
]
#: The demo council's service areas, the Code profile of each, and its share of the complaints.
DEMO_AREAS = [
    ("Housing", "hos-2024", 40),
    ("Council tax and benefits", "lgsco-2024", 18),
    ("Waste and recycling", "lgsco-2024", 18),
    ("Planning", "lgsco-2024", 10),
    ("Children's services", "children-act-2006", 7),
    ("Adult social care", "asc-2009", 7),
]
#: How residents reach the demo council's complaints team, shown on its public pages.
DEMO_CONTACT = {
    "phone": "01632 960 000",
    "email": f"complaints@{DEMO_DOMAIN}",
    "address": "Complaints Team\nRiverside District Council\nCivic Centre\nRiverside RV1 1AA",
    "opening_hours": "Monday to Friday, 9am to 5pm",
    "policy_url": "https://riverside.example/complaints-policy",
}
#: What the summary names, in this order.
SUMMARY = [
    "complaints",
    "individuals",
    "representatives",
    "adjustments",
    "adjustment requests",
    "restrictions",
    "service requests",
    "correspondence",
    "remedies",
    "outstanding actions",
    "Ombudsman referrals",
    "learning",
    "emails read from the mailbox",
    "letters",
]


class Command(BaseCommand):
    help = (
        "Set up a demo organisation (Riverside District Council) with one staff account per role, "
        "an 'admin' superuser, service areas under their Code profiles, its own exclusion reasons "
        "and outcomes, and about 300 complaints in every state with the people, service "
        "requests, correspondence, remedies, actions, referrals and learning around them. Safe to "
        "run again: the cases are made only while the organisation has none. Refuses to run in "
        "production."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            help="Bring the cases up to this day (YYYY-MM-DD, not after today) rather than today.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("The demo data has a published password: not in production.")
        today = options.get("today") or timezone.localdate()
        if today > timezone.localdate():
            raise CommandError(f"--today {today.isoformat()} is in the future.")
        made: dict[str, int] = {}
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
            # Each demo sign-in has an authenticator with the published demo key, so that
            # `putright totp USERNAME` gives the code a newcomer needs after the password.
            for account in [
                *staff_for_organisation(organisation=organisation),
                *User.objects.filter(username="admin"),
            ]:
                demo_totp_device_set(user=account)
            staff = {
                u.username.split("@")[0]: u
                for u in staff_for_organisation(organisation=organisation)
            }
            if {"handler", "manager", "lead"} <= staff.keys():
                areas = demo_service_areas(organisation, staff["handler"])
                demo_lists(organisation, staff["lead"])
                contact_details_update(actor=None, organisation=organisation, **DEMO_CONTACT)
                if not complaints_for(staff["handler"]).exists():
                    made = demo_populate(
                        organisation=organisation, staff=staff, areas=areas, today=today
                    )
        self.stdout.write(f"Demo organisation: {organisation.name} ({organisation.slug})")
        self.stdout.write(f"Its public pages: /o/{organisation.slug}/ (make or track a complaint)")
        if made:
            self.stdout.write(f"Demo complaints: {made.get('complaints', 0)} created, with")
            for what in SUMMARY[1:]:
                self.stdout.write(f"  {made.get(what, 0):>4} {what}")
        self.stdout.write("Demo sign-ins (password for all: " + DEMO_PASSWORD + "):")
        for user in staff_for_organisation(organisation=organisation):
            self.stdout.write(f"  {user.username:<28} {user.get_role_display()}")
        self.stdout.write(f"  {'admin':<28} superuser (also at /admin/)")
        self.stdout.write(
            "After the password, enter the code that `putright totp USERNAME` prints "
            "(demo accounts only)."
        )


def demo_service_areas(organisation: Organisation, user: User) -> list[tuple[ServiceArea, int]]:
    """The demo council's service areas, created where missing, each with its share of cases."""
    existing = {area.name: area for area in service_areas_for(user)}
    out = []
    for name, profile, weight in DEMO_AREAS:
        area = existing.get(name) or service_area_create(
            organisation=organisation, name=name, profile=profile
        )
        out.append((area, weight))
    return out
