"""The Ombudsman's file of a complaint: the page listing the files made, the one action that
makes one, and the downloads (each checking the organisation and audited).

Roles that write cases (handlers, managers, the senior lead) make and download them; a file that
includes reasonable adjustments is served only to a role that may see them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET, require_POST

from putright.cases import selectors as case_selectors
from putright.cases.models import Complaint
from putright.organisations.permissions import may_change_cases
from putright.people.selectors import sees_special_category
from putright.privacy import selectors
from putright.privacy.models import CaseFile
from putright.privacy.services.casefile import (
    SYNC_BYTES,
    SYNC_DOCUMENTS,
    casefile_downloaded,
    casefile_request,
)


def _check_writer(request: HttpRequest, complaint: Complaint) -> None:
    if not may_change_cases(request.user, complaint.organisation_id):
        raise PermissionDenied("Only roles that handle complaints make the Ombudsman's file.")


@login_required
@require_GET
def casefiles(request: HttpRequest, reference: str) -> HttpResponse:
    complaint = case_selectors.complaint_get(request.user, reference)
    _check_writer(request, complaint)
    context = {
        "complaint": complaint,
        "files": list(selectors.casefiles_of(request.user, complaint)[:20]),
        "sync_documents": SYNC_DOCUMENTS,
        "sync_megabytes": SYNC_BYTES // (1024 * 1024),
        "nav": "cases",
    }
    return render(request, "staff/casefile/list.html", context)


@login_required
@require_POST
def casefile_new(request: HttpRequest, reference: str) -> HttpResponse:
    complaint = case_selectors.complaint_get(request.user, reference)
    _check_writer(request, complaint)
    made = casefile_request(actor=request.user, complaint=complaint)
    if made.status == CaseFile.Status.READY:
        messages.success(request, "The Ombudsman's file is ready to download")
    elif made.status == CaseFile.Status.QUEUED:
        messages.success(request, "The Ombudsman's file is being made: come back to this page")
    else:
        messages.error(request, "The Ombudsman's file could not be made: try again")
    return redirect("staff:casefiles", reference=complaint.reference)


def _download(request: HttpRequest, pk: int, part: str) -> FileResponse:
    casefile = selectors.casefile_get(request.user, pk)
    _check_writer(request, casefile.complaint)
    if casefile.special_category and not sees_special_category(request.user):
        raise PermissionDenied("This file includes special-category data your role may not see.")
    stored = casefile.pdf if part == "pdf" else casefile.archive
    if casefile.status != CaseFile.Status.READY or casefile.destroyed or not stored.name:
        raise Http404("That file is not available.")
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing.") from None
    casefile_downloaded(actor=request.user, casefile=casefile, part=part)
    name = f"ombudsman-file-{casefile.complaint.reference}.{'pdf' if part == 'pdf' else 'zip'}"
    kind = "application/pdf" if part == "pdf" else "application/zip"
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=kind)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def casefile_pdf(request: HttpRequest, pk: int) -> FileResponse:
    return _download(request, pk, "pdf")


@login_required
@require_GET
def casefile_zip(request: HttpRequest, pk: int) -> FileResponse:
    return _download(request, pk, "zip")


def case_panel(request: HttpRequest, complaint: Complaint) -> dict[str, Any]:
    """The case page's section with the one action that makes the Ombudsman's file."""
    if not may_change_cases(request.user, complaint.organisation_id):
        return {}
    latest = selectors.casefiles_of(request.user, complaint).first()
    return {"complaint": complaint, "latest": latest}


urlpatterns: list[URLPattern] = [
    path("cases/<str:reference>/ombudsman-file/", casefiles, name="casefiles"),
    path("cases/<str:reference>/ombudsman-file/new/", casefile_new, name="casefile-new"),
    path("ombudsman-files/<int:pk>/bundle.pdf", casefile_pdf, name="casefile-pdf"),
    path("ombudsman-files/<int:pk>/originals.zip", casefile_zip, name="casefile-zip"),
]
