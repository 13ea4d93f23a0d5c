"""Reads for service requests, always scoped to the user's organisation.

A request of another organisation is answered exactly as one that does not exist (404), and an
account without an organisation sees none. ``complaint_offer`` gives the words, under the service
area's Code, offered to an individual dissatisfied with the response to their request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import F, Prefetch, Q, QuerySet
from django.http import Http404

from putright.cases.models import Complaint, RequestStatus, RequestUpdate, ServiceRequest
from putright.organisations.models import ServiceArea, User
from putright.policy import get_profile

#: Requests still being worked on.
ACTIVE_STATUSES = (RequestStatus.OPEN, RequestStatus.IN_PROGRESS)
#: Queue filters beyond the stored statuses.
QUEUE_FILTERS = ("overdue", "review_due", "all")


@dataclass(frozen=True, slots=True)
class RequestRow:
    """One service request in the queue, with whether it is past its target or due a review."""

    service_request: ServiceRequest
    overdue: bool
    review_due: bool


def service_requests_for(user: User) -> QuerySet[ServiceRequest]:
    """The service requests of the user's organisation; none for an account without one."""
    if user.organisation_id is None:
        return ServiceRequest.objects.none()
    return ServiceRequest.objects.filter(organisation_id=user.organisation_id)


def service_request_get(user: User, reference: str) -> ServiceRequest:
    """The user's organisation's service request with this reference, with its updates and the
    complaints raised from it; 404 when it does not exist or belongs to another organisation."""
    found = (
        service_requests_for(user)
        .select_related("service_area", "handler", "logged_by")
        .prefetch_related(
            Prefetch("updates", queryset=RequestUpdate.objects.select_related("created_by")),
            Prefetch("complaints", queryset=Complaint.objects.order_by("received", "pk")),
        )
    )
    reference = reference.strip()
    service_request = found.filter(reference=reference).first()
    if service_request is None:
        service_request = found.filter(reference__iexact=reference).first()
    if service_request is None:
        raise Http404("No such service request.")
    return service_request


def is_overdue(service_request: ServiceRequest, today: date) -> bool:
    """Still being worked on after its target date."""
    target = service_request.target_date
    return service_request.status in ACTIVE_STATUSES and target is not None and target < today


def is_review_due(service_request: ServiceRequest, today: date) -> bool:
    """Still being worked on, and its review date has come."""
    review = service_request.review_by
    return service_request.status in ACTIVE_STATUSES and review is not None and review <= today


def request_queue(
    user: User,
    *,
    today: date,
    status: str | None = None,
    service_area: int | None = None,
    handler: int | None = None,
) -> list[RequestRow]:
    """The organisation's service requests by target date (none last), each flagged if overdue or
    due a review. By default those still being worked on; ``status`` is a stored status ('open',
    'done', ...), 'overdue', 'review_due' or 'all'. ``handler`` 0 means not assigned."""
    requests = service_requests_for(user)
    if status in RequestStatus.values:
        requests = requests.filter(status=status)
    elif status != "all":
        requests = requests.filter(status__in=ACTIVE_STATUSES)
    if status == "overdue":
        requests = requests.filter(target_date__lt=today)
    elif status == "review_due":
        requests = requests.filter(review_by__lte=today)
    if service_area is not None:
        requests = requests.filter(service_area_id=service_area)
    if handler == 0:
        requests = requests.filter(handler__isnull=True)
    elif handler is not None:
        requests = requests.filter(handler_id=handler)
    ordered = requests.select_related("service_area", "handler").order_by(
        F("target_date").asc(nulls_last=True), "received", "pk"
    )
    return [RequestRow(r, is_overdue(r, today), is_review_due(r, today)) for r in ordered]


def request_counts(user: User, *, today: date) -> dict[str, int]:
    """How many of the organisation's requests are open, in progress, overdue and due a review."""
    active = service_requests_for(user).filter(status__in=ACTIVE_STATUSES)
    return {
        "open": active.filter(status=RequestStatus.OPEN).count(),
        "in_progress": active.filter(status=RequestStatus.IN_PROGRESS).count(),
        "overdue": active.filter(target_date__lt=today).count(),
        "review_due": active.filter(review_by__lte=today).count(),
    }


def reviews_due(user: User, *, today: date) -> QuerySet[ServiceRequest]:
    """The organisation's requests still being worked on whose review date has come, the longest
    waiting first: service requests are reviewed regularly (e.g. HOS 1.4)."""
    return (
        service_requests_for(user)
        .filter(status__in=ACTIVE_STATUSES, review_by__lte=today)
        .select_related("service_area", "handler")
        .order_by("review_by", "pk")
    )


def complaint_service_request(user: User, complaint: Complaint) -> ServiceRequest | None:
    """The service request the complaint was raised from, if any and if it is the user's."""
    if complaint.service_request_id is None:
        return None
    return service_requests_for(user).filter(pk=complaint.service_request_id).first()


@dataclass(frozen=True, slots=True)
class ComplaintOffer:
    """What the individual is told when they are dissatisfied with the response to their request:
    the Code's word for it ('choice', 'opportunity', 'must_raise'), the sentence and its clause."""

    value: str
    sentence: str
    citation: str


#: The sentence offered to the individual under each Code's wording.
OFFER_SENTENCES: dict[str, str] = {
    "choice": (
        "You can choose to make a complaint about our response to your service request. "
        "We will keep working on your request while your complaint is considered."
    ),
    "opportunity": (
        "You have the opportunity to make a complaint about our response to your service "
        "request. We will keep working on your request while your complaint is considered."
    ),
    "must_raise": (
        "As you are dissatisfied with our response to your service request, we will raise a "
        "complaint for you. We will keep working on your request while it is considered."
    ),
}
_DEFAULT_OFFER = (
    "You can make a complaint about our response to your service request. "
    "We will keep working on your request while your complaint is considered."
)


def complaint_offer(service_area: ServiceArea) -> ComplaintOffer:
    """The words offered to an individual dissatisfied with the response to their service request,
    under the service area's Code profile: the choice to complain (HOS 1.4), the opportunity to
    complain (LGSCO 1.4), or a complaint that must be raised (draft 1.4), citing the clause."""
    try:
        profile = get_profile(service_area.profile)
    except KeyError:
        return ComplaintOffer("", _DEFAULT_OFFER, "")
    rule = profile.service_requests
    if rule is None:
        return ComplaintOffer("", _DEFAULT_OFFER, "")
    sentence = OFFER_SENTENCES.get(rule.value, _DEFAULT_OFFER)
    return ComplaintOffer(rule.value, sentence, profile.cite(rule.clause))


def service_request_list(
    user: User,
    *,
    today: date,
    status: str | None = None,
    service_area: int | None = None,
    received_from: date | None = None,
    received_to: date | None = None,
    overdue: bool | None = None,
) -> QuerySet[ServiceRequest]:
    """The user's organisation's service requests, the most recently received first, filtered
    by status, service area, received dates (both included) and whether they are overdue: still
    being worked on after their target date."""
    found = service_requests_for(user)
    if status:
        found = found.filter(status=status)
    if service_area is not None:
        found = found.filter(service_area_id=service_area)
    if received_from is not None:
        found = found.filter(received__gte=received_from)
    if received_to is not None:
        found = found.filter(received__lte=received_to)
    late = Q(status__in=ACTIVE_STATUSES, target_date__lt=today)
    if overdue is True:
        found = found.filter(late)
    elif overdue is False:
        found = found.exclude(late)
    return (
        found.select_related("service_area", "handler")
        .prefetch_related(Prefetch("complaints", queryset=Complaint.objects.order_by("pk")))
        .order_by("-received", "-pk")
    )
