"""The service request pages: the queue, recording a request, a request and its steps, and the
case page's note of the request a complaint was raised from.

Each view parses its input, calls one selector or one service, and renders the answer. A request
of another organisation is a 404, exactly as one that does not exist
(``request_selectors.service_request_get``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_http_methods

from putright.cases import request_selectors as selectors
from putright.cases.models import Channel, Complaint, RequestStatus, ServiceRequest
from putright.cases.selectors import can_change, handlers_for, service_areas_for
from putright.cases.services import CaseInputError, CaseRefused, StaleCase
from putright.cases.services import requests as services
from putright.public.adjustment_selectors import adjustment_requests_of_case
from putright.public.models import AdjustmentStatus
from putright.staff import requests_forms as forms
from putright.staff import views as staff_views
from putright.staff.forms import DateInputField

#: The colour of each status tag (GOV.UK tag modifiers).
STATUS_TAGS: Mapping[str, str] = {
    RequestStatus.OPEN: "govuk-tag--blue",
    RequestStatus.IN_PROGRESS: "govuk-tag--light-blue",
    RequestStatus.DONE: "govuk-tag--green",
    RequestStatus.CANCELLED: "govuk-tag--grey",
}


@dataclass(frozen=True)
class RequestAction:
    """One step a request page offers: its form, the one service it calls, and its words."""

    key: str
    title: str
    button: str
    done: str
    form: type[forms.RequestActionForm]
    service: Callable[..., Any]
    initial_dates: tuple[str, ...] = ()
    with_handlers: bool = False
    with_today: bool = False
    when_finished: bool = False
    warning: bool = False


ACTIONS: Mapping[str, RequestAction] = {
    a.key: a
    for a in (
        RequestAction(
            "assign",
            "Assign the request",
            "Assign",
            "Handler changed",
            forms.AssignForm,
            services.service_request_assign,
            with_handlers=True,
        ),
        RequestAction(
            "update",
            "Add an update",
            "Add the update",
            "Update added",
            forms.UpdateForm,
            services.service_request_update,
        ),
        RequestAction(
            "respond",
            "Record the response",
            "Record the response",
            "Response recorded",
            forms.RespondForm,
            services.service_request_respond,
            ("responded_on",),
        ),
        RequestAction(
            "review",
            "Set the review date",
            "Set the review date",
            "Review date set",
            forms.ReviewForm,
            services.service_request_review,
        ),
        RequestAction(
            "complete",
            "Record that the request is done",
            "Record it as done",
            "Request done",
            forms.CompleteForm,
            services.service_request_complete,
            ("completed_on",),
        ),
        RequestAction(
            "cancel",
            "Cancel the request",
            "Cancel the request",
            "Request cancelled",
            forms.CancelForm,
            services.service_request_cancel,
            warning=True,
        ),
        RequestAction(
            "complain",
            "The individual is dissatisfied: open a complaint",
            "Open the complaint",
            "Complaint {reference} opened at stage 1",
            forms.ComplainForm,
            services.service_request_complain,
            ("dissatisfied_on",),
            with_today=True,
            when_finished=True,
        ),
    )
}


def _offered(service_request: ServiceRequest) -> list[RequestAction]:
    finished = service_request.status in services.FINISHED
    return [a for a in ACTIONS.values() if a.when_finished or not finished]


#: Which field a service's ``CaseInputError`` is about, from the words of its message.
_INPUT_ERROR_FIELDS: tuple[tuple[str, str], ...] = (
    ("email address", "email"),
    ("handle service requests", "handler"),
    ("service area", "service_area"),
    ("received date", "received"),
    ("target date", "target_date"),
    ("date", ""),
)


def _error_field(form: Form, message: str) -> str | None:
    """The field to show a service's input error against; the form's one required date field for
    a date, and the error summary alone when the message names no field of the form."""
    for words, name in _INPUT_ERROR_FIELDS:
        if words in message:
            if not name:
                dates = [
                    n
                    for n, f in form.fields.items()
                    if isinstance(f, DateInputField) and f.required
                ]
                name = dates[0] if len(dates) == 1 else ""
            return name if name in form.fields else None
    return None


@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = staff_views.today()
    form = forms.RequestFilterForm(
        request.GET, service_areas=service_areas_for(user), handlers=handlers_for(user)
    )
    context = {
        "form": form,
        "rows": selectors.request_queue(user, today=today, **form.filters()),
        "counts": selectors.request_counts(user, today=today),
        "reviews": selectors.reviews_due(user, today=today),
        "status_tags": STATUS_TAGS,
        "nav": "requests",
    }
    return render(request, "staff/requests/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = forms.RequestForm(
        request.POST or None,
        initial={"received": staff_views.today(), "channel": "phone"},
        service_areas=service_areas_for(user),
        handlers=handlers_for(user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            service_request = services.service_request_record(
                actor=user, today=staff_views.today(), **form.cleaned_data
            )
        except CaseInputError as error:
            form.add_error(_error_field(form, str(error)), str(error))
        else:
            messages.success(
                request, f"Service request recorded: reference {service_request.reference}"
            )
            return redirect("staff:request", reference=service_request.reference)
    return render(request, "staff/requests/new.html", {"form": form, "nav": "requests"})


@login_required
def request_detail(request: HttpRequest, reference: str) -> HttpResponse:
    service_request = selectors.service_request_get(request.user, reference)
    today = staff_views.today()
    read_only = not can_change(request.user)
    asked = adjustment_requests_of_case(
        request.user, service_request=service_request, where="the service request page"
    )
    context = {
        "service_request": service_request,
        "status_tag": STATUS_TAGS.get(service_request.status, ""),
        "channel": dict(Channel.choices).get(service_request.channel, service_request.channel),
        "overdue": selectors.is_overdue(service_request, today),
        "review_due": selectors.is_review_due(service_request, today),
        "updates": list(service_request.updates.all()),
        "complaints": list(service_request.complaints.all()),
        "offer": selectors.complaint_offer(service_request.service_area),
        "actions": [] if read_only else _offered(service_request),
        "read_only": read_only,
        "adjustment_requests": asked,
        "adjustments_waiting": [a for a in asked if a.status == AdjustmentStatus.REQUESTED],
        "nav": "requests",
    }
    return render(request, "staff/requests/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def request_action(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    step = ACTIONS.get(action)
    if step is None:
        raise Http404("No such step")
    service_request = selectors.service_request_get(request.user, reference)
    initial: dict[str, Any] = dict.fromkeys(step.initial_dates, staff_views.today())
    initial["version"] = service_request.version
    if step.key == "assign":
        initial["handler"] = service_request.handler_id
    if step.key == "review":
        initial["review_by"] = service_request.review_by
    form = step.form(
        request.POST or None,
        initial=initial,
        handlers=handlers_for(request.user) if step.with_handlers else None,
    )
    if request.method == "POST" and form.is_valid():
        extra = {"today": staff_views.today()} if step.with_today else {}
        try:
            result = step.service(
                actor=request.user, service_request=service_request, **form.cleaned_data, **extra
            )
        except CaseRefused as refused:
            for refusal in refused.refusals:
                cite = f" ({refusal.citation})" if refusal.citation else ""
                form.add_error(None, f"{refusal.reason}{cite}")
        except StaleCase as stale:
            form.add_error(None, str(stale))
        except CaseInputError as error:
            form.add_error(_error_field(form, str(error)), str(error))
        else:
            messages.success(request, step.done.format(reference=getattr(result, "reference", "")))
            if isinstance(result, Complaint):
                return redirect("staff:case", reference=result.reference)
            return redirect("staff:request", reference=service_request.reference)
    context = {
        "service_request": service_request,
        "form": form,
        "step": step,
        "offer": selectors.complaint_offer(service_request.service_area),
        "nav": "requests",
    }
    return render(request, f"staff/requests/actions/{step.key}.html", context)


urlpatterns: list[URLPattern] = [
    path("requests/", request_list, name="requests"),
    path("requests/new/", request_new, name="request-new"),
    path("requests/<str:reference>/", request_detail, name="request"),
    path("requests/<str:reference>/<slug:action>/", request_action, name="request-action"),
]


def case_panel(request: HttpRequest, complaint: Complaint) -> dict[str, Any]:
    """The context of this area's section on the case page: the service request the complaint was
    raised from, if any; empty hides the section."""
    service_request = selectors.complaint_service_request(request.user, complaint)
    if service_request is None:
        return {}
    return {
        "service_request": service_request,
        "status_tag": STATUS_TAGS.get(service_request.status, ""),
    }
