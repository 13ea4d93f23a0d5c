"""The demo council's mail in: a few emails waiting for triage, a reply that found its case by
its reference, and an automatic reply set aside, all read through the same service as a real
mailbox's (there is no mail server in the demo)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from email.message import EmailMessage

from putright.cases.models import Complaint
from putright.cases.models.complaints import OPEN_STATUSES
from putright.inbound.services import message_receive
from putright.organisations.demo.base import Demo

WAITING = [
    (
        "Jordan Ellis",
        "jordan.ellis@example.net",
        "Bins not collected again",
        "Our recycling has not been collected for three weeks now. I have reported it twice "
        "online and nothing has happened. I would like to know when it will be collected and "
        "why the reports were ignored.",
        1,
    ),
    (
        "Priya Natarajan",
        "priya.n@example.org",
        "Streetlight out on Mill Lane",
        "The streetlight outside number 14 Mill Lane has been out since last week. Please can "
        "someone fix it, it is very dark walking home.",
        0,
    ),
    (
        "",
        "offers@bulk-mailer.example",
        "Boost your council's reach",
        "Special offer on leaflet printing this month only.",
        2,
    ),
]


def _message(
    demo: Demo, name: str, address: str, subject: str, text: str, number: int, **headers: str
) -> EmailMessage:
    made = EmailMessage()
    made["From"] = f"{name} <{address}>" if name else address
    made["To"] = f"complaints@{demo.organisation.slug}.example"
    made["Subject"] = subject
    made["Message-ID"] = f"<demo-{number}@mail-in.example>"
    for header, value in headers.items():
        made[header] = value
    made.set_content(text)
    return made


class DemoMailIn:
    def __init__(self, demo: Demo) -> None:
        self.demo = demo

    def _receive(self, made: EmailMessage, days_ago: int) -> None:
        day = self.demo.today - timedelta(days=days_ago)
        arrived = datetime.combine(day, time(9, 30), tzinfo=UTC)
        _, created = message_receive(
            organisation=self.demo.organisation, raw=made.as_bytes(), arrived=arrived
        )
        self.demo.count("emails read from the mailbox", int(created))

    def create(self) -> None:
        demo = self.demo
        for number, (name, address, subject, text, days_ago) in enumerate(WAITING, start=1):
            self._receive(_message(demo, name, address, subject, text, number), days_ago)
        open_case = (
            Complaint.objects.filter(organisation=demo.organisation, status__in=OPEN_STATUSES)
            .exclude(email="")
            .order_by("received", "pk")
            .first()
        )
        if open_case is not None:
            reply = _message(
                demo,
                open_case.name,
                open_case.email,
                f"Re: your complaint {open_case.reference}",
                "Thank you for your letter. The problem is still happening; I can send photos "
                "if that helps.",
                len(WAITING) + 1,
            )
            self._receive(reply, 0)
            away = _message(
                demo,
                open_case.name,
                open_case.email,
                f"Automatic reply: {open_case.reference}",
                "I am away until Monday and will reply when I am back.",
                len(WAITING) + 2,
                **{"Auto-Submitted": "auto-replied"},
            )
            self._receive(away, 0)
