"""The full record of the demo complaints: correspondence in and out, questions asked to understand
a complaint, updates agreed on late cases, and issues raised while a complaint was open."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import QuerySet

from putright.cases.models import AdditionalIssue, Channel, Complaint, Direction, Stage
from putright.cases.selectors import complaints_for
from putright.cases.services.record import (
    additional_issue_record,
    clarification_answer,
    clarification_ask,
    correspondence_log,
    keep_informed_agree,
    keep_informed_update_sent,
)
from putright.organisations.demo.base import Demo
from putright.organisations.models import User

#: How a complaint that came in on each channel is noted in the record.
RECEIVED = {
    Channel.WEB: "Complaint form submitted on the website",
    Channel.EMAIL: "Complaint received by email",
    Channel.PHONE: "Phone call: complaint made to the contact centre",
    Channel.LETTER: "Letter of complaint received",
    Channel.IN_PERSON: "Complaint made at the customer service centre",
    Channel.SOCIAL_MEDIA: "Complaint made by direct message on social media",
}
CHASERS = [
    "Phone call asking when the response will be sent",
    "Email with photos of the problem",
    "Email asking for an update",
]
QUESTIONS = [
    (
        "Which dates were the appointments that nobody attended?",
        "The 3rd and 17th of last month, and last Tuesday.",
    ),
    (
        "Is the outcome you want a refund, or the service put right, or both?",
        "Both: the service sorted and the fee refunded.",
    ),
    ("Can we visit to see the problem? Which days suit you?", "Any weekday morning."),
    ("Do you have the letter you mention from March? Please send a copy.", ""),
]


class DemoRecord:
    """Correspondence on a good share of cases, clarifications, keep-informed agreements and
    additional issues, each through the services."""

    def __init__(self, demo: Demo) -> None:
        self.demo = demo
        self.rng = demo.rng

    def complaints(self) -> QuerySet[Complaint]:
        return (
            complaints_for(self.demo.staff["handler"])
            .select_related("representative")
            .prefetch_related("stages")
            .order_by("received", "pk")
        )

    def create(self) -> None:
        for complaint in self.complaints():
            if self.rng.random() < 0.45:
                self.correspondence(complaint)
        self.clarifications()
        self.keep_informed()
        self.additional_issues()

    def _log(
        self, actor: User, complaint: Complaint, direction: str, channel: str, day: date, text: str
    ) -> None:
        party = complaint.representative.name if complaint.representative else ""
        correspondence_log(
            actor=actor,
            complaint=complaint,
            direction=direction,
            channel=channel,
            date=day,
            summary=text,
            party=party,
        )
        self.demo.count("correspondence")

    def correspondence(self, complaint: Complaint) -> None:
        demo, rng = self.demo, self.rng
        handler = complaint.handler or demo.staff["handler"]
        out = Channel.EMAIL if complaint.email else Channel.LETTER
        self._log(
            handler,
            complaint,
            Direction.IN,
            complaint.channel,
            complaint.received,
            RECEIVED.get(complaint.channel, "Complaint received"),
        )
        for stage in complaint.stages.all():
            number = stage.number
            if stage.acknowledged:
                self._log(
                    handler,
                    complaint,
                    Direction.OUT,
                    out,
                    stage.acknowledged,
                    f"Stage {number} acknowledgement, with our understanding of the complaint",
                )
                chased = demo.on(stage.acknowledged, 2, 9)
                if rng.random() < 0.3 and chased <= (stage.responded or demo.today):
                    text = rng.choice(CHASERS)
                    channel = Channel.PHONE if text.startswith("Phone") else out
                    self._log(handler, complaint, Direction.IN, channel, chased, text)
            if stage.responded:
                self._log(
                    stage.handler or handler,
                    complaint,
                    Direction.OUT,
                    out,
                    stage.responded,
                    f"Stage {number} response sent",
                )

    def _open(self, status: str) -> QuerySet[Complaint]:
        return self.complaints().filter(status=status, stage=1)

    def clarifications(self) -> None:
        """Questions put to the individual to understand the complaint, most answered."""
        demo = self.demo
        # Cases acknowledged at least a week ago, so most questions have had an answer.
        asked_on = self._open("acknowledged").filter(
            handler=demo.staff["handler"],
            stages__number=1,
            stages__acknowledged__lte=demo.today - timedelta(days=7),
        )
        for complaint, (question, answer) in zip(asked_on.reverse()[:4], QUESTIONS, strict=False):
            stage = complaint.stages.get(number=1)
            asked = min(demo.on(stage.acknowledged or stage.received, 0, 2), demo.today)
            clarification = clarification_ask(
                actor=demo.staff["handler"], complaint=complaint, question=question, asked_on=asked
            )
            answered = demo.on(asked, 1, 4)
            if answer and answered <= demo.today:
                clarification_answer(
                    actor=demo.staff["handler"],
                    clarification=clarification,
                    answer=answer,
                    answered_on=answered,
                )
            demo.count("clarifications")

    def keep_informed(self) -> None:
        """On complaints whose response is late, an interval for updates agreed with the
        individual, and an update sent when one fell due."""
        demo = self.demo
        late = self.complaints().filter(status="acknowledged", next_due__lt=demo.today)
        for complaint in late[:6]:
            if complaint.next_due is None:
                continue
            agreed = min(demo.calendar.add(complaint.next_due, 1), demo.today)
            agreement = keep_informed_agree(
                actor=complaint.handler or demo.staff["handler"],
                complaint=complaint,
                interval_days=5,
                agreed_on=agreed,
                note="Agreed by phone: a short update every week until the response is sent.",
            )
            demo.count("keep-informed agreements")
            if agreement.next_update_by <= demo.today:
                keep_informed_update_sent(
                    actor=complaint.handler or demo.staff["handler"],
                    complaint=complaint,
                    sent_on=agreement.next_update_by,
                    channel=Channel.EMAIL if complaint.email else Channel.PHONE,
                    summary="Update: still waiting for the contractor's report.",
                )

    def additional_issues(self) -> None:
        """One issue added to an open stage 1 complaint; one unrelated issue logged as a new
        complaint linked to the closed one it was raised on (draft 6.9)."""
        demo = self.demo
        handler = demo.staff["handler"]
        folded = (
            self._open("acknowledged").filter(handler=handler, service_area__name="Housing").first()
        )
        if folded is not None:
            stage: Stage = folded.stages.get(number=1)
            raised = min(demo.on(stage.acknowledged or stage.received, 1, 4), demo.today)
            additional_issue_record(
                actor=handler,
                complaint=folded,
                received=raised,
                description="Since I complained, a second appointment was missed and nobody let "
                "me know it was cancelled.",
                handling=AdditionalIssue.Handling.FOLDED,
                channel=Channel.EMAIL,
            )
            demo.count("additional issues")
        closed = (
            self.complaints()
            .filter(status="closed", service_area__name="Waste and recycling")
            .last()
        )
        if closed is not None:
            additional_issue_record(
                actor=handler,
                complaint=closed,
                received=demo.today,
                description="I also want to complain that my garden waste subscription was "
                "taken from my account twice this year.",
                handling=AdditionalIssue.Handling.NEW_COMPLAINT,
                reason="Not about the missed collections complained about but about a payment: "
                "logged as its own complaint so it gets its own response.",
                channel=Channel.EMAIL,
            )
            demo.count("additional issues")
            demo.count("complaints")
