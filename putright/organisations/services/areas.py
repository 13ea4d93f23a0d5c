"""The organisation's service areas, each under one Code profile, and its closure days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from putright.audit import services as audit
from putright.cases.services.recompute import deadlines_recompute
from putright.organisations.models import ClosureDay, Division, Organisation, ServiceArea, User
from putright.organisations.services.common import _check_list_actor, _check_profile
from putright.rules.calendar import FIRST_YEAR, LAST_YEAR, bank_holidays


def _clean_area_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError("The service area's name must not be empty.")
    if len(name) > 200:
        raise ValidationError("Keep the service area's name to 200 characters.")
    return name


def service_area_create(
    *, organisation: Organisation, name: str, profile: str, actor: User | None = None
) -> ServiceArea:
    """Add a service area to an organisation, handled under one Code profile.

    A council with housing stock handles housing complaints under the HOS Code and the rest under
    the LGSCO Code, and routes children's and adult social care complaints to their statutory
    procedures: each service area names the profile its complaints are received under. The name
    is unique within the organisation and the profile must be a known one; otherwise
    ``ValidationError`` with one clear message.
    """
    _check_list_actor(actor, organisation)
    name = _clean_area_name(name)
    _check_profile(profile)
    with transaction.atomic():
        if ServiceArea.objects.filter(organisation=organisation, name__iexact=name).exists():
            raise ValidationError(
                f"{organisation.name} already has a service area called {name!r}."
            )
        area = ServiceArea.objects.create(organisation=organisation, name=name, profile=profile)
        audit.record(
            action="service_area.create",
            actor=actor,
            organisation=organisation,
            target=area,
            after={"name": name, "profile": profile},
        )
    return area


def service_area_update(
    *, area: ServiceArea, name: str, profile: str, actor: User | None = None
) -> ServiceArea:
    """Rename a service area, or change the Code profile its complaints are received under.

    A new profile applies only to complaints received from now on: each complaint already
    received keeps the profile and version it was received under (stored on
    ``Complaint.profile`` and ``Complaint.profile_version``), so its rules and deadlines do not
    change under it. The name stays unique within the organisation. Nothing changed, nothing
    recorded.
    """
    organisation = area.organisation
    _check_list_actor(actor, organisation)
    name = _clean_area_name(name)
    _check_profile(profile)
    with transaction.atomic():
        area = ServiceArea.objects.select_for_update().get(pk=area.pk)
        taken = ServiceArea.objects.filter(organisation=organisation, name__iexact=name)
        if taken.exclude(pk=area.pk).exists():
            raise ValidationError(
                f"{organisation.name} already has a service area called {name!r}."
            )
        wanted = {"name": name, "profile": profile}
        before = {f: getattr(area, f) for f, v in wanted.items() if getattr(area, f) != v}
        if not before:
            return area
        for field in before:
            setattr(area, field, wanted[field])
        area.save(update_fields=list(before))
        audit.record(
            action="service_area.update",
            actor=actor,
            organisation=organisation,
            target=area,
            before=before,
            after={f: wanted[f] for f in before},
        )
    return area


@dataclass(frozen=True, slots=True)
class ClosureChange:
    """A closure day added or removed, and how many open complaints' deadlines moved with it."""

    closure: ClosureDay
    cases_moved: int


def _check_closure(organisation: Organisation, day: date, reason: str) -> None:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValidationError(
            f"A closure day must be between {FIRST_YEAR} and {LAST_YEAR}, not {day:%-d %B %Y}."
        )
    if day.weekday() >= 5:
        raise ValidationError(
            f"{day:%A %-d %B %Y} is a weekend day, already not a working day: a closure day is a "
            "weekday the organisation is closed."
        )
    holiday = bank_holidays(organisation.division).get(day)
    if holiday is not None:
        division = Division(organisation.division).label
        raise ValidationError(
            f"{day:%-d %B %Y} is a bank holiday in {division} ({holiday}), already not a "
            "working day."
        )
    if len(reason) > 200:
        raise ValidationError("Keep the reason for the closure to 200 characters.")


def closure_day_add(
    *, organisation: Organisation, day: date, reason: str = "", actor: User | None = None
) -> ClosureChange:
    """Close the organisation on a weekday beyond its division's bank holidays.

    A working day is Monday to Friday, less the division's bank holidays and the organisation's
    own closure days ('Working days' in the rules; e.g. HOS 6.2 and 6.3 count working days), so
    the deadlines stored on open complaints' current stages are recomputed in the same
    transaction (``deadlines_recompute``). Refused for a weekend, a bank holiday or a day already
    closed, since none of them is a working day to take away.
    """
    _check_list_actor(actor, organisation)
    reason = " ".join(reason.split())
    _check_closure(organisation, day, reason)
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if ClosureDay.objects.filter(organisation=organisation, day=day).exists():
            raise ValidationError(f"{organisation.name} is already closed on {day:%-d %B %Y}.")
        closure = ClosureDay.objects.create(organisation=organisation, day=day, reason=reason)
        audit.record(
            action="closure_day.add",
            actor=actor,
            organisation=organisation,
            target=closure,
            after={"day": day.isoformat(), "reason": reason},
        )
        moved = deadlines_recompute(
            organisation=organisation,
            actor=actor,
            cause={"closure_day": day.isoformat(), "change": "added"},
        )
    return ClosureChange(closure, moved)


def closure_day_remove(*, closure: ClosureDay, actor: User | None = None) -> ClosureChange:
    """Open the organisation again on a day it had closed: the day is a working day again, so the
    deadlines stored on open complaints' current stages are recomputed in the same transaction
    (``deadlines_recompute``). Closure days are the organisation's configuration, so removing one
    is allowed; the audit record keeps what it was."""
    organisation = closure.organisation
    _check_list_actor(actor, organisation)
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        found = ClosureDay.objects.filter(pk=closure.pk, organisation=organisation).first()
        if found is None:
            raise ValidationError(f"The closure day {closure.day:%-d %B %Y} is already removed.")
        closure, day = found, found.day
        audit.record(
            action="closure_day.remove",
            actor=actor,
            organisation=organisation,
            target=closure,
            before={"day": day.isoformat(), "reason": closure.reason},
            after={"day": None, "reason": None},
        )
        closure.delete()
        moved = deadlines_recompute(
            organisation=organisation,
            actor=actor,
            cause={"closure_day": day.isoformat(), "change": "removed"},
        )
    return ClosureChange(closure, moved)
