"""A small housing association's complaints, made through the case services, whose figures for
1 April to 30 June 2025 are worked out by hand in ``test_figures.py``.

Every case is under the HOS Code (hos-2024) in England: acknowledge within 5 working days of
receipt (6.2); respond at stage 1 within 10 working days of the acknowledgement, or of its deadline
if that is earlier (6.3), with extensions of up to 10 working days (6.4); at stage 2 acknowledge
within 5 working days of the escalation request (6.11) and respond within 20 working days of the
acknowledgement (6.15), with extensions of up to 20 (6.16). Bank holidays in the period: Good
Friday 18 April, Easter Monday 21 April, 5 May and 26 May 2025.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from putright.cases.models import Channel, Complaint, Extension
from putright.cases.services import (
    complaint_escalate,
    complaint_exclude,
    extension_grant,
    stage_acknowledge,
    stage_respond,
)
from putright.cases.services.remedies import remedy_offer
from putright.cases.services.requests import service_request_record
from putright.organisations.models import ServiceArea, User
from putright.policy import get_profile
from putright.rules.contents import required_contents
from tests.factories import ServiceAreaFactory, received_complaint

TODAY = date(2025, 9, 1)
START, END = date(2025, 4, 1), date(2025, 6, 30)
DEFINITION = "The repair was not done; the resident wants it done and an apology."


def receive(handler: User, area: ServiceArea, reference: str, received: date) -> Complaint:
    return received_complaint(
        handler, service_area=area, reference=reference, received=received, today=TODAY
    )


def acknowledge(
    actor: User, complaint: Complaint, day: date, handler: User | None = None
) -> Complaint:
    return stage_acknowledge(
        actor=actor, complaint=complaint, acknowledged=day, definition=DEFINITION, handler=handler
    )


def extend(actor: User, complaint: Complaint, days: int, on: date, *, reason: bool) -> Complaint:
    """Extend the current stage. The services always ask for a reason; a case brought in from a
    legacy system may have none, so ``reason=False`` blanks it afterwards, as such cases are."""
    extension = extension_grant(
        actor=actor,
        complaint=complaint,
        days=days,
        reason="We need a contractor's report first.",
        ombudsman_details_given=True,
        granted_on=on,
    )
    if not reason:
        Extension.objects.filter(pk=extension.pk).update(reason="")
    complaint.refresh_from_db()
    return complaint


def respond(actor: User, complaint: Complaint, day: date, outcome: str) -> Complaint:
    return stage_respond(
        actor=actor,
        complaint=complaint,
        responded=day,
        outcome=outcome,
        decision="Our decision.",
        reasons="Our reasons.",
        contents=[
            item.key for item in required_contents(get_profile(complaint.profile), complaint.stage)
        ],
    )


def escalate(actor: User, complaint: Complaint, requested: date) -> Complaint:
    return complaint_escalate(actor=actor, complaint=complaint, requested=requested)


def pounds(actor: User, complaint: Complaint, amount: str) -> None:
    remedy_offer(
        actor=actor,
        complaint=complaint,
        kind="financial",
        description="A payment for the missed appointments.",
        due=date(2025, 8, 1),
        amount=Decimal(amount),
    )


def small_organisation(handler: User, manager: User) -> dict[str, Complaint]:
    """The cases, by name. ``handler`` handles stage 1, ``manager`` stage 2 (HOS 6.14)."""
    area = ServiceAreaFactory(organisation=handler.organisation, name="Repairs", profile="hos-2024")
    c: dict[str, Complaint] = {}

    # C1: received Tue 1 Apr; acknowledge by Tue 8 Apr, acknowledged Thu 3 Apr (on time);
    # respond by 10 WD from 3 Apr = Thu 17 Apr, responded Tue 15 Apr (on time), upheld.
    # £150.00 offered. Escalated Tue 22 Apr: acknowledge by Tue 29 Apr, acknowledged Wed 30 Apr
    # (late); respond by 20 WD from the earlier 29 Apr (26 May a holiday) = Thu 29 May, responded
    # Fri 30 May (late), upheld.
    c1 = receive(handler, area, "C1", date(2025, 4, 1))
    c1 = acknowledge(handler, c1, date(2025, 4, 3))
    c1 = respond(handler, c1, date(2025, 4, 15), "upheld")
    pounds(handler, c1, "150.00")
    remedy_offer(actor=handler, complaint=c1, kind="apology", description="We are sorry.")
    c1 = escalate(handler, c1, date(2025, 4, 22))
    c1 = acknowledge(manager, c1, date(2025, 4, 30), handler=manager)
    c["C1"] = respond(manager, c1, date(2025, 5, 30), "upheld")

    # C2: received Wed 2 Apr; acknowledge by Wed 9 Apr, acknowledged Fri 11 Apr (late); respond
    # by 10 WD from the earlier 9 Apr, over Easter = Fri 25 Apr; responded Fri 2 May (late).
    c2 = receive(handler, area, "C2", date(2025, 4, 2))
    c2 = acknowledge(handler, c2, date(2025, 4, 11))
    c["C2"] = respond(handler, c2, date(2025, 5, 2), "not_upheld")

    # C3: received Mon 7 Apr, acknowledged the same day (by Mon 14 Apr: on time); respond by
    # Wed 23 Apr; extended 5 WD (within the limit of 10) with no reason recorded, to Wed 30 Apr;
    # responded Tue 29 Apr: on time only with the extension. Upheld.
    c3 = receive(handler, area, "C3", date(2025, 4, 7))
    c3 = acknowledge(handler, c3, date(2025, 4, 7))
    c3 = extend(handler, c3, 5, date(2025, 4, 15), reason=False)
    c["C3"] = respond(handler, c3, date(2025, 4, 29), "upheld")

    # C4: received Tue 8 Apr, acknowledged the same day (by Tue 15 Apr: on time); respond by
    # Thu 24 Apr; extended 12 WD (over the limit) with a reason, to Tue 13 May (5 May a
    # holiday); responded Mon 12 May: on time only with the extension. Not upheld.
    c4 = receive(handler, area, "C4", date(2025, 4, 8))
    c4 = acknowledge(handler, c4, date(2025, 4, 8))
    c4 = extend(handler, c4, 12, date(2025, 4, 10), reason=True)
    c["C4"] = respond(handler, c4, date(2025, 5, 12), "not_upheld")

    # C5: received Wed 9 Apr, acknowledged the same day (by Wed 16 Apr: on time); respond by
    # Fri 25 Apr; extended 12 WD (over the limit) and no reason recorded, so the extension does
    # not count; responded Mon 12 May: late either way. Upheld.
    c5 = receive(handler, area, "C5", date(2025, 4, 9))
    c5 = acknowledge(handler, c5, date(2025, 4, 9))
    c5 = extend(handler, c5, 12, date(2025, 4, 11), reason=False)
    c["C5"] = respond(handler, c5, date(2025, 5, 12), "upheld")

    # C6: received Mon 3 Mar (before the period), acknowledged Tue 4 Mar, responded Fri 14 Mar
    # (by Tue 18 Mar); £25.50 offered (not counted: received before the period). Escalated Tue
    # 1 Apr: acknowledge by Tue 8 Apr, acknowledged Wed 2 Apr (on time); respond by 20 WD from
    # 2 Apr, over Easter = Fri 2 May; responded Wed 30 Apr (on time), not upheld.
    c6 = receive(handler, area, "C6", date(2025, 3, 3))
    c6 = acknowledge(handler, c6, date(2025, 3, 4))
    c6 = respond(handler, c6, date(2025, 3, 14), "upheld")
    pounds(handler, c6, "25.50")
    c6 = escalate(handler, c6, date(2025, 4, 1))
    c6 = acknowledge(manager, c6, date(2025, 4, 2), handler=manager)
    c["C6"] = respond(manager, c6, date(2025, 4, 30), "not_upheld")

    # C7: received Thu 10 Apr and not accepted on Fri 11 Apr.
    c["C7"] = complaint_exclude(
        actor=handler,
        complaint=receive(handler, area, "C7", date(2025, 4, 10)),
        reason="Made more than 12 months after the issue",
        evidence="The issue was in 2022 and nothing explains the delay.",
        ombudsman_details_given=True,
        decided=date(2025, 4, 11),
    )

    # C8: received Tue 1 Jul and acknowledged Wed 2 Jul: after the period.
    c["C8"] = acknowledge(handler, receive(handler, area, "C8", date(2025, 7, 1)), date(2025, 7, 2))

    # C9: received Mon 2 Jun, not yet acknowledged; £100.25 offered.
    c["C9"] = receive(handler, area, "C9", date(2025, 6, 2))
    pounds(handler, c["C9"], "100.25")

    # C10: received Mon 24 Mar and acknowledged Tue 25 Mar (before the period); respond by 10 WD
    # from 25 Mar = Tue 8 Apr; responded Tue 1 Apr (in the period, on time), upheld.
    c10 = receive(handler, area, "C10", date(2025, 3, 24))
    c10 = acknowledge(handler, c10, date(2025, 3, 25))
    c["C10"] = respond(handler, c10, date(2025, 4, 1), "upheld")

    # Service requests: one received in the period, one before it.
    for received in (date(2025, 3, 28), date(2025, 5, 5)):
        service_request_record(
            actor=handler,
            service_area=area,
            channel=Channel.PHONE,
            received=received,
            name="Sam Example",
            description="The gutter is blocked.",
            today=TODAY,
        )
    return c
