"""The transition table of a case, and the Code's rules on each step.

A case is at a stage (1 to the number of stages of its Code profile) and has a ``Status`` within it.
A step is an ``Action``: ``TRANSITIONS`` says which steps exist from which status, and the ``can_*``
functions add the Code's own rules (who may respond at stage 2, how far a response may be extended,
what it must contain, which outcomes exist, when a complaint may be excluded). Every answer is a
``Decision`` that collects all the refusals that apply, each in plain words for a complaints handler
and citing the clause of the profile it comes from. Nothing here knows today's date: whether a step
is late is a question for ``deadlines``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Final

from putright.policy.schema import Profile, Stage
from putright.rules.contents import in_words, missing_contents


class Status(StrEnum):
    """Where a case is within its current stage. Stored: the values never change."""

    RECEIVED = "received"
    ACKNOWLEDGED = "acknowledged"
    RESPONDED = "responded"
    CLOSED = "closed"
    EXCLUDED = "excluded"
    WITHDRAWN = "withdrawn"


class Action(StrEnum):
    """A step taken on a case. Stored: the values never change."""

    ACKNOWLEDGE = "acknowledge"
    EXTEND = "extend"
    RESPOND = "respond"
    ESCALATE = "escalate"
    CLOSE = "close"
    EXCLUDE = "exclude"
    WITHDRAW = "withdraw"


#: Statuses after which nothing more happens to a case.
FINAL: Final = frozenset({Status.CLOSED, Status.EXCLUDED, Status.WITHDRAWN})

#: The steps that exist, as (status, action) -> status after the step. Escalating moves the case to
#: the next stage, where it starts again as received; refusing an escalation is excluding it there.
#: The Code's own rules come on top: responding, extending or escalating from 'received' is refused
#: where the stage has an acknowledgement step, which must come first.
TRANSITIONS: Final[Mapping[tuple[Status, Action], Status]] = {
    (Status.RECEIVED, Action.ACKNOWLEDGE): Status.ACKNOWLEDGED,
    (Status.RECEIVED, Action.EXTEND): Status.RECEIVED,
    (Status.RECEIVED, Action.RESPOND): Status.RESPONDED,
    (Status.RECEIVED, Action.ESCALATE): Status.RECEIVED,
    (Status.RECEIVED, Action.EXCLUDE): Status.EXCLUDED,
    (Status.RECEIVED, Action.WITHDRAW): Status.WITHDRAWN,
    (Status.ACKNOWLEDGED, Action.EXTEND): Status.ACKNOWLEDGED,
    (Status.ACKNOWLEDGED, Action.RESPOND): Status.RESPONDED,
    (Status.ACKNOWLEDGED, Action.ESCALATE): Status.RECEIVED,
    (Status.ACKNOWLEDGED, Action.WITHDRAW): Status.WITHDRAWN,
    (Status.RESPONDED, Action.ESCALATE): Status.RECEIVED,
    (Status.RESPONDED, Action.CLOSE): Status.CLOSED,
    (Status.RESPONDED, Action.WITHDRAW): Status.WITHDRAWN,
}

#: Why a step that is not in the table is refused; ``{n}`` is the stage number.
_NOT_NOW: Final[Mapping[Action, str]] = {
    Action.ACKNOWLEDGE: "Stage {n} has already been acknowledged.",
    Action.EXTEND: "The response at stage {n} has been given: it can no longer be extended.",
    Action.RESPOND: "Stage {n} has already been responded to.",
    Action.CLOSE: (
        "Stage {n} has not been responded to yet: respond, or record that the complaint is "
        "withdrawn, before closing it."
    ),
    Action.EXCLUDE: (
        "Stage {n} has already been accepted: a complaint can only be excluded before it is "
        "acknowledged."
    ),
}

_PARTIALLY_UPHELD: Final = frozenset({"partially_upheld", "partly_upheld"})


@dataclass(frozen=True)
class CaseState:
    """Where a case is: its stage, its status there, who handled each stage, and the working days
    of extension granted so far at the current stage."""

    stage: int
    status: Status
    handlers: Mapping[int, str] = field(default_factory=dict)
    extension_days: int = 0

    def __post_init__(self) -> None:
        if self.stage < 1:
            raise ValueError(f"a case is at stage 1 or later, not {self.stage}")
        if self.extension_days < 0:
            raise ValueError("an extension cannot be a negative number of working days")


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a step is refused: the reason for a handler, the bare clause, and the clause as quoted
    ('HOS Code 6.14'). A refusal that is about the case rather than the Code has no clause."""

    reason: str
    clause: str = ""
    citation: str = ""


@dataclass(frozen=True, slots=True)
class Decision:
    """Whether a step is allowed, every reason it is not, and the state of the case after it."""

    allowed: bool
    refusals: tuple[Refusal, ...] = ()
    next_state: CaseState | None = None

    def __bool__(self) -> bool:
        return self.allowed


def _refusal(profile: Profile, reason: str, clause: str = "") -> Refusal:
    return Refusal(reason, clause, profile.cite(clause))


def _decide(
    profile: Profile, state: CaseState, action: Action, rules: Iterator[Refusal], after: CaseState
) -> Decision:
    """Nothing is done to a case in a final status, and a step not in ``TRANSITIONS`` from the
    case's status does not exist; otherwise every refusal of the Code's ``rules`` is collected."""
    if state.status in FINAL:
        reason = f"This complaint is {state.status}: no further step can be taken."
        return Decision(False, (_refusal(profile, reason),), None)
    if (state.status, action) not in TRANSITIONS:
        reason = _NOT_NOW[action].format(n=state.stage)
        return Decision(False, (_refusal(profile, reason),), None)
    found = tuple(rules)
    return Decision(False, found, None) if found else Decision(True, (), after)


def _words(key: str) -> str:
    return key.replace("_", " ")


def _acknowledged_first(profile: Profile, state: CaseState, stage: Stage) -> Iterator[Refusal]:
    """Where a stage has an acknowledgement step, the complaint is acknowledged before anything
    else is done at that stage (the stage's acknowledgement clause, e.g. HOS 6.2)."""
    if state.status is Status.RECEIVED and stage.acknowledge is not None:
        reason = f"Stage {stage.number} has not been acknowledged yet: acknowledge it first."
        yield _refusal(profile, reason, stage.acknowledge.clause)


def _handler_rule(
    profile: Profile, state: CaseState, stage: Stage, handler: str | None, *, required: bool
) -> Iterator[Refusal]:
    """Where a stage needs a different handler, it is considered by someone other than whoever
    handled the stage before (e.g. HOS 6.14); when ``required`` the handler must be known."""
    rule = stage.different_handler
    previous = state.handlers.get(stage.number - 1)
    if rule is None or not rule.value or previous is None:
        return
    who = handler or state.handlers.get(stage.number)
    other = f"someone other than the stage {stage.number - 1} handler"
    if who is None and required:
        yield _refusal(
            profile, f"Record who considered stage {stage.number}: {other}.", rule.clause
        )
    elif who == previous:
        yield _refusal(profile, f"Stage {stage.number} must be considered by {other}.", rule.clause)


def _handlers(state: CaseState, handler: str | None) -> Mapping[int, str]:
    """The handlers of the case, with ``handler`` recorded for the current stage if given."""
    return {**state.handlers, state.stage: handler} if handler else dict(state.handlers)


def can_open(profile: Profile, stage_number: int = 1) -> Decision:
    """A new case may start at a stage only where the profile says so (``may_start_here``): stage 1
    always, a later stage only where the Code allows it, as the SPSO model procedure does for
    stage 2, and never under the HOS or LGSCO Codes (e.g. HOS 6.10)."""

    def rules() -> Iterator[Refusal]:
        if stage_number not in {s.number for s in profile.stages}:
            yield _refusal(profile, f"There is no stage {stage_number}.", profile.max_stages_clause)
            return
        rule = profile.stage(stage_number).may_start_here
        if not (rule.value if rule is not None else stage_number == 1):
            reason = (
                f"A complaint cannot start at stage {stage_number}: it must go through stage 1."
            )
            yield _refusal(profile, reason, rule.clause if rule else "")

    found = tuple(rules())
    return Decision(not found, found, None if found else CaseState(stage_number, Status.RECEIVED))


def can_acknowledge(
    profile: Profile,
    state: CaseState,
    *,
    handler: str | None = None,
    definition_given: bool = False,
) -> Decision:
    """A stage is acknowledged once, before its response. Where the Code asks for it, the
    acknowledgement sets out the organisation's understanding of the complaint and of the outcomes
    sought (``definition_on_acknowledgement``, e.g. HOS 6.13); a handler given here must not be the
    one of the stage before where the Code requires a different handler (e.g. HOS 6.14)."""
    stage = profile.stage(state.stage)

    def rules() -> Iterator[Refusal]:
        rule = stage.definition_on_acknowledgement
        if rule is not None and rule.value and not definition_given:
            reason = (
                f"The stage {stage.number} acknowledgement must set out the complaint definition: "
                "the understanding of the complaint and of the outcomes the individual seeks."
            )
            yield _refusal(profile, reason, rule.clause)
        yield from _handler_rule(profile, state, stage, handler, required=False)

    handlers = _handlers(state, handler)
    after = replace(state, status=Status.ACKNOWLEDGED, handlers=handlers)
    return _decide(profile, state, Action.ACKNOWLEDGE, rules(), after)


def can_extend(
    profile: Profile,
    state: CaseState,
    *,
    days: int,
    reason: str = "",
    ombudsman_details_given: bool = False,
    handler: str | None = None,
) -> Decision:
    """The response at a stage may be extended only where the stage has an extension rule, by up
    to its limit in total (more only with a good reason where ``beyond_limit`` is 'with_reason',
    never where it is 'never'), and with the Ombudsman's details where the Code requires them (e.g.
    HOS 6.4 and 6.5)."""
    stage = profile.stage(state.stage)
    total = state.extension_days + days

    def rules() -> Iterator[Refusal]:
        yield from _acknowledged_first(profile, state, stage)
        if days < 1:
            yield _refusal(profile, "An extension is at least one working day.")
        rule = stage.extension
        if rule is None:
            why = f"There is no provision for extending the stage {stage.number} response."
            yield _refusal(profile, why, stage.respond.clause if stage.respond else "")
            return
        if rule.limit_days is not None and total > rule.limit_days:
            limit = f"Extensions at stage {stage.number} may total {rule.limit_days} working days"
            if rule.beyond_limit == "never":
                yield _refusal(profile, f"{limit}; this would make {total}.", rule.clause)
            elif not reason.strip():
                why = f"{limit} without a good reason; this would make {total} and none was given."
                yield _refusal(profile, why, rule.clause)
        details = rule.ombudsman_details
        if details is not None and details.value and not ombudsman_details_given:
            why = "Give the individual the Ombudsman's details with the extension."
            yield _refusal(profile, why, details.clause)
        yield from _handler_rule(profile, state, stage, handler, required=False)

    # A refused extension of less than a day is never applied; keep the state valid regardless.
    extended = replace(state, extension_days=max(total, 0), handlers=_handlers(state, handler))
    return _decide(profile, state, Action.EXTEND, rules(), extended)


def can_respond(
    profile: Profile,
    state: CaseState,
    *,
    outcome: str | None,
    contents: Collection[str] = (),
    outcomes_allowed: Collection[str] | None = None,
    handler: str | None = None,
) -> Decision:
    """A stage is responded to once, after its acknowledgement where it has one (e.g. HOS 6.2), by
    someone other than the handler of the stage before where the Code says so (e.g. HOS 6.14), with
    every element the Code requires in the response (e.g. HOS 6.9), and with an outcome the Code
    sets or, where the organisation sets them, one of the organisation's (e.g. HOS 6.7)."""
    stage = profile.stage(state.stage)

    def rules() -> Iterator[Refusal]:
        yield from _acknowledged_first(profile, state, stage)
        yield from _handler_rule(profile, state, stage, handler, required=True)
        missing = missing_contents(profile, stage.number, contents)
        if missing:
            reason = f"The stage {stage.number} response must also contain {in_words(missing)}."
            yield _refusal(profile, reason, missing[0].clause)
        yield from _outcome_rule(profile, outcome, outcomes_allowed)

    handlers = _handlers(state, handler)
    after = replace(state, status=Status.RESPONDED, handlers=handlers)
    return _decide(profile, state, Action.RESPOND, rules(), after)


def _outcome_rule(
    profile: Profile, outcome: str | None, outcomes_allowed: Collection[str] | None
) -> Iterator[Refusal]:
    """The outcome is one the Code sets, or one of the organisation's own list where the Code lets
    the organisation set it (``outcomes.set_by``); never 'partially upheld' where the Code forbids
    it, because a complaint is upheld if anything went wrong (e.g. HOS 6.7)."""
    rule = profile.outcomes
    by_code = rule.set_by == "code" or outcomes_allowed is None
    allowed = tuple(rule.values) if by_code else tuple(outcomes_allowed or ())
    listed = ", ".join(_words(v) for v in allowed)
    if outcome is None:
        yield _refusal(profile, f"Record the outcome of the complaint: {listed}.", rule.clause)
    elif outcome in _PARTIALLY_UPHELD and not rule.partially_upheld_allowed:
        reason = (
            "A complaint cannot be recorded as partially upheld under this Code: it is upheld if "
            "anything went wrong, even where other parts of it are not upheld."
        )
        yield _refusal(profile, reason, rule.clause)
    elif outcome not in allowed:
        whose = "the Code's" if rule.set_by == "code" else "the organisation's"
        reason = f"'{_words(outcome)}' is not one of {whose} outcomes: {listed}."
        yield _refusal(profile, reason, rule.clause)


def can_escalate(profile: Profile, state: CaseState) -> Decision:
    """A complaint may be escalated to the next stage, never beyond the last (e.g. HOS 5.2: there
    is no third stage), once the current stage has been acknowledged where it has an
    acknowledgement step. The response need not have been given, since an individual may ask for
    the next stage when it is late (whether it is late is for ``deadlines``). The individual is
    never asked why they want the next stage (e.g. HOS 6.12), so nothing is refused for the want of
    a reason. Refusing an escalation is an exclusion at the next stage."""
    stage = profile.stage(state.stage)
    last = profile.stages[-1].number

    def rules() -> Iterator[Refusal]:
        if stage.number >= last:
            reason = (
                f"Stage {stage.number} is the final stage: there is no further stage, and the "
                "individual can take the complaint to the Ombudsman."
            )
            yield _refusal(profile, reason, profile.max_stages_clause)
        yield from _acknowledged_first(profile, state, stage)

    next_stage = min(stage.number + 1, last)
    next_state = replace(state, stage=next_stage, status=Status.RECEIVED, extension_days=0)
    return _decide(profile, state, Action.ESCALATE, rules(), next_state)


def can_exclude(
    profile: Profile,
    state: CaseState,
    *,
    reason: str,
    evidence: str,
    safeguarding: bool = False,
    ombudsman_details_given: bool = False,
) -> Decision:
    """A complaint, or a request for the next stage, may be excluded only before it is accepted,
    with a reason and the evidence for it (e.g. HOS 2.1), explained to the individual with their
    right to take the decision to the Ombudsman (e.g. HOS 2.4), and never where it is about
    safeguarding or health and safety and the Code forbids excluding those (joint draft 2.3)."""
    exclusions = profile.exclusions

    def rules() -> Iterator[Refusal]:
        evidenced = exclusions.evidence_required if exclusions else None
        if not reason.strip():
            why = "Give the reason for excluding the complaint."
            yield _refusal(profile, why, evidenced.clause if evidenced else "")
        if evidenced is not None and evidenced.value and not evidence.strip():
            why = (
                "Record the evidence for excluding the complaint: the reasoning must be evidenced."
            )
            yield _refusal(profile, why, evidenced.clause)
        explain = exclusions.explain_with_ombudsman if exclusions else None
        if explain is not None and explain.value and not ombudsman_details_given:
            why = "Explain the exclusion with the individual's right to go to the Ombudsman."
            yield _refusal(profile, why, explain.clause)
        bar = exclusions.safeguarding_excludable if exclusions else None
        if safeguarding and bar is not None and not bar.value:
            why = "A complaint about safeguarding or health and safety must not be excluded."
            yield _refusal(profile, why, bar.clause)

    after = replace(state, status=Status.EXCLUDED)
    return _decide(profile, state, Action.EXCLUDE, rules(), after)


def can_withdraw(profile: Profile, state: CaseState) -> Decision:
    """An open complaint may be withdrawn by the individual at any stage and at any point in it;
    the Codes set no condition on it."""
    after = replace(state, status=Status.WITHDRAWN)
    return _decide(profile, state, Action.WITHDRAW, iter(()), after)


def can_close(profile: Profile, state: CaseState) -> Decision:
    """A complaint is closed once the current stage has been responded to and the individual does
    not take it further; before the response it can only be withdrawn."""
    after = replace(state, status=Status.CLOSED)
    return _decide(profile, state, Action.CLOSE, iter(()), after)


def check(
    profile: Profile,
    state: CaseState,
    action: Action,
    *,
    handler: str | None = None,
    definition_given: bool = False,
    extension_days: int = 0,
    extension_reason: str = "",
    ombudsman_details_given: bool = False,
    outcome: str | None = None,
    contents: Collection[str] = (),
    outcomes_allowed: Collection[str] | None = None,
    exclusion_reason: str = "",
    exclusion_evidence: str = "",
    safeguarding: bool = False,
) -> Decision:
    """Whether ``action`` may be taken on a case in ``state`` under ``profile``, with every
    refusal and its clause; the details that an action does not use are ignored. See the
    ``can_*`` function of each action for its rules."""
    match action:
        case Action.ACKNOWLEDGE:
            return can_acknowledge(
                profile, state, handler=handler, definition_given=definition_given
            )
        case Action.EXTEND:
            return can_extend(
                profile,
                state,
                days=extension_days,
                reason=extension_reason,
                ombudsman_details_given=ombudsman_details_given,
                handler=handler,
            )
        case Action.RESPOND:
            return can_respond(
                profile,
                state,
                outcome=outcome,
                contents=contents,
                outcomes_allowed=outcomes_allowed,
                handler=handler,
            )
        case Action.ESCALATE:
            return can_escalate(profile, state)
        case Action.EXCLUDE:
            return can_exclude(
                profile,
                state,
                reason=exclusion_reason,
                evidence=exclusion_evidence,
                safeguarding=safeguarding,
                ombudsman_details_given=ombudsman_details_given,
            )
        case Action.WITHDRAW:
            return can_withdraw(profile, state)
        case Action.CLOSE:
            return can_close(profile, state)
