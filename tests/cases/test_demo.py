"""The demo organisation that `make run` sets up: a complete picture of a council's complaints
work, made through the services, once.

The demo is made once for the module, inside a transaction rolled back at the end; each test runs
inside it as usual. It is brought up to the last working day on or before today, so the handler's
queue has a case due 'today' whatever day the tests run.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone

from putright.audit.models import AuditEvent
from putright.cases.models import (
    ActionUpdate,
    AdditionalIssue,
    CaseStatus,
    Clarification,
    Complaint,
    Correspondence,
    Extension,
    KeepInformed,
    Learning,
    OmbudsmanReferral,
    OutstandingAction,
    Remedy,
    RemedyKind,
    RequestStatus,
    ServiceRequest,
    Stage,
)
from putright.cases.selectors import queue_counts, work_queue
from putright.organisations.models import ExclusionReason, OutcomeOption, ServiceArea, User
from putright.people.models import Individual, ReasonableAdjustment, Representative, Restriction
from putright.public.models import AdjustmentRequest, AdjustmentStatus
from putright.rules.calendar import calendar_for

pytestmark = pytest.mark.django_db

DAY = calendar_for("england-and-wales").roll_back(timezone.localdate())


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    out = StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", "--today", DAY.isoformat(), stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def _handler() -> User:
    return User.objects.get(username="handler@riverside.example")


def test_demo_has_about_300_complaints_in_every_state_under_six_service_areas(demo: str) -> None:
    areas = dict(ServiceArea.objects.values_list("name", "profile"))
    assert areas == {
        "General": "lgsco-2024",
        "Housing": "hos-2024",
        "Council tax and benefits": "lgsco-2024",
        "Waste and recycling": "lgsco-2024",
        "Planning": "lgsco-2024",
        "Children's services": "children-act-2006",
        "Adult social care": "asc-2009",
    }
    complaints = Complaint.objects.all()
    assert 295 <= complaints.count() <= 310
    assert f"Demo complaints: {complaints.count()} created" in demo
    assert set(complaints.values_list("status", flat=True)) == set(CaseStatus.values)
    at_stage_2 = set(complaints.filter(stage=2).values_list("status", flat=True))
    assert {"received", "acknowledged", "responded", "closed"} <= at_stage_2
    assert Extension.objects.filter(stage__complaint__status="acknowledged").exists()
    assert set(complaints.values_list("service_area__name", flat=True)) == set(areas) - {"General"}
    assert AuditEvent.objects.filter(action="complaint.receive").count() == complaints.count()
    assert (
        not complaints.filter(status__in=["received", "acknowledged"], next_due=None)
        .exclude(profile="asc-2009")
        .exists()
    )


def test_demo_uses_the_councils_own_exclusion_reasons_and_lgsco_outcomes() -> None:
    reasons = set(ExclusionReason.objects.values_list("label", flat=True))
    used = set(
        Complaint.objects.filter(status="excluded").values_list("exclusion_reason", flat=True)
    )
    assert used
    assert used <= reasons
    assert set(OutcomeOption.objects.values_list("key", flat=True)) == {
        "upheld",
        "partly_upheld",
        "not_upheld",
        "resolved",
    }
    lgsco = set(
        Stage.objects.filter(complaint__profile="lgsco-2024")
        .exclude(outcome="")
        .values_list("outcome", flat=True)
    )
    assert {"partly_upheld", "resolved"} <= lgsco
    assert lgsco <= set(OutcomeOption.objects.values_list("key", flat=True))


def test_demo_links_every_complaint_to_an_individual_with_representatives_and_adjustments() -> None:
    assert not Complaint.objects.filter(individual=None).exists()
    assert Individual.objects.filter(complaints__isnull=False).distinct().count() < (
        Complaint.objects.count()
    )
    representatives = Representative.objects.filter(consent_given=True)
    assert representatives.count() >= 2
    assert not representatives.filter(consent_date=None).exists()
    assert Complaint.objects.exclude(representative=None).count() >= 2
    adjustments = ReasonableAdjustment.objects.filter(ended_on=None)
    assert adjustments.filter(review_by__lt=DAY).count() == 1
    assert (
        adjustments.filter(review_by__gte=DAY, review_by__lte=DAY + timedelta(days=21)).count() >= 2
    )
    restriction = Restriction.objects.get()
    assert restriction.ended_on is None
    assert DAY < restriction.review_by <= DAY + timedelta(days=14)
    assert restriction.reviews.count() == 1


def test_demo_has_adjustments_asked_for_on_the_web_form_waiting_for_a_decision() -> None:
    waiting = AdjustmentRequest.objects.filter(status=AdjustmentStatus.REQUESTED)
    assert waiting.exclude(complaint=None).count() == 1
    assert waiting.exclude(service_request=None).count() == 1
    assert {r.complaint.channel for r in waiting.exclude(complaint=None)} == {"web"}


def test_demo_has_service_requests_in_every_status_some_leading_to_complaints() -> None:
    requests = ServiceRequest.objects.all()
    assert 55 <= requests.count() <= 65
    assert set(requests.values_list("status", flat=True)) == set(RequestStatus.values)
    assert requests.filter(status="in_progress").exclude(review_by=None).exists()
    assert not requests.filter(status="done", responded_on=None).exists()
    from_requests = Complaint.objects.exclude(service_request=None)
    assert 1 <= from_requests.count() <= 4
    assert all(c.service_request.dissatisfied_on == c.received for c in from_requests)


def test_demo_puts_things_right_with_remedies_actions_referrals_and_learning() -> None:
    remedies = Remedy.objects.all()
    assert {"apology", "financial", "action", "record"} <= set(
        remedies.values_list("kind", flat=True)
    )
    financial = remedies.filter(kind=RemedyKind.FINANCIAL)
    assert financial.exists()
    assert not financial.filter(amount=None).exists()
    assert remedies.filter(status="completed").exclude(completed_on=None).exists()
    undeliverable = remedies.get(status="cannot_deliver")
    assert undeliverable.alternative
    assert undeliverable.ombudsman_reminded
    assert set(remedies.values_list("complaint__stages__outcome", flat=True)) & {"upheld"}
    actions = OutstandingAction.objects.all()
    assert {"open", "done"} <= set(actions.values_list("status", flat=True))
    assert ActionUpdate.objects.exclude(individual_told_on=None).exists()
    referrals = OmbudsmanReferral.objects.all()
    assert referrals.count() == 2
    assert not referrals.filter(decision="pending").exists()
    assert all(r.recommendations.exists() for r in referrals)
    assert all(r.complaint.stage == 2 and r.complaint.status == "closed" for r in referrals)
    learning = Learning.objects.all()
    assert learning.count() == 3
    assert all(item.complaints.exists() for item in learning)
    assert learning.exclude(implemented_on=None).count() == 1


def test_demo_keeps_the_record_of_cases() -> None:
    complaints = Complaint.objects.count()
    with_correspondence = Complaint.objects.filter(correspondence__isnull=False).distinct()
    assert with_correspondence.count() > complaints // 4
    assert set(Correspondence.objects.values_list("direction", flat=True)) == {"in", "out"}
    assert Clarification.objects.exclude(answered_on=None).exists()
    assert KeepInformed.objects.filter(complaint__status="acknowledged").exists()
    assert set(AdditionalIssue.objects.values_list("handling", flat=True)) == {
        "folded",
        "new_complaint",
    }
    linked = AdditionalIssue.objects.get(handling="new_complaint").new_complaint
    assert linked is not None
    assert linked.linked_to is not None


def test_the_demo_handlers_work_queue_has_overdue_due_today_and_at_risk_cases() -> None:
    counts = queue_counts(work_queue(_handler(), today=DAY))
    assert counts["overdue"] >= 1
    assert counts["due_today"] >= 1
    assert counts["at_risk"] >= 1


@pytest.mark.parametrize("local", ["handler", "manager", "lead", "member", "auditor"])
def test_every_demo_role_sees_content_on_its_pages(client: Client, local: str) -> None:
    client.force_login(User.objects.get(username=f"{local}@riverside.example"))
    remedied = Remedy.objects.filter(kind=RemedyKind.FINANCIAL).first()
    assert remedied is not None
    reference = remedied.complaint.reference
    for url, text in [
        ("/staff/work/", "CMP-"),
        ("/staff/cases/", "CMP-"),
        (f"/staff/cases/{reference}/", "Financial remedy"),
        ("/staff/requests/", "SR-"),
        ("/staff/people/", Restriction.objects.get().individual.name),
        ("/staff/learning/", "Treat the cause of damp"),
    ]:
        if url == "/staff/work/" and local not in {"handler", "manager"}:
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        assert text in response.content.decode(), url


def test_a_second_run_of_the_demo_makes_nothing() -> None:
    counts = (AuditEvent.objects.count(), Complaint.objects.count(), Individual.objects.count())
    out = StringIO()

    call_command("demo", "--today", DAY.isoformat(), stdout=out)

    assert (
        AuditEvent.objects.count(),
        Complaint.objects.count(),
        Individual.objects.count(),
    ) == counts
    assert "Demo complaints" not in out.getvalue()
    assert "handler@riverside.example" in out.getvalue()


def test_the_demo_refuses_a_day_in_the_future() -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(CommandError, match="in the future"):
        call_command("demo", "--today", tomorrow.isoformat(), stdout=StringIO())


def test_demo_has_mail_in_waiting_for_triage_a_reply_filed_and_an_auto_reply_set_aside() -> None:
    from putright.inbound.models import InboundMessage

    messages = InboundMessage.objects.all()
    assert messages.filter(status="new").count() == 3
    (reply,) = messages.filter(status="threaded")
    assert reply.complaint is not None
    assert reply.complaint.reference in reply.reason
    assert reply.correspondence is not None
    assert messages.get(status="ignored").ignored_because == "auto_reply"
