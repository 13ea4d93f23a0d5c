"""Service improvements from the learning of complaints (draft 9.1)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction

from putright.cases.models import Complaint, Learning
from putright.cases.services.common import _check_actor
from putright.cases.services.remedies.common import (
    RemedyInputError,
    _check_staff,
    _created,
    _day,
    _locked,
    _record,
    _text,
    _write,
)
from putright.organisations.models import ServiceArea, User


def _check_complaints(complaints: Iterable[Complaint], organisation_id: int) -> list[Complaint]:
    found = list(complaints)
    for complaint in found:
        if complaint.organisation_id != organisation_id:
            raise RemedyInputError(
                f"Complaint {complaint.reference} is not one of this organisation's.",
                field="complaints",
            )
    return found


def _check_writer(actor: User) -> int:
    """The actor's organisation, when the actor may change its cases."""
    organisation_id: int = actor.organisation_id or 0
    _check_actor(actor, organisation_id)
    return organisation_id


def learning_record(
    *,
    actor: User,
    title: str,
    description: str,
    service_area: ServiceArea | None = None,
    owner: User | None = None,
    due: date | None = None,
    complaints: Iterable[Complaint] = (),
) -> Learning:
    """Record a service improvement the organisation will make from the learning of one or more
    of its complaints (draft 9.1)."""
    organisation_id = _check_writer(actor)
    title = _text(title, "Enter a title for the learning.", field="title")
    description = _text(description, "Describe the service improvement.", field="description")
    if service_area is not None and service_area.organisation_id != organisation_id:
        raise RemedyInputError(
            "Choose one of this organisation's service areas.", field="service_area"
        )
    _check_staff(owner, organisation_id, field="owner", what="owner")
    linked = _check_complaints(complaints, organisation_id)
    with transaction.atomic():
        learning = Learning.objects.create(
            organisation_id=organisation_id,
            title=title,
            description=description,
            service_area=service_area,
            owner=owner,
            due=due,
            created_by=actor,
        )
        learning.complaints.set(linked)
        after = _created(learning, ("title", "description", "service_area_id", "owner_id", "due"))
        after["complaints"] = sorted(c.reference for c in linked)
        _record(
            "learning_record",
            actor=actor,
            organisation_id=organisation_id,
            target=learning,
            before=None,
            after=after,
        )
    return learning


def learning_link_complaint(*, actor: User, learning: Learning, complaint: Complaint) -> Learning:
    """Link one more of the organisation's complaints to a service improvement (draft 9.1)."""
    with transaction.atomic():
        locked, organisation_id = _locked(Learning, learning.pk, "organisation_id", actor)
        _check_complaints([complaint], organisation_id)
        if locked.complaints.filter(pk=complaint.pk).exists():
            raise RemedyInputError(
                f"Complaint {complaint.reference} is already linked to this learning.",
                field="reference",
            )
        locked.complaints.add(complaint)
        _record(
            "learning_link",
            actor=actor,
            organisation_id=organisation_id,
            target=locked,
            before=None,
            after={"complaint": complaint.reference},
        )
    return locked


def learning_implemented(*, actor: User, learning: Learning, implemented_on: date) -> Learning:
    """Record that a service improvement was made, for the annual report (draft 9.1)."""
    with transaction.atomic():
        locked, organisation_id = _locked(Learning, learning.pk, "organisation_id", actor)
        if locked.implemented_on is not None:
            raise RemedyInputError("This learning is already recorded as implemented.")
        _day(implemented_on, what="implementation", field="implemented_on")
        before, after = _write(locked, {"implemented_on": implemented_on})
        _record(
            "learning_implemented",
            actor=actor,
            organisation_id=organisation_id,
            target=locked,
            before=before,
            after=after,
        )
    return locked
