"""Mail in on the staff pages: the mailbox settings (a manager or senior lead, 403 for any other
role), the triage queue, and each message with what a handler may decide about it.

Anyone on the staff reads the queue and the messages; deciding is for the roles that change
cases. Another organisation's message is a 404, exactly as one that does not exist
(``inbound.selectors.message_get``).
"""

from __future__ import annotations

from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from putright.cases import selectors as case_selectors
from putright.cases.models import Complaint
from putright.cases.services import CaseInputError, CaseRefused
from putright.inbound import selectors, services
from putright.inbound.models import InboundMessage, MessageStatus
from putright.organisations.selectors import can_change_settings
from putright.staff import inbound_forms as forms

#: The GOV.UK tag colour of each status.
STATUS_TAGS = {
    MessageStatus.NEW: "govuk-tag--blue",
    MessageStatus.THREADED: "govuk-tag--green",
    MessageStatus.TRIAGED: "govuk-tag--green",
    MessageStatus.IGNORED: "govuk-tag--grey",
}


def _check_manager(request: HttpRequest) -> None:
    if not can_change_settings(request.user):
        raise PermissionDenied("Only a manager or senior lead sees the mailbox settings.")


def _check_writer(request: HttpRequest) -> None:
    if not case_selectors.can_change(request.user):
        raise PermissionDenied("Your role reads mail in but does not decide what it is.")


def _words(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return error.messages[0]
    if isinstance(error, CaseRefused):
        return " ".join(refusal.reason for refusal in error.refusals)
    return str(error)


# --- Settings -------------------------------------------------------------------------------------


def _settings_page(
    request: HttpRequest,
    form: forms.MailboxForm,
    view: selectors.MailboxView,
    check: services.CheckResult | None = None,
) -> HttpResponse:
    context = {"form": form, "view": view, "check": check, "nav": "settings"}
    return render(request, "staff/inbound/settings.html", context)


def _initial(view: selectors.MailboxView) -> dict[str, Any]:
    mailbox = view.mailbox
    if mailbox is None:
        return {"enabled": True, "folder": "INBOX"}
    names = ("enabled", "host", "port", "security", "username", "folder")
    return {name: getattr(mailbox, name) for name in names}


@login_required
@require_http_methods(["GET", "POST"])
def mailbox_settings(request: HttpRequest) -> HttpResponse:
    _check_manager(request)
    view = selectors.mailbox_for(request.user)
    posted = request.POST if request.method == "POST" else None
    form = forms.MailboxForm(posted, initial=_initial(view))
    if posted is not None and form.is_valid():
        try:
            services.mailbox_update(
                organisation=view.organisation, actor=request.user, **form.cleaned_data
            )
        except services.MailboxError as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, error.messages[0])
        else:
            messages.success(request, "Mailbox settings saved.")
            return redirect("staff:settings-mail-in")
    return _settings_page(request, form, view)


@login_required
@require_POST
def mailbox_check(request: HttpRequest) -> HttpResponse:
    _check_manager(request)
    view = selectors.mailbox_for(request.user)
    form = forms.MailboxForm(initial=_initial(view))
    try:
        check = services.mailbox_check(organisation=view.organisation, actor=request.user)
    except services.MailboxError as error:
        check = services.CheckResult(False, error.messages[0])
    return _settings_page(request, form, view, check)


# --- The queue and the messages -------------------------------------------------------------------


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    context = {
        "waiting": list(selectors.triage_queue(request.user)),
        "handled": list(selectors.recently_handled(request.user)),
        "view": selectors.mailbox_for(request.user) if request.user.organisation_id else None,
        "nav": "mail-in",
    }
    return render(request, "staff/inbound/queue.html", context)


def _forms(request: HttpRequest, message: InboundMessage, bound: str = "") -> dict[str, Any]:
    """The three decisions' forms, the one posted (``bound``) with what was typed."""
    posted = request.POST if request.method == "POST" else None
    user = request.user
    make = forms.MakeCaseForm(
        posted if bound == "make" else None,
        prefix="make",
        initial={
            "name": message.from_name,
            "email": message.from_address,
            "description": message.text,
        },
        service_areas=case_selectors.service_areas_for(user),
        handlers=case_selectors.handlers_for(user),
    )
    link = forms.LinkForm(posted if bound == "link" else None, prefix="link")
    dismiss = forms.DismissForm(posted if bound == "dismiss" else None, prefix="dismiss")
    return {"make_form": make, "link_form": link, "dismiss_form": dismiss}


def _message_page(
    request: HttpRequest, message: InboundMessage, decision: dict[str, Any] | None = None
) -> HttpResponse:
    context = {
        "message": message,
        "tag": STATUS_TAGS.get(message.status, ""),
        "can_decide": message.status == MessageStatus.NEW
        and case_selectors.can_change(request.user),
        "case_url": _case_url(message),
        "nav": "mail-in",
        **(decision or _forms(request, message)),
    }
    return render(request, "staff/inbound/message.html", context)


def _case_url(message: InboundMessage) -> str:
    if message.complaint_id:
        return reverse("staff:case", args=[message.complaint.reference])  # type: ignore[union-attr]
    if message.service_request_id:
        return reverse("staff:request", args=[message.service_request.reference])  # type: ignore[union-attr]
    return ""


@login_required
@require_GET
def message_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _message_page(request, selectors.message_get(request.user, pk))


def _decide(request: HttpRequest, pk: int, bound: str) -> tuple[InboundMessage, dict[str, Any]]:
    _check_writer(request)
    return (message := selectors.message_get(request.user, pk)), _forms(request, message, bound)


def _refused(form: django_forms.Form, error: Exception, field: str | None = None) -> None:
    field = getattr(error, "field", None) or field
    form.add_error(field if field in form.fields else None, _words(error))


@login_required
@require_POST
def make_case(request: HttpRequest, pk: int) -> HttpResponse:
    message, decision = _decide(request, pk, "make")
    form = decision["make_form"]
    if form.is_valid():
        values = dict(form.cleaned_data)
        kind = values.pop("kind")
        make = (
            services.message_make_complaint
            if kind == forms.CaseKind.COMPLAINT
            else services.message_make_service_request
        )
        try:
            case = make(actor=request.user, message=message, **values)
        except (ValidationError, CaseInputError, CaseRefused) as error:
            _refused(form, error)
        else:
            what = "Complaint logged" if isinstance(case, Complaint) else "Service request recorded"
            messages.success(request, f"{what}: reference {case.reference}")
            return redirect("staff:mail-in")
    return _message_page(request, message, decision)


@login_required
@require_POST
def link(request: HttpRequest, pk: int) -> HttpResponse:
    message, decision = _decide(request, pk, "link")
    form = decision["link_form"]
    if form.is_valid():
        reference = form.cleaned_data["reference"]
        case = selectors.case_by_reference(request.user, reference)
        if case is None:
            form.add_error("reference", f"There is no complaint or service request {reference}")
        else:
            try:
                services.message_link(actor=request.user, message=message, case=case)
            except (ValidationError, CaseInputError) as error:
                _refused(form, error, "reference")
            else:
                messages.success(request, f"Message added to {case.reference}")
                return redirect("staff:mail-in")
    return _message_page(request, message, decision)


@login_required
@require_POST
def dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    message, decision = _decide(request, pk, "dismiss")
    form = decision["dismiss_form"]
    if form.is_valid():
        try:
            services.message_dismiss(
                actor=request.user, message=message, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _refused(form, error, "reason")
        else:
            messages.success(request, f"Set aside as not a case: {message.subject}")
            return redirect("staff:mail-in")
    return _message_page(request, message, decision)


@login_required
@require_GET
def attachment(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    """The file as it came, always as a download: it has not been checked yet, so the browser
    is never asked to show it."""
    message = selectors.message_get(request.user, pk)
    found = next((a for a in message.attachments.all() if a.pk == attachment_pk), None)
    if found is None:
        from django.http import Http404

        raise Http404("No such attachment.")
    response = HttpResponse(bytes(found.content), content_type="application/octet-stream")
    safe = "".join(c if c.isalnum() or c in "._- " else "_" for c in found.filename)
    response["Content-Disposition"] = f'attachment; filename="{safe}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


urlpatterns: list[URLPattern] = [
    path("settings/mail-in/", mailbox_settings, name="settings-mail-in"),
    path("settings/mail-in/check/", mailbox_check, name="settings-mail-in-check"),
    path("mail-in/", queue, name="mail-in"),
    path("mail-in/<int:pk>/", message_detail, name="mail-in-message"),
    path("mail-in/<int:pk>/make-a-case/", make_case, name="mail-in-make"),
    path("mail-in/<int:pk>/add-to-a-case/", link, name="mail-in-link"),
    path("mail-in/<int:pk>/not-a-case/", dismiss, name="mail-in-dismiss"),
    path(
        "mail-in/<int:pk>/attachments/<int:attachment_pk>/",
        attachment,
        name="mail-in-attachment",
    ),
]
