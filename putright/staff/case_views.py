"""The complaint pages: my work, the team's cases, logging a complaint, a case and its steps.

Each view parses its input, calls one selector or one service, and renders the answer. A case of
another organisation is a 404, exactly as one that does not exist (``selectors.complaint_get``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from putright.cases import record_selectors, selectors, services
from putright.cases.models import CaseStatus, Complaint, Stage
from putright.organisations.selectors import outcome_choices
from putright.policy import Profile, get_profile
from putright.public.adjustment_selectors import adjustments_waiting_on_complaint
from putright.staff import forms, letter_views, panels
from putright.staff import views as staff_views

#: The colour of each status tag (GOV.UK tag modifiers).
STATUS_TAGS: Mapping[str, str] = {
    CaseStatus.RECEIVED: "govuk-tag--blue",
    CaseStatus.ACKNOWLEDGED: "govuk-tag--light-blue",
    CaseStatus.RESPONDED: "govuk-tag--purple",
    CaseStatus.CLOSED: "govuk-tag--grey",
    CaseStatus.EXCLUDED: "govuk-tag--orange",
    CaseStatus.WITHDRAWN: "govuk-tag--grey",
}


@dataclass(frozen=True)
class CaseAction:
    """One step a case page offers: its form, the one service it calls, and its words."""

    key: str
    title: str
    button: str
    done: str
    form: type[forms.ActionForm]
    service: Callable[..., Any]
    initial_dates: tuple[str, ...] = ()
    with_handlers: bool = False
    warning: bool = False


ACTIONS: Mapping[str, CaseAction] = {
    a.key: a
    for a in (
        CaseAction(
            "acknowledge",
            "Acknowledge the complaint",
            "Acknowledge",
            "Stage {stage} acknowledged",
            forms.AcknowledgeForm,
            services.stage_acknowledge,
            ("acknowledged",),
            with_handlers=True,
        ),
        CaseAction(
            "extend",
            "Extend the response deadline",
            "Grant the extension",
            "Extension granted",
            forms.ExtendForm,
            services.extension_grant,
            ("granted_on",),
        ),
        CaseAction(
            "respond",
            "Record the response",
            "Record the response",
            "Stage {stage} response recorded",
            forms.RespondForm,
            services.stage_respond,
            ("responded",),
        ),
        CaseAction(
            "escalate",
            "Escalate to the next stage",
            "Escalate",
            "Escalated to stage {stage}",
            forms.EscalateForm,
            services.complaint_escalate,
            ("requested",),
        ),
        CaseAction(
            "exclude",
            "Do not accept the complaint",
            "Do not accept the complaint",
            "Complaint not accepted",
            forms.ExcludeForm,
            services.complaint_exclude,
            ("decided",),
            warning=True,
        ),
        CaseAction(
            "withdraw",
            "Record that the complaint is withdrawn",
            "Record the withdrawal",
            "Complaint withdrawn",
            forms.WithdrawForm,
            services.complaint_withdraw,
            ("withdrawn",),
            warning=True,
        ),
        CaseAction(
            "close",
            "Close the complaint",
            "Close the complaint",
            "Complaint closed",
            forms.CloseForm,
            services.complaint_close,
            ("closed",),
        ),
        CaseAction(
            "assign",
            "Change the handler",
            "Change the handler",
            "Handler changed",
            forms.AssignForm,
            services.complaint_assign,
            with_handlers=True,
        ),
    )
}


@dataclass(frozen=True)
class Deadline:
    """A deadline of a stage as the case page shows it, with the clause that sets it."""

    stage: int
    what: str
    due: date | None
    done: date | None
    citation: str


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime
    who: str
    what: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class OfferedAction:
    key: str
    title: str
    allowed: bool
    refusals: tuple[Any, ...] = ()
    warning: bool = False


def _deadlines(profile: Profile, stages: Iterable[Stage]) -> list[Deadline]:
    """Each stored deadline of each stage, citing the profile's clause for it (e.g. HOS 6.2)."""
    rules = {s.number: s for s in profile.stages}
    rows = []
    for stage in stages:
        rule = rules.get(stage.number)
        ack = rule.acknowledge if rule else None
        respond = rule.respond if rule else None
        extension = rule.extension if rule else None
        if ack or stage.acknowledge_by:
            what = ack.label if ack else "Acknowledge"
            cite = profile.cite(ack.clause) if ack else ""
            rows.append(
                Deadline(stage.number, what, stage.acknowledge_by, stage.acknowledged, cite)
            )
        if respond or stage.respond_by:
            what = respond.label if respond else "Respond"
            cite = profile.cite(respond.clause) if respond else ""
            rows.append(Deadline(stage.number, what, stage.respond_by, stage.responded, cite))
        if stage.extended_respond_by:
            cite = profile.cite(extension.clause) if extension else ""
            due = stage.extended_respond_by
            rows.append(Deadline(stage.number, "Extended response", due, stage.responded, cite))
    return rows


#: What each audited step is called on the timeline.
TIMELINE_WORDS: Mapping[str, str] = {
    "complaint.receive": "Complaint logged",
    "complaint.acknowledge": "Stage acknowledged",
    "complaint.extend": "Response deadline extended",
    "complaint.respond": "Response recorded",
    "complaint.escalate": "Escalated to the next stage",
    "complaint.exclude": "Complaint not accepted",
    "complaint.withdraw": "Complaint withdrawn",
    "complaint.close": "Complaint closed",
    "complaint.assign": "Handler changed",
    "service_request.link": "Linked to the service request it was raised from",
    "record.set_definition_parts": "Responsibility recorded",
    "record.assess_time_limit": "Time limit checked",
    "record.log_correspondence": "Correspondence logged",
    "record.add_document": "Document added",
    "record.ask_clarification": "Clarification asked for",
    "record.answer_clarification": "Clarification answered",
    "record.agree_keep_informed": "Keep-informed interval agreed",
    "record.send_update": "Update sent",
    "record.additional_issue_folded": "Additional issue added to this complaint",
    "record.additional_issue_new_complaint": "Additional issue logged as a new complaint",
    "remedies.offer": "Remedy offered",
    "remedies.update_status": "Remedy updated",
    "remedies.cannot_deliver": "Remedy cannot be delivered",
    "remedies.action_add": "Outstanding action added",
    "remedies.action_update": "Outstanding action updated",
    "remedies.action_complete": "Outstanding action done",
    "remedies.referral_record": "Referred to the Ombudsman",
    "remedies.referral_decide": "Ombudsman's decision recorded",
    "remedies.recommendation_add": "Ombudsman's recommendation recorded",
    "remedies.recommendation_carried_out": "Ombudsman's recommendation carried out",
    "remedies.learning_record": "Learning recorded",
    "remedies.learning_link": "Linked to learning",
    "remedies.learning_implemented": "Learning put into practice",
}


def _action_words(action: str) -> str:
    """A readable fallback for an audit action without its own words: 'remedies.offer' ->
    'Remedies: offer'."""
    area, _, verb = action.partition(".")
    return f"{area.replace('_', ' ').capitalize()}: {verb.replace('_', ' ')}"


def _shown(key: str, value: Any, names: Mapping[str, str]) -> str:
    """A recorded value for a reader: dates in words, staff by name, lists joined."""
    if value is None or value == "" or value == []:
        return "\N{EN DASH}"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list | tuple):
        return ", ".join(str(v).replace("_", " ") for v in value)
    if key.endswith("handler"):
        return names.get(str(value), str(value))
    if isinstance(value, str) and len(value) == 10:
        try:
            return f"{date.fromisoformat(value):%-d %b %Y}"
        except ValueError:
            pass
    return str(value).replace("_", " ") if key.endswith(("status", "outcome")) else str(value)


def _field_words(key: str) -> str:
    """'stage_1.acknowledge_by' as 'Stage 1 acknowledge by'."""
    return key.replace(".", " ").replace("_", " ").capitalize()


def _timeline(complaint: Complaint, names: Mapping[str, str]) -> list[TimelineEntry]:
    """The audit record of the complaint and everything recorded about it, newest first, each
    event with the fields it changed."""
    events = selectors.complaint_audit_events(complaint)
    entries = []
    for event in events:
        before, after = event.before or {}, event.after or {}
        shown = [
            (_field_words(k), _shown(k, before.get(k), names), _shown(k, after.get(k), names))
            for k in dict.fromkeys([*before, *after])
            if k != "version"
        ]
        changes = [(name, old, new) for name, old, new in shown if old != new]
        what = TIMELINE_WORDS.get(event.action) or _action_words(event.action)
        entries.append(TimelineEntry(event.created, event.actor_label, what, changes))
    return entries


def _offered(complaint: Complaint) -> list[OfferedAction]:
    """The steps the rules allow now, and those they refuse, each refusal with its clause."""
    decisions = selectors.allowed_actions(complaint)
    return [
        OfferedAction(key, step.title, bool(decisions[key]), decisions[key].refusals, step.warning)
        for key, step in ACTIONS.items()
        if key in decisions
    ]


def _profile(complaint: Complaint) -> Profile | None:
    try:
        return get_profile(complaint.profile)
    except KeyError:
        return None


def _page(request: HttpRequest) -> int:
    """The page asked for in ``?page=``; 1 when it is missing or not a number."""
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


@login_required
def work(request: HttpRequest) -> HttpResponse:
    rows = selectors.work_queue(request.user, today=staff_views.today(), page=_page(request))
    context = {"rows": rows, "counts": selectors.queue_counts(rows), "nav": "work"}
    return render(request, "staff/work/list.html", context)


@login_required
def cases(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = forms.CaseFilterForm(
        request.GET,
        service_areas=selectors.service_areas_for(user),
        handlers=selectors.handlers_for(user),
    )
    filters = form.cleaned_data if form.is_valid() else {}
    query = filters.pop("q", "")
    context: dict[str, Any] = {"form": form, "query": query, "nav": "cases"}
    if query:
        found = selectors.complaint_search(user, query)
        context["results"] = list(found[: selectors.SEARCH_LIMIT + 1])
        context["more"] = len(context["results"]) > selectors.SEARCH_LIMIT
        context["results"] = context["results"][: selectors.SEARCH_LIMIT]
    else:
        rows = selectors.team_queue(user, today=staff_views.today(), page=_page(request), **filters)
        context["rows"] = rows
        context["counts"] = selectors.queue_counts(rows)
        params = request.GET.copy()
        params.pop("page", None)
        context["query_string"] = params.urlencode()
    return render(request, "staff/cases/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def case_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = forms.ComplaintForm(
        request.POST or None,
        initial={"received": staff_views.today(), "channel": "phone"},
        service_areas=selectors.service_areas_for(user),
        handlers=selectors.handlers_for(user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            complaint = services.complaint_receive(
                actor=user, today=staff_views.today(), **form.cleaned_data
            )
        except services.CaseRefused as refused:
            form.add_refusals(refused.refusals)
        except services.CaseInputError as error:
            form.add_error(_error_field(form, str(error)), str(error))
        else:
            messages.success(request, f"Complaint logged: reference {complaint.reference}")
            return redirect("staff:case", reference=complaint.reference)
    return render(request, "staff/cases/new.html", {"form": form, "nav": "new"})


@login_required
def case_detail(request: HttpRequest, reference: str) -> HttpResponse:
    complaint = selectors.complaint_get(request.user, reference)
    profile = _profile(complaint)
    stages = sorted(complaint.stages.all(), key=lambda stage: stage.number)
    # Read-only roles (the Member, auditors) see the case but are offered no steps.
    offered = _offered(complaint) if selectors.can_change(request.user) else []
    names = {str(u.pk): forms.handler_label(u) for u in selectors.handlers_for(request.user)}
    context = {
        "complaint": complaint,
        "profile": profile,
        "stages": stages,
        "deadlines": _deadlines(profile, stages) if profile else [],
        "timeline": _timeline(complaint, names),
        "read_only": not selectors.can_change(request.user),
        "allowed": [a for a in offered if a.allowed],
        "refused": [a for a in offered if not a.allowed],
        "responses": [
            {
                "stage": s.number,
                "responded": s.responded,
                "outcome": s.outcome.replace("_", " ").capitalize(),
                "decision": s.decision,
                "reasons": s.reasons,
            }
            for s in stages
            if s.responded
        ],
        "status_tag": STATUS_TAGS.get(complaint.status, ""),
        "panels": panels.case_panels(request, complaint),
        "adjustments_waiting": adjustments_waiting_on_complaint(request.user, complaint),
        "nav": "cases",
    }
    return render(request, "staff/cases/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def case_action(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    step = ACTIONS.get(action)
    if step is None:
        raise Http404("No such step")
    complaint = selectors.complaint_get(request.user, reference)
    profile = _profile(complaint)
    if profile is None:
        raise Http404("The case's Code profile is not known")
    initial: dict[str, Any] = dict.fromkeys(step.initial_dates, staff_views.today())
    initial["version"] = complaint.version
    if step.key == "assign":
        initial["handler"] = complaint.handler_id
    handlers = selectors.handlers_for(request.user) if step.with_handlers else None
    form = step.form(
        request.POST or None,
        initial=initial,
        complaint=complaint,
        profile=profile,
        handlers=handlers,
    )
    if isinstance(form, forms.ExcludeForm):
        form.offer_reasons([r.label for r in record_selectors.exclusion_reasons_for(request.user)])
    if isinstance(form, forms.RespondForm):
        outcomes = outcome_choices(organisation_id=complaint.organisation_id, profile=profile)
        form.offer_outcomes(outcomes.choices, own=outcomes.own)
    if request.method == "POST" and form.is_valid():
        try:
            step.service(actor=request.user, complaint=complaint, **form.cleaned_data)
        except services.CaseRefused as refused:
            form.add_refusals(refused.refusals)
        except services.StaleCase as stale:
            form.add_error(None, str(stale))
        except services.CaseInputError as error:
            form.add_error(_error_field(form, str(error)), str(error))
        else:
            complaint.refresh_from_db()
            messages.success(request, step.done.format(stage=complaint.stage))
            letter = letter_views.letter_after_step(complaint, step.key)
            if letter and request.POST.get("then") == "letter":
                return redirect(letter_views.draft_url(complaint, letter))
            return redirect("staff:case", reference=complaint.reference)
    context = {
        "complaint": complaint,
        "profile": profile,
        "form": form,
        "step": step,
        "letter_kind": letter_views.letter_after_step(complaint, step.key),
    }
    return render(request, f"staff/cases/actions/{step.key}.html", context | {"nav": "cases"})


#: Which field a service's ``CaseInputError`` is about, from the words of its message.
_INPUT_ERROR_FIELDS: tuple[tuple[str, str], ...] = (
    ("email address", "email"),
    ("handle complaints", "handler"),
    ("service area", "service_area"),
    ("the reason", "reason"),
    ("date", ""),
)


def _error_field(form: forms.CaseForm, message: str) -> str | None:
    """The field to show a service's input error against; the form's one date field for a date,
    and the error summary alone when the message names no field of the form."""
    for words, name in _INPUT_ERROR_FIELDS:
        if words in message:
            dates = [n for n, f in form.fields.items() if isinstance(f, forms.DateInputField)]
            name = name or (dates[0] if len(dates) == 1 else "")
            return name if name in form.fields else None
    return None
