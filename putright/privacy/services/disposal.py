"""Disposal under the retention schedule: what is due, and the run that anonymises it.

A complaint is due once its rule's months have passed since it closed (closed, not accepted or
withdrawn); a service request once they have passed since it was done or cancelled. Nothing is
due while it is still needed: a complaint with an Ombudsman referral awaiting decision, an
outstanding action still open or a remedy not yet finished; a service request while a complaint
raised from it is kept. A person is anonymised once none of their cases is kept (and a person
with no case at all once the complaints' default period has passed since their record last
changed).

A run commits in batches, each in its own transaction, and writes one destruction entry per thing
anonymised: its type, id and reference, the rule and the dates, never personal data. A run that
stops half-way leaves whole batches done and logged; running again finishes the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from putright.audit import services as audit
from putright.cases.models import (
    ActionStatus,
    CaseStatus,
    Complaint,
    OmbudsmanReferral,
    OutstandingAction,
    ReferralDecision,
    Remedy,
    RemedyStatus,
    RequestStatus,
    ServiceRequest,
    Stage,
)
from putright.organisations.models import Organisation, User
from putright.people.models import Individual
from putright.privacy.models import CaseType, DestructionEntry, DisposalRun
from putright.privacy.services.anonymise import (
    complaints_anonymise,
    individuals_anonymise,
    service_requests_anonymise,
)
from putright.privacy.services.retention import (
    DEFAULT_MONTHS,
    add_months,
    retention_schedule,
    rule_for,
)

FINAL_COMPLAINT = (CaseStatus.CLOSED, CaseStatus.EXCLUDED, CaseStatus.WITHDRAWN)
FINAL_REQUEST = (RequestStatus.DONE, RequestStatus.CANCELLED)
UNFINISHED_REMEDY = (RemedyStatus.OFFERED, RemedyStatus.ACCEPTED, RemedyStatus.IN_PROGRESS)
#: Cases anonymised in one transaction.
BATCH = 100
PERSON_RULE = "People with no case still kept"

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True, slots=True)
class DueCase:
    """A case due for anonymisation: which, when it closed, when it fell due, and the rule."""

    kind: str
    pk: int
    reference: str
    closed_on: date
    due_on: date
    rule: str


@dataclass
class Disposal:
    """What is due (a dry run) or what was done (a committed run, with its ``run``)."""

    organisation: Organisation
    as_of: date
    complaints: list[DueCase] = field(default_factory=list)
    service_requests: list[DueCase] = field(default_factory=list)
    individuals: list[int] = field(default_factory=list)
    run: DisposalRun | None = None

    @property
    def total(self) -> int:
        return len(self.complaints) + len(self.service_requests) + len(self.individuals)


def _on_hold() -> Q:
    """Complaints still needed however long ago they closed."""
    return (
        Q(
            Exists(
                OmbudsmanReferral.objects.filter(
                    complaint=OuterRef("pk"), decision=ReferralDecision.PENDING
                )
            )
        )
        | Q(
            Exists(
                OutstandingAction.objects.filter(complaint=OuterRef("pk"), status=ActionStatus.OPEN)
            )
        )
        | Q(Exists(Remedy.objects.filter(complaint=OuterRef("pk"), status__in=UNFINISHED_REMEDY)))
    )


def _final_outcomes(ids: Sequence[int]) -> dict[int, str]:
    """Each complaint's final outcome: that of its highest stage with one."""
    outcomes: dict[int, str] = {}
    for start in range(0, len(ids), 1000):
        rows = (
            Stage.objects.filter(complaint_id__in=ids[start : start + 1000])
            .exclude(outcome="")
            .order_by("complaint_id", "number")
            .values_list("complaint_id", "outcome")
        )
        outcomes.update(rows)
    return outcomes


def complaints_due(
    organisation: Organisation, *, today: date, only: Sequence[int] | None = None
) -> list[DueCase]:
    """The organisation's complaints due for anonymisation on ``today``, oldest first."""
    rules = retention_schedule(organisation)
    found = Complaint.objects.filter(
        organisation=organisation, anonymised__isnull=True, status__in=FINAL_COMPLAINT
    )
    if only is not None:
        found = found.filter(pk__in=only)
    else:
        # A month is at least 28 days: nothing closed after this can be due under any rule.
        cutoff = today - timedelta(days=28 * min(r.months for r in rules))
        found = found.filter(Q(closed_on__lte=cutoff) | Q(closed_on=None))
    rows = list(
        found.exclude(_on_hold())
        .order_by("closed_on", "pk")
        .values_list("pk", "reference", "status", "closed_on", "received")
    )
    outcomes = _final_outcomes([row[0] for row in rows])
    due = []
    for pk, reference, status, closed_on, received in rows:
        closed = closed_on or received
        rule = rule_for(rules, CaseType.COMPLAINT, state=status, outcome=outcomes.get(pk, ""))
        due_on = add_months(closed, rule.months)
        if due_on <= today:
            due.append(DueCase(CaseType.COMPLAINT, pk, reference, closed, due_on, rule.label))
    return due


def requests_due(
    organisation: Organisation,
    *,
    today: date,
    complaints: Iterable[int] = (),
    only: Sequence[int] | None = None,
) -> list[DueCase]:
    """The organisation's service requests due on ``today`` (given the complaints that are due
    with them: a request is kept while a complaint raised from it is kept)."""
    rules = retention_schedule(organisation)
    found = ServiceRequest.objects.filter(
        organisation=organisation, anonymised__isnull=True, status__in=FINAL_REQUEST
    )
    if only is not None:
        found = found.filter(pk__in=only)
    rows = list(
        found.order_by("completed_on", "pk").values_list(
            "pk", "reference", "status", "completed_on", "updated"
        )
    )
    going = set(complaints)
    kept_by = {
        (request_id, pk)
        for request_id, pk in Complaint.objects.filter(
            service_request_id__in=[row[0] for row in rows], anonymised__isnull=True
        ).values_list("service_request_id", "pk")
    }
    held = {request_id for request_id, pk in kept_by if pk not in going}
    due = []
    for pk, reference, status, completed_on, updated in rows:
        if pk in held:
            continue
        closed = completed_on or timezone.localdate(updated)
        rule = rule_for(rules, CaseType.SERVICE_REQUEST, state=status)
        due_on = add_months(closed, rule.months)
        if due_on <= today:
            due.append(DueCase(CaseType.SERVICE_REQUEST, pk, reference, closed, due_on, rule.label))
    return sorted(due, key=lambda d: (d.closed_on, d.pk))


def people_due(
    organisation: Organisation,
    *,
    today: date,
    complaints: Iterable[int],
    service_requests: Iterable[int],
) -> list[int]:
    """The people to anonymise once these cases are: none of their cases is kept any more."""
    going_c, going_r = set(complaints), set(service_requests)
    people = Individual.objects.filter(organisation=organisation, anonymised__isnull=True)
    linked = set(
        Complaint.objects.filter(pk__in=going_c, individual__isnull=False).values_list(
            "individual_id", flat=True
        )
    ) | set(
        ServiceRequest.objects.filter(pk__in=going_r, individual__isnull=False).values_list(
            "individual_id", flat=True
        )
    )
    kept_complaint = Complaint.objects.filter(individual=OuterRef("pk"), anonymised__isnull=True)
    kept_request = ServiceRequest.objects.filter(individual=OuterRef("pk"), anonymised__isnull=True)
    # Everyone whose cases were all anonymised before, and everyone with no case whose record has
    # not changed for the complaints' default period.
    left_over = people.exclude(Exists(kept_complaint)).exclude(Exists(kept_request))
    since = add_months(today, -DEFAULT_MONTHS[CaseType.COMPLAINT])
    stale = timezone.make_aware(datetime.combine(since, datetime.min.time()))
    no_case = Q(Exists(Complaint.objects.filter(individual=OuterRef("pk")))) | Q(
        Exists(ServiceRequest.objects.filter(individual=OuterRef("pk")))
    )
    due = set(left_over.filter(no_case | Q(updated__lte=stale)).values_list("pk", flat=True))
    candidates = sorted(linked)
    for start in range(0, len(candidates), 1000):
        chunk = candidates[start : start + 1000]
        kept = {
            individual
            for individual, pk in Complaint.objects.filter(
                individual_id__in=chunk, anonymised__isnull=True
            ).values_list("individual_id", "pk")
            if pk not in going_c
        } | {
            individual
            for individual, pk in ServiceRequest.objects.filter(
                individual_id__in=chunk, anonymised__isnull=True
            ).values_list("individual_id", "pk")
            if pk not in going_r
        }
        due |= set(people.filter(pk__in=set(chunk) - kept).values_list("pk", flat=True))
    return sorted(due)


def disposal_due(*, organisation: Organisation, today: date) -> Disposal:
    """Everything due for anonymisation on ``today``: the dry run. Nothing is written."""
    complaints = complaints_due(organisation, today=today)
    going = [c.pk for c in complaints]
    requests = requests_due(organisation, today=today, complaints=going)
    people = people_due(
        organisation,
        today=today,
        complaints=going,
        service_requests=[r.pk for r in requests],
    )
    return Disposal(organisation, today, complaints, requests, people)


# --- Writing ------------------------------------------------------------------------------------


def _entries(run: DisposalRun, cases: Iterable[DueCase], label: str) -> list[DestructionEntry]:
    return [
        DestructionEntry(
            run=run,
            organisation_id=run.organisation_id,
            object_type=label,
            object_id=str(case.pk),
            reference=case.reference,
            rule=case.rule,
            closed_on=case.closed_on,
            due_on=case.due_on,
        )
        for case in cases
    ]


def anonymise_cases(
    run: DisposalRun,
    *,
    complaints: Sequence[DueCase],
    service_requests: Sequence[DueCase],
    individuals: Sequence[int],
    person_rule: str,
    actor: User | None,
    progress: Progress | None = None,
) -> None:
    """Anonymise these cases and people in batches, logging each in the run's destruction log.

    Each batch locks its rows and skips any already anonymised, so two runs at once never do the
    same work twice.
    """
    total = len(complaints) + len(service_requests) + len(individuals)
    done = 0
    for kind, items, label in (
        (CaseType.COMPLAINT, complaints, "cases.complaint"),
        (CaseType.SERVICE_REQUEST, service_requests, "cases.servicerequest"),
    ):
        model = Complaint if kind == CaseType.COMPLAINT else ServiceRequest
        for start in range(0, len(items), BATCH):
            batch = {case.pk: case for case in items[start : start + BATCH]}
            with transaction.atomic():
                now = timezone.now()
                ids = list(
                    model.objects.select_for_update()
                    .filter(pk__in=batch, anonymised__isnull=True)
                    .order_by("pk")
                    .values_list("pk", flat=True)
                )
                if kind == CaseType.COMPLAINT:
                    destroyed = complaints_anonymise(ids, now=now)
                    run.complaints += len(ids)
                else:
                    destroyed = service_requests_anonymise(ids, now=now)
                    run.service_requests += len(ids)
                run.documents += destroyed
                DestructionEntry.objects.bulk_create(_entries(run, [batch[i] for i in ids], label))
                for pk in ids:
                    audit.record(
                        action="privacy.anonymise",
                        actor=actor,
                        actor_label=run.actor_label,
                        organisation=run.organisation,
                        target=model.objects.only("pk").get(pk=pk),
                        after={"run": run.pk, "rule": batch[pk].rule},
                    )
                run.save(update_fields=["complaints", "service_requests", "documents"])
            done += len(batch)
            if progress:
                progress(done, total, "cases")
    for start in range(0, len(individuals), BATCH):
        batch_ids = individuals[start : start + BATCH]
        with transaction.atomic():
            kept = Q(Exists(Complaint.objects.filter(individual=OuterRef("pk"), anonymised=None)))
            kept |= Q(
                Exists(ServiceRequest.objects.filter(individual=OuterRef("pk"), anonymised=None))
            )
            ids = list(
                Individual.objects.select_for_update()
                .filter(pk__in=batch_ids, anonymised__isnull=True)
                .exclude(kept)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            individuals_anonymise(ids, now=timezone.now())
            DestructionEntry.objects.bulk_create(
                DestructionEntry(
                    run=run,
                    organisation_id=run.organisation_id,
                    object_type="people.individual",
                    object_id=str(pk),
                    rule=person_rule,
                )
                for pk in ids
            )
            run.individuals += len(ids)
            run.save(update_fields=["individuals"])
        done += len(batch_ids)
        if progress:
            progress(done, total, "people")


def disposal_run(
    *,
    organisation: Organisation,
    today: date | None = None,
    commit: bool = False,
    actor_label: str = "putright dispose",
    progress: Progress | None = None,
) -> Disposal:
    """Apply the organisation's retention schedule on ``today``: list what is due, and with
    ``commit`` anonymise it and log each thing destroyed (UK GDPR Article 5(1)(e) and 17)."""
    today = today or timezone.localdate()
    found = disposal_due(organisation=organisation, today=today)
    if not commit or not found.total:
        return found
    run = DisposalRun.objects.create(
        organisation=organisation,
        kind=DisposalRun.Kind.SCHEDULE,
        actor_label=actor_label,
        as_of=today,
    )
    anonymise_cases(
        run,
        complaints=found.complaints,
        service_requests=found.service_requests,
        individuals=found.individuals,
        person_rule=PERSON_RULE,
        actor=None,
        progress=progress,
    )
    run.finished = timezone.now()
    run.save(update_fields=["finished"])
    audit.record(
        action="privacy.dispose",
        organisation=organisation,
        actor_label=actor_label,
        target=run,
        after={
            "as_of": today.isoformat(),
            "complaints": run.complaints,
            "service_requests": run.service_requests,
            "individuals": run.individuals,
            "documents": run.documents,
        },
    )
    found.run = run
    return found
