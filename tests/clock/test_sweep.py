"""The sweep: reminders to handlers before a deadline, alerts to managers after it, each once;
updates, reviews, remedies and actions; catch-up after downtime; two sweeps at once.

A complaint received on Monday 3 March 2025 under the HOS Code is to be acknowledged by Monday
10 March (5 working days) and, while not acknowledged, answered by Monday 24 March (10 working
days from the acknowledgement deadline). With the default reminder of 2 working days, the handler
is reminded on Thursday 6 March and the managers alerted from Tuesday 11 March.
"""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connections

from putright.audit.models import AuditEvent
from putright.cases.models import Complaint
from putright.cases.services import extension_grant, stage_acknowledge
from putright.cases.services.record.process import keep_informed_agree
from putright.clock.models import ClockSettings, Notice
from putright.clock.services import clock_settings_update, sweep, sweep_organisation
from putright.correspondence.models import OutboundEmail
from putright.organisations.models import ClosureDay, Organisation, Role, User
from tests.factories import UserFactory, received_complaint
from tests.people_factories import AdjustmentFactory, IndividualFactory, RestrictionFactory
from tests.remedy_factories import offered_remedy, open_action

D = date.fromisoformat


@pytest.fixture
def complaint(org_a_handler: User, org_a_manager: User) -> Complaint:
    return received_complaint(org_a_handler, received=D("2025-03-03"), handler=org_a_handler)


def run(organisation: Organisation, day: str) -> dict[str, int]:
    return sweep_organisation(organisation=organisation, today=D(day))


def mail_to(user: User) -> list[str]:
    return list(OutboundEmail.objects.filter(to=user.email).values_list("subject", flat=True))


@pytest.mark.django_db
def test_the_handler_is_reminded_once_before_the_acknowledgement_is_due(
    org_a: Organisation, org_a_handler: User, org_a_manager: User, complaint: Complaint
) -> None:
    assert complaint.stages.get().acknowledge_by == D("2025-03-10")
    assert run(org_a, "2025-03-05") == {"due": 0, "sent": 0}
    assert run(org_a, "2025-03-06") == {"due": 1, "sent": 1}
    [subject] = mail_to(org_a_handler)
    assert subject == (
        f"Reminder: Acknowledge complaint {complaint.reference} (stage 1) by Monday 10 March 2025"
    )
    email = OutboundEmail.objects.get()
    assert email.complaint == complaint
    assert f"/staff/cases/{complaint.reference}/" in email.text
    # Every later sweep that day, and the next, finds it sent.
    assert run(org_a, "2025-03-06") == {"due": 1, "sent": 0}
    assert run(org_a, "2025-03-07") == {"due": 1, "sent": 0}
    assert mail_to(org_a_manager) == []
    notice = Notice.objects.get()
    assert (notice.kind, notice.due, notice.recipients) == ("acknowledge_soon", D("2025-03-10"), 1)
    assert AuditEvent.objects.filter(action="notice.send").count() == 1


@pytest.mark.django_db
def test_the_managers_are_alerted_once_when_the_deadline_passes(
    org_a: Organisation, org_a_handler: User, org_a_manager: User, complaint: Complaint
) -> None:
    lead = UserFactory(username="lead@org-a.example", organisation=org_a, role=Role.SENIOR_LEAD)
    assert run(org_a, "2025-03-10") == {"due": 1, "sent": 1}  # the day itself: still a reminder
    assert run(org_a, "2025-03-11")["sent"] == 1
    assert run(org_a, "2025-03-12")["sent"] == 0
    [alert] = mail_to(org_a_manager)
    assert alert.startswith(f"Overdue: Acknowledge complaint {complaint.reference}")
    # The senior lead is told only when the organisation has no manager.
    assert mail_to(lead) == []
    assert len(mail_to(org_a_handler)) == 1


@pytest.mark.django_db
def test_nobody_is_emailed_on_a_weekend_or_closure_day(
    org_a: Organisation, org_a_manager: User, complaint: Complaint
) -> None:
    ClosureDay.objects.create(organisation=org_a, day=D("2025-03-11"))
    assert run(org_a, "2025-03-08")["due"] == 0
    assert run(org_a, "2025-03-11")["due"] == 0
    assert run(org_a, "2025-03-12")["sent"] == 1


@pytest.mark.django_db
def test_after_downtime_the_sweep_catches_up_without_stale_reminders(
    org_a: Organisation, org_a_handler: User, org_a_manager: User, complaint: Complaint
) -> None:
    # Nothing ran from Wednesday 5 March until Tuesday 18 March: the acknowledgement deadline
    # passed meanwhile and the response deadline (Monday 24th) is 4 working days ahead.
    assert run(org_a, "2025-03-18") == {"due": 1, "sent": 1}
    assert Notice.objects.get().kind == "acknowledge_overdue"
    assert mail_to(org_a_handler) == []  # no reminder of a date already passed
    # Back to daily sweeps: the response reminder comes on Thursday 20th, the alert on Tuesday 25th.
    assert run(org_a, "2025-03-19")["sent"] == 0
    assert run(org_a, "2025-03-20")["sent"] == 1
    assert run(org_a, "2025-03-25")["sent"] == 1
    kinds = sorted(Notice.objects.values_list("kind", flat=True))
    assert kinds == ["acknowledge_overdue", "respond_overdue", "respond_soon"]


@pytest.mark.django_db
def test_a_date_overdue_longer_than_the_catch_up_is_left_to_the_work_queues(
    org_a: Organisation, org_a_manager: User, complaint: Complaint
) -> None:
    # Monday 7 April: the response deadline (24 March) passed 10 working days ago; the
    # acknowledgement deadline (10 March) long before.
    assert run(org_a, "2025-04-07") == {"due": 1, "sent": 1}
    assert run(org_a, "2025-04-08") == {"due": 0, "sent": 0}


@pytest.mark.django_db
def test_an_acknowledged_case_is_reminded_of_its_response_and_an_extension_is_a_new_date(
    org_a: Organisation, org_a_handler: User, complaint: Complaint
) -> None:
    complaint = stage_acknowledge(
        actor=org_a_handler, complaint=complaint, acknowledged=D("2025-03-05"), definition="Boiler"
    )
    # Acknowledged on Wednesday 5 March: the response is due 10 working days later, Wednesday 19th.
    assert complaint.stages.get().respond_by == D("2025-03-19")
    assert run(org_a, "2025-03-06")["due"] == 0
    assert run(org_a, "2025-03-17")["sent"] == 1
    extension_grant(
        actor=org_a_handler,
        complaint=complaint,
        days=5,
        reason="Waiting for the contractor's report.",
        ombudsman_details_given=True,
        granted_on=D("2025-03-17"),
    )
    # Five more working days: Wednesday 26 March, reminded of on Monday 24th.
    assert run(org_a, "2025-03-20")["due"] == 0
    assert run(org_a, "2025-03-24")["sent"] == 1
    assert sorted(Notice.objects.values_list("due", flat=True)) == [
        D("2025-03-19"),
        D("2025-03-26"),
    ]


@pytest.mark.django_db
def test_the_reminder_days_are_set_per_organisation(
    org_a: Organisation, org_a_manager: User, org_a_handler: User, complaint: Complaint
) -> None:
    clock_settings_update(organisation=org_a, actor=org_a_manager, reminder_days=4)
    assert ClockSettings.objects.get().reminder_days == 4
    assert run(org_a, "2025-03-04")["sent"] == 1  # 4 working days before Monday 10th
    event = AuditEvent.objects.get(action="clock_settings.update")
    assert event.after == {"reminder_days": 4}
    with pytest.raises(Exception, match="0 to 20"):
        clock_settings_update(organisation=org_a, actor=org_a_manager, reminder_days=21)
    with pytest.raises(Exception, match="manager or senior lead"):
        clock_settings_update(organisation=org_a, actor=org_a_handler, reminder_days=3)


@pytest.mark.django_db
def test_updates_remedies_actions_and_reviews_are_reminded(
    org_a: Organisation, org_a_handler: User, org_a_manager: User, complaint: Complaint
) -> None:
    owner = UserFactory(username="owner@org-a.example", organisation=org_a, role=Role.HANDLER)
    # Agreed on Friday 14 March: an update every 5 working days, next due Friday 21st.
    keep_informed_agree(
        actor=org_a_handler, complaint=complaint, interval_days=5, agreed_on=D("2025-03-14")
    )
    offered_remedy(org_a_handler, complaint, due=D("2025-03-21"))
    open_action(org_a_handler, complaint, owner=owner, due=D("2025-03-21"))
    person = IndividualFactory(organisation=org_a)
    AdjustmentFactory(individual=person, review_by=D("2025-03-21"), agreed_by=org_a_handler)
    RestrictionFactory(individual=person, review_by=D("2025-03-21"), decided_by=None)
    # The complaint's own acknowledgement is overdue too (since 10 March): left aside here.
    result = run(org_a, "2025-03-19")
    others = Notice.objects.exclude(kind__startswith="acknowledge")
    assert sorted(others.values_list("kind", flat=True)) == [
        "action_soon",
        "adjustment_review_soon",
        "remedy_soon",
        "restriction_review_soon",
        "update_soon",
    ]
    assert result == {"due": 6, "sent": 6}
    assert len(mail_to(owner)) == 1
    assert len(mail_to(org_a_handler)) == 3  # update, remedy, adjustment
    # Nobody decided the restriction: its reminder goes to the managers.
    assert "Reminder: Review a restriction on contact by Friday 21 March 2025" in mail_to(
        org_a_manager
    )
    review = OutboundEmail.objects.get(to=org_a_manager.email, subject__contains="restriction")
    assert f"/staff/people/{person.pk}/" in review.text
    run(org_a, "2025-03-24")
    assert others.filter(kind__endswith="_overdue").count() == 5


@pytest.mark.django_db
def test_done_things_are_not_reminded(
    org_a: Organisation, org_a_handler: User, complaint: Complaint
) -> None:
    person = IndividualFactory(organisation=org_a)
    AdjustmentFactory(individual=person, review_by=D("2025-03-21"), ended_on=D("2025-03-01"))
    action = open_action(org_a_handler, complaint, due=D("2025-03-21"))
    type(action).objects.filter(pk=action.pk).update(status="done")
    run(org_a, "2025-03-19")
    assert not Notice.objects.exclude(kind__startswith="acknowledge").exists()


@pytest.mark.django_db
def test_each_organisation_is_swept_with_its_own_cases(
    org_a: Organisation,
    org_b: Organisation,
    org_a_handler: User,
    org_b_handler: User,
    complaint: Complaint,
) -> None:
    received_complaint(org_b_handler, received=D("2025-03-03"), handler=org_b_handler)
    run(org_a, "2025-03-06")
    run(org_b, "2025-03-06")
    assert Notice.objects.filter(organisation=org_a).count() == 1
    assert Notice.objects.filter(organisation=org_b).count() == 1
    assert len(mail_to(org_b_handler)) == 1


@pytest.mark.django_db
def test_the_sweep_task_records_when_it_ran(org_a: Organisation) -> None:
    from putright.clock.models import PeriodicJob

    result = sweep()
    assert result["organisations"] >= 1
    job = PeriodicJob.objects.get(task_path="putright.clock.tasks.sweep_task")
    assert job.last_finished is not None
    assert job.last_result == result


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_each_notice_once(
    org_a: Organisation, org_a_handler: User, org_a_manager: User
) -> None:
    for number in range(12):
        received_complaint(
            org_a_handler,
            received=D("2025-03-03"),
            handler=org_a_handler,
            reference=f"TWO-{number}",
        )
    barrier = threading.Barrier(2)
    results: list[dict[str, int]] = []
    errors: list[BaseException] = []

    def sweep_in_thread() -> None:
        try:
            barrier.wait()
            results.append(run(org_a, "2025-03-06"))
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweep_in_thread) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(r["due"] for r in results) == [12, 12]
    assert sum(r["sent"] for r in results) == 12
    assert Notice.objects.count() == 12
    assert OutboundEmail.objects.count() == 12
    assert len(set(OutboundEmail.objects.values_list("key", flat=True))) == 12
