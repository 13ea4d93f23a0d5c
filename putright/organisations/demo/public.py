"""Residents who used the web form this week and asked for a reasonable adjustment, which waits
for staff to agree it (or not): a complaint and a service request, sent through the same service
as the public pages, with the resident as the actor."""

from __future__ import annotations

from putright.organisations.demo.base import Demo
from putright.public.services import Submission, public_submission_send

#: (kind, service area, name, email, what happened, what would put it right, adjustment asked for)
WEB_FORM = [
    (
        "complaint",
        "Housing",
        "Morgan Ellis",
        "morgan.ellis@example.org",
        "The repair to the bathroom extractor fan was booked three times and nobody came. Mould "
        "is growing on the ceiling again.",
        "Fix the fan, treat the mould and tell me the date beforehand.",
        "I am deaf: please contact me by email or text, not by phone.",
    ),
    (
        "service_request",
        "Waste and recycling",
        "Sam Okafor",
        "sam.okafor@example.org",
        "I use a wheelchair and cannot get the bins to the kerb. Can the crew collect them from "
        "beside the front door?",
        "",
        "Letters in large print, please: I have low vision.",
    ),
]


class DemoPublic:
    def __init__(self, demo: Demo) -> None:
        self.demo = demo

    def create(self) -> None:
        demo = self.demo
        sent_on = demo.ago(2)
        for kind, area, name, email, what, put_right, adjustment in WEB_FORM:
            public_submission_send(
                organisation=demo.organisation,
                submission=Submission(
                    kind=kind,
                    service_area=demo.area(area),
                    what_happened=what,
                    put_right=put_right,
                    name=name,
                    contact_method="email",
                    email=email,
                    adjustments=adjustment,
                ),
                journey=f"demo-{kind}",
                today=sent_on,
            )
            demo.count("complaints" if kind == "complaint" else "service requests")
            demo.count("individuals")
            demo.count("adjustment requests")
