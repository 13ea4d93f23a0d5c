"""The organisation's settings pages: service areas and their Code profiles, closure days,
reasons for not accepting a complaint, the organisation's own outcomes, its letterhead and the
complaints team's contact details on the public pages.

Only a manager or senior lead changes them; any other role gets 403. Each view parses its input,
calls one selector or one service, and renders the answer. A setting of another organisation is a
404, exactly as one that does not exist (``organisations.selectors.*_get``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET, require_http_methods

from putright.cases.services import CaseInputError
from putright.organisations import selectors, services
from putright.public import selectors as public_selectors
from putright.public.services import contact_details_update
from putright.staff import settings_forms as forms
from putright.staff import views as staff_views


@dataclass(frozen=True)
class FormPage:
    """One settings form: its title, button and template, and which field a service's error
    is about (``fields``: words of the message -> field; else ``field``; None: the summary)."""

    title: str
    button: str
    template: str
    field: str | None = None
    fields: tuple[tuple[str, str | None], ...] = ()
    warning: bool = False

    def error_field(self, message: str) -> str | None:
        for words, name in self.fields:
            if words in message:
                return name
        return self.field


def _posted(request: HttpRequest) -> Any:
    """What was posted, so even an empty form is checked; None for a GET."""
    return request.POST if request.method == "POST" else None


def _check_manager(request: HttpRequest) -> None:
    if not selectors.can_change_settings(request.user):
        raise PermissionDenied("Only a manager or senior lead changes the organisation's settings.")


def _form_page(
    request: HttpRequest,
    form: django_forms.Form,
    page: FormPage,
    call: Callable[[dict[str, Any]], str],
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """Call the service with what was typed and say what it did, or show the form again with
    the problem named."""
    if request.method == "POST" and form.is_valid():
        try:
            done = call(form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                field = page.error_field(message)
                form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, done)
            return redirect("staff:settings")
    context = {"form": form, "page": page, "nav": "settings"}
    return render(request, page.template, context | (extra or {}))


def _moved(count: int) -> str:
    if count == 0:
        return "No open complaint's deadlines moved."
    if count == 1:
        return "1 open complaint's deadlines moved."
    return f"{count} open complaints' deadlines moved."


@login_required
@require_GET
def settings_home(request: HttpRequest) -> HttpResponse:
    _check_manager(request)
    found = selectors.settings_for(request.user, today=staff_views.today())
    contact = public_selectors.contact_details_public(request.user.organisation)
    context = {"s": found, "contact": contact, "nav": "settings"}
    return render(request, "staff/settings/overview.html", context)


AREA_NEW = FormPage(
    "Add a service area",
    "Add the service area",
    "staff/settings/service_area.html",
    field="name",
    fields=(("Code profile", "profile"),),
)
AREA_EDIT = FormPage(
    "Change a service area",
    "Save the changes",
    "staff/settings/service_area.html",
    field="name",
    fields=(("Code profile", "profile"),),
)


@login_required
@require_http_methods(["GET", "POST"])
def service_area_new(request: HttpRequest) -> HttpResponse:
    _check_manager(request)
    user = request.user
    form = forms.ServiceAreaForm(_posted(request))

    def call(data: dict[str, Any]) -> str:
        area = services.service_area_create(organisation=user.organisation, actor=user, **data)
        return f"Service area added: {area.name}"

    return _form_page(request, form, AREA_NEW, call)


@login_required
@require_http_methods(["GET", "POST"])
def service_area_edit(request: HttpRequest, pk: int) -> HttpResponse:
    area = selectors.service_area_get(request.user, pk)
    _check_manager(request)
    initial = {"name": area.name, "profile": area.profile}
    form = forms.ServiceAreaForm(_posted(request), initial=initial)

    def call(data: dict[str, Any]) -> str:
        changed = services.service_area_update(area=area, actor=request.user, **data)
        return f"Service area saved: {changed.name}"

    return _form_page(request, form, AREA_EDIT, call, {"area": area})


CLOSURE_NEW = FormPage(
    "Add a closure day",
    "Add the closure day",
    "staff/settings/closure_day.html",
    field="day",
    fields=(("reason", "reason"),),
)
CLOSURE_REMOVE = FormPage(
    "Remove a closure day",
    "Remove the closure day",
    "staff/settings/confirm.html",
    warning=True,
)


@login_required
@require_http_methods(["GET", "POST"])
def closure_day_new(request: HttpRequest) -> HttpResponse:
    _check_manager(request)
    user = request.user
    form = forms.ClosureDayForm(_posted(request))

    def call(data: dict[str, Any]) -> str:
        change = services.closure_day_add(organisation=user.organisation, actor=user, **data)
        return f"Closure day added: {change.closure.day:%A %-d %B %Y}. {_moved(change.cases_moved)}"

    return _form_page(request, form, CLOSURE_NEW, call)


@login_required
@require_http_methods(["GET", "POST"])
def closure_day_remove(request: HttpRequest, pk: int) -> HttpResponse:
    closure = selectors.closure_day_get(request.user, pk)
    _check_manager(request)

    def call(data: dict[str, Any]) -> str:
        change = services.closure_day_remove(closure=closure, actor=request.user)
        return (
            f"Closure day removed: {change.closure.day:%A %-d %B %Y}. {_moved(change.cases_moved)}"
        )

    what = f"{closure.day:%A %-d %B %Y}" + (f" ({closure.reason})" if closure.reason else "")
    extra = {
        "what": what,
        "consequence": "It becomes a working day again: the deadlines of open complaints are "
        "recomputed, and any that counted it as a day off move one working day earlier.",
    }
    return _form_page(request, django_forms.Form(_posted(request)), CLOSURE_REMOVE, call, extra)


REASON_NEW = FormPage(
    "Add a reason for not accepting a complaint",
    "Add the reason",
    "staff/settings/exclusion_reason.html",
    field="label",
)
REASON_OFF = FormPage(
    "Stop offering a reason", "Stop offering the reason", "staff/settings/confirm.html"
)


@login_required
@require_http_methods(["GET", "POST"])
def exclusion_reason_new(request: HttpRequest) -> HttpResponse:
    _check_manager(request)
    user = request.user
    form = forms.ExclusionReasonForm(_posted(request))

    def call(data: dict[str, Any]) -> str:
        reason = services.exclusion_reason_add(organisation=user.organisation, actor=user, **data)
        return f"Reason added: {reason.label}"

    return _form_page(request, form, REASON_NEW, call)


@login_required
@require_http_methods(["GET", "POST"])
def exclusion_reason_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    reason = selectors.exclusion_reason_get(request.user, pk)
    _check_manager(request)

    def call(data: dict[str, Any]) -> str:
        services.exclusion_reason_deactivate(reason=reason, actor=request.user)
        return f"Reason no longer offered: {reason.label}"

    extra = {
        "what": reason.label,
        "consequence": "Complaints already not accepted keep this reason. You can add it again "
        "later to offer it again.",
    }
    return _form_page(request, django_forms.Form(_posted(request)), REASON_OFF, call, extra)


OUTCOME_NEW = FormPage(
    "Add an outcome",
    "Add the outcome",
    "staff/settings/outcome.html",
    fields=(
        ("Bad key", "key"),
        ("already has an outcome", "label"),
        ("label", "label"),
        ("fix the outcomes", None),
    ),
)
OUTCOME_OFF = FormPage(
    "Stop offering an outcome", "Stop offering the outcome", "staff/settings/confirm.html"
)


@login_required
@require_http_methods(["GET", "POST"])
def outcome_new(request: HttpRequest) -> HttpResponse:
    _check_manager(request)
    user = request.user
    form = forms.OutcomeOptionForm(_posted(request))

    def call(data: dict[str, Any]) -> str:
        option = services.outcome_option_add(organisation=user.organisation, actor=user, **data)
        return f"Outcome added: {option.label}"

    extra = {"s": selectors.settings_for(user, today=staff_views.today())}
    return _form_page(request, form, OUTCOME_NEW, call, extra)


@login_required
@require_http_methods(["GET", "POST"])
def outcome_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    option = selectors.outcome_option_get(request.user, pk)
    _check_manager(request)

    def call(data: dict[str, Any]) -> str:
        services.outcome_option_deactivate(option=option, actor=request.user)
        return f"Outcome no longer offered: {option.label}"

    extra = {
        "what": option.label,
        "consequence": "Responses already recorded keep this outcome. When no outcome of your "
        "list is left, responses record the Code's suggested outcomes again.",
    }
    return _form_page(request, django_forms.Form(_posted(request)), OUTCOME_OFF, call, extra)


LETTERHEAD = FormPage(
    "Letters: address, sign-off and logo",
    "Save",
    "staff/settings/letterhead.html",
    fields=(("logo", "logo"), ("signed by", "letter_sign_off"), ("address", "address")),
)


@login_required
@require_http_methods(["GET", "POST"])
def letterhead(request: HttpRequest) -> HttpResponse:
    _check_manager(request)
    organisation = request.user.organisation
    initial = {"address": organisation.address, "letter_sign_off": organisation.letter_sign_off}
    data = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = forms.LetterheadForm(*data, initial=initial)

    def call(values: dict[str, Any]) -> str:
        services.organisation_letterhead_update(
            organisation=organisation, actor=request.user, **values
        )
        return "Letterhead saved"

    extra = {"has_logo": bool(organisation.logo_type)}
    return _form_page(request, form, LETTERHEAD, call, extra)


PUBLIC_PAGES = FormPage(
    "Public pages: how residents contact the complaints team",
    "Save the contact details",
    "staff/settings/public_pages.html",
    fields=(
        ("phone", "phone"),
        ("opening hours", "opening_hours"),
        ("email address", "email"),
        ("policy", "policy_url"),
    ),
)
CONTACT_FIELDS = ("phone", "email", "address", "opening_hours", "policy_url")


@login_required
@require_http_methods(["GET", "POST"])
def public_pages(request: HttpRequest) -> HttpResponse:
    _check_manager(request)
    organisation = request.user.organisation
    found = public_selectors.contact_details_public(organisation)
    initial = {name: getattr(found, name) for name in CONTACT_FIELDS} if found else {}
    form = forms.ContactDetailsForm(_posted(request), initial=initial)

    def call(values: dict[str, Any]) -> str:
        try:
            contact_details_update(actor=request.user, organisation=organisation, **values)
        except CaseInputError as error:
            raise ValidationError(str(error)) from None
        return "Contact details on the public pages saved"

    return _form_page(request, form, PUBLIC_PAGES, call, {"organisation": organisation})


urlpatterns: list[URLPattern] = [
    path("settings/", settings_home, name="settings"),
    path("settings/public-pages/", public_pages, name="settings-public-pages"),
    path("settings/letterhead/", letterhead, name="settings-letterhead"),
    path("settings/service-areas/new/", service_area_new, name="settings-area-new"),
    path("settings/service-areas/<int:pk>/edit/", service_area_edit, name="settings-area-edit"),
    path("settings/closure-days/new/", closure_day_new, name="settings-closure-new"),
    path(
        "settings/closure-days/<int:pk>/remove/",
        closure_day_remove,
        name="settings-closure-remove",
    ),
    path("settings/exclusion-reasons/new/", exclusion_reason_new, name="settings-reason-new"),
    path(
        "settings/exclusion-reasons/<int:pk>/deactivate/",
        exclusion_reason_deactivate,
        name="settings-reason-deactivate",
    ),
    path("settings/outcomes/new/", outcome_new, name="settings-outcome-new"),
    path(
        "settings/outcomes/<int:pk>/deactivate/",
        outcome_deactivate,
        name="settings-outcome-deactivate",
    ),
]
