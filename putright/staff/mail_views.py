"""Mail out on the staff pages: the organisation's mail settings and a test message, the messages
that were not sent, the mail section of the case page, and trying a message again.

The settings and the list of messages not sent are for a manager or senior lead (403 for any
other role); trying a message again is for anyone who changes cases. Another organisation's
message is a 404, exactly as one that does not exist (``correspondence.selectors.email_get``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from putright.cases import selectors as case_selectors
from putright.cases.models import Complaint
from putright.correspondence import selectors
from putright.correspondence.models import EmailStatus
from putright.correspondence.services import email_retry
from putright.correspondence.services.mail_settings import (
    MailSettingsError,
    mail_settings_test,
    mail_settings_update,
)
from putright.organisations.selectors import can_change_settings
from putright.staff import mail_forms as forms

#: The GOV.UK tag colour of each status.
STATUS_TAGS = {
    EmailStatus.QUEUED: "govuk-tag--grey",
    EmailStatus.SENDING: "govuk-tag--blue",
    EmailStatus.RETRYING: "govuk-tag--yellow",
    EmailStatus.SENT: "govuk-tag--green",
    EmailStatus.FAILED: "govuk-tag--red",
}
PAGE_SIZE = 50


def _check_manager(request: HttpRequest) -> None:
    if not can_change_settings(request.user):
        raise PermissionDenied("Only a manager or senior lead sees the mail settings.")


def _initial(view: selectors.MailSettingsView) -> dict[str, Any]:
    found = view.settings
    if found is None:
        return {"channel": view.channel}
    fields = forms.MailSettingsForm.base_fields
    return {
        name: getattr(found, name)
        for name in fields
        if name not in {"smtp_password", "notify_api_key"}
    }


def _settings_page(
    request: HttpRequest,
    form: forms.MailSettingsForm,
    test_form: forms.TestMessageForm,
    view: selectors.MailSettingsView,
    test_result: Any = None,
) -> HttpResponse:
    context = {
        "form": form,
        "test_form": test_form,
        "view": view,
        "test_result": test_result,
        "failed": selectors.failed_count(request.user),
        "nav": "settings",
    }
    return render(request, "staff/mail/settings.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def mail_settings(request: HttpRequest) -> HttpResponse:
    _check_manager(request)
    user = request.user
    view = selectors.mail_settings_for(user)
    posted = request.POST if request.method == "POST" else None
    form = forms.MailSettingsForm(posted, initial=_initial(view))
    if posted is not None and form.is_valid():
        try:
            mail_settings_update(organisation=view.organisation, actor=user, **form.cleaned_data)
        except MailSettingsError as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, error.messages[0])
        else:
            messages.success(request, "Mail settings saved.")
            return redirect("staff:settings-mail")
    test_form = forms.TestMessageForm(initial={"to": user.email})
    return _settings_page(request, form, test_form, view)


@login_required
@require_POST
def mail_test(request: HttpRequest) -> HttpResponse:
    _check_manager(request)
    user = request.user
    view = selectors.mail_settings_for(user)
    test_form = forms.TestMessageForm(request.POST)
    result = None
    if test_form.is_valid():
        try:
            result = mail_settings_test(
                organisation=view.organisation, actor=user, to=test_form.cleaned_data["to"]
            )
        except MailSettingsError as error:
            test_form.add_error("to", error.messages[0])
    form = forms.MailSettingsForm(initial=_initial(view))
    return _settings_page(request, form, test_form, view, result)


@login_required
@require_GET
def failed_list(request: HttpRequest) -> HttpResponse:
    _check_manager(request)
    paginator = Paginator(selectors.failed_emails(request.user), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "page": page,
        "can_retry": case_selectors.can_change(request.user),
        "tags": STATUS_TAGS,
        "nav": "settings",
    }
    return render(request, "staff/mail/failed.html", context)


@login_required
@require_POST
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    email = selectors.email_get(request.user, pk)
    try:
        email_retry(email=email, actor=request.user)
    except ValidationError as error:
        messages.info(request, error.messages[0])
    else:
        messages.success(request, f"Trying again: {email.subject}")
    if request.POST.get("back") == "failed" or email.complaint is None:
        return redirect("staff:mail-failed")
    return redirect(reverse("staff:case", args=[email.complaint.reference]) + "#mail")


def case_panel(request: HttpRequest, complaint: Complaint) -> dict[str, Any]:
    """The mail section of the case page: the messages sent about the complaint, each with its
    status, attempts and last error; empty (hidden) when none was."""
    emails = selectors.emails_about(request.user, complaint)
    if not emails:
        return {}
    return {
        "emails": [(email, STATUS_TAGS.get(email.status, "")) for email in emails],
        "can_retry": case_selectors.can_change(request.user),
        "failed": sum(1 for email in emails if email.status == EmailStatus.FAILED),
    }


urlpatterns: list[URLPattern] = [
    path("settings/mail/", mail_settings, name="settings-mail"),
    path("settings/mail/test/", mail_test, name="settings-mail-test"),
    path("mail/not-sent/", failed_list, name="mail-failed"),
    path("mail/<int:pk>/try-again/", retry, name="mail-retry"),
]
