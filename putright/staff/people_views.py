"""The people pages: finding a person, their record, the forms that change it, and the case page's
section on the individual.

Each view parses its input, calls one selector or one service, and renders the answer. A person of
another organisation is a 404, exactly as one that does not exist (``selectors.individual_get``);
read-only roles may look but are refused every form. Disabilities and reasonable adjustments are
shown only to the roles that need them, and every showing of disabilities is audited.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_http_methods

from putright.cases.models import Complaint
from putright.cases.selectors import service_areas_for
from putright.people import selectors, services
from putright.people.models import Individual
from putright.public import adjustment_selectors
from putright.staff import people_forms as forms
from putright.staff import views as staff_views

#: The individual's details the edit form shows, besides disabilities.
EDITABLE = ("name", "email", "phone", "address", "postcode", "contact_preference", "contact_notes")


@dataclass(frozen=True)
class FormPage:
    """One form of the person's page: its title, button, template and what it says when done."""

    title: str
    button: str
    done: str
    template: str
    warning: bool = False


def _posted(request: HttpRequest) -> Any:
    """What was posted, so even an empty form is checked; None for a GET."""
    return request.POST if request.method == "POST" else None


def _individual(request: HttpRequest, pk: int, *, change: bool = False) -> Individual:
    individual = selectors.individual_get(request.user, pk)
    if change and not selectors.can_change(request.user):
        raise PermissionDenied("Your role can read people's records but not change them.")
    return individual


def _form_page(
    request: HttpRequest,
    individual: Individual,
    form: django_forms.Form,
    page: FormPage,
    call: Callable[[dict[str, Any]], Any],
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """Call the service with what was typed, or show the form again with the problem named."""
    if request.method == "POST" and form.is_valid():
        try:
            call(form.cleaned_data)
        except services.PeopleInputError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, page.done)
            return redirect("staff:person", pk=individual.pk)
    context = {"individual": individual, "form": form, "page": page, "nav": "people"}
    return render(request, page.template, context | (extra or {}))


@login_required
def people(request: HttpRequest) -> HttpResponse:
    form = forms.PeopleSearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    context = {
        "form": form,
        "query": query,
        "results": selectors.individuals_search(request.user, query) if query else None,
        "reviews": selectors.reviews_due(request.user, today=staff_views.today()),
        "can_change": selectors.can_change(request.user),
        "special": selectors.sees_special_category(request.user),
        "adjustment_requests_waiting": (
            adjustment_selectors.adjustment_requests_waiting_count(request.user)
        ),
        "nav": "people",
    }
    return render(request, "staff/people/list.html", context)


@login_required
def person(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    individual = _individual(request, pk)
    kept, clause = selectors.disabilities_rule(user)
    shown = selectors.sees_special_category(user) and (kept or bool(individual.disabilities))
    context = {
        "individual": individual,
        "can_change": selectors.can_change(user),
        "special": selectors.sees_special_category(user),
        "disabilities_shown": shown,
        "disabilities": selectors.individual_disabilities(user, individual) if shown else None,
        "disabilities_clause": clause,
        "representatives": selectors.representatives_of(individual),
        "adjustments": selectors.adjustments_of(user, individual),
        "adjustment_requests": adjustment_selectors.adjustment_requests_of_individual(
            user, individual
        ),
        "restrictions": selectors.restrictions_of(individual),
        "complaints": selectors.complaints_of(user, individual),
        "today": staff_views.today(),
        "nav": "people",
    }
    return render(request, "staff/people/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    individual = _individual(request, pk, change=True)
    kept, clause = selectors.disabilities_rule(user)
    with_disabilities = kept or bool(individual.disabilities)
    initial = {f: getattr(individual, f) for f in EDITABLE}
    if with_disabilities and request.method == "GET":
        initial["disabilities"] = selectors.individual_disabilities(user, individual)
    form = forms.IndividualForm(
        _posted(request),
        initial=initial,
        service_areas=service_areas_for(user),
        with_disabilities=with_disabilities,
    )
    page = FormPage(
        "Change their details", "Save the changes", "Details saved", "staff/people/edit.html"
    )

    def call(data: dict[str, Any]) -> Any:
        return services.individual_update(actor=user, individual=individual, **data)

    return _form_page(request, individual, form, page, call, {"disabilities_clause": clause})


@login_required
@require_http_methods(["GET", "POST"])
def representative_new(request: HttpRequest, pk: int) -> HttpResponse:
    individual = _individual(request, pk, change=True)
    form = forms.RepresentativeForm(_posted(request))
    page = FormPage(
        "Add a representative",
        "Add the representative",
        "Representative added",
        "staff/people/representative.html",
    )

    def call(data: dict[str, Any]) -> Any:
        return services.representative_add(
            actor=request.user, individual=individual, today=staff_views.today(), **data
        )

    return _form_page(request, individual, form, page, call)


@login_required
@require_http_methods(["GET", "POST"])
def representative_end(request: HttpRequest, pk: int, rep: int) -> HttpResponse:
    individual = _individual(request, pk, change=True)
    representative = selectors.representative_get(request.user, individual, rep)
    form = django_forms.Form(_posted(request))
    page = FormPage(
        f"{representative.name} no longer acts for {individual.name}",
        "Record that they no longer act",
        "Representative ended",
        "staff/people/representative_end.html",
        warning=True,
    )

    def call(data: dict[str, Any]) -> Any:
        return services.representative_end(actor=request.user, representative=representative)

    return _form_page(request, individual, form, page, call, {"representative": representative})


@login_required
@require_http_methods(["GET", "POST"])
def adjustment_new(request: HttpRequest, pk: int) -> HttpResponse:
    individual = _individual(request, pk, change=True)
    form = forms.AdjustmentForm(_posted(request), initial={"agreed_on": staff_views.today()})
    page = FormPage(
        "Record a reasonable adjustment",
        "Record the adjustment",
        "Reasonable adjustment recorded",
        "staff/people/adjustment.html",
    )

    def call(data: dict[str, Any]) -> Any:
        return services.adjustment_agree(
            actor=request.user, individual=individual, today=staff_views.today(), **data
        )

    return _form_page(request, individual, form, page, call)


@login_required
@require_http_methods(["GET", "POST"])
def adjustment_review(request: HttpRequest, pk: int, adj: int) -> HttpResponse:
    individual = _individual(request, pk, change=True)
    adjustment = selectors.adjustment_get(request.user, individual, adj)
    form = forms.AdjustmentReviewForm(
        _posted(request), initial={"reviewed_on": staff_views.today()}
    )
    page = FormPage(
        "Review a reasonable adjustment",
        "Record the review",
        "Review recorded",
        "staff/people/adjustment_review.html",
    )

    def call(data: dict[str, Any]) -> Any:
        return services.adjustment_review(
            actor=request.user, adjustment=adjustment, today=staff_views.today(), **data
        )

    return _form_page(request, individual, form, page, call, {"adjustment": adjustment})


@login_required
@require_http_methods(["GET", "POST"])
def restriction_new(request: HttpRequest, pk: int) -> HttpResponse:
    individual = _individual(request, pk, change=True)
    form = forms.RestrictionForm(_posted(request), initial={"starts": staff_views.today()})
    page = FormPage(
        "Restrict contact",
        "Restrict contact",
        "Restriction recorded",
        "staff/people/restriction.html",
        warning=True,
    )

    def call(data: dict[str, Any]) -> Any:
        return services.restriction_impose(
            actor=request.user, individual=individual, today=staff_views.today(), **data
        )

    return _form_page(request, individual, form, page, call)


@login_required
@require_http_methods(["GET", "POST"])
def restriction_review(request: HttpRequest, pk: int, r: int) -> HttpResponse:
    individual = _individual(request, pk, change=True)
    restriction = selectors.restriction_get(request.user, individual, r)
    form = forms.RestrictionReviewForm(
        _posted(request), initial={"reviewed_on": staff_views.today()}
    )
    page = FormPage(
        "Review a restriction",
        "Record the review",
        "Review recorded",
        "staff/people/restriction_review.html",
    )

    def call(data: dict[str, Any]) -> Any:
        return services.restriction_review(
            actor=request.user, restriction=restriction, today=staff_views.today(), **data
        )

    return _form_page(request, individual, form, page, call, {"restriction": restriction})


def case_panel(request: HttpRequest, complaint: Complaint) -> dict[str, Any]:
    """The individual on the case page: who they are, how to contact them, who acts for them, the
    adjustments agreed (for the roles that need them) and any restriction on their contact."""
    individual = complaint.individual
    if individual is None:
        return {}
    user = request.user
    return {
        "individual": individual,
        "representative": complaint.representative,
        "adjustments": [
            a
            for a in selectors.adjustments_of(user, individual, where="the case page")
            if not a.ended_on
        ],
        "special": selectors.sees_special_category(user),
        "restrictions": [r for r in selectors.restrictions_of(individual) if not r.ended_on],
        "today": staff_views.today(),
    }


urlpatterns: list[URLPattern] = [
    path("people/", people, name="people"),
    path("people/<int:pk>/", person, name="person"),
    path("people/<int:pk>/edit/", person_edit, name="person-edit"),
    path(
        "people/<int:pk>/representatives/new/",
        representative_new,
        name="person-representative-new",
    ),
    path(
        "people/<int:pk>/representatives/<int:rep>/end/",
        representative_end,
        name="person-representative-end",
    ),
    path("people/<int:pk>/adjustments/new/", adjustment_new, name="person-adjustment-new"),
    path(
        "people/<int:pk>/adjustments/<int:adj>/review/",
        adjustment_review,
        name="person-adjustment-review",
    ),
    path("people/<int:pk>/restrictions/new/", restriction_new, name="person-restriction-new"),
    path(
        "people/<int:pk>/restrictions/<int:r>/review/",
        restriction_review,
        name="person-restriction-review",
    ),
]
