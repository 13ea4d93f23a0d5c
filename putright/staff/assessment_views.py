"""The self-assessment pages ('comply or explain') and the register of exceptional
circumstances (draft 8.1 a, 8.3 to 8.5), under /staff/self-assessment/.

Any member of staff reads; a manager or senior lead writes (others get 403); only the senior lead
signs off. Another organisation's version or row is a 404, as one that does not exist.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET, require_http_methods

from putright.reporting import assessment as selectors
from putright.reporting import services
from putright.reporting.models import Trigger
from putright.staff import views as staff_views
from putright.staff.forms import DateInputField

YES_NO = [("yes", "Yes"), ("no", "No")]


class StartForm(forms.Form):
    profile = forms.ChoiceField(label="Code", error_messages={"required": "Choose the Code"})
    year = forms.IntegerField(
        label="Year starting 1 April",
        min_value=2000,
        max_value=2100,
        error_messages={"required": "Enter the year", "invalid": "Enter the year as a number"},
    )
    trigger = forms.ChoiceField(label="Why now", choices=Trigger.choices, initial=Trigger.ANNUAL)
    trigger_reason = forms.CharField(label="What changed", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["profile"].choices = [(p, p) for p in selectors.assessment_profiles()]


class RowForm(forms.Form):
    comply = forms.ChoiceField(
        label="Does the organisation comply?",
        choices=YES_NO,
        error_messages={"required": "Say whether the organisation complies"},
    )
    evidence = forms.CharField(label="Evidence", required=False)
    commentary = forms.CharField(label="Commentary, or why it does not comply", required=False)


class SignOffForm(forms.Form):
    signed_off_on = DateInputField(label="Date signed off")


class ChangeForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of change",
        choices=[(k.value, k.label) for k in services.CHANGE_KINDS],
        error_messages={"required": "Choose what kind of change it is"},
    )
    changed_on = DateInputField(label="Date of the change")
    what = forms.CharField(label="What changed", error_messages={"required": "Say what changed"})


class ExceptionalForm(forms.Form):
    period_from = DateInputField(label="Start date")
    period_to = DateInputField(label="End date", required=False)
    what_happened = forms.CharField(
        label="What happened", error_messages={"required": "Say what happened"}
    )
    ombudsman_notified_on = DateInputField(label="Date the Ombudsman was told", required=False)
    statement_published_on = DateInputField(
        label="Date the statement was published", required=False
    )
    compliance_returns_on = DateInputField(label="Date of return to compliance", required=False)


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _check_writer(request: HttpRequest) -> None:
    if not services.may_write(request.user):
        raise PermissionDenied("Only a manager or senior lead changes the self-assessment.")


def _form_page(
    request: HttpRequest,
    form: forms.Form,
    template: str,
    call: Callable[[dict[str, Any]], tuple[str, str]],
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            done, where = call(form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, done)
            return redirect(where)
    return render(request, template, {"form": form, "nav": "self-assessment"} | (extra or {}))


@login_required
@require_GET
def assessment_list(request: HttpRequest) -> HttpResponse:
    context = {
        "assessments": selectors.self_assessments_for(request.user),
        "register": selectors.exceptional_circumstances_for(request.user),
        "changes": selectors.procedure_changes_for(request.user),
        "prompts": selectors.assessment_prompts(request.user, today=staff_views.today()),
        "may_write": services.may_write(request.user),
        "nav": "self-assessment",
    }
    return render(request, "staff/assessment/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_new(request: HttpRequest) -> HttpResponse:
    _check_writer(request)
    today = staff_views.today()
    initial = {"year": today.year if today.month > 3 else today.year - 1}
    # A prompt on the list links here with what it asks for.
    for key in ("profile", "year", "trigger"):
        if request.GET.get(key):
            initial[key] = request.GET[key]
    form = StartForm(_posted(request), initial=initial)

    def call(data: dict[str, Any]) -> tuple[str, str]:
        made = services.self_assessment_start(actor=request.user, **data)
        return f"Self-assessment started: {made}", f"/staff/self-assessment/{made.pk}/"

    return _form_page(request, form, "staff/assessment/new.html", call)


@login_required
@require_GET
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.self_assessment_get(request.user, pk)
    context = {
        "assessment": found,
        "rows": found.rows.all(),
        "may_write": services.may_write(request.user) and not found.signed_off,
        "nav": "self-assessment",
    }
    return render(request, "staff/assessment/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_row(request: HttpRequest, pk: int, row: int) -> HttpResponse:
    found = selectors.self_assessment_row_get(request.user, pk, row)
    _check_writer(request)
    initial = {
        "comply": {True: "yes", False: "no"}.get(found.comply, ""),  # type: ignore[call-overload]
        "evidence": found.evidence,
        "commentary": found.commentary,
    }
    form = RowForm(_posted(request), initial=initial)

    def call(data: dict[str, Any]) -> tuple[str, str]:
        services.self_assessment_row_update(
            actor=request.user,
            row=found,
            comply=data["comply"] == "yes",
            evidence=data["evidence"],
            commentary=data["commentary"],
        )
        return f"Saved {found.clause}", f"/staff/self-assessment/{pk}/"

    extra = {"row": found, "assessment": found.assessment}
    return _form_page(request, form, "staff/assessment/row.html", call, extra)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.self_assessment_get(request.user, pk)
    _check_writer(request)
    form = SignOffForm(_posted(request), initial={"signed_off_on": staff_views.today()})

    def call(data: dict[str, Any]) -> tuple[str, str]:
        services.self_assessment_sign_off(actor=request.user, assessment=found, **data)
        return f"Signed off: {found}", f"/staff/self-assessment/{pk}/"

    return _form_page(request, form, "staff/assessment/sign_off.html", call, {"assessment": found})


@login_required
@require_GET
def assessment_export(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.self_assessment_get(request.user, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"self-assessment-{found.profile}-{found.year}-v{found.version}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(["section", "clause", "requirement", "comply", "evidence", "commentary"])
    for row in found.rows.all():
        comply = {True: "yes", False: "no"}.get(row.comply, "")  # type: ignore[call-overload]
        writer.writerow(
            [row.section, row.clause, row.requirement, comply, row.evidence, row.commentary]
        )
    return response


@login_required
@require_GET
def assessment_export_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from putright.pdf import render_pdf  # weasyprint loads only when a PDF is made

    found = selectors.self_assessment_get(request.user, pk)
    pdf = render_pdf("pdf/self_assessment.html", {"assessment": found, "rows": found.rows.all()})
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"self-assessment-{found.profile}-{found.year}-v{found.version}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def change_new(request: HttpRequest) -> HttpResponse:
    _check_writer(request)
    form = ChangeForm(_posted(request))

    def call(data: dict[str, Any]) -> tuple[str, str]:
        services.procedure_change_record(actor=request.user, **data)
        return "Change recorded: carry out the self-assessment again", "/staff/self-assessment/"

    return _form_page(request, form, "staff/assessment/change.html", call)


@login_required
@require_http_methods(["GET", "POST"])
def exceptional_new(request: HttpRequest) -> HttpResponse:
    _check_writer(request)
    form = ExceptionalForm(_posted(request))

    def call(data: dict[str, Any]) -> tuple[str, str]:
        services.exceptional_circumstance_record(actor=request.user, **data)
        return "Exceptional circumstances recorded", "/staff/self-assessment/"

    return _form_page(request, form, "staff/assessment/exceptional.html", call)


urlpatterns: list[URLPattern] = [
    path("self-assessment/", assessment_list, name="assessment-list"),
    path("self-assessment/new/", assessment_new, name="assessment-new"),
    path(
        "self-assessment/exceptional-circumstances/new/",
        exceptional_new,
        name="assessment-exceptional-new",
    ),
    path("self-assessment/<int:pk>/", assessment_detail, name="assessment"),
    path("self-assessment/<int:pk>/rows/<int:row>/", assessment_row, name="assessment-row"),
    path("self-assessment/<int:pk>/sign-off/", assessment_sign_off, name="assessment-sign-off"),
    path("self-assessment/<int:pk>/export.csv", assessment_export, name="assessment-export"),
    path(
        "self-assessment/<int:pk>/export.pdf", assessment_export_pdf, name="assessment-export-pdf"
    ),
    path("self-assessment/changes/new/", change_new, name="assessment-change-new"),
]
