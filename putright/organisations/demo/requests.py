"""The demo council's service requests: recorded apart from complaints, worked on and reviewed, in
every status; a few of the individuals were dissatisfied with the response and complained."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from putright.cases.models import Channel, RequestStatus, ServiceRequest
from putright.cases.services import (
    service_request_assign,
    service_request_cancel,
    service_request_complain,
    service_request_complete,
    service_request_record,
    service_request_respond,
    service_request_review,
    service_request_update,
)
from putright.organisations.demo.base import Demo
from putright.organisations.demo.cases import Arrival, DemoCases
from putright.organisations.demo.words import FIRST_NAMES, STREETS, SURNAMES

#: For each service area: (category, the request, a progress note, the response).
REQUESTS: dict[str, list[tuple[str, str, str, str]]] = {
    "Housing": [
        (
            "Repairs",
            "The kitchen tap is dripping constantly and the washer needs replacing.",
            "Plumber booked for the next available morning slot.",
            "The washer was replaced and the tap no longer drips.",
        ),
        (
            "Repairs",
            "The front door lock is stiff and sometimes will not open.",
            "Locksmith asked to attend; the resident is in on weekday mornings.",
            "The lock barrel was replaced and a new set of keys given.",
        ),
        (
            "Damp and mould",
            "There are spots of mould on the bedroom ceiling after the cold snap.",
            "Surveyor to inspect and check the extractor fan.",
            "A mould wash was done and the extractor fan was replaced.",
        ),
        (
            "Estate services",
            "The light in the stairwell of block C is out.",
            "Passed to the estate electrician.",
            "The stairwell light was repaired.",
        ),
    ],
    "Council tax and benefits": [
        (
            "Council tax",
            "Please set up monthly payments by direct debit from next month.",
            "Mandate form sent for signature.",
            "The direct debit is set up; the first payment is on the 1st.",
        ),
        (
            "Council tax",
            "I am a student and need the exemption applied to my bill.",
            "Asked for the university's certificate of attendance.",
            "The exemption was applied and a new bill sent.",
        ),
        (
            "Housing benefit",
            "I have changed jobs and need my housing benefit reassessed.",
            "Payslips requested from the claimant.",
            "The claim was reassessed from the date of the change.",
        ),
    ],
    "Waste and recycling": [
        (
            "Missed collection",
            "My green bin was not emptied on Tuesday.",
            "Crew asked to return on their next round.",
            "The bin was emptied on the return visit.",
        ),
        (
            "Bins",
            "I need a replacement recycling bin: the lid is broken.",
            "Replacement ordered from the depot.",
            "A new recycling bin was delivered.",
        ),
        (
            "Assisted collection",
            "Please add me to the assisted collection list after my operation.",
            "Assessment of the request under the assisted collection policy.",
            "Added to the assisted collection list; the crew will collect from the back gate.",
        ),
    ],
    "Planning": [
        (
            "Planning applications",
            "Please tell me whether I need planning permission for a garden room.",
            "Passed to the duty planner.",
            "The duty planner advised that it is permitted development, with the limits set out.",
        ),
        (
            "Enforcement",
            "A builder is working on a site next door on Sundays.",
            "Enforcement officer to visit the site.",
            "The site was visited and the builder reminded of the permitted hours.",
        ),
    ],
    "Children's services": [
        (
            "Early help",
            "I would like support with my son's behaviour at home.",
            "Referred to the early help team for a first conversation.",
            "A family support worker has been allocated and will visit.",
        ),
    ],
    "Adult social care": [
        (
            "Equipment",
            "My father needs a grab rail fitted by the bath.",
            "Occupational therapist to assess.",
            "The grab rail was fitted after the assessment.",
        ),
        (
            "Blue badge",
            "I need to renew my blue badge, which expires next month.",
            "Application checked; photo requested.",
            "The new badge was issued and posted.",
        ),
    ],
}
CANCELLED = [
    "A duplicate of a request made the day before.",
    "The individual sorted it themselves and asked us to stop.",
    "Recorded in error: it was a question for the housing association.",
]
DISSATISFIED = [
    "The response to my request did not fix the problem and it has come back.",
    "I was told it would be done within a week; it is still not done and nobody calls back.",
    "The work was poor and I was not told what would happen next.",
]
#: How many requests there are in each status, and how old each kind is (calendar days).
PLANS = [
    (RequestStatus.OPEN, 8, (0, 6)),
    (RequestStatus.IN_PROGRESS, 18, (3, 30)),
    (RequestStatus.DONE, 28, (15, 200)),
    (RequestStatus.CANCELLED, 6, (5, 120)),
]
#: How many of the finished requests lead to a complaint.
COMPLAINTS = 4


class DemoRequests:
    """About 60 service requests, each taken through the services up to today."""

    def __init__(self, demo: Demo, cases: DemoCases) -> None:
        self.demo = demo
        self.rng = demo.rng
        self.cases = cases
        self.complained = 0

    def create(self) -> list[Arrival]:
        """Make the requests in date order; return the complaints some lead to, as arrivals on
        the day the individual said they were dissatisfied."""
        plans = [
            (status, self.demo.today - timedelta(days=self.rng.randint(*ages)))
            for status, count, ages in PLANS
            for _ in range(count)
        ]
        arrivals = []
        for status, received in sorted(plans, key=lambda plan: plan[1]):
            arrival = self.one(status, self.demo.calendar.roll_back(received))
            if arrival is not None:
                arrivals.append(arrival)
        return arrivals

    def one(self, status: str, received: date) -> Arrival | None:
        demo, rng = self.demo, self.rng
        area = demo.pick(demo.areas)
        category, text, note, response = rng.choice(REQUESTS[area.name])
        first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
        handler = demo.staff[rng.choice(["handler", "handler", "manager"])]
        actor = demo.staff["handler"]
        request = service_request_record(
            actor=actor,
            service_area=area,
            channel=demo.pick([(Channel.WEB, 5), (Channel.PHONE, 4), (Channel.EMAIL, 3)]),
            received=received,
            name=f"{first} {last}",
            description=text,
            today=demo.today,
            email=f"{first}.{last}@example.net".lower() if rng.random() < 0.7 else "",
            address=f"{rng.randint(1, 180)} {rng.choice(STREETS)}, Riverside",
            category=category,
            handler=handler if status != RequestStatus.OPEN and rng.random() < 0.5 else None,
            target_date=received + timedelta(days=rng.randint(10, 28)),
        )
        demo.count("service requests")
        if status == RequestStatus.OPEN:
            return None
        if status == RequestStatus.CANCELLED:
            service_request_cancel(
                actor=actor, service_request=request, reason=rng.choice(CANCELLED)
            )
            return None
        started = min(demo.on(received, 0, 3), demo.today)
        if request.handler_id is None:
            request = service_request_assign(actor=actor, service_request=request, handler=handler)
        service_request_update(actor=handler, service_request=request, note=note)
        if status == RequestStatus.IN_PROGRESS:
            # Reviewed regularly: some reviews are coming up, a few have slipped.
            review_by = demo.today + timedelta(days=rng.randint(-4, 14))
            service_request_review(
                actor=handler, service_request=request, review_by=max(review_by, received)
            )
            return None
        responded = min(demo.on(started, 2, 12), demo.today)
        request = service_request_respond(
            actor=handler, service_request=request, response=response, responded_on=responded
        )
        service_request_complete(actor=handler, service_request=request, completed_on=responded)
        dissatisfied = demo.on(responded, 2, 10)
        if self.complained < COMPLAINTS and dissatisfied <= demo.today and rng.random() < 0.3:
            self.complained += 1
            return dissatisfied, self._complain(request)
        return None

    def _complain(self, request: ServiceRequest) -> Callable[[date], None]:
        def make(day: date) -> None:
            complaint = service_request_complain(
                actor=self.demo.staff["handler"],
                service_request=request,
                dissatisfied_on=day,
                description=self.rng.choice(DISSATISFIED),
                today=self.demo.today,
                outcome_sought="I want it done properly this time.",
            )
            self.demo.count("complaints")
            self.demo.count("complaints from service requests")
            self.cases.follow(complaint)

        return make
