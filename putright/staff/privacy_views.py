"""The data protection pages: subject access for one person, erasing a person, the retention
schedule and the destruction log.

Only a manager or senior lead may use them (others get 403); a person, rule or run of another
organisation is a 404, exactly as one that does not exist. Each view parses its input, calls one
selector or one service, and renders the answer.
"""

from __future__ import annotations

from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET, require_http_methods

from putright.organisations.models import Organisation, OutcomeOption
from putright.people import selectors as people
from putright.people.models import Individual
from putright.policy import get_profile
from putright.privacy import selectors
from putright.privacy.models import CaseType
from putright.privacy.services.common import PrivacyInputError, may_manage_privacy
from putright.privacy.services.erasure import erasure_blockers, individual_erase
from putright.privacy.services.retention import (
    COMPLAINT_STATES,
    REQUEST_STATES,
    describe_scope,
    retention_rule_remove,
    retention_rule_set,
    retention_schedule,
)
from putright.privacy.services.subject_access import subject_access_export
from putright.staff import privacy_forms as forms
from putright.staff import views as staff_views


def _check(request: HttpRequest) -> None:
    if not may_manage_privacy(request.user):
        raise PermissionDenied("Only a manager or senior lead may use the data protection pages.")


def _person(request: HttpRequest, pk: int) -> Individual:
    individual = people.individual_get(request.user, pk)
    _check(request)
    return individual


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


# --- Subject access -----------------------------------------------------------------------------


@login_required
@require_GET
def subject_access(request: HttpRequest, pk: int) -> HttpResponse:
    individual = _person(request, pk)
    context = {
        "individual": individual,
        "complaints": individual.complaints.count(),
        "requests": individual.requests.count(),
        "nav": "people",
    }
    return render(request, "staff/privacy/subject_access.html", context)


def _export(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    individual = _person(request, pk)
    content = subject_access_export(actor=request.user, individual=individual, kind=kind)
    types = {"json": "application/json", "pdf": "application/pdf"}
    response = HttpResponse(content, content_type=types[kind])
    name = f"subject-access-{individual.pk}-{staff_views.today().isoformat()}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def subject_access_json(request: HttpRequest, pk: int) -> HttpResponse:
    return _export(request, pk, "json")


@login_required
@require_GET
def subject_access_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _export(request, pk, "pdf")


# --- Erasure ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def erase(request: HttpRequest, pk: int) -> HttpResponse:
    individual = _person(request, pk)
    blockers = erasure_blockers(individual) if individual.anonymised is None else []
    form = forms.ErasureForm(_posted(request))
    if request.method == "POST" and form.is_valid() and not blockers:
        try:
            run = individual_erase(
                actor=request.user,
                individual=individual,
                reason=form.cleaned_data["reason"],
                today=staff_views.today(),
            )
        except PrivacyInputError as error:
            form.add_error("reason" if error.field == "reason" else None, str(error))
        else:
            messages.success(
                request,
                f"Erased: {run.complaints} complaint(s) and {run.service_requests} service "
                "request(s) anonymised, and the person's record",
            )
            return redirect("staff:person", pk=individual.pk)
    context = {"individual": individual, "form": form, "blockers": blockers, "nav": "people"}
    return render(request, "staff/privacy/erase.html", context)


# --- The retention schedule ---------------------------------------------------------------------


def _scopes(organisation: Organisation) -> list[tuple[str, str]]:
    """Every set of cases a rule may be for, as (value, words) for the form."""
    outcomes: dict[str, None] = {}
    ids = {
        organisation.default_profile,
        *organisation.service_areas.values_list("profile", flat=True),
    }
    for profile_id in sorted(ids):
        try:
            outcomes |= dict.fromkeys(get_profile(profile_id).outcomes.values)
        except KeyError:
            continue
    outcomes |= dict.fromkeys(
        OutcomeOption.objects.filter(organisation=organisation).values_list("key", flat=True)
    )
    values = [f"{CaseType.COMPLAINT}|"]
    values += [f"{CaseType.COMPLAINT}|{state}" for state in COMPLAINT_STATES]
    values += [f"{CaseType.COMPLAINT}|outcome:{key}" for key in outcomes]
    values += [f"{CaseType.SERVICE_REQUEST}|"]
    values += [f"{CaseType.SERVICE_REQUEST}|{state}" for state in REQUEST_STATES]
    return [(v, describe_scope(*v.split("|", 1))) for v in values]


@login_required
@require_GET
def retention(request: HttpRequest) -> HttpResponse:
    _check(request)
    organisation = request.user.organisation
    context = {
        "rules": retention_schedule(organisation),
        "runs": list(selectors.disposal_runs(request.user)[:10]),
        "nav": "settings",
    }
    return render(request, "staff/privacy/retention.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def retention_rule(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    rule = selectors.retention_rule_get(request.user, pk) if pk is not None else None
    _check(request)
    initial = {}
    if rule is not None:
        initial = {
            "scope": f"{rule.case_type}|{rule.applies_to}",
            "years": rule.months // 12,
            "months": rule.months % 12,
        }
    form = forms.RetentionRuleForm(
        _posted(request), initial=initial, scopes=_scopes(request.user.organisation)
    )
    if request.method == "POST" and form.is_valid():
        try:
            retention_rule_set(actor=request.user, **form.service_values())
        except PrivacyInputError as error:
            form.add_error("years" if error.field == "months" else None, str(error))
        else:
            messages.success(request, "Retention rule saved")
            return redirect("staff:retention")
    page = {
        "title": "Change a retention rule" if rule else "Add a retention rule",
        "button": "Save the rule",
    }
    return render(
        request,
        "staff/privacy/retention_rule.html",
        {"form": form, "rule": rule, "page": page, "nav": "settings"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def retention_rule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    rule = selectors.retention_rule_get(request.user, pk)
    _check(request)
    form = django_forms.Form(_posted(request))
    if request.method == "POST" and form.is_valid():
        retention_rule_remove(actor=request.user, rule=rule)
        messages.success(request, "Retention rule removed")
        return redirect("staff:retention")
    what = describe_scope(rule.case_type, rule.applies_to)
    return render(
        request,
        "staff/privacy/retention_remove.html",
        {"form": form, "rule": rule, "what": what, "nav": "settings"},
    )


@login_required
@require_GET
def destruction_log(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.disposal_run_get(request.user, pk)
    _check(request)
    page = Paginator(selectors.destruction_entries(run), 100).get_page(request.GET.get("page"))
    return render(request, "staff/privacy/run.html", {"run": run, "page": page, "nav": "settings"})


urlpatterns: list[URLPattern] = [
    path("people/<int:pk>/subject-access/", subject_access, name="subject-access"),
    path(
        "people/<int:pk>/subject-access/everything.json",
        subject_access_json,
        name="subject-access-json",
    ),
    path(
        "people/<int:pk>/subject-access/everything.pdf",
        subject_access_pdf,
        name="subject-access-pdf",
    ),
    path("people/<int:pk>/erase/", erase, name="person-erase"),
    path("settings/retention/", retention, name="retention"),
    path("settings/retention/new/", retention_rule, name="retention-new"),
    path("settings/retention/<int:pk>/edit/", retention_rule, name="retention-edit"),
    path("settings/retention/<int:pk>/remove/", retention_rule_delete, name="retention-remove"),
    path("settings/retention/runs/<int:pk>/", destruction_log, name="retention-run"),
]
