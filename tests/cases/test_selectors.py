from datetime import date

import pytest
from django.http import Http404

from putright.cases.models import Complaint
from putright.cases.selectors import (
    allowed_actions,
    complaint_get,
    complaint_search,
    complaints_for,
    handlers_for,
    queue_counts,
    service_areas_for,
    team_queue,
    work_queue,
)
from putright.cases.services import (
    complaint_close,
    complaint_withdraw,
    stage_acknowledge,
    stage_respond,
)
from putright.organisations.models import Role, User
from tests.factories import ServiceAreaFactory, UserFactory, received_complaint

pytestmark = pytest.mark.django_db

MONDAY = date(2025, 3, 10)


def responded(actor: User, complaint: Complaint) -> Complaint:
    complaint = stage_acknowledge(actor=actor, complaint=complaint, acknowledged=complaint.received)
    return stage_respond(
        actor=actor,
        complaint=complaint,
        responded=complaint.received,
        outcome="upheld",
        decision="Upheld.",
        reasons="It went wrong.",
        contents=["stage", "decision", "reasons", "remedy", "outstanding_actions", "escalation"],
    )


@pytest.fixture
def queue(org_a_handler: User, org_a_manager: User) -> dict[str, Complaint]:
    mine = {"handler": org_a_handler}
    cases = {
        "on_track": received_complaint(org_a_handler, received=date(2025, 3, 7), **mine),
        "at_risk": received_complaint(org_a_handler, received=date(2025, 3, 5), **mine),
        "overdue": received_complaint(org_a_handler, received=date(2025, 2, 24), **mine),
        "due_today": received_complaint(org_a_handler, received=date(2025, 3, 3), **mine),
        "acknowledged": received_complaint(org_a_handler, received=date(2025, 3, 3), **mine),
        "responded": received_complaint(org_a_handler, received=date(2025, 3, 3), **mine),
        "theirs": received_complaint(org_a_handler, received=date(2025, 2, 20), **mine),
        "closed": received_complaint(org_a_handler, received=date(2025, 2, 20), **mine),
        "unassigned": received_complaint(org_a_handler, received=date(2025, 2, 21)),
    }
    cases["acknowledged"] = stage_acknowledge(
        actor=org_a_handler, complaint=cases["acknowledged"], acknowledged=date(2025, 3, 4)
    )
    cases["responded"] = responded(org_a_handler, cases["responded"])
    cases["closed"] = complaint_close(
        actor=org_a_handler,
        complaint=responded(org_a_handler, cases["closed"]),
        closed=date(2025, 3, 5),
    )
    cases["theirs"] = stage_acknowledge(
        actor=org_a_manager,
        complaint=cases["theirs"],
        acknowledged=date(2025, 2, 21),
        handler=org_a_manager,
    )
    return cases


def test_work_queue_is_my_open_cases_most_urgent_first(
    org_a_handler: User, queue: dict[str, Complaint]
) -> None:
    rows = work_queue(org_a_handler, today=MONDAY)

    assert [(r.complaint.pk, r.next_due, r.due_label, r.state) for r in rows] == [
        (queue["overdue"].pk, date(2025, 3, 3), "acknowledge", "overdue"),
        (queue["due_today"].pk, date(2025, 3, 10), "acknowledge", "due_today"),
        (queue["at_risk"].pk, date(2025, 3, 12), "acknowledge", "at_risk"),
        (queue["on_track"].pk, date(2025, 3, 14), "acknowledge", "on_track"),
        (queue["acknowledged"].pk, date(2025, 3, 18), "respond", "on_track"),
        (queue["responded"].pk, None, "", "on_track"),
    ]
    assert queue_counts(rows) == {
        "overdue": 1,
        "due_today": 1,
        "at_risk": 1,
        "on_track": 3,
        "total": 6,
    }


def test_at_risk_counts_working_days(org_a_handler: User) -> None:
    # Due on Monday 10 March: from Thursday 6 March that is two working days away (at risk),
    # from Wednesday 5 March three (on track).
    received_complaint(org_a_handler, received=date(2025, 3, 3), handler=org_a_handler)

    assert [r.state for r in work_queue(org_a_handler, today=date(2025, 3, 6))] == ["at_risk"]
    assert [r.state for r in work_queue(org_a_handler, today=date(2025, 3, 5))] == ["on_track"]
    assert [r.state for r in work_queue(org_a_handler, today=date(2025, 3, 11))] == ["overdue"]


def test_team_queue_filters(
    org_a_handler: User, org_a_manager: User, queue: dict[str, Complaint]
) -> None:
    everything = team_queue(org_a_manager, today=MONDAY)
    assert {r.complaint.pk for r in everything} == {c.pk for k, c in queue.items() if k != "closed"}
    assert [r.complaint.pk for r in team_queue(org_a_manager, today=MONDAY, handler=0)] == [
        queue["unassigned"].pk
    ]
    theirs = team_queue(org_a_manager, today=MONDAY, handler=org_a_manager.pk)
    assert [r.complaint.pk for r in theirs] == [queue["theirs"].pk]
    overdue = team_queue(org_a_manager, today=MONDAY, status="overdue")
    assert {r.complaint.pk for r in overdue} == {
        queue["overdue"].pk,
        queue["theirs"].pk,
        queue["unassigned"].pk,
    }
    acknowledged = team_queue(org_a_manager, today=MONDAY, status="acknowledged")
    assert {r.complaint.pk for r in acknowledged} == {queue["acknowledged"].pk, queue["theirs"].pk}
    assert list(team_queue(org_a_manager, today=MONDAY, stage=2)) == []
    other = ServiceAreaFactory(organisation=org_a_manager.organisation, name="Estates")
    assert list(team_queue(org_a_manager, today=MONDAY, service_area=other.pk)) == []


def test_queues_show_nothing_of_another_organisation(
    org_b_handler: User, queue: dict[str, Complaint]
) -> None:
    assert list(work_queue(org_b_handler, today=MONDAY)) == []
    assert list(team_queue(org_b_handler, today=MONDAY)) == []
    assert not complaints_for(org_b_handler).exists()


def test_complaint_get_finds_in_any_case_and_404s_across_organisations(
    org_a_handler: User, org_b_handler: User
) -> None:
    complaint = received_complaint(org_a_handler)

    found = complaint_get(org_a_handler, complaint.reference.lower())
    assert found.pk == complaint.pk
    assert [s.number for s in found.stages.all()] == [1]
    with pytest.raises(Http404):
        complaint_get(org_b_handler, complaint.reference)
    with pytest.raises(Http404):
        complaint_get(org_a_handler, "CMP-1999-00001")


def test_superuser_without_organisation_sees_no_complaints(org_a_handler: User) -> None:
    received_complaint(org_a_handler)
    admin = User.objects.create_superuser("root", "root@example.org", "x")

    assert not complaints_for(admin).exists()
    assert list(work_queue(admin, today=MONDAY)) == []
    with pytest.raises(Http404):
        complaint_get(admin, "CMP-2025-00001")


def test_search(org_a_handler: User, org_b_handler: User) -> None:
    boiler = received_complaint(
        org_a_handler,
        name="Priya Shah",
        address="12 Mill Lane, Riverside",
        description="The boiler repair was missed three times.",
        category="Repairs",
    )
    bins = received_complaint(
        org_a_handler, name="Tom Baker", description="My bin was not collected.", category="Waste"
    )
    received_complaint(org_b_handler, name="Priya Shah", description="Boiler missed")

    def found(query: str) -> list[int]:
        return [c.pk for c in complaint_search(org_a_handler, query)]

    assert found(boiler.reference.lower()) == [boiler.pk]
    assert found("priya") == [boiler.pk]
    assert found("mill lane") == [boiler.pk]
    assert found("missed boiler") == [boiler.pk]
    assert found("waste") == [bins.pk]
    assert found("boiler bin") == []
    assert found("   ") == []


def test_service_areas_and_handlers_are_the_users_organisations(
    org_a_handler: User, org_a_manager: User, org_b_handler: User
) -> None:
    area = ServiceAreaFactory(organisation=org_a_handler.organisation, name="Housing")
    ServiceAreaFactory(organisation=org_b_handler.organisation, name="Housing")
    UserFactory(organisation=org_a_handler.organisation, role=Role.AUDITOR)

    assert list(service_areas_for(org_a_handler)) == [area]
    assert set(handlers_for(org_a_handler)) == {org_a_handler, org_a_manager}
    assert list(handlers_for(org_b_handler)) == [org_b_handler]


def test_allowed_actions_follow_the_rules(org_a_handler: User) -> None:
    complaint = received_complaint(org_a_handler)

    allowed = {
        k
        for k, d in allowed_actions(complaint_get(org_a_handler, complaint.reference)).items()
        if d
    }
    assert allowed == {"acknowledge", "exclude", "withdraw", "assign"}

    complaint = stage_acknowledge(
        actor=org_a_handler, complaint=complaint, acknowledged=date(2025, 3, 4)
    )
    allowed = {k for k, d in allowed_actions(complaint).items() if d}
    assert allowed == {"extend", "respond", "escalate", "withdraw", "assign"}

    complaint = complaint_withdraw(
        actor=org_a_handler, complaint=complaint, withdrawn=date(2025, 3, 5)
    )
    decisions = allowed_actions(complaint)
    assert not any(decisions.values())
    assert "withdrawn" in decisions["respond"].refusals[0].reason


def test_a_queue_comes_a_page_at_a_time_with_counts_of_the_whole(
    org_a_handler: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from putright.cases import selectors

    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    for day in (3, 4, 5):
        received_complaint(org_a_handler, received=date(2025, 3, day), handler=org_a_handler)

    first = work_queue(org_a_handler, today=MONDAY)
    second = work_queue(org_a_handler, today=MONDAY, page=2)

    assert (first.page, first.pages, first.total) == (1, 2, 3)
    assert len(first) == 2
    assert len(second) == 1
    assert [r.next_due for r in [*first, *second]] == sorted(r.next_due for r in [*first, *second])
    assert queue_counts(second)["total"] == 3
    assert work_queue(org_a_handler, today=MONDAY, page=9).page == 2
