import random
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from putright.cases.models import Channel, Complaint
from putright.cases.selectors import complaints_for, service_areas_for
from putright.cases.services import (
    complaint_close,
    complaint_escalate,
    complaint_exclude,
    complaint_receive,
    complaint_withdraw,
    extension_grant,
    stage_acknowledge,
    stage_respond,
)
from putright.organisations.models import Division, Organisation, Role, ServiceArea, User
from putright.organisations.selectors import staff_for_organisation
from putright.organisations.services import (
    organisation_create_or_update,
    service_area_create,
    staff_member_create,
    superuser_create,
)
from putright.policy import Profile, get_profile
from putright.rules.calendar import WorkingCalendar, calendar_for
from putright.rules.contents import required_contents

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
DEMO_CASES = 300
DEMO_DAYS = 240
DEMO_SEED = 20240401

FIRST_NAMES = [
    "Aisha",
    "Alan",
    "Amelia",
    "Barbara",
    "Ben",
    "Chloe",
    "Connor",
    "Daniel",
    "Deborah",
    "Eilidh",
    "Emma",
    "Farhan",
    "Fatima",
    "George",
    "Grace",
    "Harpreet",
    "Ian",
    "Imran",
    "Jack",
    "Jade",
    "Joan",
    "Kwame",
    "Laura",
    "Liam",
    "Maria",
    "Mohammed",
    "Niamh",
    "Oliver",
    "Olivia",
    "Patrick",
    "Priya",
    "Rachel",
    "Ruth",
    "Sam",
    "Sandra",
    "Tariq",
    "Tom",
    "Wei",
    "Yusuf",
    "Zofia",
]
SURNAMES = [
    "Ahmed",
    "Baker",
    "Begum",
    "Brown",
    "Campbell",
    "Clarke",
    "Davies",
    "Evans",
    "Green",
    "Hall",
    "Hussain",
    "Jackson",
    "Jones",
    "Khan",
    "Kowalski",
    "Lewis",
    "Martin",
    "Mensah",
    "Morris",
    "Murphy",
    "Nguyen",
    "Okafor",
    "Patel",
    "Roberts",
    "Robinson",
    "Shah",
    "Singh",
    "Smith",
    "Taylor",
    "Thomas",
    "Thompson",
    "Walker",
    "White",
    "Williams",
    "Wilson",
    "Wood",
    "Wright",
    "Young",
]
STREETS = [
    "Mill Lane",
    "Church Street",
    "Station Road",
    "Riverside Walk",
    "Orchard Close",
    "Victoria Road",
    "Meadow Way",
    "Park Crescent",
    "Elm Grove",
    "Weavers Court",
    "Bridge Street",
    "Kingfisher Drive",
    "Canal Side",
    "Foundry Row",
    "Willow Gardens",
]
CHANNELS = [
    (Channel.WEB, 35),
    (Channel.EMAIL, 25),
    (Channel.PHONE, 25),
    (Channel.LETTER, 6),
    (Channel.IN_PERSON, 5),
    (Channel.SOCIAL_MEDIA, 4),
]
#: For each service area: (category, what went wrong) pairs.
ISSUES: dict[str, list[tuple[str, str]]] = {
    "Housing": [
        ("Repairs", "the repair to my boiler has been booked three times and nobody came"),
        ("Repairs", "the leaking roof over the kitchen still has not been fixed"),
        ("Damp and mould", "black mould keeps coming back in the children's bedroom"),
        ("Damp and mould", "the damp in the bathroom was painted over, not treated"),
        ("Anti-social behaviour", "my reports of noise from the flat above were not followed up"),
        ("Rent and service charges", "I was charged for estate cleaning that never happens"),
        ("Staff conduct", "the officer who visited was rude and would not listen"),
        ("Estate services", "the communal door entry system has been broken for weeks"),
    ],
    "Council tax and benefits": [
        ("Council tax", "my single person discount was removed without warning"),
        ("Council tax", "I was sent a summons although I had paid in full"),
        ("Housing benefit", "my housing benefit claim has taken months to assess"),
        ("Council tax support", "the reduction I am entitled to was calculated wrongly"),
        ("Customer service", "nobody answered my emails about the arrears"),
    ],
    "Waste and recycling": [
        ("Missed collection", "my recycling bin has been missed four weeks running"),
        ("Missed collection", "the assisted collection I was promised keeps being missed"),
        ("Bulky waste", "I paid for a bulky waste collection that never came"),
        ("Fly-tipping", "fly-tipping in the alley was reported and left for weeks"),
        ("Staff conduct", "the crew left rubbish strewn along the street"),
    ],
    "Planning": [
        ("Planning applications", "my neighbours were not consulted on the extension next door"),
        ("Enforcement", "a breach of planning control I reported was not investigated"),
        ("Planning applications", "the decision on my application is weeks overdue"),
        ("Building control", "the inspection I booked was cancelled at no notice"),
    ],
    "Children's services": [
        ("Social work", "the social worker changed three times and nobody told us"),
        ("Special educational needs", "the plan for my son's support was not reviewed on time"),
        ("Fostering", "our foster carer support payments stopped without explanation"),
        ("Social work", "the assessment contains facts about my family that are wrong"),
    ],
    "Adult social care": [
        ("Home care", "my mother's carers arrive late or not at all"),
        ("Charging", "I was charged for care before the financial assessment was finished"),
        ("Assessment", "the needs assessment for my father has taken over three months"),
        ("Care homes", "my aunt's care home placement was changed without consulting us"),
    ],
}
HISTORY = [
    "I first raised this in {month} and was promised it would be sorted.",
    "I have phoned several times since {month} and been passed from one team to another.",
    "This has been going on since {month}.",
    "I reported it in {month} and nothing has happened since.",
]
IMPACT = [
    "It is affecting my health and I am at the end of my tether.",
    "I have had to take time off work to wait in.",
    "We have two young children and this is not acceptable.",
    "I am disabled and this makes everyday life very hard.",
    "I feel nobody is taking this seriously.",
]
SOUGHT = [
    "I want the problem put right and an apology.",
    "I want a date by which this will be fixed.",
    "I would like compensation for the time and money this has cost me.",
    "I want an explanation and to know it will not happen again.",
]
EXCLUSIONS = [
    (
        "Over 12 months since the issue",
        "The issue arose more than a year before the complaint and no reason for the delay was "
        "given.",
    ),
    (
        "Subject to legal proceedings",
        "The matter is before the county court; the claim reference is on file.",
    ),
    (
        "Already considered under the complaints procedure",
        "The same complaint was answered at both stages last year.",
    ),
]
EXTENSIONS = [
    "A contractor's report is needed before we can respond.",
    "The records of several teams need to be checked.",
    "We are waiting for an independent inspection.",
]
DECISIONS = {
    "upheld": "We agree that things went wrong and we are sorry.",
    "partly_upheld": "Some of what went wrong is as you describe; some is not.",
    "not_upheld": "We have found that the service was provided as it should have been.",
}


class Command(BaseCommand):
    help = (
        "Set up a demo organisation (Riverside District Council) with one staff account per role, "
        "an 'admin' superuser, service areas under their Code profiles and about 300 complaints in "
        "every state. Safe to run again; refuses to run in production."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("The demo data has a published password: not in production.")
        created = 0
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
            staff = {
                u.username.split("@")[0]: u
                for u in staff_for_organisation(organisation=organisation)
            }
            if {"handler", "manager", "lead"} <= staff.keys():
                areas = demo_service_areas(organisation, staff["handler"])
                if not complaints_for(staff["handler"]).exists():
                    created = DemoCases(organisation, staff, areas).create(DEMO_CASES)
        self.stdout.write(f"Demo organisation: {organisation.name} ({organisation.slug})")
        if created:
            self.stdout.write(f"Demo complaints: {created} created")
        self.stdout.write("Demo sign-ins (password for all: " + DEMO_PASSWORD + "):")
        for user in staff_for_organisation(organisation=organisation):
            self.stdout.write(f"  {user.username:<28} {user.get_role_display()}")
        self.stdout.write(f"  {'admin':<28} superuser (also at /admin/)")


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


class DemoCases:
    """Realistic complaints, each taken through the services step by step up to today, so their
    deadlines, versions and audit record are those of real use. Deterministic for a given today."""

    def __init__(
        self,
        organisation: Organisation,
        staff: dict[str, User],
        areas: list[tuple[ServiceArea, int]],
    ) -> None:
        self.rng = random.Random(DEMO_SEED)  # noqa: S311 - made-up data, not secrets
        self.today = timezone.localdate()
        self.calendar: WorkingCalendar = calendar_for(organisation.division)
        self.staff = staff
        self.areas = areas

    def create(self, count: int) -> int:
        # Weighted towards recent weeks, so the queues have work in them; logged in date order,
        # so the references run with the received dates.
        ages = [int(DEMO_DAYS * self.rng.random() ** 1.5) for _ in range(count)]
        for age in sorted(ages, reverse=True):
            self.one(self.today - timedelta(days=age))
        return count

    def _on(self, day: date, after: int, upto: int) -> date:
        """A working day between ``after`` and ``upto`` calendar days after ``day``."""
        day += timedelta(days=self.rng.randint(after, upto))
        while not self.calendar.is_working_day(day):
            day += timedelta(days=1)
        return day

    def _pick(self, weighted: list[tuple[Any, int]]) -> Any:
        return self.rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]

    def one(self, received: date) -> None:
        rng = self.rng
        area: ServiceArea = self._pick(self.areas)
        profile = get_profile(area.profile)
        category, issue = rng.choice(ISSUES.get(area.name, ISSUES["Housing"]))
        first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
        began = received - timedelta(days=rng.randint(20, 120))
        description = " ".join(
            [
                issue[0].upper() + issue[1:] + ".",
                rng.choice(HISTORY).format(month=began.strftime("%B")),
                rng.choice(IMPACT),
            ]
        )
        handler, other = (
            (self.staff["handler"], self.staff["manager"])
            if rng.random() < 0.7
            else (self.staff["manager"], self.staff["handler"])
        )
        number = rng.randint(1, 180)
        complaint = complaint_receive(
            actor=self.staff[rng.choice(["handler", "manager", "lead"])],
            service_area=area,
            channel=self._pick(CHANNELS),
            received=received,
            name=f"{first} {last}",
            description=description,
            today=self.today,
            email=f"{first}.{last}{number}@example.com".lower() if rng.random() < 0.7 else "",
            phone=f"07700 900{rng.randint(0, 999):03d}" if rng.random() < 0.6 else "",
            address=f"{number} {rng.choice(STREETS)}, Riverside",
            category=category,
            outcome_sought=rng.choice(SOUGHT),
            handler=handler if rng.random() < 0.9 else None,
        )
        self.stage(complaint, profile, received, handler, other)

    def _step(self, day: date, call: Callable[[], Complaint]) -> Complaint | None:
        """Take the step if its day has come; a case whose next step is in the future stays."""
        return call() if day <= self.today else None

    def stage(
        self, complaint: Complaint, profile: Profile, received: date, handler: User, other: User
    ) -> None:
        rng, number = self.rng, complaint.stage
        actor = handler
        if rng.random() < 0.05:
            reason, evidence = rng.choice(EXCLUSIONS)
            decided = self._on(received, 1, 4)
            self._step(
                decided,
                lambda: complaint_exclude(
                    actor=actor,
                    complaint=complaint,
                    reason=reason,
                    evidence=evidence,
                    ombudsman_details_given=True,
                    decided=decided,
                ),
            )
            return
        acknowledged = self._on(received, 0, 8)
        step = self._step(
            acknowledged,
            lambda: stage_acknowledge(
                actor=actor,
                complaint=complaint,
                acknowledged=acknowledged,
                definition=f"{complaint.description.split('.')[0]}. {complaint.outcome_sought}",
                handler=handler,
            ),
        )
        if step is None:
            return
        complaint = step
        if rng.random() < 0.04:
            withdrawn = self._on(acknowledged, 2, 10)
            self._step(
                withdrawn,
                lambda: complaint_withdraw(actor=actor, complaint=complaint, withdrawn=withdrawn),
            )
            return
        extra = 0
        extension = profile.stage(number).extension
        if extension is not None and rng.random() < 0.15:
            granted = self._on(acknowledged, 4, 10)
            days = min(extension.limit_days or 10, rng.choice([5, 10]))
            if granted > self.today:
                return
            extension_grant(
                actor=actor,
                complaint=complaint,
                days=days,
                reason=rng.choice(EXTENSIONS),
                ombudsman_details_given=True,
                granted_on=granted,
            )
            extra = days + 4
        responded = self._on(acknowledged, 6 + extra, 18 + extra + 10 * (number - 1))
        outcome = rng.choice(profile.outcomes.values)
        step = self._step(
            responded,
            lambda: stage_respond(
                actor=actor,
                complaint=complaint,
                responded=responded,
                outcome=outcome,
                decision=DECISIONS.get(outcome, "We have considered your complaint."),
                reasons="We looked at the records, spoke to the staff involved and to you.",
                contents=[item.key for item in required_contents(profile, number)],
            ),
        )
        if step is None:
            return
        complaint = step
        last = profile.stages[-1].number
        if number == 1 and last > 1 and rng.random() < 0.25:
            requested = self._on(responded, 2, 25)
            step = self._step(
                requested,
                lambda: complaint_escalate(actor=actor, complaint=complaint, requested=requested),
            )
            if step is not None:
                self.stage(step, profile, requested, other, handler)
            return
        if rng.random() < 0.92:
            closed = self._on(responded, 2, 14)
            self._step(
                closed, lambda: complaint_close(actor=actor, complaint=complaint, closed=closed)
            )
