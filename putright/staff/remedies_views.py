"""The putting-things-right pages: a case's remedies, outstanding actions and Ombudsman referrals,
the organisation's learning, and the case page's section that shows them.

Each view parses its input, calls one selector or one service, and renders the answer. Anything of
another organisation is a 404, exactly as what does not exist; a read-only role (the Member,
auditors) gets 403 on every form.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_http_methods

from putright.cases import remedy_selectors as selectors
from putright.cases.models import (
    ActionStatus,
    ActionUpdate,
    Complaint,
    OutstandingAction,
    Remedy,
    RemedyStatus,
)
from putright.cases.selectors import can_change, complaint_get, service_areas_for
from putright.cases.services import remedies as services
from putright.cases.services.common import CaseInputError
from putright.staff import remedies_forms as forms
from putright.staff import views as staff_views

#: The colour of each remedy status tag (GOV.UK tag modifiers).
STATUS_TAGS: Mapping[str, str] = {
    RemedyStatus.OFFERED: "govuk-tag--blue",
    RemedyStatus.ACCEPTED: "govuk-tag--light-blue",
    RemedyStatus.DECLINED: "govuk-tag--grey",
    RemedyStatus.IN_PROGRESS: "govuk-tag--yellow",
    RemedyStatus.COMPLETED: "govuk-tag--green",
    RemedyStatus.CANNOT_DELIVER: "govuk-tag--orange",
}


@dataclass(frozen=True)
class Page:
    """One form page: its words and its template under ``templates/staff/remedies/``."""

    title: str
    button: str
    done: str
    template: str
    warning: bool = False


PAGES: Mapping[str, Page] = {
    "remedy": Page("Offer a remedy", "Offer the remedy", "Remedy recorded", "remedy_new"),
    "status": Page("Update the remedy", "Save the status", "Remedy updated", "remedy_status"),
    "cannot-deliver": Page(
        "Record that the remedy cannot be delivered",
        "Record it",
        "Remedy recorded as not deliverable",
        "remedy_cannot_deliver",
        warning=True,
    ),
    "action": Page(
        "Add an outstanding action", "Add the action", "Outstanding action added", "action_new"
    ),
    "action-update": Page("Add an update", "Add the update", "Update added", "action_update"),
    "action-complete": Page(
        "Record that the action is done", "Record it", "Action done", "action_complete"
    ),
    "referral": Page(
        "Record a referral to the Ombudsman", "Record the referral", "Referral recorded", "referral"
    ),
    "decide": Page(
        "Record the Ombudsman's decision", "Record the decision", "Decision recorded", "decide"
    ),
    "recommendation": Page(
        "Add a recommendation", "Add the recommendation", "Recommendation added", "recommendation"
    ),
    "recommendation-done": Page(
        "Record that the recommendation was carried out",
        "Record it",
        "Recommendation carried out",
        "recommendation_done",
    ),
}


@dataclass(frozen=True)
class RemedyRow:
    remedy: Remedy
    tag: str
    overdue: bool


@dataclass(frozen=True)
class ActionRow:
    action: OutstandingAction
    latest: ActionUpdate | None
    overdue: bool


def _writer(request: HttpRequest) -> None:
    if not can_change(request.user):
        raise PermissionDenied("Your role can read cases but not change them.")


def _form_page(
    request: HttpRequest,
    complaint: Complaint,
    key: str,
    form: Form,
    call: Callable[..., Any],
    **context: Any,
) -> HttpResponse:
    """Show the form; on a valid POST call the one service with what was typed, then go back to
    the case."""
    page = PAGES[key]
    if request.method == "POST" and form.is_valid():
        try:
            call(**form.cleaned_data)
        except CaseInputError as error:
            field = getattr(error, "field", None)
            form.add_error(field if field in form.fields else None, str(error))
        else:
            messages.success(request, page.done)
            return redirect("staff:case", reference=complaint.reference)
    context |= {"complaint": complaint, "form": form, "page": page, "nav": "cases"}
    return render(request, f"staff/remedies/{page.template}.html", context)


def _case(request: HttpRequest, reference: str) -> Complaint:
    complaint = complaint_get(request.user, reference)
    _writer(request)
    return complaint


# --- Remedies ---


@login_required
@require_http_methods(["GET", "POST"])
def remedy_new(request: HttpRequest, reference: str) -> HttpResponse:
    complaint = _case(request, reference)
    form = forms.RemedyForm(
        request.POST or None, initial={"stage": complaint.stage}, complaint=complaint
    )
    call = partial(services.remedy_offer, actor=request.user, complaint=complaint)
    return _form_page(request, complaint, "remedy", form, call)


@login_required
@require_http_methods(["GET", "POST"])
def remedy_action(request: HttpRequest, reference: str, pk: int, action: str) -> HttpResponse:
    if action not in ("status", "cannot-deliver"):
        raise Http404("No such step")
    complaint = complaint_get(request.user, reference)
    remedy = selectors.remedy_get(request.user, complaint, pk)
    _writer(request)
    if action == "status":
        form: Form = forms.RemedyStatusForm(request.POST or None)
        service: Callable[..., Any] = services.remedy_update_status
    else:
        form = forms.CannotDeliverForm(request.POST or None)
        service = services.remedy_cannot_deliver
    call = partial(service, actor=request.user, remedy=remedy)
    return _form_page(request, complaint, action, form, call, remedy=remedy)


# --- Outstanding actions ---


@login_required
@require_http_methods(["GET", "POST"])
def action_new(request: HttpRequest, reference: str) -> HttpResponse:
    complaint = _case(request, reference)
    form = forms.ActionForm(
        request.POST or None,
        initial={"owner": complaint.handler_id},
        staff=selectors.staff_for(request.user),
    )
    call = partial(services.outstanding_action_add, actor=request.user, complaint=complaint)
    return _form_page(request, complaint, "action", form, call)


@login_required
@require_http_methods(["GET", "POST"])
def action_update(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    complaint = complaint_get(request.user, reference)
    action = selectors.action_get(request.user, complaint, pk)
    _writer(request)
    form = forms.ActionUpdateForm(request.POST or None)
    call = partial(services.outstanding_action_update, actor=request.user, action=action)
    return _form_page(request, complaint, "action-update", form, call, action=action)


@login_required
@require_http_methods(["GET", "POST"])
def action_complete(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    complaint = complaint_get(request.user, reference)
    action = selectors.action_get(request.user, complaint, pk)
    _writer(request)
    form = forms.ActionCompleteForm(
        request.POST or None, initial={"completed_on": staff_views.today()}
    )
    call = partial(services.outstanding_action_complete, actor=request.user, action=action)
    return _form_page(request, complaint, "action-complete", form, call, action=action)


# --- Ombudsman referrals ---


@login_required
@require_http_methods(["GET", "POST"])
def referral_new(request: HttpRequest, reference: str) -> HttpResponse:
    complaint = _case(request, reference)
    form = forms.ReferralForm(request.POST or None, initial={"referred_on": staff_views.today()})
    call = partial(services.ombudsman_referral_record, actor=request.user, complaint=complaint)
    return _form_page(request, complaint, "referral", form, call)


@login_required
@require_http_methods(["GET", "POST"])
def referral_decide(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    complaint = complaint_get(request.user, reference)
    referral = selectors.referral_get(request.user, complaint, pk)
    _writer(request)
    form = forms.DecideForm(request.POST or None, initial={"decided_on": staff_views.today()})
    call = partial(services.ombudsman_referral_decide, actor=request.user, referral=referral)
    return _form_page(request, complaint, "decide", form, call, referral=referral)


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_new(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    complaint = complaint_get(request.user, reference)
    referral = selectors.referral_get(request.user, complaint, pk)
    _writer(request)
    form = forms.RecommendationForm(request.POST or None)
    call = partial(services.recommendation_add, actor=request.user, referral=referral)
    return _form_page(request, complaint, "recommendation", form, call, referral=referral)


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_done(request: HttpRequest, reference: str, pk: int, rec: int) -> HttpResponse:
    complaint = complaint_get(request.user, reference)
    referral = selectors.referral_get(request.user, complaint, pk)
    recommendation = selectors.recommendation_get(request.user, referral, rec)
    _writer(request)
    form = forms.RecommendationDoneForm(
        request.POST or None, initial={"carried_out_on": staff_views.today()}
    )
    return _form_page(
        request,
        complaint,
        "recommendation-done",
        form,
        partial(
            services.recommendation_carried_out, actor=request.user, recommendation=recommendation
        ),
        referral=referral,
        recommendation=recommendation,
    )


# --- Learning ---


@login_required
def learning_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = forms.LearningFilterForm(request.GET, service_areas=service_areas_for(user))
    filters = form.cleaned_data if form.is_valid() else {}
    context = {
        "form": form,
        "learning": selectors.learning_list(user, **filters),
        "can_change": can_change(user),
        "nav": "learning",
    }
    return render(request, "staff/learning/list.html", context)


def _complaints(request: HttpRequest, form: forms.LearningForm) -> list[Complaint] | None:
    """The complaints whose references were typed, or None with the form's error set."""
    found, unknown = [], []
    for reference in forms.references(form.cleaned_data["references"]):
        try:
            found.append(complaint_get(request.user, reference))
        except Http404:
            unknown.append(reference)
    if unknown:
        form.add_error(
            "references",
            f"There is no complaint with the reference {', '.join(unknown)}: check the references",
        )
        return None
    return found


@login_required
@require_http_methods(["GET", "POST"])
def learning_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    _writer(request)
    form = forms.LearningForm(
        request.POST or None,
        initial={"references": request.GET.get("reference", "")},
        service_areas=service_areas_for(user),
        staff=selectors.staff_for(user),
    )
    if request.method == "POST" and form.is_valid():
        complaints = _complaints(request, form)
        if complaints is not None:
            data = {k: v for k, v in form.cleaned_data.items() if k != "references"}
            try:
                learning = services.learning_record(actor=user, complaints=complaints, **data)
            except CaseInputError as error:
                field = getattr(error, "field", None)
                form.add_error(field if field in form.fields else None, str(error))
            else:
                messages.success(request, "Learning recorded")
                return redirect("staff:learning-detail", pk=learning.pk)
    context = {"form": form, "nav": "learning"}
    return render(request, "staff/learning/new.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def learning_detail(request: HttpRequest, pk: int, step: str = "") -> HttpResponse:
    """The learning and its complaints; its two forms post back here with ``step`` set."""
    if step not in ("", "link", "implemented"):
        raise Http404("No such step")
    user = request.user
    learning = selectors.learning_get(user, pk)
    link = forms.LinkForm(request.POST if step == "link" else None)
    implemented = forms.ImplementedForm(
        request.POST if step == "implemented" else None,
        initial={"implemented_on": staff_views.today()},
    )
    if request.method == "POST":
        _writer(request)
        form: Form = link if step == "link" else implemented
        if form.is_valid():
            try:
                if step == "link":
                    complaint = complaint_get(user, form.cleaned_data["reference"])
                    services.learning_link_complaint(
                        actor=user, learning=learning, complaint=complaint
                    )
                else:
                    services.learning_implemented(
                        actor=user, learning=learning, **form.cleaned_data
                    )
            except Http404:
                form.add_error("reference", "There is no complaint with that reference")
            except CaseInputError as error:
                field = getattr(error, "field", None)
                form.add_error(field if field in form.fields else None, str(error))
            else:
                messages.success(request, "Learning updated")
                return redirect("staff:learning-detail", pk=learning.pk)
    context = {
        "learning": learning,
        "link": link,
        "implemented": implemented,
        "can_change": can_change(user),
        "nav": "learning",
    }
    return render(request, "staff/learning/detail.html", context)


# --- The case page's section ---


def _overdue(due: date | None, today: date) -> bool:
    return due is not None and due < today


def case_panel(request: HttpRequest, complaint: Complaint) -> dict[str, Any]:
    """The case's remedies, outstanding actions, Ombudsman referrals and learning, with the
    links to change them for roles that may."""
    user = request.user
    today = staff_views.today()
    remedies = [
        RemedyRow(
            r,
            STATUS_TAGS.get(r.status, ""),
            r.status in selectors.OPEN_REMEDY_STATUSES and _overdue(r.due, today),
        )
        for r in selectors.remedies_for(user, complaint)
    ]
    actions = []
    for action in selectors.actions_for(user, complaint):
        updates = list(action.updates.all())
        is_open = action.status == ActionStatus.OPEN
        actions.append(
            ActionRow(
                action, updates[-1] if updates else None, is_open and _overdue(action.due, today)
            )
        )
    return {
        "complaint": complaint,
        "remedies": remedies,
        "actions": actions,
        "referrals": list(selectors.referrals_for(user, complaint)),
        "learning": list(selectors.learning_for_complaint(user, complaint)),
        "can_change": can_change(user),
        "finished": (RemedyStatus.COMPLETED, RemedyStatus.CANNOT_DELIVER),
    }


CASE = "cases/<str:reference>/"

urlpatterns: list[URLPattern] = [
    path(f"{CASE}remedies/new/", remedy_new, name="remedies-new"),
    path(f"{CASE}remedies/<int:pk>/<slug:action>/", remedy_action, name="remedies-action"),
    path(f"{CASE}actions/new/", action_new, name="remedies-action-new"),
    path(f"{CASE}actions/<int:pk>/update/", action_update, name="remedies-action-update"),
    path(f"{CASE}actions/<int:pk>/complete/", action_complete, name="remedies-action-complete"),
    path(f"{CASE}ombudsman/new/", referral_new, name="remedies-referral-new"),
    path(f"{CASE}ombudsman/<int:pk>/decide/", referral_decide, name="remedies-referral-decide"),
    path(
        f"{CASE}ombudsman/<int:pk>/recommendations/new/",
        recommendation_new,
        name="remedies-recommendation-new",
    ),
    path(
        f"{CASE}ombudsman/<int:pk>/recommendations/<int:rec>/done/",
        recommendation_done,
        name="remedies-recommendation-done",
    ),
    path("learning/", learning_list, name="learning"),
    path("learning/new/", learning_new, name="learning-new"),
    path("learning/<int:pk>/", learning_detail, name="learning-detail"),
    path("learning/<int:pk>/<slug:step>/", learning_detail, name="learning-step"),
]
