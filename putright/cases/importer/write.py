"""Writing a checked file of cases: every new case in one transaction, in batches.

Complaints get their stages with the deadlines the Code engine gives (``putright.rules.bulk``, the
same dates the case services store one case at a time), their extensions and any financial
remedy; service requests are recorded open. A reference the organisation already has is skipped,
so importing the same file twice creates nothing the second time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from django.db import transaction

from putright.audit import services as audit
from putright.cases.importer.parse import (
    CaseRow,
    ImportContext,
    ImportRejected,
    Progress,
    RowError,
    read_cases,
)
from putright.cases.models import (
    CaseStatus,
    Complaint,
    Extension,
    Remedy,
    RemedyKind,
    RemedyStatus,
    ServiceRequest,
    Stage,
)
from putright.cases.services.common import _calendar, _next_due
from putright.organisations.models import Organisation, ServiceArea, User
from putright.organisations.permissions import require_case_writer
from putright.organisations.selectors import outcome_choices
from putright.organisations.services import service_area_create
from putright.policy import Profile, load_profiles
from putright.rules.bulk import NO_DATE, bulk_stage_deadlines
from putright.rules.calendar import WorkingCalendar

#: Cases written per round of INSERT statements.
BATCH_SIZE = 2_000
#: What an imported case has where the legacy file says nothing (the name, the description).
NOT_RECORDED = "Not recorded (imported)"
KIND_NAMES = {"complaint": "complaint", "service_request": "service request"}


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import wrote, and what the organisation should look at."""

    complaints: int
    service_requests: int
    already_imported: int
    extensions_over_limit_without_reason: int
    service_areas_created: tuple[str, ...]


def import_context(*, organisation: Organisation, today: date) -> ImportContext:
    """What the file's rows are checked against: the organisation's service areas and their Code
    profiles, and the outcomes each profile allows it (the Code's, or its own list where the Code
    leaves the list to it)."""
    profiles = load_profiles()
    areas = ServiceArea.objects.filter(organisation=organisation).values_list("name", "profile")
    return ImportContext(
        today=today,
        default_profile=organisation.default_profile,
        area_profiles={name.casefold(): profile for name, profile in areas},
        profiles=profiles,
        outcomes={
            pid: outcome_choices(organisation_id=organisation.pk, profile=profile).keys
            for pid, profile in profiles.items()
        },
    )


def cases_import(
    *,
    organisation: Organisation,
    lines: Iterable[str],
    file_name: str,
    today: date,
    actor: User | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import the complaints and service requests of a legacy system, all or nothing.

    A full record is kept of each complaint and the outcome at each stage (draft 5.10), and
    service requests are recorded apart from complaints (e.g. HOS 1.4, LGSCO 1.4). Every row is
    checked before anything is written (``ImportRejected`` names every bad row); then, in one
    transaction, each new case is written with its stages, the deadlines its service area's Code
    profile gives (e.g. HOS 6.2 and 6.3) and its extensions; an extension beyond the Code's limit
    without a recorded reason is kept but counted (e.g. HOS 6.4). A service area named for the
    first time is created under the organisation's default profile. One audit event records the
    import. ``actor`` is None on the command line; otherwise a case writer of the organisation.
    """
    if actor is not None:
        require_case_writer(actor, organisation.pk, what="cases")
    context = import_context(organisation=organisation, today=today)
    rows = read_cases(lines, context, progress=progress)
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        new, skipped = _new_rows(organisation, rows)
        areas, created = _service_areas(organisation, new)
        calendar = _calendar(organisation)
        complaints = requests = over = 0
        for start in range(0, len(new), BATCH_SIZE):
            batch = new[start : start + BATCH_SIZE]
            requests += _write_requests(organisation, batch, areas)
            written, flagged = _write_complaints(organisation, batch, areas, calendar)
            complaints += written
            over += flagged
            if progress is not None:
                progress("written", start + len(batch), len(new))
        result = ImportResult(complaints, requests, skipped, over, created)
        audit.record(
            action="cases.import",
            actor=actor,
            organisation=organisation,
            target=organisation,
            after={
                "file": file_name,
                "complaints": complaints,
                "service_requests": requests,
                "already_imported": skipped,
                "extensions_over_limit_without_reason": over,
                "service_areas_created": list(created),
            },
        )
    return result


def _new_rows(organisation: Organisation, rows: Sequence[CaseRow]) -> tuple[list[CaseRow], int]:
    """The rows whose reference the organisation does not have yet, and how many it has; a
    reference taken by the other kind of case is a bad row."""
    taken = {
        "complaint": set(
            Complaint.objects.filter(organisation=organisation).values_list("reference", flat=True)
        ),
        "service_request": set(
            ServiceRequest.objects.filter(organisation=organisation).values_list(
                "reference", flat=True
            )
        ),
    }
    new: list[CaseRow] = []
    skipped = 0
    clashes: list[RowError] = []
    for row in rows:
        other = "service_request" if row.kind == "complaint" else "complaint"
        if row.reference in taken[row.kind]:
            skipped += 1
        elif row.reference in taken[other]:
            clashes.append(
                RowError(
                    row.line,
                    "reference",
                    f"{row.reference!r} is already a {KIND_NAMES[other]} of this organisation",
                )
            )
        else:
            new.append(row)
    if clashes:
        raise ImportRejected(clashes)
    return new, skipped


def _service_areas(
    organisation: Organisation, rows: Sequence[CaseRow]
) -> tuple[dict[str, ServiceArea], tuple[str, ...]]:
    """The organisation's service areas by case-folded name, creating those the rows name for the
    first time (under its default profile), and the names created."""
    areas = {a.name.casefold(): a for a in ServiceArea.objects.filter(organisation=organisation)}
    created: list[str] = []
    for row in rows:
        key = row.service_area.casefold()
        if key not in areas:
            areas[key] = service_area_create(
                organisation=organisation,
                name=row.service_area,
                profile=organisation.default_profile,
                actor=None,
            )
            created.append(areas[key].name)
    return areas, tuple(created)


def _write_requests(
    organisation: Organisation, rows: Sequence[CaseRow], areas: dict[str, ServiceArea]
) -> int:
    requests = [
        ServiceRequest(
            organisation=organisation,
            reference=row.reference,
            service_area=areas[row.service_area.casefold()],
            channel=row.channel,
            received=row.received,
            name=NOT_RECORDED,
            description=NOT_RECORDED,
            category=row.category,
        )
        for row in rows
        if row.kind == "service_request"
    ]
    ServiceRequest.objects.bulk_create(requests, batch_size=BATCH_SIZE)
    return len(requests)


def _status(row: CaseRow) -> tuple[CaseStatus, date | None]:
    """Where the complaint is, from its facts: not accepted; closed after the response of the
    profile's last stage; else responded, acknowledged or received at its current stage."""
    if row.excluded_reason:
        return CaseStatus.EXCLUDED, None
    current = row.stages[-1]
    if current.responded is not None:
        if current.number == len(row.profile.stages):
            return CaseStatus.CLOSED, current.responded
        return CaseStatus.RESPONDED, None
    if current.acknowledged is not None:
        return CaseStatus.ACKNOWLEDGED, None
    return CaseStatus.RECEIVED, None


def _write_complaints(
    organisation: Organisation,
    rows: Sequence[CaseRow],
    areas: dict[str, ServiceArea],
    calendar: WorkingCalendar,
) -> tuple[int, int]:
    """Write the complaints of a batch with their stages, extensions and remedies; return how
    many, and how many extensions are over the Code's limit without a reason."""
    rows = [row for row in rows if row.kind == "complaint"]
    complaints: list[Complaint] = []
    stages: list[list[Stage]] = []
    for row in rows:
        status, closed_on = _status(row)
        complaints.append(
            Complaint(
                organisation=organisation,
                reference=row.reference,
                service_area=areas[row.service_area.casefold()],
                profile=row.profile.id,
                profile_version=row.profile.version,
                channel=row.channel,
                received=row.received,
                name=NOT_RECORDED,
                description=NOT_RECORDED,
                category=row.category,
                stage=len(row.stages),
                status=status,
                exclusion_reason=row.excluded_reason,
                closed_on=closed_on,
            )
        )
        stages.append(
            [
                Stage(
                    number=s.number,
                    received=s.received,
                    acknowledged=s.acknowledged,
                    extension_days=s.extension_days,
                    responded=s.responded,
                    outcome=s.outcome,
                    profile_version=row.profile.version,
                )
                for s in row.stages
            ]
        )
    _store_deadlines(
        [(row.profile, stage) for row, each in zip(rows, stages, strict=True) for stage in each],
        calendar,
    )
    for complaint, each in zip(complaints, stages, strict=True):
        complaint.next_due = _next_due(complaint, each[-1])
    Complaint.objects.bulk_create(complaints, batch_size=BATCH_SIZE)
    for complaint, each in zip(complaints, stages, strict=True):
        for stage in each:
            stage.complaint = complaint
    Stage.objects.bulk_create([s for each in stages for s in each], batch_size=BATCH_SIZE)

    extensions: list[Extension] = []
    remedies: list[Remedy] = []
    over = 0
    for row, complaint, each in zip(rows, complaints, stages, strict=True):
        for facts, stage in zip(row.stages, each, strict=True):
            if facts.extension_days:
                rule = row.profile.stage(facts.number).extension
                within = rule is not None and (
                    rule.limit_days is None or facts.extension_days <= rule.limit_days
                )
                over += not within and not facts.extension_reason
                extensions.append(
                    Extension(
                        stage=stage,
                        days=facts.extension_days,
                        reason=facts.extension_reason,
                        granted_on=facts.acknowledged or facts.received,
                    )
                )
        if row.financial_remedy:
            remedies.append(
                Remedy(
                    complaint=complaint,
                    stage=complaint.stage,
                    kind=RemedyKind.FINANCIAL,
                    description=f"Financial remedy of £{row.financial_remedy} (imported)",
                    amount=row.financial_remedy,
                    status=RemedyStatus.OFFERED,
                )
            )
    Extension.objects.bulk_create(extensions, batch_size=BATCH_SIZE)
    Remedy.objects.bulk_create(remedies, batch_size=BATCH_SIZE)
    return len(complaints), over


def _store_deadlines(stages: Sequence[tuple[Profile, Stage]], calendar: WorkingCalendar) -> None:
    """Set each stage's deadlines, computed for all the stages of one profile and number at once
    (``bulk_stage_deadlines``: the dates ``stage_deadlines`` gives, e.g. HOS 6.2 and 6.3)."""
    groups: dict[tuple[str, int], list[tuple[Profile, Stage]]] = defaultdict(list)
    for profile, stage in stages:
        groups[(profile.id, stage.number)].append((profile, stage))
    for (_, number), group in groups.items():
        profile = group[0][0]
        size = len(group)
        found = bulk_stage_deadlines(
            profile,
            profile.stage(number),
            calendar,
            np.fromiter((s.received.toordinal() for _, s in group), dtype=np.int64, count=size),
            np.fromiter(
                (s.acknowledged.toordinal() if s.acknowledged else NO_DATE for _, s in group),
                dtype=np.int64,
                count=size,
            ),
            np.fromiter((s.extension_days for _, s in group), dtype=np.int64, count=size),
        )
        for field in ("acknowledge_by", "respond_by", "extended_respond_by"):
            values = found.get(field)
            for i, (_, stage) in enumerate(group):
                ordinal = NO_DATE if values is None else int(values[i])
                setattr(stage, field, None if ordinal == NO_DATE else date.fromordinal(ordinal))
