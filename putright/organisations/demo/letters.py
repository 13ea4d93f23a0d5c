"""A few letters on the demo's cases, drafted from each case and sent as a handler would send
them, and the council's letterhead."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from putright.cases.models import CaseStatus, Complaint
from putright.letters.services import letter_draft, letter_send
from putright.organisations.demo.base import Demo
from putright.organisations.services import organisation_letterhead_update

#: The letters written: (the state of the case, the letter, how many).
LETTERS = (
    (CaseStatus.ACKNOWLEDGED, "acknowledgement", 2),
    (CaseStatus.RESPONDED, "response", 2),
    (CaseStatus.EXCLUDED, "exclusion", 1),
)


class DemoLetters:
    def __init__(self, demo: Demo) -> None:
        self.demo = demo

    def create(self) -> None:
        organisation, lead = self.demo.organisation, self.demo.staff["lead"]
        organisation_letterhead_update(
            organisation=organisation,
            actor=lead,
            address="Riverside House\nMarket Street\nRiverside\nRV1 2AB",
            letter_sign_off="Complaints team",
        )
        handler = self.demo.staff["handler"]
        for status, kind, count in LETTERS:
            found = Complaint.objects.filter(
                organisation=organisation, status=status, stage=1, handler=handler
            ).order_by("received", "pk")
            sent = 0
            for complaint in found[: count * 3]:
                if sent == count:
                    break
                draft = letter_draft(complaint=complaint, kind=kind)
                try:
                    letter_send(
                        actor=handler,
                        complaint=complaint,
                        kind=kind,
                        subject=draft.subject,
                        parts=draft.parts,
                        token=f"demo-{kind}-{complaint.pk}",
                    )
                except ValidationError:
                    continue  # the case lacks a fact this letter needs: a handler would add it
                sent += 1
            self.demo.count("letters", sent)
