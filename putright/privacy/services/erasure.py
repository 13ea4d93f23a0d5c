"""Erasing one individual on request, where the law allows it (UK GDPR Article 17).

A manager or senior lead decides that the right to erasure applies (no legal obligation, claim or
Ombudsman investigation needs the record), records why, and the individual's cases and record go
through the same anonymisation as the retention schedule: the figures stay right. It is refused
while any of their cases is still open or still needed (an Ombudsman referral awaiting decision,
an open outstanding action, a remedy not yet finished), because the record is then still needed.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from putright.audit import services as audit
from putright.cases.models import OPEN_STATUSES, Complaint, ServiceRequest
from putright.organisations.models import User
from putright.people.models import Individual
from putright.privacy.models import CaseType, DisposalRun
from putright.privacy.services.common import PrivacyInputError, require_privacy_manager
from putright.privacy.services.disposal import FINAL_REQUEST, DueCase, _on_hold, anonymise_cases

ERASURE_RULE = "Erasure on request (UK GDPR Article 17)"


def erasure_blockers(individual: Individual) -> list[str]:
    """Why the individual cannot be erased now: each case still open or still needed."""
    complaints = Complaint.objects.filter(individual=individual, anonymised__isnull=True)
    reasons = [
        f"{c.reference} is still open ({c.get_status_display().lower()})."
        for c in complaints.filter(status__in=OPEN_STATUSES).order_by("reference")
    ]
    reasons += [
        f"{c.reference} is still needed: an Ombudsman referral, an outstanding action or a "
        "remedy on it is not finished."
        for c in complaints.exclude(status__in=OPEN_STATUSES).filter(_on_hold()).order_by("pk")
    ]
    reasons += [
        f"{r.reference} is still open ({r.get_status_display().lower()})."
        for r in ServiceRequest.objects.filter(individual=individual, anonymised__isnull=True)
        .exclude(status__in=FINAL_REQUEST)
        .order_by("reference")
    ]
    return reasons


def individual_erase(
    *, actor: User, individual: Individual, reason: str, today: date | None = None
) -> DisposalRun:
    """Erase the individual: anonymise every case of theirs and their record, recording who did
    it, when and why (UK GDPR Article 17, with the Article 17(3) exceptions left to the manager's
    recorded judgement). Refused while a case is open or still needed."""
    require_privacy_manager(actor, individual.organisation_id, what="erase an individual")
    reason = reason.strip()
    if not reason:
        raise PrivacyInputError(
            "Give the reason: why the law allows this individual's data to be erased.",
            field="reason",
        )
    if individual.anonymised is not None:
        raise PrivacyInputError("This individual's record has already been anonymised.")
    blockers = erasure_blockers(individual)
    if blockers:
        raise PrivacyInputError("They cannot be erased yet: " + " ".join(blockers))
    today = today or timezone.localdate()
    complaints = Complaint.objects.filter(individual=individual, anonymised__isnull=True)
    requests = ServiceRequest.objects.filter(individual=individual, anonymised__isnull=True)
    run = DisposalRun.objects.create(
        organisation_id=individual.organisation_id,
        kind=DisposalRun.Kind.ERASURE,
        actor=actor,
        actor_label=actor.get_username(),
        reason=reason,
        as_of=today,
    )

    def due(kind: str, pk: int, reference: str, closed: date | None) -> DueCase:
        return DueCase(kind, pk, reference, closed or today, today, ERASURE_RULE)

    anonymise_cases(
        run,
        complaints=[
            due(CaseType.COMPLAINT, c.pk, c.reference, c.closed_on)
            for c in complaints.order_by("pk")
        ],
        service_requests=[
            due(CaseType.SERVICE_REQUEST, r.pk, r.reference, r.completed_on)
            for r in requests.order_by("pk")
        ],
        individuals=[individual.pk],
        person_rule=ERASURE_RULE,
        actor=actor,
    )
    run.finished = timezone.now()
    run.save(update_fields=["finished"])
    audit.record(
        action="privacy.erase",
        actor=actor,
        target=individual,
        after={
            "run": run.pk,
            "complaints": run.complaints,
            "service_requests": run.service_requests,
            "documents": run.documents,
            "reason": "(withheld)",
        },
    )
    return run
