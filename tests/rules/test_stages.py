"""The transition table of a case and the Code's rules on each step, checked against the Codes.

Alice handles stage 1; Bob, who has not seen the complaint before, handles stage 2.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from putright.policy.schema import CONTENT_ELEMENTS, Profile, get_profile, load_profiles
from putright.rules.contents import required_contents
from putright.rules.stages import (
    FINAL,
    TRANSITIONS,
    Action,
    CaseState,
    Decision,
    Status,
    can_open,
    check,
)

ALL_CONTENTS = tuple(CONTENT_ELEMENTS)


def shipped(profile_id: str) -> Profile:
    if profile_id not in load_profiles():
        pytest.skip(f"the {profile_id} profile is not shipped yet")
    return get_profile(profile_id)


def state(stage: int, status: Status, *, days: int = 0, **handlers: str) -> CaseState:
    """A case at ``stage`` and ``status``; handlers as ``s1="alice"``."""
    return CaseState(stage, status, {int(k[1:]): v for k, v in handlers.items()}, days)


def clauses(decision: Decision) -> list[str]:
    return [r.clause for r in decision.refusals]


def complete(profile: Profile, stage: int, **details: Any) -> dict[str, Any]:
    """The details of a response that satisfies the profile at ``stage``."""
    keys = [item.key for item in required_contents(profile, stage)]
    return {"contents": keys, "outcome": profile.outcomes.values[0], **details}


def test_status_and_action_values_are_fixed() -> None:
    assert [s.value for s in Status] == [
        "received",
        "acknowledged",
        "responded",
        "closed",
        "excluded",
        "withdrawn",
    ]
    assert [a.value for a in Action] == [
        "acknowledge",
        "extend",
        "respond",
        "escalate",
        "close",
        "exclude",
        "withdraw",
    ]


def test_decision_is_truthy_only_when_allowed() -> None:
    hos = get_profile("hos-2024")
    assert check(hos, state(1, Status.RECEIVED), Action.ACKNOWLEDGE)
    assert not check(hos, state(1, Status.RECEIVED), Action.CLOSE)


# --- the walk through the table -----------------------------------------------------------------


@pytest.mark.parametrize("profile_id", sorted(load_profiles()))
def test_a_case_walks_the_table_to_the_last_stage_and_closes(profile_id: str) -> None:
    profile = get_profile(profile_id)
    opened = can_open(profile, 1)
    assert opened
    case = opened.next_state
    assert case == CaseState(1, Status.RECEIVED)
    for stage in profile.stages:
        n, handler = stage.number, f"handler-{stage.number}"
        assert case is not None
        if stage.acknowledge is not None:
            decision = check(
                profile, case, Action.ACKNOWLEDGE, handler=handler, definition_given=True
            )
            assert decision, decision.refusals
            case = decision.next_state
            handlers = {i: f"handler-{i}" for i in range(1, n + 1)}
            assert case == CaseState(n, Status.ACKNOWLEDGED, handlers)
        if stage.extension is not None:
            decision = check(
                profile,
                case,
                Action.EXTEND,
                extension_days=1,
                ombudsman_details_given=True,
                handler=handler,
            )
            assert decision, decision.refusals
            assert decision.next_state is not None
            assert decision.next_state.status == case.status
            assert decision.next_state.extension_days == 1
            case = decision.next_state
        decision = check(profile, case, Action.RESPOND, **complete(profile, n, handler=handler))
        assert decision, decision.refusals
        case = decision.next_state
        assert case is not None
        assert (case.stage, case.status, case.handlers[n]) == (n, Status.RESPONDED, handler)
        if n < len(profile.stages):
            decision = check(profile, case, Action.ESCALATE)
            assert decision, decision.refusals
            case = decision.next_state
            assert case is not None
            assert (case.stage, case.status, case.extension_days) == (n + 1, Status.RECEIVED, 0)
    assert case is not None
    decision = check(profile, case, Action.ESCALATE)
    assert not decision
    assert clauses(decision) == [profile.max_stages_clause]
    closed = check(profile, case, Action.CLOSE)
    assert closed
    assert closed.next_state == CaseState(
        len(profile.stages), Status.CLOSED, case.handlers, case.extension_days
    )


def test_the_table_moves_only_between_known_statuses() -> None:
    assert set(TRANSITIONS.values()) <= set(Status)
    assert not {status for status, _ in TRANSITIONS} & FINAL
    withdrawable = {s for s, a in TRANSITIONS if a is Action.WITHDRAW}
    assert withdrawable == set(Status) - FINAL
    assert {s for s, a in TRANSITIONS if a is Action.EXCLUDE} == {Status.RECEIVED}
    assert {s for s, a in TRANSITIONS if a is Action.CLOSE} == {Status.RESPONDED}


@pytest.mark.parametrize("profile_id", sorted(load_profiles()))
def test_every_step_from_every_status_has_an_answer(profile_id: str) -> None:
    profile = get_profile(profile_id)
    for stage in profile.stages:
        for status in Status:
            for action in Action:
                decision = check(profile, state(stage.number, status), action)
                assert decision.allowed == (not decision.refusals)
                assert all(r.reason.endswith(".") for r in decision.refusals)
                assert all(r.citation == profile.cite(r.clause) for r in decision.refusals)


# --- refusals, per Code -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("profile_id", "clause"),
    [("hos-2024", "5.2"), ("lgsco-2024", "6.18"), ("joint-draft-2023", "6.24")],
)
def test_there_is_no_third_stage(profile_id: str, clause: str) -> None:
    decision = check(get_profile(profile_id), state(2, Status.RESPONDED), Action.ESCALATE)
    assert not decision
    assert clauses(decision) == [clause]
    assert decision.refusals[0].reason == (
        "Stage 2 is the final stage: there is no further stage, and the individual can take the "
        "complaint to the Ombudsman."
    )
    assert decision.next_state is None


def test_hos_refusal_cites_the_code_by_name() -> None:
    decision = check(get_profile("hos-2024"), state(2, Status.RESPONDED), Action.ESCALATE)
    assert decision.refusals[0].citation == "HOS Code 5.2"


@pytest.mark.parametrize("status", [Status.ACKNOWLEDGED, Status.RESPONDED])
def test_escalation_from_stage_1_needs_no_reason(status: Status) -> None:
    decision = check(get_profile("hos-2024"), state(1, status, s1="alice"), Action.ESCALATE)
    assert decision
    assert decision.next_state == state(2, Status.RECEIVED, s1="alice")


def test_escalation_before_acknowledgement_is_refused_where_the_stage_acknowledges() -> None:
    decision = check(get_profile("hos-2024"), state(1, Status.RECEIVED), Action.ESCALATE)
    assert clauses(decision) == ["6.2"]
    assert decision.refusals[0].reason == (
        "Stage 1 has not been acknowledged yet: acknowledge it first."
    )


@pytest.mark.parametrize(
    ("profile_id", "clause"),
    [("hos-2024", "6.14"), ("lgsco-2024", "6.12"), ("joint-draft-2023", "6.17")],
)
def test_stage_2_is_considered_by_someone_other_than_the_stage_1_handler(
    profile_id: str, clause: str
) -> None:
    profile = get_profile(profile_id)
    case = state(2, Status.ACKNOWLEDGED, s1="alice")
    same = check(profile, case, Action.RESPOND, **complete(profile, 2, handler="alice"))
    assert not same
    assert clauses(same) == [clause]
    assert same.refusals[0].reason == (
        "Stage 2 must be considered by someone other than the stage 1 handler."
    )
    assert check(profile, case, Action.RESPOND, **complete(profile, 2, handler="bob"))


def test_the_stage_2_handler_recorded_at_acknowledgement_counts() -> None:
    hos = get_profile("hos-2024")
    assigned_alice = state(2, Status.ACKNOWLEDGED, s1="alice", s2="alice")
    assert clauses(check(hos, assigned_alice, Action.RESPOND, **complete(hos, 2))) == ["6.14"]
    assigned_bob = state(2, Status.ACKNOWLEDGED, s1="alice", s2="bob")
    assert check(hos, assigned_bob, Action.RESPOND, **complete(hos, 2))
    unknown = check(
        hos, state(2, Status.ACKNOWLEDGED, s1="alice"), Action.RESPOND, **complete(hos, 2)
    )
    assert clauses(unknown) == ["6.14"]
    assert unknown.refusals[0].reason.startswith("Record who considered stage 2")


def test_stage_2_cannot_be_assigned_to_the_stage_1_handler_at_acknowledgement() -> None:
    hos = get_profile("hos-2024")
    decision = check(
        hos,
        state(2, Status.RECEIVED, s1="alice"),
        Action.ACKNOWLEDGE,
        handler="alice",
        definition_given=True,
    )
    assert clauses(decision) == ["6.14"]


def test_the_stage_2_acknowledgement_sets_out_the_complaint_definition() -> None:
    hos = get_profile("hos-2024")
    case = state(2, Status.RECEIVED, s1="alice")
    decision = check(hos, case, Action.ACKNOWLEDGE, handler="bob")
    assert clauses(decision) == ["6.13"]
    assert "complaint definition" in decision.refusals[0].reason
    assert check(hos, case, Action.ACKNOWLEDGE, handler="bob", definition_given=True)


@pytest.mark.parametrize(
    ("profile_id", "stage", "days", "reason", "clauses_refused"),
    [
        ("hos-2024", 1, 10, "", []),
        ("hos-2024", 1, 12, "", ["6.4"]),
        ("hos-2024", 1, 12, "The surveyor's report is due next month.", []),
        ("hos-2024", 2, 20, "", []),
        ("hos-2024", 2, 21, "", ["6.16"]),
        ("lgsco-2024", 1, 11, "", ["6.4"]),
        ("lgsco-2024", 2, 21, "   ", ["6.14"]),
        ("joint-draft-2023", 2, 25, "", ["6.19"]),
        ("joint-draft-2023", 2, 25, "Awaiting a contractor's records.", []),
    ],
)
def test_extension_limits(
    profile_id: str, stage: int, days: int, reason: str, clauses_refused: list[str]
) -> None:
    decision = check(
        get_profile(profile_id),
        state(stage, Status.ACKNOWLEDGED),
        Action.EXTEND,
        extension_days=days,
        extension_reason=reason,
        ombudsman_details_given=True,
    )
    assert clauses(decision) == clauses_refused
    if not clauses_refused:
        assert decision.next_state is not None
        assert decision.next_state.extension_days == days


def test_extension_refusal_says_the_limit_and_the_total() -> None:
    decision = check(
        get_profile("hos-2024"),
        state(1, Status.ACKNOWLEDGED),
        Action.EXTEND,
        extension_days=12,
        ombudsman_details_given=True,
    )
    assert decision.refusals[0].reason == (
        "Extensions at stage 1 may total 10 working days without a good reason; this would make "
        "12 and none was given."
    )
    assert decision.refusals[0].citation == "HOS Code 6.4"


def test_extensions_at_a_stage_add_up_against_the_limit() -> None:
    hos = get_profile("hos-2024")
    details: dict[str, Any] = {"extension_days": 6, "ombudsman_details_given": True}
    first = check(hos, state(1, Status.ACKNOWLEDGED), Action.EXTEND, **details)
    assert first.next_state is not None
    second = check(hos, first.next_state, Action.EXTEND, **details)
    assert clauses(second) == ["6.4"]
    assert "this would make 12" in second.refusals[0].reason


@pytest.mark.parametrize(("profile_id", "clause"), [("hos-2024", "6.5"), ("lgsco-2024", "6.5")])
def test_an_extension_comes_with_the_ombudsmans_details(profile_id: str, clause: str) -> None:
    decision = check(
        get_profile(profile_id), state(1, Status.ACKNOWLEDGED), Action.EXTEND, extension_days=5
    )
    assert clauses(decision) == [clause]
    assert decision.refusals[0].reason == (
        "Give the individual the Ombudsman's details with the extension."
    )


def test_an_extension_is_at_least_a_working_day() -> None:
    decision = check(
        get_profile("hos-2024"),
        state(1, Status.ACKNOWLEDGED, days=3),
        Action.EXTEND,
        extension_days=-3,
        ombudsman_details_given=True,
    )
    assert [r.reason for r in decision.refusals] == ["An extension is at least one working day."]


def test_all_refusals_are_collected() -> None:
    decision = check(
        get_profile("hos-2024"), state(1, Status.RECEIVED), Action.EXTEND, extension_days=15
    )
    assert clauses(decision) == ["6.2", "6.4", "6.5"]


def test_partially_upheld_is_refused_where_the_code_forbids_it() -> None:
    hos = get_profile("hos-2024")
    decision = check(
        hos,
        state(1, Status.ACKNOWLEDGED),
        Action.RESPOND,
        **complete(hos, 1, outcome="partially_upheld"),
    )
    assert clauses(decision) == ["6.7"]
    assert decision.refusals[0].reason == (
        "A complaint cannot be recorded as partially upheld under this Code: it is upheld if "
        "anything went wrong, even where other parts of it are not upheld."
    )


@pytest.mark.parametrize("outcome", ["partially_upheld", "partly_upheld"])
def test_partially_upheld_is_refused_by_the_draft_even_on_the_organisations_list(
    outcome: str,
) -> None:
    draft = get_profile("joint-draft-2023")
    decision = check(
        draft,
        state(1, Status.ACKNOWLEDGED),
        Action.RESPOND,
        **complete(draft, 1, outcome=outcome, outcomes_allowed=[outcome]),
    )
    assert clauses(decision) == ["6.8"]


def test_lgsco_uses_the_organisations_outcome_list() -> None:
    lgsco = get_profile("lgsco-2024")
    case = state(1, Status.ACKNOWLEDGED)
    own = ["upheld", "partially_upheld", "not_upheld"]
    allowed = check(
        lgsco,
        case,
        Action.RESPOND,
        **complete(lgsco, 1, outcome="partially_upheld", outcomes_allowed=own),
    )
    assert allowed
    not_listed = check(
        lgsco, case, Action.RESPOND, **complete(lgsco, 1, outcome="resolved", outcomes_allowed=own)
    )
    assert clauses(not_listed) == ["6.7"]
    assert not_listed.refusals[0].reason == (
        "'resolved' is not one of the organisation's outcomes: "
        "upheld, partially upheld, not upheld."
    )
    default_list = check(lgsco, case, Action.RESPOND, **complete(lgsco, 1, outcome="partly_upheld"))
    assert default_list


def test_an_outcome_outside_the_codes_list_is_refused() -> None:
    hos = get_profile("hos-2024")
    decision = check(
        hos,
        state(1, Status.ACKNOWLEDGED),
        Action.RESPOND,
        **complete(hos, 1, outcome="resolved", outcomes_allowed=["resolved"]),
    )
    assert clauses(decision) == ["6.7"]
    assert "the Code's outcomes: upheld, not upheld" in decision.refusals[0].reason


def test_a_response_records_an_outcome() -> None:
    hos = get_profile("hos-2024")
    decision = check(hos, state(1, Status.ACKNOWLEDGED), Action.RESPOND, contents=ALL_CONTENTS)
    assert clauses(decision) == ["6.7"]
    assert decision.refusals[0].reason == "Record the outcome of the complaint: upheld, not upheld."


def test_a_draft_stage_1_response_without_the_remedy_is_refused() -> None:
    draft = get_profile("joint-draft-2023")
    contents = [k for k in complete(draft, 1)["contents"] if k != "remedy"]
    decision = check(
        draft, state(1, Status.ACKNOWLEDGED), Action.RESPOND, contents=contents, outcome="upheld"
    )
    assert clauses(decision) == ["6.10"]
    assert decision.refusals[0].reason == (
        "The stage 1 response must also contain the details of any remedy offered to put things "
        "right."
    )


def test_lgsco_stage_1_response_needs_only_how_to_escalate() -> None:
    lgsco = get_profile("lgsco-2024")
    case = state(1, Status.ACKNOWLEDGED)
    assert check(lgsco, case, Action.RESPOND, contents=["escalation"], outcome="upheld")
    decision = check(lgsco, case, Action.RESPOND, outcome="upheld")
    assert clauses(decision) == ["6.8"]
    assert decision.refusals[0].reason == (
        "The stage 1 response must also contain how to escalate the complaint to the next stage."
    )


def test_a_response_before_the_acknowledgement_is_refused() -> None:
    hos = get_profile("hos-2024")
    decision = check(hos, state(1, Status.RECEIVED), Action.RESPOND, **complete(hos, 1))
    assert clauses(decision) == ["6.2"]


@pytest.mark.parametrize(
    ("profile_id", "evidence", "safeguarding", "clauses_refused"),
    [
        ("hos-2024", "Letter of 3 May 2023.", False, []),
        ("hos-2024", "", False, ["2.1"]),
        ("joint-draft-2023", "Report of 1 June.", True, ["2.3"]),
        ("lgsco-2024", "Report of 1 June.", True, []),
    ],
)
def test_exclusions(
    profile_id: str, evidence: str, safeguarding: bool, clauses_refused: list[str]
) -> None:
    decision = check(
        get_profile(profile_id),
        state(1, Status.RECEIVED),
        Action.EXCLUDE,
        exclusion_reason="The issue occurred over twelve months ago.",
        exclusion_evidence=evidence,
        safeguarding=safeguarding,
        ombudsman_details_given=True,
    )
    assert clauses(decision) == clauses_refused
    if not clauses_refused:
        assert decision.next_state == state(1, Status.EXCLUDED)


def test_an_exclusion_without_reason_evidence_or_explanation_is_refused_on_every_count() -> None:
    decision = check(get_profile("hos-2024"), state(1, Status.RECEIVED), Action.EXCLUDE)
    assert clauses(decision) == ["2.1", "2.1", "2.4"]
    assert [r.reason for r in decision.refusals] == [
        "Give the reason for excluding the complaint.",
        "Record the evidence for excluding the complaint: the reasoning must be evidenced.",
        "Explain the exclusion with the individual's right to go to the Ombudsman.",
    ]


def test_refusing_an_escalation_is_an_exclusion_at_the_next_stage() -> None:
    hos = get_profile("hos-2024")
    escalated = check(hos, state(1, Status.RESPONDED, s1="alice"), Action.ESCALATE).next_state
    assert escalated == state(2, Status.RECEIVED, s1="alice")
    decision = check(
        hos,
        escalated,
        Action.EXCLUDE,
        exclusion_reason="Legal proceedings have started.",
        exclusion_evidence="Claim form served 2 May.",
        ombudsman_details_given=True,
    )
    assert decision.next_state == state(2, Status.EXCLUDED, s1="alice")


def test_an_accepted_complaint_cannot_be_excluded() -> None:
    decision = check(
        get_profile("hos-2024"),
        state(1, Status.ACKNOWLEDGED),
        Action.EXCLUDE,
        exclusion_reason="x",
        exclusion_evidence="y",
        ombudsman_details_given=True,
    )
    assert [(r.reason, r.clause) for r in decision.refusals] == [
        (
            "Stage 1 has already been accepted: a complaint can only be excluded before it is "
            "acknowledged.",
            "",
        )
    ]


@pytest.mark.parametrize("status", sorted(FINAL))
@pytest.mark.parametrize("action", list(Action))
def test_nothing_happens_to_a_final_case(status: Status, action: Action) -> None:
    decision = check(get_profile("hos-2024"), state(1, status), action)
    assert not decision
    assert [(r.reason, r.clause, r.citation) for r in decision.refusals] == [
        (f"This complaint is {status.value}: no further step can be taken.", "", "")
    ]


@pytest.mark.parametrize("status", [Status.RECEIVED, Status.ACKNOWLEDGED, Status.RESPONDED])
def test_an_open_case_can_be_withdrawn(status: Status) -> None:
    decision = check(get_profile("lgsco-2024"), state(2, status), Action.WITHDRAW)
    assert decision.next_state == state(2, Status.WITHDRAWN)


def test_a_case_is_closed_only_after_a_response() -> None:
    decision = check(get_profile("hos-2024"), state(1, Status.ACKNOWLEDGED), Action.CLOSE)
    assert decision.refusals[0].reason == (
        "Stage 1 has not been responded to yet: respond, or record that the complaint is "
        "withdrawn, before closing it."
    )
    assert check(get_profile("hos-2024"), state(1, Status.RESPONDED), Action.CLOSE)


@pytest.mark.parametrize(
    ("profile_id", "stage", "allowed", "clause"),
    [
        ("hos-2024", 1, True, ""),
        ("hos-2024", 2, False, "6.10"),
        ("lgsco-2024", 2, False, "6.9"),
        ("joint-draft-2023", 2, False, "6.12"),
        ("hos-2024", 3, False, "5.2"),
        ("spso-mchp", 2, True, ""),
        ("children-act-2006", 2, False, ""),
        ("children-act-2006", 3, False, "reg. 18"),
    ],
)
def test_where_a_case_may_be_opened(
    profile_id: str, stage: int, allowed: bool, clause: str
) -> None:
    decision = can_open(shipped(profile_id), stage)
    assert decision.allowed is allowed
    if allowed:
        assert decision.next_state == CaseState(stage, Status.RECEIVED)
    else:
        assert clauses(decision) == [clause]


# --- the further profiles -----------------------------------------------------------------------


def test_spso_stage_1_is_answered_without_an_acknowledgement() -> None:
    spso = shipped("spso-mchp")
    assert spso.stage(1).acknowledge is None
    decision = check(spso, state(1, Status.RECEIVED), Action.RESPOND, **complete(spso, 1))
    assert decision.next_state == state(1, Status.RESPONDED)
    assert check(spso, state(1, Status.RECEIVED), Action.ESCALATE)


def test_spso_stage_1_extension_never_goes_beyond_its_limit() -> None:
    spso = shipped("spso-mchp")
    decision = check(
        spso,
        state(1, Status.RECEIVED),
        Action.EXTEND,
        extension_days=6,
        extension_reason="Complex.",
    )
    extension = spso.stage(1).extension
    assert extension is not None
    assert clauses(decision) == [extension.clause]
    assert decision.refusals[0].reason == (
        "Extensions at stage 1 may total 5 working days; this would make 6."
    )


def test_children_act_has_three_stages() -> None:
    children = shipped("children-act-2006")
    from_2 = check(children, state(2, Status.RESPONDED, s1="alice", s2="bob"), Action.ESCALATE)
    assert from_2.next_state == state(3, Status.RECEIVED, s1="alice", s2="bob")
    from_3 = check(children, state(3, Status.RESPONDED), Action.ESCALATE)
    assert clauses(from_3) == [children.max_stages_clause]
    assert from_3.refusals[0].reason.startswith("Stage 3 is the final stage")


def test_children_act_stage_2_has_an_independent_handler() -> None:
    children = shipped("children-act-2006")
    case = state(2, Status.RECEIVED, s1="alice")
    same = check(children, case, Action.RESPOND, **complete(children, 2, handler="alice"))
    assert clauses(same) == ["reg. 17(2)"]


def test_asc_has_one_stage() -> None:
    asc = shipped("asc-2009")
    decision = check(asc, state(1, Status.RESPONDED), Action.ESCALATE)
    assert clauses(decision) == [asc.max_stages_clause]
    assert decision.refusals[0].reason.startswith("Stage 1 is the final stage")


def test_asc_response_period_is_agreed_not_extended() -> None:
    asc = shipped("asc-2009")
    decision = check(
        asc, state(1, Status.ACKNOWLEDGED), Action.EXTEND, extension_days=5, extension_reason="x"
    )
    assert [r.reason for r in decision.refusals] == [
        "There is no provision for extending the stage 1 response."
    ]


# --- properties ---------------------------------------------------------------------------------

_HANDLERS = st.sampled_from([None, "alice", "bob", "charlie", "dana"])
_OUTCOMES = st.sampled_from(
    [None, "upheld", "not_upheld", "partly_upheld", "partially_upheld", "resolved"]
)
_CONTENTS = st.one_of(st.just(ALL_CONTENTS), st.sets(st.sampled_from(ALL_CONTENTS)))
_STEPS = st.lists(
    st.fixed_dictionaries(
        {
            # Weighted towards the steps that move a case on, so that walks reach the last stage.
            "action": st.sampled_from([*Action, Action.RESPOND, Action.ESCALATE, Action.ESCALATE]),
            "handler": _HANDLERS,
            "definition_given": st.booleans(),
            "extension_days": st.integers(-2, 30),
            "extension_reason": st.sampled_from(["", "Complex repairs."]),
            "ombudsman_details_given": st.booleans(),
            "outcome": _OUTCOMES,
            "contents": _CONTENTS,
            "exclusion_reason": st.sampled_from(["", "Over twelve months."]),
            "exclusion_evidence": st.sampled_from(["", "Dated letter."]),
            "safeguarding": st.booleans(),
        }
    ),
    max_size=40,
)


@pytest.mark.parametrize("profile_id", sorted(load_profiles()))
@settings(max_examples=150, deadline=None)
@given(stage=st.integers(1, 3), status=st.sampled_from(Status), steps=_STEPS)
def test_no_sequence_of_steps_leaves_the_procedure(
    profile_id: str, stage: int, status: Status, steps: list[dict[str, Any]]
) -> None:
    """From any stage and status, no steps take a case back a stage, past the last stage or out
    of a final status, and an extension over the limit is allowed only with a reason."""
    profile = get_profile(profile_id)
    case = CaseState(min(stage, len(profile.stages)), status)
    for step in steps:
        details = dict(step)
        action = details.pop("action")
        decision = check(profile, case, action, **details)
        if case.status in FINAL:
            assert not decision
            assert decision.next_state is None
            continue
        if not decision:
            assert decision.next_state is None
            continue
        assert decision.next_state is not None
        if action is Action.EXTEND:
            limit = getattr(profile.stage(case.stage).extension, "limit_days", None)
            if limit is not None and decision.next_state.extension_days > limit:
                assert details["extension_reason"]
        assert case.stage <= decision.next_state.stage <= len(profile.stages)
        case = decision.next_state
