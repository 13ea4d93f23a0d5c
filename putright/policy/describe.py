"""A Code profile as readable sections of rows (rule, value, clause), for people.

The staff pages and `putright codes` both print a profile through this one function, so what a
complaints team reads on screen and what an operator reads in a terminal never differ.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from putright.policy.schema import CONTENT_ELEMENTS, Flag, Profile, Rule, Stage, Step


@dataclass(frozen=True, slots=True)
class Row:
    rule: str
    value: str
    clause: str = ""


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    rows: list[Row] = field(default_factory=list)


_START = {"received": "from receipt", "acknowledged": "from acknowledgement"}
_OUTCOME_LABELS = {
    "upheld": "upheld",
    "not_upheld": "not upheld",
    "partly_upheld": "partly upheld",
}


def _yes_no(flag: Flag | None, yes: str, no: str) -> str:
    if flag is None:
        return "no rule in this Code"
    return yes if flag.value else no


def _with_note(text: str, rule: Rule | None) -> str:
    if rule is not None and rule.note:
        return f"{text}. {rule.note}"
    return text


def step_text(stage: Stage, step: Step) -> str:
    """'10 working days from acknowledgement' and the like."""
    if step.days is not None:
        amount = f"{step.days} working day{'s' if step.days != 1 else ''}"
    elif step.months is not None:
        amount = f"{step.months} month{'s' if step.months != 1 else ''}"
    else:
        return "no fixed period: agreed with the individual"
    if step.start in _START:
        start = _START[step.start]
        if stage.number > 1 and step.start == "received":
            start = "from the request for this stage"
            if stage.may_start_here is not None and stage.may_start_here.value:
                start = "from receipt, or from the request for this stage"
    else:
        earlier = next(s for s in stage.deadline_steps if s.key == step.start)
        start = f"from '{earlier.label.lower()}'"
    return f"{amount} {start}"


def _stage_section(profile: Profile, stage: Stage) -> Section:
    rows: list[Row] = []
    if stage.may_start_here is not None:
        rows.append(
            Row(
                "A complaint may start here",
                "yes" if stage.may_start_here.value else "no: only by escalation",
                stage.may_start_here.clause,
            )
        )
    for step in stage.deadline_steps:
        rows.append(Row(step.label, _with_note(step_text(stage, step), step), step.clause))
    if stage.extension is not None:
        ext = stage.extension
        if ext.limit_days is None:
            limit = "no fixed limit"
        else:
            limit = f"up to {ext.limit_days} working days"
            if ext.beyond_limit == "with_reason":
                limit += "; more only with a good reason, explained to the individual"
            else:
                limit += "; no more"
        rows.append(Row("Extension", _with_note(limit, ext), ext.clause))
        if ext.ombudsman_details is not None:
            rows.append(
                Row(
                    "Ombudsman's details with an extension",
                    _with_note(
                        _yes_no(ext.ombudsman_details, "must be given", "not required"),
                        ext.ombudsman_details,
                    ),
                    ext.ombudsman_details.clause,
                )
            )
    if stage.contents is not None:
        c = stage.contents
        items = "; ".join(CONTENT_ELEMENTS[k] for k in c.required) or "none prescribed"
        kind = "In writing" if c.written else "Not necessarily in writing"
        rows.append(Row("Response contents", f"{kind}: {items}", c.clause))
    if stage.different_handler is not None:
        rows.append(
            Row(
                "Handler",
                _yes_no(
                    stage.different_handler,
                    "not the person who handled the previous stage",
                    "may be the same person",
                ),
                stage.different_handler.clause,
            )
        )
    if stage.definition_on_acknowledgement is not None:
        rows.append(
            Row(
                "Complaint definition",
                _with_note("set when acknowledging", stage.definition_on_acknowledgement),
                stage.definition_on_acknowledgement.clause,
            )
        )
    if stage.reasons_for_escalation is not None:
        rows.append(
            Row(
                "Reasons for escalating",
                _yes_no(stage.reasons_for_escalation, "may be asked", "never asked for"),
                stage.reasons_for_escalation.clause,
            )
        )
    return Section(f"{stage.name}", rows)


def describe_profile(profile: Profile) -> list[Section]:
    """Every rule of a profile, grouped for reading, each with its clause."""
    general = Section("About this Code")
    general.rows.append(Row("Ombudsman", profile.ombudsman))
    for details in profile.ombudsman_details:
        general.rows.append(Row(f"Contacting the {details.name}", details.one_line()))
        limit = details.time_limit
        since = (
            "the end of the organisation's complaints procedure"
            if limit.start == "final_response"
            else "first knowing of the problem"
        )
        general.rows.append(
            Row(
                f"Time limit for the {details.name}",
                f"normally within {limit.months} months of {since} ({limit.clause})",
            )
        )
    general.rows.append(Row("Status", profile.status))
    if profile.applies_from is not None:
        general.rows.append(Row("Applies from", profile.applies_from.strftime("%-d %B %Y")))
    general.rows.append(
        Row(
            "Strength",
            _with_note(profile.strength.value, profile.strength),
            profile.strength.clause,
        )
    )
    general.rows.append(
        Row(
            "Number of stages",
            f"{len(profile.stages)} (never more than {profile.max_stages})",
            profile.max_stages_clause,
        )
    )

    sections = [general, *(_stage_section(profile, s) for s in profile.stages)]

    other = Section("Other rules")
    o = profile.outcomes
    values = ", ".join(_OUTCOME_LABELS.get(v, v.replace("_", " ")) for v in o.values)
    if o.set_by == "organisation":
        text = f"the organisation's own list (suggested: {values})"
    else:
        text = values
        if not o.partially_upheld_allowed:
            text += "; never 'partially upheld'"
    other.rows.append(
        Row("Outcomes", _with_note(text, None) if not o.note else f"{text}. {o.note}", o.clause)
    )
    if profile.time_limit is not None:
        t = profile.time_limit
        since = "the issue" if t.start == "issue" else "the issue, or of becoming aware of it"
        verb = (
            "accept complaints made within"
            if t.kind == "must_accept_within"
            else "a complaint may be excluded after"
        )
        text = f"{verb} {t.months} months of {since}"
        if t.discretion:
            text += "; discretion to accept later ones"
        other.rows.append(Row("Time limit", text, t.clause))
    if profile.exclusions is not None:
        e = profile.exclusions
        other.rows.append(
            Row(
                "Exclusions",
                _with_note("evidenced reasons", e.evidence_required),
                e.evidence_required.clause,
            )
        )
        other.rows.append(
            Row(
                "Blanket exclusions",
                _yes_no(e.blanket_allowed, "allowed", "not allowed"),
                e.blanket_allowed.clause,
            )
        )
        other.rows.append(
            Row(
                "Exclusion letter",
                _with_note(
                    "reasons and the right to go to the Ombudsman", e.explain_with_ombudsman
                ),
                e.explain_with_ombudsman.clause,
            )
        )
        if e.safeguarding_excludable is not None:
            other.rows.append(
                Row(
                    "Safeguarding, health and safety",
                    _yes_no(
                        e.safeguarding_excludable,
                        "may be excluded like anything else",
                        "must not be excluded",
                    ),
                    e.safeguarding_excludable.clause,
                )
            )
    if profile.service_requests is not None:
        sr = profile.service_requests
        other.rows.append(
            Row("Service requests", _with_note(sr.value.replace("_", " "), sr), sr.clause)
        )
    flags: list[tuple[str, Flag | None, str, str]] = [
        (
            "Naming staff in letters",
            profile.naming_staff_allowed,
            "allowed",
            "not allowed except in exceptional circumstances",
        ),
        ("Record of disabilities", profile.record_of_disabilities, "kept", "not kept"),
        (
            "Reasonable adjustments",
            profile.reasonable_adjustments,
            "recorded and reviewed",
            "no rule",
        ),
        ("Keeping informed", profile.keep_informed, "required", "not required"),
        (
            "A remedy that cannot be delivered",
            profile.remedy_not_delivered,
            "the reason, an alternative and the Ombudsman's details",
            "no rule",
        ),
        (
            "Exceptional non-compliance notice",
            profile.exceptional_circumstances_notice,
            "required",
            "not required",
        ),
        ("Annual report", profile.annual_report, "required", "not required"),
    ]
    for label, flag, yes, no in flags:
        if flag is not None:
            other.rows.append(Row(label, _with_note(_yes_no(flag, yes, no), flag), flag.clause))
    for label, text_rule in (
        ("Complaints role", profile.complaints_role),
        ("Self-assessment", profile.self_assessment),
    ):
        if text_rule is not None:
            other.rows.append(Row(label, _with_note(text_rule.value, text_rule), text_rule.clause))
    sections.append(other)
    return sections
