"""What the putting-things-right services share: input errors naming their field, checks of
staff and dates, row locks after the permission check, and writing only what changed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import models
from django.utils import timezone

from putright.audit import services as audit
from putright.cases.models import RemedyKind, RemedyStatus
from putright.cases.services.common import CaseInputError, _check_actor
from putright.organisations.models import Organisation, User

#: Remedies given in the response itself, which need no date by when they will happen.
GIVEN_IN_RESPONSE = frozenset({RemedyKind.APOLOGY, RemedyKind.EXPLANATION})
#: The statuses a remedy may be moved to by ``remedy_update_status``.
UPDATABLE = frozenset(
    {RemedyStatus.ACCEPTED, RemedyStatus.DECLINED, RemedyStatus.IN_PROGRESS, RemedyStatus.COMPLETED}
)
#: Statuses after which a remedy no longer changes.
FINISHED = frozenset({RemedyStatus.COMPLETED, RemedyStatus.CANNOT_DELIVER})
#: Where the final Codes say what to do when a remedy cannot be delivered.
CANNOT_DELIVER_CLAUSE = "putting things right, Code section 7"


class RemedyInputError(CaseInputError):
    """Input that cannot be right; ``field`` names the form field it is about, if any."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


_json = audit.jsonable


def _write(obj: models.Model, values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Set the values that differ, save only those fields, and return them before and after."""
    before, after = {}, {}
    for name, value in values.items():
        old = getattr(obj, name)
        if old != value:
            key = name.removesuffix("_id")
            before[key], after[key] = _json(old), _json(value)
            setattr(obj, name, value)
    if after:
        extra = ["updated"] if any(f.name == "updated" for f in obj._meta.fields) else []
        obj.save(update_fields=[*values.keys(), *extra])
    return before, after


def _created(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    return {name.removesuffix("_id"): _json(getattr(obj, name)) for name in fields}


def _record(
    verb: str,
    *,
    actor: User,
    organisation_id: int,
    target: models.Model,
    before: dict[str, Any] | None,
    after: dict[str, Any],
) -> None:
    audit.record(
        action=f"remedies.{verb}",
        actor=actor,
        organisation=Organisation.objects.get(pk=organisation_id),
        target=target,
        before=before,
        after=after,
    )


def _text(value: str, message: str, *, field: str) -> str:
    value = value.strip()
    if not value:
        raise RemedyInputError(message, field=field)
    return value


def _day(
    day: date, *, what: str, field: str, not_before: date | None = None, since: str = ""
) -> None:
    if day > timezone.localdate():
        raise RemedyInputError(f"The {what} date, {day:%-d %B %Y}, is in the future.", field=field)
    if not_before is not None and day < not_before:
        raise RemedyInputError(
            f"The {what} date, {day:%-d %B %Y}, is before {since} on {not_before:%-d %B %Y}.",
            field=field,
        )


def _check_staff(user: User | None, organisation_id: int, *, field: str, what: str) -> None:
    if user is None:
        return
    if not user.is_active or user.organisation_id != organisation_id:
        name = user.get_full_name() or user.get_username()
        raise RemedyInputError(
            f"{name} is not staff of this organisation: choose the {what} from its staff.",
            field=field,
        )


def _locked(model: type[Any], pk: int, organisation_path: str, actor: User) -> tuple[Any, int]:
    """The row locked for update and its organisation, once the actor is allowed to change that
    organisation's cases."""
    organisation_id = model.objects.filter(pk=pk).values_list(organisation_path, flat=True).get()
    _check_actor(actor, organisation_id)
    return model.objects.select_for_update(of=("self",)).get(pk=pk), organisation_id
