"""The reminders settings page: how many working days ahead staff are reminded, when the sweep
last ran, and the latest reminders and alerts. For a manager or senior lead (403 otherwise)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_http_methods

from putright.clock import selectors
from putright.clock.services import clock_settings_update
from putright.organisations.selectors import can_change_settings


class ReminderForm(forms.Form):
    reminder_days = forms.IntegerField(
        label="Working days before the date",
        min_value=0,
        max_value=20,
        error_messages={
            "required": "Enter how many working days before the date to remind",
            "invalid": "Enter a whole number of working days, such as 2",
            "min_value": "Enter a number from 0 to 20",
            "max_value": "Enter a number from 0 to 20",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def clock_settings(request: HttpRequest) -> HttpResponse:
    if not can_change_settings(request.user):
        raise PermissionDenied("Only a manager or senior lead changes the reminder settings.")
    view = selectors.clock_settings_for(request.user)
    posted = request.POST if request.method == "POST" else None
    form = ReminderForm(posted, initial={"reminder_days": view.reminder_days})
    if posted is not None and form.is_valid():
        try:
            clock_settings_update(
                organisation=view.organisation,
                actor=request.user,
                reminder_days=form.cleaned_data["reminder_days"],
            )
        except ValidationError as error:
            form.add_error("reminder_days", error.messages[0])
        else:
            messages.success(request, "Reminder settings saved.")
            return redirect("staff:settings-clock")
    return render(
        request, "staff/clock/settings.html", {"form": form, "view": view, "nav": "settings"}
    )


urlpatterns: list[URLPattern] = [
    path("settings/reminders/", clock_settings, name="settings-clock"),
]
