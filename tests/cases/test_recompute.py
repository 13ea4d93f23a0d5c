"""Changing closure days recomputes the deadlines stored on open complaints, exactly as the case
services would store them, and leaves the history of other cases alone."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied

from putright.audit.models import AuditEvent
from putright.cases.models import Complaint, Stage
from putright.cases.services import (
    complaint_escalate,
    complaint_withdraw,
    extension_grant,
    stage_acknowledge,
    stage_respond,
)
from putright.cases.services.recompute import deadlines_recompute
from putright.organisations.models import ClosureDay, Organisation, ServiceArea, User
from putright.organisations.services import closure_day_add, closure_day_remove
from putright.policy import get_profile
from putright.rules.calendar import calendar_for
from putright.rules.deadlines import StageFacts, stage_deadlines
from tests.factories import ServiceAreaFactory, received_complaint

pytestmark = pytest.mark.django_db

RECEIVED = date(2025, 3, 3)  # a Monday
CLOSED = date(2025, 3, 12)  # the Wednesday after


@pytest.fixture
def housing(org_a: Organisation) -> ServiceArea:
    return ServiceAreaFactory(organisation=org_a, name="Housing", profile="hos-2024")


@pytest.fixture
def council_tax(org_a: Organisation) -> ServiceArea:
    return ServiceAreaFactory(organisation=org_a, name="Council tax", profile="lgsco-2024")


def _stage(complaint: Complaint) -> Stage:
    return Stage.objects.get(
        complaint=complaint, number=Complaint.objects.get(pk=complaint.pk).stage
    )


def _acknowledged(actor: User, area: ServiceArea, received: date, after: int) -> Complaint:
    complaint = received_complaint(actor, service_area=area, received=received)
    return stage_acknowledge(
        actor=actor, complaint=complaint, acknowledged=received + timedelta(days=after)
    )


def test_a_closure_day_in_the_response_window_moves_the_response_by_one_working_day(
    org_a: Organisation, housing: ServiceArea, org_a_handler: User, org_a_manager: User
) -> None:
    waiting = received_complaint(org_a_handler, service_area=housing, received=RECEIVED)
    acknowledged = _acknowledged(org_a_handler, housing, RECEIVED, 1)
    # HOS 6.2 and 6.3: acknowledge by 10 March, respond 10 working days after acknowledgement
    # (from its deadline while not acknowledged).
    assert (_stage(waiting).acknowledge_by, _stage(waiting).respond_by) == (
        date(2025, 3, 10),
        date(2025, 3, 24),
    )
    assert _stage(acknowledged).respond_by == date(2025, 3, 18)

    change = closure_day_add(
        organisation=org_a, day=CLOSED, reason="Office move", actor=org_a_manager
    )

    assert change.cases_moved == 2
    stage = _stage(waiting)
    assert (stage.acknowledge_by, stage.respond_by) == (date(2025, 3, 10), date(2025, 3, 25))
    assert Complaint.objects.get(pk=waiting.pk).next_due == date(2025, 3, 10)
    assert _stage(acknowledged).respond_by == date(2025, 3, 19)
    assert Complaint.objects.get(pk=acknowledged.pk).next_due == date(2025, 3, 19)

    closure_day_remove(closure=change.closure, actor=org_a_manager)

    assert _stage(waiting).respond_by == date(2025, 3, 24)
    assert _stage(acknowledged).respond_by == date(2025, 3, 18)
    assert Complaint.objects.get(pk=acknowledged.pk).next_due == date(2025, 3, 18)


def test_closed_and_responded_cases_keep_their_deadlines(
    org_a: Organisation, housing: ServiceArea, org_a_handler: User, org_a_manager: User
) -> None:
    withdrawn = received_complaint(org_a_handler, service_area=housing, received=RECEIVED)
    withdrawn = complaint_withdraw(
        actor=org_a_handler, complaint=withdrawn, withdrawn=date(2025, 3, 5)
    )
    responded = _acknowledged(org_a_handler, housing, RECEIVED, 1)
    responded = stage_respond(
        actor=org_a_handler,
        complaint=responded,
        responded=date(2025, 3, 10),
        outcome="upheld",
        decision="We got it wrong.",
        reasons="The repair was missed.",
        contents=["stage", "decision", "reasons", "remedy", "outstanding_actions", "escalation"],
    )
    before = {
        c.pk: (
            _stage(c).acknowledge_by,
            _stage(c).respond_by,
            _stage(c).extended_respond_by,
            Complaint.objects.get(pk=c.pk).next_due,
            Complaint.objects.get(pk=c.pk).version,
        )
        for c in (withdrawn, responded)
    }

    change = closure_day_add(organisation=org_a, day=CLOSED, actor=org_a_manager)

    assert change.cases_moved == 0
    for c in (withdrawn, responded):
        stage, complaint = _stage(c), Complaint.objects.get(pk=c.pk)
        after = (
            stage.acknowledge_by,
            stage.respond_by,
            stage.extended_respond_by,
            complaint.next_due,
            complaint.version,
        )
        assert after == before[c.pk]


def _sample(actor: User, housing: ServiceArea, council_tax: ServiceArea) -> list[Complaint]:
    """Open complaints in many states: waiting, acknowledged early and late, extended, at stage
    2, under two Codes, received on a Saturday."""
    cases = []
    for area in (housing, council_tax):
        cases.append(received_complaint(actor, service_area=area, received=RECEIVED))
        cases.append(received_complaint(actor, service_area=area, received=date(2025, 3, 8)))
        cases.append(_acknowledged(actor, area, RECEIVED, 1))
        cases.append(_acknowledged(actor, area, date(2025, 2, 24), 9))
        extended = _acknowledged(actor, area, date(2025, 3, 5), 2)
        extension_grant(
            actor=actor,
            complaint=extended,
            days=5,
            reason="We need the contractor's report.",
            ombudsman_details_given=True,
            granted_on=date(2025, 3, 10),
        )
        cases.append(extended)
        escalated = _acknowledged(actor, area, date(2025, 2, 17), 1)
        cases.append(
            complaint_escalate(actor=actor, complaint=escalated, requested=date(2025, 3, 6))
        )
    return cases


def test_the_recompute_stores_what_the_rules_give_one_case_at_a_time(
    org_a: Organisation,
    housing: ServiceArea,
    council_tax: ServiceArea,
    org_a_handler: User,
    org_a_manager: User,
) -> None:
    cases = _sample(org_a_handler, housing, council_tax)
    before = {c.pk: (_stage(c).respond_by, _stage(c).extended_respond_by) for c in cases}
    for day in (date(2025, 3, 7), CLOSED, date(2025, 3, 27)):
        closure_day_add(organisation=org_a, day=day, actor=org_a_manager)

    calendar = calendar_for(org_a.division, ClosureDay.objects.values_list("day", flat=True))
    moved = 0
    for case in cases:
        complaint = Complaint.objects.get(pk=case.pk)
        stage = _stage(case)
        profile = get_profile(complaint.profile)
        expected = stage_deadlines(
            profile,
            profile.stage(stage.number),
            calendar,
            StageFacts(stage.received, stage.acknowledged, stage.extension_days),
        )
        stored = (stage.acknowledge_by, stage.respond_by, stage.extended_respond_by)
        assert stored == (
            expected.acknowledge_by,
            expected.respond_by,
            expected.extended_respond_by,
        ), complaint.reference
        waiting = complaint.status == "received" and expected.acknowledge_by
        final = expected.final_respond_by
        assert complaint.next_due == (expected.acknowledge_by if waiting else final)
        assert stage.profile_version == profile.version
        moved += stored[1:] != before[case.pk]
    assert moved == len(cases)

    # A second recompute finds nothing to change and says so.
    assert deadlines_recompute(organisation=org_a, actor=org_a_manager) == 0
    last = AuditEvent.objects.filter(action="deadlines.recompute").latest("pk")
    assert last.after["stages_changed"] == 0
    assert last.after["stages_checked"] == len(cases)


def test_a_case_received_after_the_change_gets_the_same_dates_as_the_recompute(
    org_a: Organisation,
    housing: ServiceArea,
    council_tax: ServiceArea,
    org_a_handler: User,
    org_a_manager: User,
) -> None:
    old = [
        received_complaint(org_a_handler, service_area=area, received=day)
        for area in (housing, council_tax)
        for day in (RECEIVED, date(2025, 3, 7), date(2025, 3, 8), CLOSED)
    ]

    closure_day_add(organisation=org_a, day=CLOSED, actor=org_a_manager)
    closure_day_add(organisation=org_a, day=date(2025, 3, 18), actor=org_a_manager)

    for case in old:
        fresh = received_complaint(
            org_a_handler, service_area=case.service_area, received=case.received
        )
        recomputed, received = _stage(case), _stage(fresh)
        assert (
            recomputed.acknowledge_by,
            recomputed.respond_by,
            recomputed.extended_respond_by,
        ) == (
            received.acknowledge_by,
            received.respond_by,
            received.extended_respond_by,
        )
        assert Complaint.objects.get(pk=case.pk).next_due == fresh.next_due


def test_one_audit_event_sums_up_the_recompute(
    org_a: Organisation, housing: ServiceArea, org_a_handler: User, org_a_manager: User
) -> None:
    for _ in range(3):
        received_complaint(org_a_handler, service_area=housing, received=RECEIVED)

    closure_day_add(organisation=org_a, day=CLOSED, actor=org_a_manager)

    event = AuditEvent.objects.get(action="deadlines.recompute")
    assert event.organisation == org_a
    assert event.actor == org_a_manager
    assert event.after == {
        "stages_checked": 3,
        "stages_changed": 3,
        "next_due_changed": 0,
        "stages_skipped": 0,
        "cause": {"closure_day": "2025-03-12", "change": "added"},
    }


def test_only_stored_dates_that_are_wrong_are_written(
    org_a: Organisation, housing: ServiceArea, org_a_handler: User
) -> None:
    right = received_complaint(org_a_handler, service_area=housing, received=RECEIVED)
    wrong = received_complaint(org_a_handler, service_area=housing, received=RECEIVED)
    Stage.objects.filter(complaint=wrong).update(respond_by=date(2025, 4, 1))

    assert deadlines_recompute(organisation=org_a) == 1

    assert _stage(wrong).respond_by == _stage(right).respond_by == date(2025, 3, 24)


def test_another_organisations_cases_are_untouched(
    org_a: Organisation, org_a_manager: User, org_b_handler: User
) -> None:
    theirs = received_complaint(org_b_handler, received=RECEIVED)
    before = _stage(theirs).respond_by

    closure_day_add(organisation=org_a, day=date(2025, 3, 4), actor=org_a_manager)

    assert _stage(theirs).respond_by == before


def test_a_handler_cannot_recompute(
    org_a: Organisation, org_a_handler: User, org_b_handler: User
) -> None:
    for actor in (org_a_handler, org_b_handler):
        with pytest.raises(PermissionDenied):
            deadlines_recompute(organisation=org_a, actor=actor)
    assert not AuditEvent.objects.filter(action="deadlines.recompute").exists()
