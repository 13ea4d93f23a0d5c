"""Letters on the staff pages: choosing a letter, drafting it from the case's facts, the checks
before sending (what the Code requires, staff named, plain language), sending it, and the
letters section of the case page.

Each view parses its input and calls one service or selector. Another organisation's case or
letter is a 404, exactly as one that does not exist; a role that only reads gets 403.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from putright.cases import selectors as case_selectors
from putright.cases.models import CaseStatus, Complaint
from putright.letters import drafting
from putright.letters import selectors as letter_selectors
from putright.letters.models import LetterKind
from putright.letters.services import (
    LetterRefused,
    letter_draft,
    letter_mark_printed,
    letter_send,
    staff_names,
)
from putright.policy import get_profile
from putright.rules.contents import letter_contents
from putright.staff import letter_forms as forms

#: The letter each step of the case page leads to, once the step is recorded.
STEP_LETTERS: dict[str, str] = {
    "acknowledge": LetterKind.ACKNOWLEDGEMENT,
    "extend": LetterKind.EXTENSION,
    "exclude": LetterKind.EXCLUSION,
    "respond": LetterKind.RESPONSE,
    "escalate": LetterKind.ACKNOWLEDGEMENT,
}


def letter_after_step(complaint: Complaint, step: str) -> str | None:
    """The letter to write after a step; a response at the Code's last stage is the final one."""
    kind = STEP_LETTERS.get(step)
    if kind == LetterKind.RESPONSE:
        try:
            last = get_profile(complaint.profile).stages[-1].number
        except KeyError:
            return kind
        return LetterKind.FINAL_RESPONSE if complaint.stage >= last else kind
    return kind


def draft_url(complaint: Complaint, kind: str) -> str:
    return f"{reverse('staff:letter-new', args=[complaint.reference])}?kind={kind}"


def _check_writer(request: HttpRequest) -> None:
    if not case_selectors.can_change(request.user):
        raise PermissionDenied("Your role reads cases but does not send letters.")


def _choose(request: HttpRequest, complaint: Complaint, form: forms.KindForm) -> HttpResponse:
    context = {"complaint": complaint, "form": form, "nav": "cases"}
    return render(request, "staff/letters/choose.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def letter_new(request: HttpRequest, reference: str) -> HttpResponse:
    complaint = case_selectors.complaint_get(request.user, reference)
    _check_writer(request)
    data = request.POST if request.method == "POST" else request.GET
    # The choosing form sends "choose" too, so choosing nothing is an error, not a fresh page.
    chosen = "kind" in data or "choose" in data
    chooser = forms.KindForm({"kind": data.get("kind", "")} if chosen else None)
    if not chooser.is_valid():
        return _choose(request, complaint, chooser)
    kind = chooser.cleaned_data["kind"]
    draft = letter_draft(complaint=complaint, kind=kind)
    profile = draft.context["profile"]
    required = letter_contents(profile, kind, draft.context["stage_number"])  # type: ignore[arg-type]
    keys = {item.key for item in required}
    if request.method == "POST":
        form = forms.LetterForm(request.POST, kind=kind, required=keys)
    else:
        initial = {"token": uuid.uuid4().hex, "subject": draft.subject}
        initial |= {f"part_{k}": v for k, v in draft.parts.items()}
        form = forms.LetterForm(initial=initial, kind=kind, required=keys)
    parts = draft.parts
    if form.is_bound and form.is_valid():
        parts = form.parts()
        if request.POST.get("action") == "send":
            try:
                letter = letter_send(
                    actor=request.user,
                    complaint=complaint,
                    kind=kind,
                    subject=form.cleaned_data["subject"],
                    parts=parts,
                    token=form.cleaned_data["token"],
                    names_confirmed=form.cleaned_data["names_confirmed"],
                )
            except LetterRefused as refused:
                for gap in refused.gaps:
                    form.add_error(f"part_{gap.key}", _gap_words(gap, profile))
                if refused.staff_named:
                    form.add_error("names_confirmed", refused.messages[-1])
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                how = "to be printed and posted" if letter.by_post else f"to {letter.to_email}"
                messages.success(request, f"Letter sent {how}: {letter.subject}")
                return redirect("staff:letter", reference=complaint.reference, pk=letter.pk)
    check = drafting.letter_check(draft.context, parts, staff_names(complaint))
    missing = {gap.key for gap in check.gaps}
    context = {
        "complaint": complaint,
        "kind": kind,
        "kind_label": LetterKind(kind).label,
        "form": form,
        "check": check,
        "checklist": [
            {"item": item, "missing": item.key in missing, "citation": profile.cite(item.clause)}
            for item in check.required
        ],
        "gaps": [{"gap": g, "citation": profile.cite(g.clause)} for g in check.gaps],
        "to": draft.context["recipient"],
        "stage_number": draft.context["stage_number"],
        "nav": "cases",
    }
    return render(request, "staff/letters/draft.html", context)


def _gap_words(gap: Any, profile: Any) -> str:
    what = gap.label[0].upper() + gap.label[1:]
    return f"{what} {gap.detail}: the Code requires it ({profile.cite(gap.clause)})"


@login_required
@require_GET
def letter_detail(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    complaint = case_selectors.complaint_get(request.user, reference)
    letter = letter_selectors.letter_get(request.user, complaint, pk)
    context = {
        "complaint": complaint,
        "letter": letter,
        "can_change": case_selectors.can_change(request.user),
        "nav": "cases",
    }
    return render(request, "staff/letters/detail.html", context)


@login_required
@require_POST
def letter_printed(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    complaint = case_selectors.complaint_get(request.user, reference)
    letter = letter_selectors.letter_get(request.user, complaint, pk)
    _check_writer(request)
    try:
        letter_mark_printed(actor=request.user, letter=letter)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Recorded as printed and posted")
    return redirect("staff:letter", reference=complaint.reference, pk=letter.pk)


def suggested_letters(complaint: Complaint) -> list[str]:
    """The letters the case's state calls for next: an acknowledgement for a complaint received,
    a response once acknowledged, the exclusion letter for a complaint not accepted."""
    if complaint.status == CaseStatus.RECEIVED:
        return [LetterKind.ACKNOWLEDGEMENT]
    if complaint.status == CaseStatus.ACKNOWLEDGED:
        return [letter_after_step(complaint, "respond") or LetterKind.RESPONSE]
    if complaint.status == CaseStatus.EXCLUDED:
        return [LetterKind.EXCLUSION]
    return []


def case_panel(request: HttpRequest, complaint: Complaint) -> dict[str, Any]:
    """The letters section of the case page: the letters sent, and writing one."""
    letters = list(letter_selectors.letters_for(request.user, complaint))
    can_change = case_selectors.can_change(request.user)
    suggested = [
        {"label": LetterKind(kind).label, "url": draft_url(complaint, kind)}
        for kind in suggested_letters(complaint)
    ]
    return {
        "complaint": complaint,
        "letters": letters,
        "can_change": can_change,
        "suggested": suggested if can_change else [],
    }


urlpatterns: list[URLPattern] = [
    path("cases/<str:reference>/letters/new/", letter_new, name="letter-new"),
    path("cases/<str:reference>/letters/<int:pk>/", letter_detail, name="letter"),
    path("cases/<str:reference>/letters/<int:pk>/printed/", letter_printed, name="letter-printed"),
]
