"""The themes page: what complaints are about, from their categories and their words, for a
period beside the one before it, rising themes first; each theme opens the complaints it covers
and the learning recorded from them.

Read by those who read the figures (``trends.can_read_figures``); a complaint handler gets 403.
Everything is of the user's own organisation, and the period and service area filter works as
on the figures page.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from putright.cases.selectors import can_change
from putright.reporting import themes
from putright.staff.dashboard_views import figures_filter, figures_period

#: The most complaints listed on a theme's page.
LISTED = 200


@login_required
@require_GET
def theme_list(request: HttpRequest) -> HttpResponse:
    form = figures_filter(request)
    context: dict[str, Any] = {"form": form, "nav": "figures"}
    if form.is_valid():
        period = figures_period(form, request)
        context |= {
            "themes": themes.complaint_themes(**period),
            "area": period["service_area"],
            "query": form.data.urlencode(),
        }
    return render(request, "staff/dashboard/themes.html", context)


@login_required
@require_GET
def theme_detail(request: HttpRequest) -> HttpResponse:
    form = figures_filter(request)
    kind, value = request.GET.get("kind", ""), request.GET.get("value", "").strip()
    if kind not in ("category", "term") or not value:
        raise Http404("No such theme.")
    context: dict[str, Any] = {"form": form, "nav": "figures", "kind": kind, "value": value}
    if form.is_valid():
        period = figures_period(form, request)
        found = themes.theme_complaints(kind=kind, value=value, **period)
        listed = list(found.select_related("service_area")[: LISTED + 1])
        context |= {
            "complaints": listed[:LISTED],
            "more": len(listed) > LISTED,
            "learning": themes.theme_learning(found).select_related("service_area"),
            "period": period,
            "can_change": can_change(request.user),
            "references": " ".join(c.reference for c in listed[:100]),
            "back": request.GET.copy(),
        }
        context["back"].pop("kind", None)
        context["back"].pop("value", None)
        context["back"] = context["back"].urlencode()
    return render(request, "staff/dashboard/theme.html", context)


urlpatterns: list[URLPattern] = [
    path("figures/themes/", theme_list, name="themes"),
    path("figures/themes/cases/", theme_detail, name="theme"),
]
