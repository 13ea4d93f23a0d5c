"""Writing to the audit record. Callers use ``from putright.audit import services as audit``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import models

from putright.audit.models import AuditEvent
from putright.organisations.models import Organisation, User
from putright.organisations.permissions import Resident


def jsonable(value: Any) -> Any:
    """A value as the audit record stores it: dates as ISO text, amounts as exact decimal text."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def record(
    *,
    action: str,
    actor: User | Resident | None = None,
    organisation: Organisation | None = None,
    target: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    actor_label: str = "",
) -> AuditEvent:
    """Append one event to the audit record and return it.

    ``action`` is a dotted name such as ``organisation.create``. The organisation defaults to the
    actor's; ``target`` is the object acted on, stored as its model label and primary key;
    ``before`` and ``after`` hold only the fields that changed, as JSON-safe values. A resident
    acting through the public pages has no account: the event names them by their label.
    """
    if organisation is None and actor is not None:
        organisation = actor.organisation
    if isinstance(actor, Resident):
        actor_label, actor = actor_label or actor.label, None
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        actor_label=actor_label or (actor.get_username() if actor is not None else ""),
        organisation=organisation,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        before=before,
        after=after,
    )
