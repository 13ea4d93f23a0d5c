"""Putting things right: remedies, outstanding actions, Ombudsman referrals and learning, and the
selectors that read them."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from putright.audit.models import AuditEvent
from putright.cases import remedy_selectors as selectors
from putright.cases.models import (
    ActionUpdate,
    Complaint,
    Learning,
    OmbudsmanReferral,
    OutstandingAction,
    Recommendation,
    Remedy,
)
from putright.cases.services import remedies
from putright.cases.services.remedies import RemedyInputError
from putright.organisations.models import Organisation, Role, User
from tests import remedy_factories as make
from tests.factories import ServiceAreaFactory, UserFactory, received_complaint

pytestmark = pytest.mark.django_db

MODELS = (Remedy, OutstandingAction, ActionUpdate, OmbudsmanReferral, Recommendation, Learning)


@pytest.fixture
def case(org_a_handler: User) -> Complaint:
    return received_complaint(org_a_handler, reference="CMP-2025-00042", handler=org_a_handler)


@pytest.fixture
def other_case(org_b_handler: User) -> Complaint:
    return received_complaint(org_b_handler, reference="CMP-2025-00099")


@pytest.fixture
def auditor(org_a: Organisation) -> User:
    return UserFactory(username="audrey@org-a.example", organisation=org_a, role=Role.AUDITOR)


def counts() -> tuple[int, ...]:
    """How many rows of each kind there are, and audit events: a refused write changes none."""
    return (*(model.objects.count() for model in MODELS), AuditEvent.objects.count())


def refused(error: type[Exception], call: object, **kwargs: object) -> str:
    """Call the service expecting the error, check that nothing was written, return the message."""
    before = counts()
    with pytest.raises(error) as raised:
        call(**kwargs)  # type: ignore[operator]
    assert counts() == before
    return str(raised.value)


# --- Remedies ---


def test_a_remedy_is_offered_at_stage_1_without_escalation(
    case: Complaint, org_a_handler: User
) -> None:
    remedy = make.offered_remedy(org_a_handler, case)

    assert case.stage == 1
    assert remedy.stage == 1
    assert remedy.status == "offered"
    assert remedy.created_by == org_a_handler
    event = AuditEvent.objects.get(action="remedies.offer")
    assert event.object_id == str(remedy.pk)
    assert event.organisation_id == case.organisation_id
    assert event.after == {
        "complaint": case.pk,
        "stage": 1,
        "kind": "action",
        "description": "The boiler will be repaired by an approved engineer.",
        "due": "2025-04-01",
        "amount": None,
    }


def test_a_financial_remedy_records_its_amount(case: Complaint, org_a_handler: User) -> None:
    remedy = make.financial_remedy(org_a_handler, case, "0")

    assert remedy.amount == Decimal("0")
    assert AuditEvent.objects.get(action="remedies.offer").after["amount"] == "0"


def test_a_financial_remedy_without_an_amount_is_refused(
    case: Complaint, org_a_handler: User
) -> None:
    message = refused(
        RemedyInputError,
        remedies.remedy_offer,
        actor=org_a_handler,
        complaint=case,
        kind="financial",
        description="A payment.",
        due=date(2025, 4, 1),
    )
    assert "A financial remedy needs an amount" in message


def test_a_negative_amount_is_refused(case: Complaint, org_a_handler: User) -> None:
    message = refused(
        RemedyInputError,
        remedies.remedy_offer,
        actor=org_a_handler,
        complaint=case,
        kind="financial",
        description="A payment.",
        due=date(2025, 4, 1),
        amount=Decimal("-5"),
    )
    assert "below zero" in message


def test_only_a_financial_remedy_has_an_amount(case: Complaint, org_a_handler: User) -> None:
    message = refused(
        RemedyInputError,
        remedies.remedy_offer,
        actor=org_a_handler,
        complaint=case,
        kind="apology",
        description="We apologise.",
        amount=Decimal("10"),
    )
    assert "Only a financial remedy has an amount" in message


def test_a_remedy_says_by_when_unless_given_in_the_response(
    case: Complaint, org_a_handler: User
) -> None:
    message = refused(
        RemedyInputError,
        remedies.remedy_offer,
        actor=org_a_handler,
        complaint=case,
        kind="record",
        description="Correct the repairs log.",
    )
    assert "by when" in message
    assert "7.3" in message

    apology = make.offered_remedy(org_a_handler, case, kind="apology", due=None)
    explanation = make.offered_remedy(org_a_handler, case, kind="explanation", due=None)
    assert apology.due is None
    assert explanation.due is None


def test_a_remedy_says_what_will_happen(case: Complaint, org_a_handler: User) -> None:
    error = RemedyInputError
    message = refused(
        error,
        remedies.remedy_offer,
        actor=org_a_handler,
        complaint=case,
        kind="apology",
        description="   ",
    )
    assert "what will happen" in message


def test_a_remedy_is_not_offered_at_a_stage_not_reached(
    case: Complaint, org_a_handler: User
) -> None:
    message = refused(
        RemedyInputError,
        remedies.remedy_offer,
        actor=org_a_handler,
        complaint=case,
        kind="apology",
        description="We apologise.",
        stage=2,
    )
    assert "stage 1" in message


def test_an_unknown_kind_is_refused(case: Complaint, org_a_handler: User) -> None:
    message = refused(
        RemedyInputError,
        remedies.remedy_offer,
        actor=org_a_handler,
        complaint=case,
        kind="voucher",
        description="A voucher.",
        due=date(2025, 4, 1),
    )
    assert "kind of remedy" in message


@pytest.mark.parametrize("who", ["org_b_handler", "auditor"])
def test_only_write_roles_of_the_organisation_offer_remedies(
    case: Complaint, who: str, request: pytest.FixtureRequest
) -> None:
    actor = request.getfixturevalue(who)
    refused(
        PermissionDenied,
        remedies.remedy_offer,
        actor=actor,
        complaint=case,
        kind="apology",
        description="We apologise.",
    )


def test_a_remedy_is_followed_to_completion(case: Complaint, org_a_handler: User) -> None:
    remedy = make.offered_remedy(org_a_handler, case)

    remedies.remedy_update_status(actor=org_a_handler, remedy=remedy, status="accepted")
    remedies.remedy_update_status(actor=org_a_handler, remedy=remedy, status="in_progress")
    done = remedies.remedy_update_status(
        actor=org_a_handler, remedy=remedy, status="completed", completed_on=timezone.localdate()
    )

    stored = Remedy.objects.get(pk=remedy.pk)
    assert stored.status == done.status == "completed"
    assert stored.completed_on == timezone.localdate()
    event = AuditEvent.objects.filter(action="remedies.update_status").latest("id")
    assert event.before == {"status": "in_progress", "completed_on": None}
    assert event.after == {"status": "completed", "completed_on": timezone.localdate().isoformat()}


def test_a_completed_remedy_needs_a_date_not_in_the_future(
    case: Complaint, org_a_handler: User
) -> None:
    remedy = make.offered_remedy(org_a_handler, case)
    call = remedies.remedy_update_status

    missing = refused(
        RemedyInputError, call, actor=org_a_handler, remedy=remedy, status="completed"
    )
    future = timezone.localdate() + timedelta(days=1)
    later = refused(
        RemedyInputError,
        call,
        actor=org_a_handler,
        remedy=remedy,
        status="completed",
        completed_on=future,
    )
    stray = refused(
        RemedyInputError,
        call,
        actor=org_a_handler,
        remedy=remedy,
        status="accepted",
        completed_on=timezone.localdate(),
    )

    assert "Enter the date the remedy was completed" in missing
    assert "is in the future" in later
    assert "Only a completed remedy has a completion date" in stray
    assert Remedy.objects.get(pk=remedy.pk).status == "offered"


def test_a_finished_remedy_does_not_change(case: Complaint, org_a_handler: User) -> None:
    remedy = make.offered_remedy(org_a_handler, case)
    remedies.remedy_update_status(
        actor=org_a_handler, remedy=remedy, status="completed", completed_on=timezone.localdate()
    )

    message = refused(
        RemedyInputError,
        remedies.remedy_update_status,
        actor=org_a_handler,
        remedy=remedy,
        status="declined",
    )
    assert "already completed" in message


@pytest.mark.parametrize("who", ["org_b_handler", "auditor"])
def test_only_write_roles_of_the_organisation_update_a_remedy(
    case: Complaint, org_a_handler: User, who: str, request: pytest.FixtureRequest
) -> None:
    remedy = make.offered_remedy(org_a_handler, case)
    actor = request.getfixturevalue(who)

    refused(
        PermissionDenied,
        remedies.remedy_update_status,
        actor=actor,
        remedy=remedy,
        status="accepted",
    )
    refused(
        PermissionDenied,
        remedies.remedy_cannot_deliver,
        actor=actor,
        remedy=remedy,
        reason="No stock.",
        alternative="A payment.",
        ombudsman_reminded=True,
    )


def test_a_remedy_that_cannot_be_delivered_needs_the_ombudsman_reminder(
    case: Complaint, org_a_handler: User
) -> None:
    remedy = make.offered_remedy(org_a_handler, case)

    message = refused(
        RemedyInputError,
        remedies.remedy_cannot_deliver,
        actor=org_a_handler,
        remedy=remedy,
        reason="The part is no longer made.",
        alternative="A new boiler.",
        ombudsman_reminded=False,
    )

    assert "Housing Ombudsman Service" in message
    assert Remedy.objects.get(pk=remedy.pk).status == "offered"


def test_a_remedy_that_cannot_be_delivered_gives_the_reason_and_alternative(
    case: Complaint, org_a_handler: User
) -> None:
    remedy = make.offered_remedy(org_a_handler, case)
    call = remedies.remedy_cannot_deliver

    no_reason = refused(
        RemedyInputError,
        call,
        actor=org_a_handler,
        remedy=remedy,
        reason=" ",
        alternative="A new boiler.",
        ombudsman_reminded=True,
    )
    no_alternative = refused(
        RemedyInputError,
        call,
        actor=org_a_handler,
        remedy=remedy,
        reason="No parts.",
        alternative="",
        ombudsman_reminded=True,
    )
    assert "why the remedy cannot be delivered" in no_reason
    assert "what is offered instead" in no_alternative

    call(
        actor=org_a_handler,
        remedy=remedy,
        reason="The part is no longer made.",
        alternative="A new boiler.",
        ombudsman_reminded=True,
    )
    stored = Remedy.objects.get(pk=remedy.pk)
    assert stored.status == "cannot_deliver"
    assert stored.cannot_deliver_reason == "The part is no longer made."
    assert stored.alternative == "A new boiler."
    assert stored.ombudsman_reminded is True
    event = AuditEvent.objects.get(action="remedies.cannot_deliver")
    assert event.before["status"] == "offered"
    assert event.after["status"] == "cannot_deliver"


# --- Outstanding actions ---


def test_an_outstanding_action_is_tracked_with_updates(
    case: Complaint, org_a_handler: User, org_a_manager: User
) -> None:
    action = make.open_action(org_a_handler, case, owner=org_a_manager)
    assert action.owner == org_a_manager
    assert action.status == "open"
    assert AuditEvent.objects.get(action="remedies.action_add").after["owner"] == org_a_manager.pk

    told = timezone.localdate()
    update = remedies.outstanding_action_update(
        actor=org_a_handler, action=action, note="Engineer booked.", individual_told_on=told
    )
    assert update.action == action
    assert update.individual_told_on == told
    assert update.created_by == org_a_handler

    remedies.outstanding_action_complete(actor=org_a_handler, action=action, completed_on=told)
    stored = OutstandingAction.objects.get(pk=action.pk)
    assert stored.status == "done"
    assert stored.completed_on == told
    event = AuditEvent.objects.get(action="remedies.action_complete")
    assert event.before == {"status": "open", "completed_on": None}


def test_the_owner_of_an_action_is_staff_of_the_organisation(
    case: Complaint, org_a_handler: User, org_b_handler: User
) -> None:
    message = refused(
        RemedyInputError,
        remedies.outstanding_action_add,
        actor=org_a_handler,
        complaint=case,
        description="Inspect the flue.",
        owner=org_b_handler,
        due=date(2025, 4, 15),
    )
    assert "is not staff of this organisation" in message


def test_an_action_needs_a_description(case: Complaint, org_a_handler: User) -> None:
    message = refused(
        RemedyInputError,
        remedies.outstanding_action_add,
        actor=org_a_handler,
        complaint=case,
        description="",
        owner=org_a_handler,
        due=date(2025, 4, 15),
    )
    assert "what is to be done" in message


def test_a_done_action_takes_no_more_updates(case: Complaint, org_a_handler: User) -> None:
    action = make.open_action(org_a_handler, case)
    remedies.outstanding_action_complete(
        actor=org_a_handler, action=action, completed_on=timezone.localdate()
    )

    again = refused(
        RemedyInputError,
        remedies.outstanding_action_complete,
        actor=org_a_handler,
        action=action,
        completed_on=timezone.localdate(),
    )
    update = refused(
        RemedyInputError,
        remedies.outstanding_action_update,
        actor=org_a_handler,
        action=action,
        note="More.",
    )
    assert "already done" in again
    assert "already done" in update


def test_an_update_needs_a_note(case: Complaint, org_a_handler: User) -> None:
    action = make.open_action(org_a_handler, case)
    message = refused(
        RemedyInputError,
        remedies.outstanding_action_update,
        actor=org_a_handler,
        action=action,
        note=" ",
    )
    assert "progress" in message


@pytest.mark.parametrize("who", ["org_b_handler", "auditor"])
def test_only_write_roles_of_the_organisation_track_actions(
    case: Complaint, org_a_handler: User, who: str, request: pytest.FixtureRequest
) -> None:
    action = make.open_action(org_a_handler, case)
    actor = request.getfixturevalue(who)

    refused(
        PermissionDenied,
        remedies.outstanding_action_add,
        actor=actor,
        complaint=case,
        description="Something.",
        owner=org_a_handler,
        due=date(2025, 4, 15),
    )
    refused(
        PermissionDenied,
        remedies.outstanding_action_update,
        actor=actor,
        action=action,
        note="Progress.",
    )
    refused(
        PermissionDenied,
        remedies.outstanding_action_complete,
        actor=actor,
        action=action,
        completed_on=timezone.localdate(),
    )


# --- Ombudsman referrals ---


def test_a_referral_names_the_profiles_ombudsman_by_default(
    case: Complaint, org_a_handler: User
) -> None:
    found = make.referral(org_a_handler, case)
    named = make.referral(org_a_handler, case, ombudsman="Local Government Ombudsman")

    assert found.ombudsman == "Housing Ombudsman Service"
    assert found.decision == "pending"
    assert named.ombudsman == "Local Government Ombudsman"
    assert AuditEvent.objects.filter(action="remedies.referral_record").count() == 2


def test_a_referral_is_not_before_the_complaint(case: Complaint, org_a_handler: User) -> None:
    message = refused(
        RemedyInputError,
        remedies.ombudsman_referral_record,
        actor=org_a_handler,
        complaint=case,
        referred_on=case.received - timedelta(days=1),
    )
    assert "before the complaint was received" in message


def test_the_ombudsmans_decision_and_recommendations(case: Complaint, org_a_handler: User) -> None:
    referral = make.referral(org_a_handler, case)
    call = remedies.ombudsman_referral_decide

    pending = refused(
        RemedyInputError,
        call,
        actor=org_a_handler,
        referral=referral,
        decision="pending",
        decided_on=date(2025, 7, 1),
    )
    early = refused(
        RemedyInputError,
        call,
        actor=org_a_handler,
        referral=referral,
        decision="fault",
        decided_on=date(2025, 4, 1),
    )
    assert "Select the Ombudsman's decision" in pending
    assert "before the referral" in early

    call(
        actor=org_a_handler,
        referral=referral,
        decision="fault",
        decided_on=date(2025, 7, 1),
        findings="Repeated missed appointments.",
    )
    stored = OmbudsmanReferral.objects.get(pk=referral.pk)
    assert (stored.decision, stored.decided_on) == ("fault", date(2025, 7, 1))
    again = refused(
        RemedyInputError,
        call,
        actor=org_a_handler,
        referral=referral,
        decision="no_fault",
        decided_on=date(2025, 7, 2),
    )
    assert "already recorded" in again

    recommendation = make.recommendation(org_a_handler, referral)
    no_evidence = refused(
        RemedyInputError,
        remedies.recommendation_carried_out,
        actor=org_a_handler,
        recommendation=recommendation,
        carried_out_on=date(2025, 7, 20),
        evidence="",
    )
    assert "evidence" in no_evidence
    remedies.recommendation_carried_out(
        actor=org_a_handler,
        recommendation=recommendation,
        carried_out_on=date(2025, 7, 20),
        evidence="Apology letter sent 20 July.",
    )
    stored_rec = Recommendation.objects.get(pk=recommendation.pk)
    assert stored_rec.carried_out_on == date(2025, 7, 20)
    event = AuditEvent.objects.get(action="remedies.recommendation_carried_out")
    assert event.after == {
        "carried_out_on": "2025-07-20",
        "evidence": "Apology letter sent 20 July.",
    }


@pytest.mark.parametrize("who", ["org_b_handler", "auditor"])
def test_only_write_roles_of_the_organisation_record_referrals(
    case: Complaint, org_a_handler: User, who: str, request: pytest.FixtureRequest
) -> None:
    referral = make.referral(org_a_handler, case)
    recommendation = make.recommendation(org_a_handler, referral)
    actor = request.getfixturevalue(who)

    refused(
        PermissionDenied,
        remedies.ombudsman_referral_record,
        actor=actor,
        complaint=case,
        referred_on=date(2025, 5, 1),
    )
    refused(
        PermissionDenied,
        remedies.ombudsman_referral_decide,
        actor=actor,
        referral=referral,
        decision="fault",
        decided_on=date(2025, 7, 1),
    )
    refused(
        PermissionDenied,
        remedies.recommendation_add,
        actor=actor,
        referral=referral,
        description="Something.",
    )
    refused(
        PermissionDenied,
        remedies.recommendation_carried_out,
        actor=actor,
        recommendation=recommendation,
        carried_out_on=date(2025, 7, 20),
        evidence="Done.",
    )


# --- Learning ---


def test_learning_is_recorded_with_its_complaints(
    case: Complaint, org_a_handler: User, org_a_manager: User
) -> None:
    second = received_complaint(org_a_handler, reference="CMP-2025-00043")
    area = case.service_area

    found = make.learning(org_a_handler, case, second, service_area=area, owner=org_a_manager)

    assert found.organisation_id == case.organisation_id
    assert set(found.complaints.all()) == {case, second}
    event = AuditEvent.objects.get(action="remedies.learning_record")
    assert event.after["complaints"] == ["CMP-2025-00042", "CMP-2025-00043"]
    assert event.after["owner"] == org_a_manager.pk


def test_learning_links_only_the_organisations_own(
    case: Complaint, other_case: Complaint, org_a_handler: User, org_b_handler: User
) -> None:
    other_area = ServiceAreaFactory(organisation=other_case.organisation, name="Parks")
    values = {"actor": org_a_handler, "title": "T", "description": "D"}

    complaint = refused(
        RemedyInputError, remedies.learning_record, complaints=[case, other_case], **values
    )
    area = refused(RemedyInputError, remedies.learning_record, service_area=other_area, **values)
    owner = refused(RemedyInputError, remedies.learning_record, owner=org_b_handler, **values)

    assert "CMP-2025-00099 is not one of this organisation's" in complaint
    assert "service areas" in area
    assert "is not staff of this organisation" in owner


def test_a_complaint_is_linked_to_learning_once(
    case: Complaint, org_a_handler: User, other_case: Complaint
) -> None:
    found = make.learning(org_a_handler)
    remedies.learning_link_complaint(actor=org_a_handler, learning=found, complaint=case)

    assert list(found.complaints.all()) == [case]
    twice = refused(
        RemedyInputError,
        remedies.learning_link_complaint,
        actor=org_a_handler,
        learning=found,
        complaint=case,
    )
    other = refused(
        RemedyInputError,
        remedies.learning_link_complaint,
        actor=org_a_handler,
        learning=found,
        complaint=other_case,
    )
    assert "already linked" in twice
    assert "not one of this organisation's" in other


def test_learning_is_implemented_once(org_a_handler: User) -> None:
    found = make.learning(org_a_handler)
    today = timezone.localdate()

    remedies.learning_implemented(actor=org_a_handler, learning=found, implemented_on=today)

    assert Learning.objects.get(pk=found.pk).implemented_on == today
    assert AuditEvent.objects.get(action="remedies.learning_implemented").after == {
        "implemented_on": today.isoformat()
    }
    again = refused(
        RemedyInputError,
        remedies.learning_implemented,
        actor=org_a_handler,
        learning=found,
        implemented_on=today,
    )
    assert "already" in again


@pytest.mark.parametrize("who", ["org_b_handler", "auditor"])
def test_only_write_roles_of_the_organisation_record_learning(
    case: Complaint, org_a_handler: User, who: str, request: pytest.FixtureRequest
) -> None:
    found = make.learning(org_a_handler)
    actor = request.getfixturevalue(who)

    if who == "auditor":
        refused(PermissionDenied, remedies.learning_record, actor=actor, title="T", description="D")
    refused(
        PermissionDenied,
        remedies.learning_link_complaint,
        actor=actor,
        learning=found,
        complaint=case,
    )
    refused(
        PermissionDenied,
        remedies.learning_implemented,
        actor=actor,
        learning=found,
        implemented_on=timezone.localdate(),
    )


def test_an_account_without_an_organisation_records_no_learning(db: None) -> None:
    admin = UserFactory(username="root@example.org", organisation=None, role="", is_superuser=True)
    refused(PermissionDenied, remedies.learning_record, actor=admin, title="T", description="D")


# --- Selectors ---


def test_the_case_reads_are_scoped_to_the_organisation(
    case: Complaint, org_a_handler: User, org_b_handler: User
) -> None:
    remedy = make.offered_remedy(org_a_handler, case)
    action = make.open_action(org_a_handler, case)
    referral = make.referral(org_a_handler, case)
    recommendation = make.recommendation(org_a_handler, referral)
    found = make.learning(org_a_handler, case)

    assert list(selectors.remedies_for(org_a_handler, case)) == [remedy]
    assert list(selectors.actions_for(org_a_handler, case)) == [action]
    assert list(selectors.referrals_for(org_a_handler, case)) == [referral]
    assert list(selectors.learning_for_complaint(org_a_handler, case)) == [found]
    assert selectors.recommendation_get(org_a_handler, referral, recommendation.pk) == (
        recommendation
    )
    assert not selectors.remedies_for(org_b_handler, case).exists()
    assert not selectors.actions_for(org_b_handler, case).exists()
    assert not selectors.referrals_for(org_b_handler, case).exists()
    assert not selectors.learning_for_complaint(org_b_handler, case).exists()
    for get, pk in (
        (selectors.remedy_get, remedy.pk),
        (selectors.action_get, action.pk),
        (selectors.referral_get, referral.pk),
    ):
        with pytest.raises(Http404):
            get(org_b_handler, case, pk)
    with pytest.raises(Http404):
        selectors.recommendation_get(org_b_handler, referral, recommendation.pk)
    with pytest.raises(Http404):
        selectors.learning_get(org_b_handler, found.pk)
    assert selectors.learning_get(org_a_handler, found.pk) == found


def test_remedies_and_actions_due_soon(
    case: Complaint, other_case: Complaint, org_a_handler: User, org_b_handler: User
) -> None:
    today = date(2025, 4, 10)
    overdue = make.offered_remedy(org_a_handler, case, due=date(2025, 4, 1))
    soon = make.offered_remedy(org_a_handler, case, due=date(2025, 4, 14))
    make.offered_remedy(org_a_handler, case, due=date(2025, 6, 1))
    make.offered_remedy(org_a_handler, case, kind="apology", due=None)
    done = make.offered_remedy(org_a_handler, case, due=date(2025, 4, 2))
    remedies.remedy_update_status(
        actor=org_a_handler, remedy=done, status="completed", completed_on=date(2025, 4, 2)
    )
    make.offered_remedy(org_b_handler, other_case, due=date(2025, 4, 1))
    late_action = make.open_action(org_a_handler, case, due=date(2025, 4, 9))
    make.open_action(org_a_handler, case, due=date(2025, 5, 30))
    finished = make.open_action(org_a_handler, case, due=date(2025, 4, 3))
    remedies.outstanding_action_complete(
        actor=org_a_handler, action=finished, completed_on=timezone.localdate()
    )

    organisation = case.organisation
    assert list(selectors.remedies_due_soon(organisation, today=today)) == [overdue, soon]
    assert list(selectors.actions_due_soon(organisation, today=today)) == [late_action]


def test_learning_list_filters(case: Complaint, org_a_handler: User, org_b_handler: User) -> None:
    parks = ServiceAreaFactory(organisation=case.organisation, name="Parks")
    repairs = make.learning(org_a_handler, case, title="Repairs", service_area=case.service_area)
    in_parks = make.learning(org_a_handler, title="Parks", service_area=parks)
    remedies.learning_implemented(
        actor=org_a_handler, learning=in_parks, implemented_on=timezone.localdate()
    )
    make.learning(org_b_handler, title="Elsewhere")

    assert set(selectors.learning_list(org_a_handler)) == {repairs, in_parks}
    assert list(selectors.learning_list(org_a_handler, service_area=parks.pk)) == [in_parks]
    assert list(selectors.learning_list(org_a_handler, implemented=False)) == [repairs]
    assert list(selectors.learning_list(org_a_handler, implemented=True)) == [in_parks]
