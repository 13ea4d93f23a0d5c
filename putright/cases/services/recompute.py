"""Recomputing the deadlines stored on open complaints when the organisation's working days change.

A working day is Monday to Friday, less the division's bank holidays and the organisation's own
closure days (``code-rules.md``, 'Working days'). Stages store the deadlines computed when they
last changed, so adding or removing a closure day recomputes them: for each Code profile and stage
number at once, with ``putright.rules.bulk``, which gives exactly the dates of
``putright.rules.deadlines.stage_deadlines`` that the case services store one case at a time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F

from putright.audit import services as audit
from putright.cases.models import CaseStatus, Complaint, Stage
from putright.cases.services.common import _calendar
from putright.organisations.models import Organisation, Role, User
from putright.policy import get_profile
from putright.rules.bulk import NO_DATE, bulk_stage_deadlines
from putright.rules.calendar import CalendarError
from putright.rules.deadlines import FactsError

#: Rows written per UPDATE statement.
BATCH_SIZE = 500
#: The statuses whose current stage still has deadlines to meet. A responded stage, and a closed,
#: excluded or withdrawn complaint, keeps the deadlines it had: they are its history.
RECOMPUTED = (CaseStatus.RECEIVED, CaseStatus.ACKNOWLEDGED)
#: The roles that may change the working days, and so recompute deadlines.
SETTINGS_ROLES = frozenset({Role.MANAGER, Role.SENIOR_LEAD})
DEADLINE_FIELDS = ("acknowledge_by", "respond_by", "extended_respond_by")

Ordinals = npt.NDArray[np.int64]


def _check_settings_actor(actor: User | None, organisation: Organisation) -> None:
    """A manager or senior lead of the organisation, a superuser, or the command line (None)."""
    if actor is None or (actor.is_active and actor.is_superuser):
        return
    if (
        not actor.is_active
        or actor.organisation_id != organisation.pk
        or actor.role not in SETTINGS_ROLES
    ):
        raise PermissionDenied("You cannot change this organisation's working days.")


def _ordinals(values: Iterable[date | None], size: int) -> Ordinals:
    return np.fromiter(
        (NO_DATE if v is None else v.toordinal() for v in values), dtype=np.int64, count=size
    )


def _day(ordinal: np.int64) -> date | None:
    return None if int(ordinal) == NO_DATE else date.fromordinal(int(ordinal))


def deadlines_recompute(
    *,
    organisation: Organisation,
    actor: User | None = None,
    cause: Mapping[str, Any] | None = None,
) -> int:
    """Recompute the deadlines stored on the current stage of each of the organisation's open
    complaints still to be responded to, after its working days changed (e.g. HOS 6.2 and 6.3
    count working days), and the complaint's ``next_due``; return how many stages changed.

    The dates are exactly those the case services store (``stage_deadlines`` under the case's
    profile, from the stage's received and acknowledged dates and its extensions). Only rows whose
    dates change are written. Responded stages and closed, excluded or withdrawn complaints keep
    their deadlines. One audit event records the counts and the ``cause`` (say, the closure day).
    """
    _check_settings_actor(actor, organisation)
    with transaction.atomic():
        # The case services lock the complaint row before they store deadlines: taking the same
        # locks means a step taken meanwhile is neither overwritten nor computed on old days.
        open_cases = Complaint.objects.filter(organisation=organisation, status__in=RECOMPUTED)
        list(open_cases.select_for_update().values_list("pk", flat=True))
        calendar = _calendar(organisation)
        rows = (
            Stage.objects.filter(
                complaint__organisation=organisation,
                complaint__status__in=RECOMPUTED,
                number=F("complaint__stage"),
                responded__isnull=True,
            )
            .order_by("pk")
            .values(
                "pk",
                "complaint_id",
                "number",
                "received",
                "acknowledged",
                "extension_days",
                *DEADLINE_FIELDS,
                "complaint__profile",
                "complaint__status",
                "complaint__next_due",
            )
        )
        groups: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            groups[(row["complaint__profile"], row["number"])].append(row)

        stages: list[Stage] = []
        complaints: list[Complaint] = []
        checked = skipped = 0
        for (profile_id, number), group in sorted(groups.items()):
            try:
                profile = get_profile(profile_id)
                rule = profile.stage(number)
            except KeyError:
                skipped += len(group)
                continue
            size = len(group)
            checked += size
            try:
                found = bulk_stage_deadlines(
                    profile,
                    rule,
                    calendar,
                    _ordinals((r["received"] for r in group), size),
                    _ordinals((r["acknowledged"] for r in group), size),
                    np.fromiter((r["extension_days"] for r in group), dtype=np.int64, count=size),
                )
            except (FactsError, CalendarError) as error:
                raise ValidationError(
                    f"The deadlines of the open {profile.short_name} stage {number} complaints "
                    f"could not be recomputed: {error}."
                ) from None
            new = {f: found.get(f, np.full(size, NO_DATE, dtype=np.int64)) for f in DEADLINE_FIELDS}
            old = {f: _ordinals((r[f] for r in group), size) for f in DEADLINE_FIELDS}
            moved = np.zeros(size, dtype=np.bool_)
            for f in DEADLINE_FIELDS:
                moved |= new[f] != old[f]

            # next_due as the case services set it: the acknowledgement while not acknowledged,
            # then the response, after any extension.
            final = np.where(
                new["extended_respond_by"] != NO_DATE,
                new["extended_respond_by"],
                new["respond_by"],
            )
            not_acknowledged = np.fromiter(
                (r["complaint__status"] == CaseStatus.RECEIVED for r in group),
                dtype=np.bool_,
                count=size,
            )
            next_due = np.where(
                not_acknowledged & (new["acknowledge_by"] != NO_DATE), new["acknowledge_by"], final
            )
            due_moved = next_due != _ordinals((r["complaint__next_due"] for r in group), size)

            for i in np.flatnonzero(moved):
                stages.append(
                    Stage(
                        pk=group[i]["pk"],
                        profile_version=profile.version,
                        **{f: _day(new[f][i]) for f in DEADLINE_FIELDS},
                    )
                )
            for i in np.flatnonzero(due_moved):
                complaints.append(
                    Complaint(pk=group[i]["complaint_id"], next_due=_day(next_due[i]))
                )

        Stage.objects.bulk_update(
            stages, [*DEADLINE_FIELDS, "profile_version"], batch_size=BATCH_SIZE
        )
        Complaint.objects.bulk_update(complaints, ["next_due"], batch_size=BATCH_SIZE)
        audit.record(
            action="deadlines.recompute",
            actor=actor,
            organisation=organisation,
            target=organisation,
            after={
                "stages_checked": checked,
                "stages_changed": len(stages),
                "next_due_changed": len(complaints),
                "stages_skipped": skipped,
                "cause": dict(cause or {}),
            },
        )
    return len(stages)
