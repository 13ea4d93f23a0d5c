"""Following a complaint: asking for a one-time link, opening it, the tracking page and the
steps the individual may take there (add information, ask for the next stage, withdraw), and the
feedback survey once the complaint is finished.

The page asking for a link says the same thing whether or not the reference and address matched.
The emailed link opens a page with a button, so that mail scanners which follow links do not use
it up; the button opens a short session for that one complaint. Every step goes through the case
services as a ``Resident`` on that complaint, and is audited there.
"""

from __future__ import annotations

import time
from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from putright.cases.models import Complaint
from putright.cases.services import (
    CaseInputError,
    CaseRefused,
    StaleCase,
    complaint_escalate,
    complaint_withdraw,
)
from putright.cases.services.record.files import ACCEPTED_TYPES
from putright.organisations.models import Organisation
from putright.organisations.permissions import Resident
from putright.public import forms, selectors, services
from putright.public.services import LinkRefused, RateLimited
from putright.public.services.tracking import session_minutes
from putright.public.views import client_address, page


def _key(organisation: Organisation) -> str:
    return f"putright_public_tracking_{organisation.pk}"


def _tracked(request: HttpRequest, organisation: Organisation) -> Complaint | None:
    """The complaint this session's link opened, while the session lasts."""
    held = request.session.get(_key(organisation))
    if not held or held.get("until", 0) < time.time():
        return None
    return selectors.tracked_complaint(organisation, int(held["complaint"]))


def _resident(complaint: Complaint) -> Resident:
    return Resident(complaint.organisation, complaint_id=complaint.pk)


def _expired(organisation: Organisation) -> HttpResponse:
    return redirect(reverse("public:track", args=[organisation.slug]) + "?expired=1")


@require_http_methods(["GET", "POST"])
def track(request: HttpRequest, org: str) -> HttpResponse:
    organisation = selectors.organisation_public(org)
    form = forms.TrackForm()
    status = 200
    if request.method == "POST":
        form = forms.TrackForm(request.POST)
        status = 400
        if form.is_valid() and not form.cleaned_data["website"]:
            reference = form.cleaned_data["reference"].strip()
            try:
                services.rate_limit_hit(
                    counted=[
                        ("link_ip", client_address(request)),
                        ("link_case", f"{organisation.pk}:{reference.lower()}"),
                    ]
                )
            except RateLimited as error:
                form.add_error(None, str(error))
                status = 429
            else:
                services.tracking_link_request(
                    organisation=organisation,
                    reference=reference,
                    email=form.cleaned_data["email"],
                    link_url=lambda token: request.build_absolute_uri(
                        reverse("public:track-open", args=[organisation.slug, token])
                    ),
                )
                return redirect("public:track-sent", org=organisation.slug)
        elif form.is_valid():
            form.add_error(None, "We could not send this. Please try again.")
    return page(
        request,
        organisation,
        "public/track/ask.html",
        {"form": form, "expired": request.GET.get("expired") == "1"},
        status=status,
    )


def track_sent(request: HttpRequest, org: str) -> HttpResponse:
    organisation = selectors.organisation_public(org)
    return page(request, organisation, "public/track/sent.html", {})


@require_http_methods(["GET", "POST"])
def track_open(request: HttpRequest, org: str, token: str) -> HttpResponse:
    organisation = selectors.organisation_public(org)
    if request.method == "POST":
        try:
            complaint = services.tracking_link_redeem(organisation=organisation, token=token)
        except LinkRefused as error:
            return page(
                request, organisation, "public/track/refused.html", {"error": str(error)}, 400
            )
        request.session.cycle_key()
        request.session[_key(organisation)] = {
            "complaint": complaint.pk,
            "until": time.time() + 60 * session_minutes(),
        }
        return redirect("public:tracking", org=organisation.slug)
    return page(request, organisation, "public/track/open.html", {"token": token})


def tracking(request: HttpRequest, org: str) -> HttpResponse:
    organisation = selectors.organisation_public(org)
    complaint = _tracked(request, organisation)
    if complaint is None:
        return _expired(organisation)
    progress = selectors.complaint_progress(complaint)
    done = request.session.pop("putright_public_done", "")
    return page(
        request, organisation, "public/track/complaint.html", {"progress": progress, "done": done}
    )


def track_document(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    """A letter (or another file) sent to the individual, always as a download with the type
    detected when it was kept, so nothing is ever shown in the browser as a page."""
    organisation = selectors.organisation_public(org)
    complaint = _tracked(request, organisation)
    if complaint is None:
        return _expired(organisation)
    document = selectors.tracked_document(complaint, pk)
    content_type = document.content_type
    if content_type not in ACCEPTED_TYPES:
        content_type = "application/octet-stream"
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


def _done(request: HttpRequest, organisation: Organisation, message: str) -> HttpResponse:
    request.session["putright_public_done"] = message
    return redirect("public:tracking", org=organisation.slug)


@require_http_methods(["GET", "POST"])
def track_add(request: HttpRequest, org: str) -> HttpResponse:
    organisation = selectors.organisation_public(org)
    complaint = _tracked(request, organisation)
    if complaint is None:
        return _expired(organisation)
    form = forms.InformationForm()
    status = 200
    if request.method == "POST":
        form = forms.InformationForm(request.POST, request.FILES)
        status = 400
        if form.is_valid():
            upload = form.cleaned_data.get("file")
            try:
                if upload:
                    services.rate_limit_hit(
                        counted=[
                            ("upload_ip", client_address(request)),
                            ("upload_journey", f"case:{complaint.pk}"),
                        ]
                    )
                services.information_add(
                    resident=_resident(complaint),
                    complaint=complaint,
                    text=form.cleaned_data["text"],
                    files=[upload] if upload else [],
                    today=timezone.localdate(),
                )
            except (CaseInputError, RateLimited) as error:
                form.add_error("file" if upload else "text", str(error))
                status = 429 if isinstance(error, RateLimited) else 400
            else:
                return _done(request, organisation, "Your information has been added")
    return page(
        request,
        organisation,
        "public/track/add.html",
        {"form": form, "complaint": complaint},
        status=status,
    )


def _step(
    request: HttpRequest, org: str, *, template: str, allowed: str, service: Any, done: str
) -> HttpResponse:
    """A confirmation page for one step on the complaint, and the step when confirmed."""
    organisation = selectors.organisation_public(org)
    complaint = _tracked(request, organisation)
    if complaint is None:
        return _expired(organisation)
    progress = selectors.complaint_progress(complaint)
    form = forms.ConfirmForm(initial={"version": complaint.version})
    errors: list[str] = []
    status = 200
    if not getattr(progress, allowed):
        errors.append("You cannot do this now. Contact us if you need help.")
        status = 400 if request.method == "POST" else 200
    elif request.method == "POST":
        form = forms.ConfirmForm(request.POST)
        version = form.cleaned_data.get("version") if form.is_valid() else None
        try:
            service(
                actor=_resident(complaint),
                complaint=complaint,
                version=version,
                today=timezone.localdate(),
            )
        except CaseRefused as error:
            errors = [r.reason for r in error.refusals]
            status = 400
        except (StaleCase, CaseInputError) as error:
            errors = [str(error)]
            status = 409 if isinstance(error, StaleCase) else 400
        else:
            return _done(request, organisation, done)
    return page(
        request,
        organisation,
        template,
        {"form": form, "progress": progress, "errors": errors},
        status=status,
    )


def _escalate(*, actor: Resident, complaint: Complaint, version: int | None, today: Any) -> None:
    complaint_escalate(actor=actor, complaint=complaint, requested=today, version=version)


def _withdraw(*, actor: Resident, complaint: Complaint, version: int | None, today: Any) -> None:
    complaint_withdraw(actor=actor, complaint=complaint, withdrawn=today, version=version)


@require_http_methods(["GET", "POST"])
def track_escalate(request: HttpRequest, org: str) -> HttpResponse:
    return _step(
        request,
        org,
        template="public/track/escalate.html",
        allowed="can_escalate",
        service=_escalate,
        done="You have asked for the next stage. We will acknowledge your request",
    )


@require_http_methods(["GET", "POST"])
def track_withdraw(request: HttpRequest, org: str) -> HttpResponse:
    return _step(
        request,
        org,
        template="public/track/withdraw.html",
        allowed="can_withdraw",
        service=_withdraw,
        done="Your complaint has been withdrawn",
    )


@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, org: str) -> HttpResponse:
    organisation = selectors.organisation_public(org)
    complaint = _tracked(request, organisation)
    if complaint is None:
        return _expired(organisation)
    progress = selectors.complaint_progress(complaint)
    if complaint.is_open or progress.feedback_given:
        return redirect("public:tracking", org=organisation.slug)
    form = forms.SurveyForm()
    status = 200
    if request.method == "POST":
        form = forms.SurveyForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                services.rate_limit_hit(counted=[("feedback_ip", client_address(request))])
                services.survey_response_record(
                    resident=_resident(complaint),
                    complaint=complaint,
                    today=timezone.localdate(),
                    **form.cleaned_data,
                )
            except (CaseInputError, RateLimited) as error:
                form.add_error(None, str(error))
                status = 429 if isinstance(error, RateLimited) else 400
            else:
                return redirect("public:feedback-done", org=organisation.slug)
    return page(
        request,
        organisation,
        "public/track/feedback.html",
        {"form": form, "progress": progress},
        status=status,
    )


def feedback_done(request: HttpRequest, org: str) -> HttpResponse:
    organisation = selectors.organisation_public(org)
    return page(request, organisation, "public/track/feedback_done.html", {})


@require_POST
def track_leave(request: HttpRequest, org: str) -> HttpResponse:
    organisation = selectors.organisation_public(org)
    request.session.pop(_key(organisation), None)
    return redirect("public:track", org=organisation.slug)
