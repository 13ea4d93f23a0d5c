"""Reads for the clock, scoped to the user's organisation."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from putright.clock.models import Notice, PeriodicJob
from putright.clock.services import CATCH_UP_DAYS, SWEEP_TASK, reminder_days_for
from putright.organisations.models import Organisation, User


@dataclass(frozen=True, slots=True)
class ClockView:
    """What the reminders settings page shows."""

    organisation: Organisation
    reminder_days: int
    catch_up_days: int
    sweep: PeriodicJob | None
    recent: list[Notice]


def clock_settings_for(user: User) -> ClockView:
    """The user's organisation's reminder setting, when the sweep last ran (for every
    organisation: one sweep serves them all) and the organisation's latest notices."""
    if user.organisation_id is None:
        raise Http404("No organisation.")
    organisation = Organisation.objects.get(pk=user.organisation_id)
    recent = (
        Notice.objects.filter(organisation=organisation)
        .select_related("complaint")
        .order_by("-created", "-pk")[:30]
    )
    return ClockView(
        organisation=organisation,
        reminder_days=reminder_days_for(organisation),
        catch_up_days=CATCH_UP_DAYS,
        sweep=PeriodicJob.objects.filter(task_path=SWEEP_TASK).first(),
        recent=list(recent),
    )
