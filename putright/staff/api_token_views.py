"""The organisation's API tokens (docs/api.md): the list, making one (its secret shown once) and
revoking one. Only a manager or senior lead manages them; any other role gets 403. A token of
another organisation is a 404, exactly as one that does not exist."""

from __future__ import annotations

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from putright.integrations import selectors, services
from putright.integrations.models import Scope
from putright.organisations.selectors import can_change_settings
from putright.staff import api_token_forms as forms
from putright.staff.settings_views import FormPage

SCOPE_LABELS = dict(Scope.choices)
NEW = FormPage(
    "Make an API token", "Make the token", "staff/settings/api_token_new.html", field="name"
)
REVOKE = FormPage(
    "Revoke an API token", "Revoke the token", "staff/settings/confirm.html", warning=True
)


def _check_manager(request: HttpRequest) -> None:
    if not can_change_settings(request.user):
        raise PermissionDenied(
            "Only a manager or senior lead manages the organisation's API tokens."
        )


@login_required
@require_GET
def api_tokens(request: HttpRequest) -> HttpResponse:
    _check_manager(request)
    found = selectors.api_tokens_for(request.user)
    context = {"tokens": found, "scope_labels": SCOPE_LABELS, "nav": "settings"}
    return render(request, "staff/settings/api_tokens.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def api_token_new(request: HttpRequest) -> HttpResponse:
    """Make a token and show its secret on the response to the POST itself: never redirected,
    stored in the session or cached, so it is shown this once."""
    _check_manager(request)
    form = forms.ApiTokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.api_token_create(actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as error:
            for message in error.messages:
                form.add_error("name" if "name" in message else None, message)
        else:
            context = {"made": made, "scope_labels": SCOPE_LABELS, "nav": "settings"}
            return render(request, "staff/settings/api_token_made.html", context)
    context = {"form": form, "page": NEW, "nav": "settings"}
    return render(request, NEW.template, context)


@login_required
@require_http_methods(["GET", "POST"])
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = selectors.api_token_get(request.user, pk)
    _check_manager(request)
    form = django_forms.Form(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        try:
            services.api_token_revoke(actor=request.user, token=token)  # type: ignore[arg-type]
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            messages.success(request, f"API token revoked: {token.name}")
            return redirect("staff:settings-api-tokens")
    context = {
        "form": form,
        "page": REVOKE,
        "nav": "settings",
        "what": f"{token.name} ({token.prefix})",
        "consequence": "The system using it is refused from its next request. This cannot be "
        "undone: make a new token if it is needed again.",
    }
    return render(request, REVOKE.template, context)


urlpatterns: list[URLPattern] = [
    path("settings/api-tokens/", api_tokens, name="settings-api-tokens"),
    path("settings/api-tokens/new/", api_token_new, name="settings-api-token-new"),
    path(
        "settings/api-tokens/<int:pk>/revoke/", api_token_revoke, name="settings-api-token-revoke"
    ),
]
