"""The demo council's complaints, each taken through the services step by step up to today, so
their deadlines, versions and audit record are those of real use."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from putright.cases.models import Channel, Complaint
from putright.cases.services import (
    complaint_assign,
    complaint_close,
    complaint_escalate,
    complaint_exclude,
    complaint_receive,
    complaint_withdraw,
    extension_grant,
    stage_acknowledge,
    stage_respond,
)
from putright.organisations.demo.base import Demo
from putright.organisations.demo.people import DemoPeople
from putright.organisations.demo.words import (
    CHANNELS,
    DECISIONS,
    EXCLUSIONS,
    EXTENSIONS,
    HISTORY,
    IMPACT,
    ISSUES,
    SOUGHT,
)
from putright.organisations.models import ServiceArea, User
from putright.organisations.selectors import outcome_choices
from putright.policy import Profile, get_profile
from putright.rules.contents import required_contents

#: How far back the complaints go, in calendar days.
DEMO_DAYS = 240
#: Something that arrives on a day: it is made when the timeline reaches that day.
Arrival = tuple[date, Callable[[date], None]]


class DemoCases:
    """Realistic complaints in every state, logged in date order so the references run with the
    received dates; ``arrivals`` (complaints from service requests, the handler's queue) join the
    same timeline."""

    def __init__(self, demo: Demo, people: DemoPeople) -> None:
        self.demo = demo
        self.rng = demo.rng
        self.today = demo.today
        self.staff = demo.staff
        self.people = people
        self._outcomes: dict[str, tuple[str, ...]] = {}

    def create(self, count: int, arrivals: list[Arrival]) -> None:
        # Weighted towards recent weeks, so the queues have work in them.
        ages = sorted(
            (int(DEMO_DAYS * self.rng.random() ** 1.5) for _ in range(count)), reverse=True
        )
        timeline: list[Arrival] = [(self.today - timedelta(days=age), self.one) for age in ages]
        for day, make in sorted([*timeline, *arrivals], key=lambda arrival: arrival[0]):
            make(day)

    def _handlers(self) -> tuple[User, User]:
        if self.rng.random() < 0.7:
            return self.staff["handler"], self.staff["manager"]
        return self.staff["manager"], self.staff["handler"]

    def describe(self, area: ServiceArea, received: date) -> tuple[str, str, str]:
        """A category, a description in the individual's words, and the outcome they seek."""
        rng = self.rng
        category, issue = rng.choice(ISSUES.get(area.name, ISSUES["Housing"]))
        began = received - timedelta(days=rng.randint(20, 120))
        description = " ".join(
            [
                issue[0].upper() + issue[1:] + ".",
                rng.choice(HISTORY).format(month=began.strftime("%B")),
                rng.choice(IMPACT),
            ]
        )
        return category, description, rng.choice(SOUGHT)

    def receive(
        self, area: ServiceArea, received: date, handler: User | None, channel: str = ""
    ) -> Complaint:
        category, description, sought = self.describe(area, received)
        who = self.people.for_complaint(area, received)
        complaint = complaint_receive(
            actor=self.staff[self.rng.choice(["handler", "manager", "lead"])],
            service_area=area,
            channel=channel or self.demo.pick(CHANNELS),
            received=received,
            description=description,
            today=self.today,
            category=category,
            outcome_sought=sought,
            handler=handler,
            **who,
        )
        self.demo.count("complaints")
        return complaint

    def one(self, received: date) -> None:
        area: ServiceArea = self.demo.pick(self.demo.areas)
        handler, other = self._handlers()
        complaint = self.receive(area, received, handler if self.rng.random() < 0.9 else None)
        self.stage(complaint, get_profile(area.profile), received, handler, other)

    def follow(self, complaint: Complaint) -> None:
        """Take a complaint logged elsewhere (from a service request) on from its receipt."""
        handler, other = self._handlers()
        self.stage(complaint, get_profile(complaint.profile), complaint.received, handler, other)

    def outcomes(self, profile: Profile) -> tuple[str, ...]:
        """The outcomes a response may record: the council's own list where the Code leaves it
        to the council (LGSCO 6.7), otherwise the Code's."""
        if profile.id not in self._outcomes:
            choices = outcome_choices(organisation_id=self.demo.organisation.pk, profile=profile)
            self._outcomes[profile.id] = choices.keys
        return self._outcomes[profile.id]

    def _step(self, day: date, call: Callable[[], Complaint]) -> Complaint | None:
        """Take the step if its day has come; a case whose next step is in the future stays."""
        return call() if day <= self.today else None

    def acknowledge(self, complaint: Complaint, day: date, handler: User) -> Complaint:
        return stage_acknowledge(
            actor=handler,
            complaint=complaint,
            acknowledged=day,
            definition=f"{complaint.description.split('.')[0]}. {complaint.outcome_sought}",
            handler=handler,
        )

    def stage(
        self, complaint: Complaint, profile: Profile, received: date, handler: User, other: User
    ) -> None:
        rng, number = self.rng, complaint.stage
        actor = handler
        if rng.random() < 0.05:
            reason, evidence = rng.choice(EXCLUSIONS)
            decided = self.demo.on(received, 1, 4)
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
        acknowledged = self.demo.on(received, 0, 8)
        step = self._step(acknowledged, lambda: self.acknowledge(complaint, acknowledged, handler))
        if step is None:
            return
        complaint = step
        if rng.random() < 0.04:
            withdrawn = self.demo.on(acknowledged, 2, 10)
            self._step(
                withdrawn,
                lambda: complaint_withdraw(actor=actor, complaint=complaint, withdrawn=withdrawn),
            )
            return
        extra = 0
        extension = profile.stage(number).extension
        if extension is not None and rng.random() < 0.15:
            granted = self.demo.on(acknowledged, 4, 10)
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
        responded = self.demo.on(acknowledged, 6 + extra, 18 + extra + 10 * (number - 1))
        outcome = rng.choice(self.outcomes(profile))
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
            requested = self.demo.on(responded, 2, 25)
            step = self._step(
                requested,
                lambda: complaint_escalate(actor=actor, complaint=complaint, requested=requested),
            )
            if step is not None:
                self.stage(step, profile, requested, other, handler)
            return
        if rng.random() < 0.92:
            closed = self.demo.on(responded, 2, 14)
            self._step(
                closed, lambda: complaint_close(actor=actor, complaint=complaint, closed=closed)
            )

    # --- The handler's own queue ----------------------------------------------------------------

    def queue_arrivals(self) -> list[Arrival]:
        """Cases of the demo handler that are overdue, due today and at risk whatever the day:
        each received (or acknowledged) on the working day that puts its next deadline there.
        Both Codes used give 5 working days to acknowledge and 10 from acknowledgement to respond
        at stage 1 (HOS and LGSCO 6.2, 6.3). Also one case just escalated to stage 2."""
        demo, calendar = self.demo, self.demo.calendar
        today = demo.today
        working_today = calendar.is_working_day(today)
        plans: list[tuple[str, date | None]] = [
            ("received", calendar.add(demo.ago(14), 5)),
            ("acknowledged", calendar.add(demo.ago(34), 10)),
            ("acknowledged", calendar.add(demo.ago(26), 10)),
            ("received", today if working_today else None),
            ("acknowledged", today if working_today else None),
            ("received", calendar.add(today, 1)),
            ("acknowledged", calendar.add(today, 2)),
            ("acknowledged", calendar.add(today, 1)),
        ]
        arrivals: list[Arrival] = []
        for status, due in plans:
            if due is None:
                continue
            start = demo.working_day_before(due, 5 if status == "received" else 10)
            if start is not None and start <= today:
                arrivals.append((start, self._queued(status)))
        arrivals.append((demo.ago(35), self._escalated))
        return arrivals

    def _escalated(self, day: date) -> None:
        """A Housing complaint answered at stage 1 whose stage 2 was asked for two days ago,
        given to the manager: stage 2 is considered by someone else (HOS 6.14)."""
        demo, handler, manager = self.demo, self.staff["handler"], self.staff["manager"]
        area = demo.area("Housing")
        profile = get_profile(area.profile)
        complaint = self.receive(area, day, handler, channel=Channel.PHONE)
        acknowledged = demo.on(day, 1, 3)
        complaint = self.acknowledge(complaint, acknowledged, handler)
        complaint = stage_respond(
            actor=handler,
            complaint=complaint,
            responded=demo.on(acknowledged, 8, 12),
            outcome="not_upheld",
            decision=DECISIONS["not_upheld"],
            reasons="The repair records show each appointment was kept or rebooked with you.",
            contents=[item.key for item in required_contents(profile, 1)],
        )
        complaint = complaint_escalate(actor=handler, complaint=complaint, requested=demo.ago(2))
        complaint_assign(actor=manager, complaint=complaint, handler=manager)

    def _queued(self, status: str) -> Callable[[date], None]:
        def make(day: date) -> None:
            area = self.demo.area(self.rng.choice(["Housing", "Waste and recycling", "Planning"]))
            handler = self.staff["handler"]
            complaint = self.receive(area, day, handler, channel=Channel.EMAIL)
            if status == "acknowledged":
                self.acknowledge(complaint, day, handler)

        return make
