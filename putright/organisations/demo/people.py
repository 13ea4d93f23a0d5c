"""The people who complain to the demo council: some more than once, a few through someone acting
for them with their consent, some with reasonable adjustments agreed, one with their contact
restricted."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from putright.organisations.demo.base import Demo
from putright.organisations.demo.words import CONTACT, FIRST_NAMES, STREETS, SURNAMES
from putright.organisations.models import ServiceArea, User
from putright.people.models import Individual, Representative, RestrictionReview
from putright.people.services import (
    adjustment_agree,
    adjustment_review,
    individual_create,
    individual_update,
    representative_add,
    restriction_impose,
    restriction_review,
)

#: Who acts for whom, in the service areas where people most often have someone act for them.
REPRESENTATIVES = {
    "Adult social care": ("daughter", "Signed consent form received with the complaint."),
    "Children's services": ("advocate", "Consent given by phone and confirmed in writing."),
    "Housing": ("ward councillor", "Email from the resident asking the councillor to act."),
    "Council tax and benefits": ("Citizens Advice adviser", "Signed authority form on file."),
}
ADJUSTMENTS = [
    "Letters in large print (18 point) and by post, not email.",
    "Phone calls only after 4pm; no voicemail messages.",
    "Easy read versions of every letter.",
    "A British Sign Language interpreter at meetings and visits.",
    "All contact through their daughter, who is named as their representative.",
]


class DemoPeople:
    """Individuals made through the people services; complaints then link to them."""

    def __init__(self, demo: Demo) -> None:
        self.demo = demo
        self.known: list[Individual] = []
        self.acting: set[str] = set()

    def _actor(self) -> User:
        return self.demo.staff["handler"]

    def _postcode(self) -> str:
        rng = self.demo.rng
        letters = "".join(rng.choice("ABDEFGHJLNPQRSTUWXYZ") for _ in range(2))
        return f"RV{rng.randint(1, 9)} {rng.randint(1, 9)}{letters}"

    def _new(self, service_area: ServiceArea) -> Individual:
        rng = self.demo.rng
        first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
        number = rng.randint(1, 180)
        email = f"{first}.{last}{number}@example.com".lower() if rng.random() < 0.7 else ""
        phone = f"07700 900{rng.randint(0, 999):03d}" if rng.random() < 0.6 else ""
        preference, notes = rng.choice(CONTACT)
        if (preference == "email" and not email) or (preference in ("phone", "text") and not phone):
            preference, notes = "letter", ""
        individual = individual_create(
            actor=self._actor(),
            name=f"{first} {last}",
            email=email,
            phone=phone,
            address=f"{number} {rng.choice(STREETS)}, Riverside",
            postcode=self._postcode(),
            contact_preference=preference,
            contact_notes=notes,
            service_area=service_area,
        )
        self.demo.count("individuals")
        self.known.append(individual)
        return individual

    def for_complaint(self, service_area: ServiceArea, received: date) -> dict[str, Any]:
        """Who a new complaint is from: now and then someone who has complained before, and in
        a few service areas, someone acting for them with their consent."""
        rng = self.demo.rng
        if self.known and rng.random() < 0.1:
            individual = rng.choice(self.known)
        else:
            individual = self._new(service_area)
        representative = None
        area = service_area.name
        if area in REPRESENTATIVES and area not in self.acting and rng.random() < 0.15:
            self.acting.add(area)
            representative = self._representative(individual, area, received)
        return {
            "individual": individual,
            "representative": representative,
            "name": individual.name,
            "email": individual.email,
            "phone": individual.phone,
            "address": individual.address,
        }

    def _representative(self, individual: Individual, area: str, received: date) -> Representative:
        rng = self.demo.rng
        relationship, evidence = REPRESENTATIVES[area]
        surname = (
            individual.name.split()[-1] if relationship == "daughter" else rng.choice(SURNAMES)
        )
        first = rng.choice(FIRST_NAMES)
        title = "Cllr " if relationship == "ward councillor" else ""
        representative = representative_add(
            actor=self._actor(),
            individual=individual,
            name=f"{title}{first} {surname}",
            relationship=relationship,
            email=f"{first}.{surname}@example.org".lower(),
            consent_given=True,
            consent_date=received - timedelta(days=rng.randint(0, 6)),
            consent_evidence=evidence,
            today=self.demo.today,
        )
        self.demo.count("representatives")
        return representative

    def follow_up(self) -> None:
        """Reasonable adjustments kept under review (some due soon, one overdue), a disability
        recorded where the Housing Code keeps them, and one restriction with its review due."""
        demo, rng = self.demo, self.demo.rng
        if len(self.known) < 12:
            return
        chosen = rng.sample(self.known, 7)
        reviews = [
            demo.today + timedelta(days=3),
            demo.today + timedelta(days=9),
            demo.today + timedelta(days=16),
            demo.today - timedelta(days=6),
            demo.today + timedelta(days=120),
        ]
        for individual, text, review_by in zip(chosen, ADJUSTMENTS, reviews, strict=False):
            agreed = min(demo.ago(rng.randint(40, 150)), review_by - timedelta(days=30))
            adjustment = adjustment_agree(
                actor=self._actor(),
                individual=individual,
                description=text,
                agreed_on=agreed,
                review_by=review_by,
                today=demo.today,
            )
            demo.count("adjustments")
            if review_by > demo.today + timedelta(days=100):
                # Reviewed once already and kept, with the next review months away.
                reviewed = agreed + timedelta(days=14)
                adjustment_review(
                    actor=self._actor(),
                    adjustment=adjustment,
                    reviewed_on=min(reviewed, demo.today),
                    review_by=review_by,
                    today=demo.today,
                )
        housing = demo.area("Housing")
        individual_update(
            actor=self._actor(),
            individual=chosen[0],
            name=chosen[0].name,
            email=chosen[0].email,
            phone=chosen[0].phone,
            address=chosen[0].address,
            postcode=chosen[0].postcode,
            contact_preference="letter",
            contact_notes="Needs large print: sight loss.",
            disabilities="Partially sighted.",
            service_area=housing,
        )
        self._restriction(chosen[5])

    def _restriction(self, individual: Individual) -> None:
        demo, lead = self.demo, self.demo.staff["lead"]
        starts = demo.ago(80)
        restriction = restriction_impose(
            actor=lead,
            individual=individual,
            restriction="One named contact (the complaints team), by email only.",
            reason="Repeated abusive phone calls to staff in several teams.",
            evidence="Call notes of six calls between March and May; two staff incident reports.",
            proportionality=(
                "Contact by email still lets them raise any new issue; phone access is restored "
                "if the calls stop. No disability affecting communication has been disclosed."
            ),
            starts=starts,
            review_by=starts + timedelta(days=60),
            today=demo.today,
        )
        restriction_review(
            actor=lead,
            restriction=restriction,
            reviewed_on=starts + timedelta(days=59),
            decision=RestrictionReview.Decision.KEEP,
            notes="Two further abusive calls since the restriction started; kept for now.",
            next_review_by=demo.today + timedelta(days=10),
            today=demo.today,
        )
        demo.count("restrictions")
