"""Staff reads of the reasonable adjustments residents asked for on the web form.

What a resident asked for can reveal a disability, so it is special-category data: only the roles
that see disabilities and adjustments (``people.selectors.sees_special_category``) are shown it,
and every showing of a request's text is recorded in the audit record through
``people.selectors.special_category_viewed``, once for each person on the page. A request of
another organisation is a 404, exactly as one that does not exist; so is any request for a role
that may not see them.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from putright.cases.models import Complaint, ServiceRequest
from putright.organisations.models import User
from putright.people.models import Individual
from putright.people.selectors import sees_special_category, special_category_viewed
from putright.public.models import AdjustmentRequest, AdjustmentStatus


def _of(user: User) -> QuerySet[AdjustmentRequest]:
    if user.organisation_id is None or not sees_special_category(user):
        return AdjustmentRequest.objects.none()
    return AdjustmentRequest.objects.filter(organisation_id=user.organisation_id).select_related(
        "individual", "complaint", "service_request", "decided_by", "adjustment"
    )


def _shown(user: User, found: list[AdjustmentRequest], where: str) -> list[AdjustmentRequest]:
    """Record that the requests' text was shown on ``where``, once for each person."""
    for individual in {r.individual_id: r.individual for r in found}.values():
        special_category_viewed(user, individual, "adjustments", where=where)
    return found


def adjustment_requests_waiting_count(user: User) -> int:
    """How many requests wait for a decision (no text shown, so nothing is recorded); 0 for a
    role that may not see them."""
    return _of(user).filter(status=AdjustmentStatus.REQUESTED).count()


def adjustment_requests_waiting(
    user: User, *, where: str = "the adjustment requests"
) -> list[AdjustmentRequest]:
    """The requests waiting for a decision, oldest first, recording that they were shown."""
    found = list(_of(user).filter(status=AdjustmentStatus.REQUESTED).order_by("requested_on", "pk"))
    return _shown(user, found, where)


def adjustment_requests_of_individual(
    user: User, individual: Individual, *, where: str = "the person's page"
) -> list[AdjustmentRequest]:
    """Everything the individual asked for on the form, newest first, decided or not."""
    found = list(_of(user).filter(individual=individual).order_by("-requested_on", "-pk"))
    return _shown(user, found, where)


def adjustment_requests_of_case(
    user: User,
    *,
    complaint: Complaint | None = None,
    service_request: ServiceRequest | None = None,
    where: str = "the case page",
) -> list[AdjustmentRequest]:
    """What was asked for with this complaint (or service request), waiting ones first."""
    found = _of(user)
    if complaint is not None:
        found = found.filter(complaint=complaint)
    elif service_request is not None:
        found = found.filter(service_request=service_request)
    else:
        return []
    rows = sorted(found, key=lambda r: (r.status != AdjustmentStatus.REQUESTED, r.pk))
    return _shown(user, rows, where)


def adjustments_waiting_on_complaint(user: User, complaint: Complaint) -> int:
    """How many of the complaint's requests wait for a decision (no text shown)."""
    return _of(user).filter(complaint=complaint, status=AdjustmentStatus.REQUESTED).count()


def adjustment_request_get(user: User, pk: int) -> AdjustmentRequest:
    """One request of the user's organisation; 404 when it does not exist, is another's, or the
    user's role may not see it. Nothing is recorded: ``adjustment_request_shown`` is, when the
    page shows its text."""
    found = _of(user).filter(pk=pk).first()
    if found is None:
        raise Http404("No such adjustment request.")
    return found


def adjustment_request_shown(user: User, request: AdjustmentRequest, *, where: str) -> None:
    """Record that the request's text was shown to the user on ``where``."""
    _shown(user, [request], where)
