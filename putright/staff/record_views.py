"""Staff pages for the full record of a complaint (draft 5.10): correspondence with attachments,
documents, questions and answers, the parts the organisation is responsible for, keep-informed
intervals and updates, additional issues, the time limit, and downloading a document.

Each view parses its input, calls one service and renders the answer. A case or document of
another organisation is a 404, exactly as one that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET, require_http_methods

from putright.cases import record_selectors, selectors
from putright.cases.models import Channel, Complaint
from putright.cases.services.common import CaseInputError, CaseRefused, StaleCase
from putright.cases.services.record import (
    ACCEPTED_TYPES,
    additional_issue_record,
    clarification_answer,
    clarification_ask,
    correspondence_log,
    definition_parts_set,
    document_add,
    keep_informed_agree,
    keep_informed_update_sent,
    max_upload_bytes,
    time_limit_assess,
)
from putright.policy import get_profile
from putright.staff import record_forms as forms
from putright.staff import views as staff_views
from putright.staff.forms import CaseForm, DateInputField

#: How each channel is named on the case page.
CHANNELS: dict[str, str] = dict(Channel.choices)


@dataclass(frozen=True)
class Page:
    """One record page: its words and its template under ``staff/record/``."""

    template: str
    title: str
    button: str
    done: str
    multipart: bool = False


def _error_field(form: CaseForm, message: str) -> str | None:
    """The field a service's input error is about: the file fields for a refused file, the one
    date field for a date, else the error summary alone."""
    if message.startswith("The file "):
        return next((n for n in ("files", "file") if n in form.fields), None)
    if "discretion" in message and "discretion_note" in form.fields:
        return "discretion_note"
    if "reason" in message and "reason" in form.fields:
        return "reason"
    if "date" in message:
        dates = [n for n, f in form.fields.items() if isinstance(f, DateInputField)]
        return dates[0] if len(dates) == 1 else None
    return None


def _page(
    request: HttpRequest,
    complaint: Complaint,
    form: CaseForm,
    page: Page,
    call: Callable[[dict[str, Any]], Any],
    **context: Any,
) -> HttpResponse:
    """Run the service on a valid POST and go back to the case; otherwise show the form with
    what was typed and every error, the Code's refusals with their clauses."""
    if request.method == "POST" and form.is_valid():
        try:
            call(form.cleaned_data)
        except CaseRefused as refused:
            form.add_refusals(refused.refusals)
        except StaleCase as stale:
            form.add_error(None, str(stale))
        except CaseInputError as error:
            form.add_error(_error_field(form, str(error)), str(error))
        else:
            messages.success(request, page.done)
            return redirect("staff:case", reference=complaint.reference)
    values = {"complaint": complaint, "form": form, "page": page, "nav": "cases", **context}
    return render(request, f"staff/record/{page.template}.html", values)


def _data(request: HttpRequest) -> tuple[Any, Any]:
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


@login_required
@require_http_methods(["GET", "POST"])
def correspondence_new(request: HttpRequest, reference: str) -> HttpResponse:
    complaint = selectors.complaint_get(request.user, reference)
    data, files = _data(request)
    initial = {"date": staff_views.today(), "direction": "in", "channel": "email"}
    form = forms.CorrespondenceForm(data, files, initial=initial)
    page = Page("correspondence", "Log correspondence", "Save", "Correspondence logged", True)

    def call(values: dict[str, Any]) -> Any:
        return correspondence_log(actor=request.user, complaint=complaint, **values)

    limit = f"{max_upload_bytes() / (1024 * 1024):.0f} MB"
    return _page(request, complaint, form, page, call, limit=limit)


@login_required
@require_http_methods(["GET", "POST"])
def document_new(request: HttpRequest, reference: str) -> HttpResponse:
    complaint = selectors.complaint_get(request.user, reference)
    data, files = _data(request)
    form = forms.DocumentForm(data, files)
    page = Page("document", "Add a document", "Add the document", "Document added", True)

    def call(values: dict[str, Any]) -> Any:
        return document_add(actor=request.user, complaint=complaint, **values)

    limit = f"{max_upload_bytes() / (1024 * 1024):.0f} MB"
    return _page(request, complaint, form, page, call, limit=limit)


@login_required
@require_http_methods(["GET", "POST"])
def clarification_new(request: HttpRequest, reference: str) -> HttpResponse:
    complaint = selectors.complaint_get(request.user, reference)
    form = forms.ClarificationForm(_data(request)[0], initial={"asked_on": staff_views.today()})
    page = Page(
        "clarification", "Ask a question to understand the complaint", "Save", "Question recorded"
    )

    def call(values: dict[str, Any]) -> Any:
        return clarification_ask(actor=request.user, complaint=complaint, **values)

    return _page(request, complaint, form, page, call)


@login_required
@require_http_methods(["GET", "POST"])
def clarification_answer_new(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    complaint = selectors.complaint_get(request.user, reference)
    question = record_selectors.clarification_get(request.user, complaint, pk)
    initial = {"answered_on": staff_views.today()}
    form = forms.ClarificationAnswerForm(_data(request)[0], initial=initial)
    page = Page("answer", "Record the answer", "Save the answer", "Answer recorded")

    def call(values: dict[str, Any]) -> Any:
        return clarification_answer(actor=request.user, clarification=question, **values)

    return _page(request, complaint, form, page, call, question=question)


@login_required
@require_http_methods(["GET", "POST"])
def responsibility(request: HttpRequest, reference: str) -> HttpResponse:
    complaint = selectors.complaint_get(request.user, reference)
    stage = next((s for s in complaint.stages.all() if s.number == complaint.stage), None)
    initial = {
        "version": complaint.version,
        "responsible_for": stage.responsible_for if stage else "",
        "not_responsible_for": stage.not_responsible_for if stage else "",
    }
    form = forms.ResponsibilityForm(_data(request)[0], initial=initial)
    page = Page(
        "responsibility",
        "What the organisation is and is not responsible for",
        "Save",
        "Responsibility recorded",
    )

    def call(values: dict[str, Any]) -> Any:
        return definition_parts_set(actor=request.user, complaint=complaint, **values)

    return _page(request, complaint, form, page, call)


@login_required
@require_http_methods(["GET", "POST"])
def keep_informed(request: HttpRequest, reference: str) -> HttpResponse:
    complaint = selectors.complaint_get(request.user, reference)
    form = forms.KeepInformedForm(_data(request)[0], initial={"agreed_on": staff_views.today()})
    page = Page("keep_informed", "Agree how often to send updates", "Save", "Updates agreed")

    def call(values: dict[str, Any]) -> Any:
        return keep_informed_agree(actor=request.user, complaint=complaint, **values)

    return _page(request, complaint, form, page, call)


@login_required
@require_http_methods(["GET", "POST"])
def update_sent(request: HttpRequest, reference: str) -> HttpResponse:
    complaint = selectors.complaint_get(request.user, reference)
    current = record_selectors.keep_informed_current(request.user, complaint)
    initial = {"sent_on": staff_views.today(), "channel": "email"}
    form = forms.UpdateSentForm(_data(request)[0], initial=initial)
    page = Page("update_sent", "Record an update sent", "Save", "Update recorded")

    def call(values: dict[str, Any]) -> Any:
        return keep_informed_update_sent(actor=request.user, complaint=complaint, **values)

    return _page(request, complaint, form, page, call, agreement=current)


@login_required
@require_http_methods(["GET", "POST"])
def additional_issue(request: HttpRequest, reference: str) -> HttpResponse:
    complaint = selectors.complaint_get(request.user, reference)
    initial = {"received": staff_views.today(), "version": complaint.version}
    form = forms.AdditionalIssueForm(_data(request)[0], initial=initial)
    page = Page(
        "additional_issue", "Record an additional issue", "Save", "Additional issue recorded"
    )

    def call(values: dict[str, Any]) -> Any:
        return additional_issue_record(actor=request.user, complaint=complaint, **values)

    return _page(request, complaint, form, page, call)


@login_required
@require_http_methods(["GET", "POST"])
def time_limit(request: HttpRequest, reference: str) -> HttpResponse:
    complaint = selectors.complaint_get(request.user, reference)
    initial: dict[str, Any] = {"version": complaint.version, "accept": "yes"}
    if complaint.issue_date:
        initial["issue_date"] = complaint.issue_date
        initial["discretion_note"] = complaint.discretion_note
    reasons = [r.label for r in record_selectors.exclusion_reasons_for(request.user)]
    form = forms.TimeLimitForm(_data(request)[0], initial=initial, reasons=reasons)
    page = Page("time_limit", "Check the time limit", "Save", "Time limit recorded")

    def call(values: dict[str, Any]) -> Any:
        return time_limit_assess(
            actor=request.user, complaint=complaint, decided=staff_views.today(), **values
        )

    try:
        profile = get_profile(complaint.profile)
    except KeyError:
        profile = None
    limit = profile.time_limit if profile else None
    citation = profile.cite(limit.clause) if profile and limit else ""
    return _page(request, complaint, form, page, call, limit=limit, citation=citation)


@login_required
@require_GET
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    """The file, always as a download and with the type detected when it was kept, so nothing
    uploaded is ever shown in the browser as a page."""
    document = record_selectors.document_get(request.user, pk)
    content_type = document.content_type
    if content_type not in ACCEPTED_TYPES:
        content_type = "application/octet-stream"
    elif content_type == "text/plain":
        content_type = "text/plain; charset=utf-8"
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing.") from None
    response = FileResponse(
        handle, as_attachment=True, filename=document.name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns: list[URLPattern] = [
    path(
        "cases/<str:reference>/record/correspondence/new/",
        correspondence_new,
        name="record-correspondence",
    ),
    path("cases/<str:reference>/record/documents/new/", document_new, name="record-document"),
    path(
        "cases/<str:reference>/record/questions/new/",
        clarification_new,
        name="record-clarification",
    ),
    path(
        "cases/<str:reference>/record/questions/<int:pk>/answer/",
        clarification_answer_new,
        name="record-clarification-answer",
    ),
    path(
        "cases/<str:reference>/record/responsibility/",
        responsibility,
        name="record-responsibility",
    ),
    path("cases/<str:reference>/record/keep-informed/", keep_informed, name="record-keep-informed"),
    path(
        "cases/<str:reference>/record/keep-informed/update/",
        update_sent,
        name="record-update-sent",
    ),
    path(
        "cases/<str:reference>/record/additional-issue/",
        additional_issue,
        name="record-additional-issue",
    ),
    path("cases/<str:reference>/record/time-limit/", time_limit, name="record-time-limit"),
    path("documents/<int:pk>/download/", document_download, name="record-document-download"),
]


def case_panel(request: HttpRequest, complaint: Complaint) -> dict[str, Any]:
    """The context of the record section on the case page; empty hides the section."""
    user = request.user
    today = staff_views.today()
    try:
        profile = get_profile(complaint.profile)
    except KeyError:
        profile = None
    limit = profile.time_limit if profile else None
    stages = sorted(complaint.stages.all(), key=lambda stage: stage.number)
    documents = record_selectors.documents_for(user, complaint).filter(correspondence__isnull=True)
    return {
        "complaint": complaint,
        "can_change": selectors.can_change(user),
        "correspondence": [
            (item, CHANNELS.get(item.channel, item.channel))
            for item in record_selectors.correspondence_for(user, complaint)
        ],
        "documents": list(documents),
        "clarifications": list(record_selectors.clarifications_for(user, complaint)),
        "open_clarifications": record_selectors.clarifications_open(user, complaint).count(),
        "parts": [s for s in stages if s.responsible_for or s.not_responsible_for],
        "keep_informed": record_selectors.update_due(
            record_selectors.keep_informed_current(user, complaint), today=today
        ),
        "additional_issues": list(record_selectors.additional_issues_for(user, complaint)),
        "time_limit": limit,
        "time_limit_citation": profile.cite(limit.clause) if profile and limit else "",
    }
