"""The figures page for those overseeing complaint handling: the organisation's figures for a
period, month-by-month charts each with its table, and the open cases at risk now.

A manager, senior lead, Member Responsible for Complaints or auditor reads it; a complaint handler
gets 403. Everything is of the user's own organisation: a service area of another organisation in
the query string is a 404, exactly as one that does not exist. Each chart is its own URL, served
as ``image/svg+xml`` for an ``<img>``, so the page needs no inline SVG and the table beside it is
the accessible alternative.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms as django_forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from putright.cases import selectors as case_selectors
from putright.clock.services import reminder_days_for
from putright.organisations.models import Role, ServiceArea
from putright.reporting import annual, charts, dashboards, trends
from putright.reporting.breakdowns import breakdowns
from putright.reporting.figures import complaint_figures
from putright.reporting.themes import complaint_themes
from putright.staff import views as staff_views
from putright.staff.forms import DATE_PARTS, DateInputField

#: The charts, by the name in their URL.
CHARTS = ("received", "on-time", "outcomes")


def financial_year(today: date) -> tuple[date, date]:
    """The financial year, 1 April to 31 March, that contains ``today``."""
    year = today.year if today.month >= 4 else today.year - 1
    return date(year, 4, 1), date(year + 1, 3, 31)


class FiguresFilterForm(django_forms.Form):
    """The period and service area of the figures, read from the query string."""

    start = DateInputField(label="Start date")
    end = DateInputField(label="End date")
    service_area = django_forms.TypedChoiceField(
        coerce=int, empty_value=None, required=False, label="Service area"
    )

    def __init__(self, data: QueryDict, *, service_areas: list[ServiceArea]) -> None:
        super().__init__(data)
        self.areas = {area.pk: area for area in service_areas}
        self.fields["service_area"].choices = [
            ("", "All service areas"),
            *((area.pk, area.name) for area in service_areas),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if start > end:
                self.add_error("end", "End date must be the same as or after the start date")
            elif len(trends.months_between(start, end)) > trends.MAX_MONTHS:
                self.add_error("end", "The period must be no longer than 5 years")
        return data

    def area(self) -> ServiceArea | None:
        chosen = self.cleaned_data.get("service_area")
        return None if chosen is None else self.areas[chosen]


def figures_filter(request: HttpRequest) -> FiguresFilterForm:
    """The filter form: what was typed, the current financial year where nothing was, and 404
    for a service area that is not one of the organisation's."""
    if not trends.can_read_figures(request.user):
        raise PermissionDenied("Only a manager, senior lead, member or auditor reads the figures.")
    data = request.GET.copy()
    for name, default in zip(("start", "end"), financial_year(staff_views.today()), strict=True):
        keys = [f"{name}_{part}" for part in DATE_PARTS]
        if not any(key in data for key in keys):
            data.update(dict(zip(keys, (default.day, default.month, default.year), strict=True)))
    areas = list(case_selectors.service_areas_for(request.user))
    form = FiguresFilterForm(data, service_areas=areas)
    if not form.is_valid() and "service_area" in form.errors and data.get("service_area"):
        raise Http404("No such service area.")
    return form


def figures_period(form: FiguresFilterForm, request: HttpRequest) -> dict[str, Any]:
    return {
        "organisation": request.user.organisation,
        "start": form.cleaned_data["start"],
        "end": form.cleaned_data["end"],
        "service_area": form.area(),
    }


@login_required
@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    form = figures_filter(request)
    context: dict[str, Any] = {"form": form, "nav": "figures"}
    if form.is_valid():
        period = figures_period(form, request)
        area = period["service_area"]
        queue = case_selectors.team_queue(
            request.user, today=staff_views.today(), service_area=area and area.pk
        )
        found = complaint_figures(**period)
        context |= {
            "figures": found,
            "months": trends.monthly_trends(**period),
            "outcomes": _outcome_rows(found),
            "breakdowns": breakdowns(**period),
            "categories": complaint_themes(**period, words=False),
            "counts": case_selectors.queue_counts(queue),
            "area_query": f"&service_area={area.pk}" if area else "",
            "query": form.data.urlencode(),
        }
    return render(request, "staff/dashboard/figures.html", context)


#: Each oversight role's dashboard, its landing page; an auditor reads the figures page.
DASHBOARDS = {
    Role.MANAGER: "staff/dashboard/manager.html",
    Role.SENIOR_LEAD: "staff/dashboard/senior_lead.html",
    Role.MEMBER: "staff/dashboard/member.html",
}
#: The most urgent open complaints the complaints manager's dashboard lists.
QUEUE_ROWS = 10


def has_dashboard(user: Any) -> bool:
    return trends.can_read_figures(user) and user.role in DASHBOARDS


def _outcome_rows(found: Any) -> list[tuple[str, int, int]]:
    outcomes = sorted({*found.stage1.outcomes, *found.stage2.outcomes})
    return [
        (charts.outcome_label(o), found.stage1.outcomes.get(o, 0), found.stage2.outcomes.get(o, 0))
        for o in outcomes
    ]


def _manager(
    request: HttpRequest, period: dict[str, Any], queue: case_selectors.Queue
) -> dict[str, Any]:
    area = period["service_area"]
    today = staff_views.today()
    window = reminder_days_for(request.user.organisation)
    return {
        "queue": list(queue)[:QUEUE_ROWS],
        "window": window,
        "workload": case_selectors.team_workload(
            request.user, today=today, window_days=window, service_area=area and area.pk
        ),
    }


def _senior_lead(
    request: HttpRequest, period: dict[str, Any], queue: case_selectors.Queue
) -> dict[str, Any]:
    found = breakdowns(**period)
    return {
        "breakdowns": found,
        "compliance": dashboards.compliance(**period, today=staff_views.today()),
        "limits": dashboards.code_limits(
            organisation=period["organisation"], service_area=period["service_area"]
        ),
    }


def _member(
    request: HttpRequest, period: dict[str, Any], queue: case_selectors.Queue
) -> dict[str, Any]:
    themes = complaint_themes(**period, words=False)
    return {
        "decisions": dashboards.ombudsman_decisions(**period),
        "improvements": annual.improvements_made(**period),
        "rising": annual.rising_without_names(themes, period["organisation"])[:5],
    }


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """The oversight role's own dashboard, with the figures page's filters and charts."""
    if not has_dashboard(request.user):
        raise PermissionDenied("Only a manager, senior lead or member has a dashboard.")
    form = figures_filter(request)
    context: dict[str, Any] = {"form": form, "nav": "dashboard"}
    if form.is_valid():
        period = figures_period(form, request)
        area = period["service_area"]
        found = complaint_figures(**period)
        role_context = {Role.MANAGER: _manager, Role.SENIOR_LEAD: _senior_lead}.get(
            request.user.role, _member
        )
        queue = case_selectors.team_queue(
            request.user, today=staff_views.today(), service_area=area and area.pk
        )
        context |= {
            "figures": found,
            "months": trends.monthly_trends(**period),
            "outcomes": _outcome_rows(found),
            "counts": case_selectors.queue_counts(queue),
            "area_query": f"&service_area={area.pk}" if area else "",
            "query": form.data.urlencode(),
            **role_context(request, period, queue),
        }
    return render(request, DASHBOARDS[request.user.role], context)


@login_required
@require_GET
def figures_chart(request: HttpRequest, chart: str) -> HttpResponse:
    if chart not in CHARTS:
        raise Http404("No such chart.")
    form = figures_filter(request)
    if not form.is_valid():
        return HttpResponseBadRequest("The period is not a real one.", content_type="text/plain")
    period = figures_period(form, request)
    if chart == "outcomes":
        svg = charts.outcomes_chart(complaint_figures(**period))
    elif chart == "received":
        svg = charts.received_chart(trends.monthly_trends(**period))
    else:
        svg = charts.on_time_chart(trends.monthly_trends(**period))
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    # An image needs nothing from anywhere: the chart carries no CSS or script (charts.py).
    response["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'"
    response["Cache-Control"] = "private, max-age=300"
    return response


urlpatterns: list[URLPattern] = [
    path("dashboard/", dashboard, name="dashboard"),
    path("figures/", figures, name="figures"),
    path("figures/charts/<slug:chart>.svg", figures_chart, name="figures-chart"),
]
