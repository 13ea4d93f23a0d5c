"""The complaint form: the start page, one question a page, files, check your answers and the
confirmation.

Each view parses its input, keeps the answers in the session (``steps.Journey``) or calls one
service, and renders the answer. Nothing is written to a case until the resident sends it from
the check page; the files they add are checked and kept with their journey as they add them.
Every page works with plain form posts, without JavaScript.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from putright.cases.services import CaseInputError
from putright.cases.services.record.files import ACCEPTED_WORDS, max_upload_bytes
from putright.public import forms, selectors, services
from putright.public.services import RateLimited
from putright.public.services.journey import MAX_FILES, MAX_TOTAL_BYTES
from putright.public.steps import BY_SLUG, FILES, ORDER, START, Journey, raw_values


def client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def page(
    request: HttpRequest,
    organisation: Any,
    template: str,
    context: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    """Render a public page with the organisation and its contact details for the footer."""
    return render(
        request,
        template,
        {
            "organisation": organisation,
            "contact": selectors.contact_details_public(organisation),
            **context,
        },
        status=status,
    )


def _url(organisation: Any, slug: str) -> str:
    if slug == START:
        return reverse("public:start", args=[organisation.slug])
    if slug == FILES:
        return reverse("public:files", args=[organisation.slug])
    return reverse("public:step", args=[organisation.slug, slug])


def _next(journey: Journey, slug: str) -> str:
    """After a page: the next page, or the check page once every page has been answered."""
    missing = journey.first_missing()
    if missing is None:
        return reverse("public:check", args=[journey.organisation.slug])
    index = ORDER.index(slug)
    return _url(journey.organisation, ORDER[index + 1] if index + 1 < len(ORDER) else missing)


def _back(journey: Journey, slug: str) -> str:
    index = ORDER.index(slug)
    return _url(journey.organisation, ORDER[index - 1])


def _guard(journey: Journey, slug: str) -> str | None:
    """Where to send someone who opens a page before answering the ones before it."""
    missing = journey.first_missing()
    if missing is not None and ORDER.index(missing) < ORDER.index(slug):
        return _url(journey.organisation, missing)
    return None


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, org: str) -> HttpResponse:
    organisation = selectors.organisation_public(org)
    journey = Journey(request.session, organisation)
    status = 200
    if request.method == "POST":
        form = forms.KindForm(request.POST)
        if form.is_valid():
            journey.keep(START, raw_values(form))
            return redirect(_next(journey, START))
        status = 400
    else:
        form = forms.KindForm(journey.raw(START))
    return page(request, organisation, "public/start.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, org: str, slug: str) -> HttpResponse:
    organisation = selectors.organisation_public(org)
    current = BY_SLUG.get(slug)
    if current is None:
        raise Http404("No such page")
    journey = Journey(request.session, organisation)
    elsewhere = _guard(journey, slug)
    if elsewhere:
        return redirect(elsewhere)
    if request.method == "POST":
        form = journey.form_for(current, request.POST)
        if form.is_valid():
            journey.keep(slug, raw_values(form))
            return redirect(_next(journey, slug))
        status = 400
    else:
        form = journey.form_for(current, journey.raw(slug))
        status = 200
    return page(
        request,
        organisation,
        current.template,
        {"form": form, "kind": journey.kind, "back": _back(journey, slug), "step": current},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def files(request: HttpRequest, org: str) -> HttpResponse:
    organisation = selectors.organisation_public(org)
    journey = Journey(request.session, organisation)
    elsewhere = _guard(journey, FILES)
    if elsewhere:
        return redirect(elsewhere)
    form = forms.UploadForm()
    status = 200
    added = ""
    if request.method == "POST":
        if request.POST.get("action") == "continue":
            journey.keep(FILES, {})
            return redirect(_next(journey, FILES))
        form = forms.UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.rate_limit_hit(
                    counted=[
                        ("upload_ip", client_address(request)),
                        ("upload_journey", journey.key),
                    ]
                )
                pending = services.pending_upload_add(
                    organisation=organisation, journey=journey.key, upload=form.cleaned_data["file"]
                )
            except (CaseInputError, RateLimited) as error:
                form.add_error("file", str(error))
                status = 429 if isinstance(error, RateLimited) else 400
            else:
                added = pending.name
                form = forms.UploadForm()
        else:
            status = 400
    uploads = services.pending_uploads(organisation=organisation, journey=journey.key)
    return page(
        request,
        organisation,
        "public/steps/files.html",
        {
            "form": form,
            "uploads": uploads,
            "added": added,
            "kind": journey.kind,
            "back": _back(journey, FILES),
            "max_files": MAX_FILES,
            "max_total_mb": MAX_TOTAL_BYTES // (1024 * 1024),
            "max_file_mb": max_upload_bytes() // (1024 * 1024),
            "accepted": ACCEPTED_WORDS,
        },
        status=status,
    )


@require_POST
def file_remove(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    organisation = selectors.organisation_public(org)
    journey = Journey(request.session, organisation)
    services.pending_upload_remove(organisation=organisation, journey=journey.key, pk=pk)
    return redirect("public:files", org=organisation.slug)


@require_http_methods(["GET", "POST"])
def check(request: HttpRequest, org: str) -> HttpResponse:
    organisation = selectors.organisation_public(org)
    journey = Journey(request.session, organisation)
    values, missing = journey.cleaned()
    if missing is not None:
        return redirect(_url(organisation, missing))
    form = forms.SendForm()
    status = 200
    if request.method == "POST":
        form = forms.SendForm(request.POST)
        if form.is_valid() and form.cleaned_data["website"]:
            # Only software fills a field nobody can see.
            form.add_error(None, "We could not send this. Please try again.")
            status = 400
        elif form.is_valid():
            try:
                services.rate_limit_hit(
                    counted=[
                        ("submit_ip", client_address(request)),
                        ("submit_journey", journey.key),
                    ]
                )
                case = services.public_submission_send(
                    organisation=organisation,
                    submission=journey.submission(),
                    journey=journey.key,
                    today=timezone.localdate(),
                )
            except (CaseInputError, RateLimited) as error:
                form.add_error(None, str(error))
                status = 429 if isinstance(error, RateLimited) else 400
            else:
                journey.finish(case.reference, journey.kind)
                return redirect("public:sent", org=organisation.slug)
    uploads = services.pending_uploads(organisation=organisation, journey=journey.key)
    rows = _summary_rows(journey, values, uploads)
    return page(
        request,
        organisation,
        "public/check.html",
        {"form": form, "rows": rows, "kind": journey.kind, "back": _url(organisation, FILES)},
        status=status,
    )


def _summary_rows(
    journey: Journey, values: dict[str, Any], uploads: list[Any]
) -> list[dict[str, str]]:
    """The check page's rows: what each answer was, with a link to change it."""
    o = journey.organisation
    complaint = values["kind"] == services.COMPLAINT
    someone_else = values["who"] == "someone_else"
    when = values["issue_date"]
    rows = [
        (
            "What you want to do",
            dict(forms.KIND_CHOICES)[values["kind"]],
            START,
            "what you want to do",
        ),
        ("Service", values["service_area"].name, "service", "the service"),
        (
            "What happened" if complaint else "What you need",
            values["what_happened"],
            "what-happened",
            "what happened",
        ),
        (
            "When it happened",
            f"{when:%-d %B %Y}" if when else "Not given",
            "when",
            "when it happened",
        ),
        (
            "What would put it right" if complaint else "What you would like us to do",
            values["put_right"],
            "put-right",
            "what would put it right",
        ),
        (
            "Who it is for",
            (
                f"{values['their_name']}"
                + (f" (you are their {values['relationship']})" if values["relationship"] else "")
                + ", with their permission"
            )
            if someone_else
            else "Myself",
            "who",
            "who it is for",
        ),
        ("Your name", values["name"], "your-name", "your name"),
        (
            "How to contact you",
            "\n".join(
                part
                for part in (
                    dict(forms.CONTACT_CHOICES)[values["contact_method"]],
                    values["email"],
                    values["phone"],
                    values["address"],
                    values["postcode"],
                )
                if part
            ),
            "contact",
            "how to contact you",
        ),
        (
            "Changes you need",
            values["adjustments"] if values["needs"] == "yes" else "None",
            "adjustments",
            "the changes you need",
        ),
        (
            "Files",
            "\n".join(u.name for u in uploads) or "None",
            FILES,
            "the files",
        ),
    ]
    return [
        {"key": key, "value": value, "href": _url(o, slug), "hidden": hidden}
        for key, value, slug, hidden in rows
    ]


def sent(request: HttpRequest, org: str) -> HttpResponse:
    organisation = selectors.organisation_public(org)
    journey = Journey(request.session, organisation)
    done = journey.data.get("sent")
    if not done:
        return redirect("public:start", org=organisation.slug)
    return page(
        request,
        organisation,
        "public/sent.html",
        {"sent": selectors.sent_case(organisation, done["reference"], done["kind"])},
    )
