"""A complaint with a full record, made through the services, for the privacy tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from putright.cases.models import Complaint
from putright.cases.services import (
    complaint_close,
    extension_grant,
    stage_acknowledge,
    stage_respond,
)
from putright.cases.services.record import (
    clarification_answer,
    clarification_ask,
    correspondence_log,
    document_add,
)
from putright.cases.services.remedies import (
    outstanding_action_add,
    outstanding_action_complete,
    outstanding_action_update,
    remedy_offer,
    remedy_update_status,
)
from putright.organisations.models import User
from putright.people.models import Individual, Representative
from putright.people.services import adjustment_agree, individual_create, representative_add
from tests.factories import received_complaint
from tests.record_factories import PDF_BYTES, TEXT_BYTES, contents, housing, png_bytes, upload

DESCRIPTION = "My boiler broke. Mr Jones from repairs said Alice Smith would call but nobody did."


@dataclass
class Record:
    complaint: Complaint
    individual: Individual
    representative: Representative
    files: dict[str, bytes]


def full_complaint(actor: User, *, name: str = "Pat Example", closed: bool = True) -> Record:
    """A complaint received 3 March 2025 with every kind of record on it, closed 2 May 2025."""
    individual = individual_create(
        actor=actor, name=name, email="pat@example.net", phone="01632 960001", address="1 Mill Lane"
    )
    representative = representative_add(
        actor=actor,
        individual=individual,
        name="Sam Advocate",
        consent_given=True,
        consent_date=date(2025, 3, 1),
        consent_evidence="Signed form",
        today=date(2025, 3, 3),
    )
    adjustment_agree(
        actor=actor,
        individual=individual,
        description="Calls only after 4pm, large print letters",
        agreed_on=date(2025, 3, 3),
        review_by=date(2025, 9, 1),
        today=date(2025, 3, 3),
    )
    complaint = received_complaint(
        actor,
        service_area=housing(actor),
        received=date(2025, 3, 3),
        name=name,
        email="pat@example.net",
        description=DESCRIPTION,
        outcome_sought="Fix the boiler and apologise.",
        category="Repairs",
        handler=actor,
        individual=individual,
        representative=representative,
    )
    files = {"letter.pdf": PDF_BYTES, "photo.png": png_bytes(), "notes.txt": TEXT_BYTES}
    correspondence_log(
        actor=actor,
        complaint=complaint,
        direction="in",
        channel="letter",
        date=date(2025, 3, 3),
        summary="The complaint letter",
        body="Dear Sir, the boiler is broken. Sam Advocate helped me write this.",
        files=[
            upload("letter.pdf", PDF_BYTES),
            upload("photo.png", files["photo.png"], "image/png"),
        ],
    )
    document_add(
        actor=actor,
        complaint=complaint,
        file=upload("notes.txt", TEXT_BYTES, "text/plain"),
        description="Call notes",
    )
    clarification = clarification_ask(
        actor=actor, complaint=complaint, question="When did it break?", asked_on=date(2025, 3, 4)
    )
    clarification_answer(
        actor=actor, clarification=clarification, answer="On 1 March.", answered_on=date(2025, 3, 5)
    )
    complaint = stage_acknowledge(
        actor=actor,
        complaint=complaint,
        acknowledged=date(2025, 3, 5),
        definition="The boiler repair was late.",
    )
    extension_grant(
        actor=actor,
        complaint=complaint,
        days=5,
        reason="We need the engineer's report.",
        ombudsman_details_given=True,
        granted_on=date(2025, 3, 14),
    )
    complaint.refresh_from_db()
    complaint = stage_respond(
        actor=actor,
        complaint=complaint,
        responded=date(2025, 3, 24),
        outcome="upheld",
        decision="Upheld: the repair was late.",
        reasons="The engineer missed two appointments.",
        contents=contents(1),
    )
    remedy = remedy_offer(
        actor=actor,
        complaint=complaint,
        kind="financial",
        description="£75 for the time without heating.",
        amount=Decimal("75.00"),
        due=date(2025, 3, 31),
    )
    remedy_update_status(
        actor=actor, remedy=remedy, status="completed", completed_on=date(2025, 3, 28)
    )
    action = outstanding_action_add(
        actor=actor,
        complaint=complaint,
        description="Service the boiler",
        owner=actor,
        due=date(2025, 4, 30),
    )
    outstanding_action_update(
        actor=actor, action=action, note="Booked for April.", individual_told_on=date(2025, 3, 26)
    )
    outstanding_action_complete(actor=actor, action=action, completed_on=date(2025, 4, 20))
    if closed:
        complaint.refresh_from_db()
        complaint = complaint_close(actor=actor, complaint=complaint, closed=date(2025, 5, 2))
    return Record(complaint, individual, representative, files)
