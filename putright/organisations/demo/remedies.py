"""Putting things right in the demo: remedies on upheld complaints followed through, actions
promised in responses with updates, two Ombudsman referrals and the learning from complaints."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import QuerySet

from putright.cases.models import (
    Complaint,
    ReferralDecision,
    Remedy,
    RemedyKind,
    RemedyStatus,
    Stage,
)
from putright.cases.selectors import complaints_for
from putright.cases.services.remedies import (
    learning_implemented,
    learning_link_complaint,
    learning_record,
    ombudsman_referral_decide,
    ombudsman_referral_record,
    outstanding_action_add,
    outstanding_action_complete,
    outstanding_action_update,
    recommendation_add,
    recommendation_carried_out,
    remedy_cannot_deliver,
    remedy_offer,
    remedy_update_status,
)
from putright.organisations.demo.base import Demo
from putright.organisations.models import User

UPHELD = ("upheld", "partly_upheld")
#: For each service area: (kind, what will happen, working days to do it) beyond the apology.
REMEDIES: dict[str, list[tuple[str, str, int]]] = {
    "Housing": [
        (RemedyKind.ACTION, "Complete the outstanding repair, with a post-inspection.", 15),
        (RemedyKind.ACTION, "Treat the mould and fit a humidity-controlled extractor fan.", 20),
        (RemedyKind.RECORD, "Correct the rent account and send a new statement.", 10),
    ],
    "Council tax and benefits": [
        (RemedyKind.RECONSIDERATION, "Reconsider the discount with the evidence provided.", 10),
        (RemedyKind.ACTION, "Withdraw the summons and remove the costs from the account.", 5),
    ],
    "Waste and recycling": [
        (RemedyKind.ACTION, "Monitor collections at the address for four weeks.", 20),
        (RemedyKind.ACTION, "Refund the bulky waste fee and book a new collection.", 10),
    ],
    "Planning": [
        (RemedyKind.EXPLANATION, "Explain how neighbours are consulted and why it was missed.", 0),
        (RemedyKind.POLICY, "Add a second check of the consultation list before sending.", 40),
    ],
    "Children's services": [
        (RemedyKind.RECORD, "Add a correction to the assessment and send a copy.", 10),
    ],
    "Adult social care": [
        (RemedyKind.RECORD, "Cancel the charges raised before the financial assessment.", 10),
        (RemedyKind.ACTION, "Agree a new care schedule with the family and the provider.", 10),
    ],
}
ACTIONS = [
    "Post-inspection to check the work has held.",
    "Confirm the new arrangements in writing to the individual.",
    "Check with the individual after four weeks that the problem has not come back.",
]
ACTION_NOTES = [
    "Contractor booked; the individual was phoned with the date.",
    "Visit done; waiting for the report.",
    "Chased the team; new date given to the individual by email.",
]
LEARNING = [
    (
        "Housing",
        "Damp and mould",
        "Treat the cause of damp, not the symptoms",
        "Every damp and mould report gets a surveyor's visit to find the cause before any "
        "treatment, and a follow-up visit six weeks later.",
        False,
    ),
    (
        "Waste and recycling",
        "Missed collection",
        "Assisted collections shown on the crews' in-cab devices",
        "Addresses with an assisted collection are flagged on the crews' devices, and a missed "
        "assisted collection is escalated to the supervisor the same day.",
        True,
    ),
    (
        "Council tax and benefits",
        "Council tax",
        "Warn before removing a single person discount",
        "Residents are written to, with 21 days to reply, before a single person discount is "
        "removed after a data match.",
        False,
    ),
]


class DemoRemedies:
    """Remedies, outstanding actions, referrals and learning on the complaints already made."""

    def __init__(self, demo: Demo) -> None:
        self.demo = demo
        self.rng = demo.rng
        self.undeliverable = False

    def complaints(self) -> QuerySet[Complaint]:
        return complaints_for(self.demo.staff["handler"]).select_related("service_area")

    def create(self) -> None:
        upheld = (
            self.complaints()
            .filter(stages__outcome__in=UPHELD)
            .prefetch_related("stages")
            .order_by("received", "pk")
            .distinct()
        )
        for complaint in upheld:
            for stage in complaint.stages.all():
                if stage.outcome in UPHELD and stage.responded and self.rng.random() < 0.7:
                    self.remedies(complaint, stage)
        self.referrals()
        self.learning()

    def _actor(self, stage: Stage) -> User:
        return stage.handler or self.demo.staff["handler"]

    def remedies(self, complaint: Complaint, stage: Stage) -> None:
        demo, rng = self.demo, self.rng
        actor, responded = self._actor(stage), stage.responded
        if responded is None:
            return
        apology = remedy_offer(
            actor=actor,
            complaint=complaint,
            kind=RemedyKind.APOLOGY,
            description="A written apology, given in the response.",
            stage=stage.number,
        )
        self._progress(apology, responded, None)
        kind, description, days = rng.choice(REMEDIES[complaint.service_area.name])
        due = demo.calendar.add(responded, days) if days else None
        remedy = remedy_offer(
            actor=actor,
            complaint=complaint,
            kind=kind,
            description=description,
            due=due,
            stage=stage.number,
        )
        demo.count("remedies", 2)
        if (
            not self.undeliverable
            and kind == RemedyKind.ACTION
            and complaint.service_area.name == "Housing"
        ):
            self.undeliverable = True
            remedy_cannot_deliver(
                actor=actor,
                remedy=remedy,
                reason="The kitchen units that match the rest of the kitchen are no longer made.",
                alternative="A choice of two current ranges fitted at no cost, and £100 for the "
                "inconvenience.",
                ombudsman_reminded=True,
            )
        else:
            self._progress(remedy, responded, due)
        if rng.random() < 0.45:
            amount = Decimal(rng.choice([50, 75, 100, 150, 200, 250, 350, 500]))
            financial = remedy_offer(
                actor=actor,
                complaint=complaint,
                kind=RemedyKind.FINANCIAL,
                description=f"A payment of £{amount} for the time, trouble and distress caused.",
                due=demo.calendar.add(responded, 10),
                amount=amount,
                stage=stage.number,
            )
            demo.count("remedies")
            self._progress(financial, responded, financial.due)
        if kind in (RemedyKind.ACTION, RemedyKind.POLICY) and rng.random() < 0.5:
            self.action(complaint, stage, responded)

    def _progress(self, remedy: Remedy, responded: date, due: date | None) -> None:
        """Move a remedy on as far as the days allow: one given in the response is completed
        then, one whose date has passed mostly completed; the rest are accepted, in progress,
        declined or still awaiting the individual's answer."""
        demo, rng, today = self.demo, self.rng, self.demo.today
        actor = demo.staff["handler"]
        if due is None:
            remedy_update_status(
                actor=actor, remedy=remedy, status=RemedyStatus.COMPLETED, completed_on=responded
            )
            return
        chance = rng.random()
        if due < today and chance < 0.75:
            completed = min(demo.on(due, -5, 3), today)
            remedy_update_status(
                actor=actor, remedy=remedy, status=RemedyStatus.COMPLETED, completed_on=completed
            )
            return
        if chance > 0.93:
            status = RemedyStatus.DECLINED
        elif chance > 0.5:
            status = RemedyStatus.IN_PROGRESS
        elif chance > 0.2:
            status = RemedyStatus.ACCEPTED
        else:
            return  # offered, no answer yet
        remedy_update_status(actor=actor, remedy=remedy, status=status)

    def action(self, complaint: Complaint, stage: Stage, responded: date) -> None:
        demo, rng = self.demo, self.rng
        owner = demo.staff[rng.choice(["handler", "manager"])]
        due = demo.on(responded, 15, 50)
        action = outstanding_action_add(
            actor=self._actor(stage),
            complaint=complaint,
            description=rng.choice(ACTIONS),
            owner=owner,
            due=due,
            stage=stage.number,
        )
        demo.count("outstanding actions")
        told = demo.on(responded, 3, 12)
        for note in rng.sample(ACTION_NOTES, rng.randint(1, 2)):
            if told > demo.today:
                break
            outstanding_action_update(
                actor=owner, action=action, note=note, individual_told_on=told
            )
            told = demo.on(told, 4, 14)
        # Long past its date, an action is done; a few recent ones have slipped.
        if due < demo.today - timedelta(days=21) or (due < demo.today and rng.random() < 0.5):
            outstanding_action_complete(actor=owner, action=action, completed_on=due)

    # --- Ombudsman referrals --------------------------------------------------------------------

    def referrals(self) -> None:
        """Two complaints taken to the Ombudsman after the final response, both decided."""
        demo = self.demo
        old = demo.today - timedelta(days=110)
        for area, decision, findings, recommendations in [
            (
                "Housing",
                ReferralDecision.FAULT,
                "Fault in the delay to repairs and in complaint handling; injustice caused.",
                [
                    ("Apologise and pay £400 for the distress and inconvenience.", 30, True),
                    ("Review how repair appointments are rebooked after no access.", 90, False),
                ],
            ),
            (
                "Council tax and benefits",
                ReferralDecision.SETTLED,
                "Resolved early: the council agreed to refund the court costs.",
                [("Refund the £85 court costs and confirm in writing.", 20, True)],
            ),
        ]:
            complaint = (
                self.complaints()
                .filter(service_area__name=area, stage=2, status="closed", closed_on__lte=old)
                .order_by("closed_on", "pk")
                .first()
            )
            if complaint is None or complaint.closed_on is None:
                continue
            referred = demo.on(complaint.closed_on, 10, 30)
            referral = ombudsman_referral_record(
                actor=demo.staff["manager"],
                complaint=complaint,
                referred_on=referred,
                ombudsman_reference=f"{referred:%y} {demo.rng.randint(100, 999):03d} "
                f"{demo.rng.randint(100, 999):03d}",
            )
            decided = min(demo.on(referred, 40, 60), demo.today)
            ombudsman_referral_decide(
                actor=demo.staff["manager"],
                referral=referral,
                decision=decision,
                decided_on=decided,
                findings=findings,
            )
            for text, days, done in recommendations:
                recommendation = recommendation_add(
                    actor=demo.staff["manager"],
                    referral=referral,
                    description=text,
                    due=decided + timedelta(days=days),
                )
                carried_out = decided + timedelta(days=days - 5)
                if done and carried_out <= demo.today:
                    recommendation_carried_out(
                        actor=demo.staff["manager"],
                        recommendation=recommendation,
                        carried_out_on=carried_out,
                        evidence="Copy of the letter and the payment record sent to the Ombudsman.",
                    )
            demo.count("Ombudsman referrals")

    # --- Learning -------------------------------------------------------------------------------

    def learning(self) -> None:
        demo = self.demo
        for area, category, title, description, implemented in LEARNING:
            found = list(
                self.complaints()
                .filter(service_area__name=area, category=category)
                .order_by("-received", "pk")[:4]
            )
            if not found:
                continue
            learning = learning_record(
                actor=demo.staff["lead"],
                title=title,
                description=description,
                service_area=demo.area(area),
                owner=demo.staff["manager"],
                due=demo.today + timedelta(days=45) if not implemented else demo.ago(30),
                complaints=found[:-1] or found,
            )
            if len(found) > 1:
                learning_link_complaint(
                    actor=demo.staff["manager"], learning=learning, complaint=found[-1]
                )
            if implemented:
                learning_implemented(
                    actor=demo.staff["lead"], learning=learning, implemented_on=demo.ago(12)
                )
            demo.count("learning")
