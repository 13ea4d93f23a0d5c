"""The annual complaints performance and service improvement report, under
/staff/annual-report/: a year's page (the Ombudsman's letter, the governing body's response, the
reports made), the report itself as a web page with its progress while it is made, and its
tagged PDF.

Those who read the figures read (``trends.can_read_figures``); a manager or senior lead writes
(others get 403). Another organisation's report, letter or year is a 404, as one that does not
exist.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from putright.reporting import annual_services, services, trends
from putright.reporting import assessment as selectors
from putright.staff import views as staff_views
from putright.staff.forms import DateInputField

FIRST, LAST = annual_services.FIRST_YEAR, annual_services.LAST_YEAR


class YearForm(forms.Form):
    year = forms.IntegerField(
        label="Year starting 1 April",
        min_value=FIRST,
        max_value=LAST,
        error_messages={
            "required": "Enter the year",
            "invalid": "Enter the year as a number, like 2025",
            "min_value": f"Enter a year from {FIRST} to {LAST}",
            "max_value": f"Enter a year from {FIRST} to {LAST}",
        },
    )


class ResponseForm(forms.Form):
    response = forms.CharField(
        label="The governing body's response",
        error_messages={"required": "Enter the governing body's response"},
    )
    response_on = DateInputField(label="Date agreed", required=False)


class LetterForm(forms.Form):
    letter = forms.FileField(
        label="The Ombudsman's annual letter",
        error_messages={"required": "Choose the letter's file"},
    )
    received_on = DateInputField(label="Date received", required=False)


def _reader(request: HttpRequest) -> None:
    if not trends.can_read_figures(request.user):
        raise PermissionDenied("Only a manager, senior lead, member or auditor reads the report.")


def _writer(request: HttpRequest) -> None:
    if not services.may_write(request.user):
        raise PermissionDenied("Only a manager or senior lead changes the annual report.")


def _year(year: int) -> int:
    if not FIRST <= year <= LAST:
        raise Http404("No such year.")
    return year


def last_year(today: date) -> int:
    """The last financial year that has ended, from 1 April."""
    return today.year - 1 if today.month >= 4 else today.year - 2


@login_required
@require_GET
def annual_list(request: HttpRequest) -> HttpResponse:
    _reader(request)
    last = last_year(staff_views.today())
    form = YearForm(request.GET or None, initial={"year": last})
    if request.GET and form.is_valid():
        return redirect("staff:annual-year", year=form.cleaned_data["year"])
    years = sorted(set(selectors.annual_reports_for(request.user).values_list("year", flat=True)))
    context = {"form": form, "years": years[::-1], "last": last, "nav": "annual-report"}
    return render(request, "staff/annual/list.html", context)


@login_required
@require_GET
def annual_year(request: HttpRequest, year: int) -> HttpResponse:
    _reader(request)
    _year(year)
    context = {
        "year": year,
        "details": selectors.annual_report_details_get(request.user, year),
        "reports": selectors.annual_reports_for(request.user, year)[:20],
        "may_write": services.may_write(request.user),
        "nav": "annual-report",
    }
    return render(request, "staff/annual/year.html", context)


@login_required
@require_POST
def annual_make(request: HttpRequest, year: int) -> HttpResponse:
    _writer(request)
    _year(year)
    publishable = request.POST.get("version") == "publishable"
    made = annual_services.annual_report_request(
        actor=request.user, year=year, publishable=publishable
    )
    messages.success(request, f"{made} is being made")
    return redirect("staff:annual-report", pk=made.pk)


def _form_page(
    request: HttpRequest, form: forms.Form, year: int, template: str, call: Any
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            done = call(form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, done)
            return redirect("staff:annual-year", year=year)
    context = {"form": form, "year": year, "nav": "annual-report"}
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def annual_response(request: HttpRequest, year: int) -> HttpResponse:
    _writer(request)
    _year(year)
    details = selectors.annual_report_details_get(request.user, year)
    initial = {"response": details.response, "response_on": details.response_on} if details else {}
    form = ResponseForm(request.POST if request.method == "POST" else None, initial=initial)

    def call(data: dict[str, Any]) -> str:
        annual_services.annual_report_response_save(actor=request.user, year=year, **data)
        return "The governing body's response is saved"

    return _form_page(request, form, year, "staff/annual/response.html", call)


@login_required
@require_http_methods(["GET", "POST"])
def annual_letter(request: HttpRequest, year: int) -> HttpResponse:
    _writer(request)
    _year(year)
    posted = request.method == "POST"
    form = LetterForm(request.POST if posted else None, request.FILES if posted else None)

    def call(data: dict[str, Any]) -> str:
        annual_services.annual_report_letter_upload(
            actor=request.user, year=year, upload=data["letter"], received_on=data["received_on"]
        )
        return "The Ombudsman's letter is kept"

    return _form_page(request, form, year, "staff/annual/letter.html", call)


@login_required
@require_GET
def annual_letter_download(request: HttpRequest, year: int) -> FileResponse:
    _reader(request)
    details = selectors.annual_report_details_get(request.user, _year(year))
    if details is None or not details.letter_name:
        raise Http404("No letter for that year.")
    return FileResponse(
        details.letter.open("rb"),
        as_attachment=True,
        filename=details.letter_name,
        content_type=details.letter_content_type,
    )


@login_required
@require_GET
def annual_report(request: HttpRequest, pk: int) -> HttpResponse:
    _reader(request)
    found = selectors.annual_report_get(request.user, pk)
    context = {"report": found, "year": found.year, "nav": "annual-report"}
    return render(request, "staff/annual/report.html", context)


@login_required
@require_GET
def annual_report_pdf(request: HttpRequest, pk: int) -> FileResponse:
    _reader(request)
    found = selectors.annual_report_get(request.user, pk)
    if not found.ready:
        raise Http404("The report is not made yet.")
    kind = "publishable" if found.publishable else "full"
    return FileResponse(
        found.pdf.open("rb"),
        as_attachment=True,
        filename=f"annual-report-{found.year}-{found.year + 1}-{kind}.pdf",
        content_type="application/pdf",
    )


urlpatterns: list[URLPattern] = [
    path("annual-report/", annual_list, name="annual-list"),
    path("annual-report/<int:year>/", annual_year, name="annual-year"),
    path("annual-report/<int:year>/make/", annual_make, name="annual-make"),
    path("annual-report/<int:year>/response/", annual_response, name="annual-response"),
    path("annual-report/<int:year>/letter/", annual_letter, name="annual-letter"),
    path(
        "annual-report/<int:year>/letter/download/",
        annual_letter_download,
        name="annual-letter-download",
    ),
    path("annual-report/reports/<int:pk>/", annual_report, name="annual-report"),
    path("annual-report/reports/<int:pk>/report.pdf", annual_report_pdf, name="annual-report-pdf"),
]
