"""The reasonable adjustments residents asked for on the web form: the queue of those waiting for a
decision, agreeing one (it becomes a reasonable adjustment with a review date) or not agreeing it
(with the reason), and the case page's section on them.

They are special-category data: only the roles that see disabilities and adjustments see them (the
queue is 403 for any other role; a request is a 404 for them, and for another organisation, as
one that does not exist), and each page that shows a request's text records it in the audit
record (``public.adjustment_selectors``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET, require_http_methods

from putright.cases.models import Complaint
from putright.cases.services import CaseInputError
from putright.people.selectors import sees_special_category
from putright.people.services import PeopleInputError
from putright.public import adjustment_selectors as selectors
from putright.public.models import AdjustmentRequest, AdjustmentStatus
from putright.public.services import adjustment_request_agree, adjustment_request_decline
from putright.staff import adjustment_forms as forms
from putright.staff import views as staff_views


@dataclass(frozen=True)
class DecisionPage:
    title: str
    button: str
    template: str
    warning: bool = False


AGREE = DecisionPage(
    "Agree a reasonable adjustment", "Agree the adjustment", "staff/adjustments/agree.html"
)
DECLINE = DecisionPage(
    "Do not agree a reasonable adjustment",
    "Record that it is not agreed",
    "staff/adjustments/decline.html",
    warning=True,
)


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


@login_required
@require_GET
def adjustment_requests(request: HttpRequest) -> HttpResponse:
    if not sees_special_category(request.user):
        raise PermissionDenied("Your role does not see reasonable adjustments.")
    context = {
        "waiting": selectors.adjustment_requests_waiting(request.user),
        "today": staff_views.today(),
        "nav": "people",
    }
    return render(request, "staff/adjustments/list.html", context)


def _decision_page(
    request: HttpRequest,
    found: AdjustmentRequest,
    form: Any,
    page: DecisionPage,
    call: Any,
) -> HttpResponse:
    """Call the service with what was typed and go back to the queue, or show the form again with
    the problem named."""
    if request.method == "POST" and form.is_valid():
        try:
            done = call(form.cleaned_data)
        except PeopleInputError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        except CaseInputError as error:
            message = str(error)
            form.add_error("decided_on" if "decision date" in message else None, message)
        else:
            messages.success(request, done)
            return redirect("staff:adjustment-requests")
    selectors.adjustment_request_shown(request.user, found, where="an adjustment request")
    context = {"found": found, "form": form, "page": page, "nav": "people"}
    return render(request, page.template, context)


@login_required
@require_http_methods(["GET", "POST"])
def adjustment_request_agree_view(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.adjustment_request_get(request.user, pk)
    today = staff_views.today()
    form = forms.AgreeForm(
        _posted(request), initial={"description": found.description, "agreed_on": today}
    )

    def call(data: dict[str, Any]) -> str:
        decided = adjustment_request_agree(actor=request.user, request=found, today=today, **data)
        return (
            f"Reasonable adjustment agreed with {found.individual.name}, for review by "
            f"{decided.adjustment.review_by:%-d %B %Y}"
        )

    return _decision_page(request, found, form, AGREE, call)


@login_required
@require_http_methods(["GET", "POST"])
def adjustment_request_decline_view(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.adjustment_request_get(request.user, pk)
    form = forms.DeclineForm(_posted(request), initial={"decided_on": staff_views.today()})

    def call(data: dict[str, Any]) -> str:
        adjustment_request_decline(actor=request.user, request=found, **data)
        return f"Recorded that the adjustment {found.individual.name} asked for is not agreed"

    return _decision_page(request, found, form, DECLINE, call)


def case_panel(request: HttpRequest, complaint: Complaint) -> dict[str, Any]:
    """The adjustments asked for with this complaint on the web form, for the roles that see
    them; nothing when there are none."""
    found = selectors.adjustment_requests_of_case(request.user, complaint=complaint)
    if not found:
        return {}
    return {
        "requests": found,
        "waiting": [r for r in found if r.status == AdjustmentStatus.REQUESTED],
    }


urlpatterns: list[URLPattern] = [
    path("people/adjustment-requests/", adjustment_requests, name="adjustment-requests"),
    path(
        "people/adjustment-requests/<int:pk>/agree/",
        adjustment_request_agree_view,
        name="adjustment-request-agree",
    ),
    path(
        "people/adjustment-requests/<int:pk>/decline/",
        adjustment_request_decline_view,
        name="adjustment-request-decline",
    ),
]
