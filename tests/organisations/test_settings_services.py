"""The organisation's settings: service areas, closure days, and its own lists and outcomes."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from putright.audit.models import AuditEvent
from putright.cases.models import Complaint, Stage
from putright.cases.services import CaseRefused, stage_acknowledge, stage_respond
from putright.organisations.models import (
    ClosureDay,
    ExclusionReason,
    Organisation,
    OutcomeOption,
    Role,
    ServiceArea,
    User,
)
from putright.organisations.services import (
    closure_day_add,
    closure_day_remove,
    exclusion_reason_add,
    exclusion_reason_deactivate,
    outcome_option_add,
    outcome_option_deactivate,
    service_area_create,
    service_area_update,
)
from tests.factories import ServiceAreaFactory, UserFactory, received_complaint

pytestmark = pytest.mark.django_db

#: A Wednesday with no bank holiday in England and Wales.
WEDNESDAY = date(2025, 3, 19)


@pytest.fixture
def org_b_manager(org_b: Organisation) -> User:
    return UserFactory(username="dana@org-b.example", organisation=org_b, role=Role.MANAGER)


@pytest.fixture
def org_a_lead(org_a: Organisation) -> User:
    return UserFactory(username="erin@org-a.example", organisation=org_a, role=Role.SENIOR_LEAD)


@pytest.fixture
def housing(org_a: Organisation) -> ServiceArea:
    return ServiceAreaFactory(organisation=org_a, name="Housing", profile="hos-2024")


@pytest.fixture
def council_tax(org_a: Organisation) -> ServiceArea:
    return ServiceAreaFactory(organisation=org_a, name="Council tax", profile="lgsco-2024")


# --- Service areas ------------------------------------------------------------------------------


def test_a_service_area_is_renamed_and_audited(housing: ServiceArea, org_a_manager: User) -> None:
    area = service_area_update(
        area=housing, name=" Housing  repairs ", profile="hos-2024", actor=org_a_manager
    )

    assert ServiceArea.objects.get(pk=housing.pk).name == "Housing repairs"
    assert area.profile == "hos-2024"
    event = AuditEvent.objects.get(action="service_area.update")
    assert event.before == {"name": "Housing"}
    assert event.after == {"name": "Housing repairs"}
    assert event.actor == org_a_manager


def test_a_new_profile_applies_only_to_complaints_received_from_now_on(
    housing: ServiceArea, org_a_handler: User, org_a_lead: User
) -> None:
    before = received_complaint(org_a_handler, service_area=housing)

    service_area_update(area=housing, name="Housing", profile="lgsco-2024", actor=org_a_lead)
    housing.refresh_from_db()
    after = received_complaint(org_a_handler, service_area=housing)

    kept = Complaint.objects.get(pk=before.pk)
    assert (kept.profile, kept.profile_version) == (before.profile, before.profile_version)
    assert kept.profile == "hos-2024"
    assert after.profile == "lgsco-2024"
    event = AuditEvent.objects.get(action="service_area.update")
    assert event.before == {"profile": "hos-2024"}
    assert event.after == {"profile": "lgsco-2024"}


def test_an_unchanged_service_area_records_nothing(
    housing: ServiceArea, org_a_manager: User
) -> None:
    service_area_update(area=housing, name="Housing", profile="hos-2024", actor=org_a_manager)

    assert not AuditEvent.objects.filter(action="service_area.update").exists()


@pytest.mark.parametrize(
    ("name", "profile", "message"),
    [
        ("council TAX", "hos-2024", "already has a service area called 'council TAX'"),
        ("  ", "hos-2024", "must not be empty"),
        ("Housing", "hos-1999", "Unknown Code profile 'hos-1999'"),
        ("x" * 201, "hos-2024", "200 characters"),
    ],
)
def test_a_bad_service_area_change_is_refused(
    housing: ServiceArea,
    council_tax: ServiceArea,
    org_a_manager: User,
    name: str,
    profile: str,
    message: str,
) -> None:
    with pytest.raises(ValidationError, match=message):
        service_area_update(area=housing, name=name, profile=profile, actor=org_a_manager)

    assert ServiceArea.objects.get(pk=housing.pk).name == "Housing"
    assert not AuditEvent.objects.exists()


def test_only_a_manager_or_lead_of_the_organisation_changes_service_areas(
    org_a: Organisation, housing: ServiceArea, org_a_handler: User, org_b_manager: User
) -> None:
    for actor in (org_a_handler, org_b_manager):
        with pytest.raises(PermissionDenied):
            service_area_update(area=housing, name="Repairs", profile="hos-2024", actor=actor)
        with pytest.raises(PermissionDenied):
            service_area_create(organisation=org_a, name="Repairs", profile="hos-2024", actor=actor)

    assert list(ServiceArea.objects.filter(organisation=org_a)) == [housing]
    assert not AuditEvent.objects.exists()


# --- Closure days -------------------------------------------------------------------------------


def test_a_closure_day_is_added_and_audited(org_a: Organisation, org_a_manager: User) -> None:
    change = closure_day_add(
        organisation=org_a, day=WEDNESDAY, reason=" Staff  training ", actor=org_a_manager
    )

    assert change.closure.day == WEDNESDAY
    assert change.closure.reason == "Staff training"
    assert change.cases_moved == 0
    event = AuditEvent.objects.get(action="closure_day.add")
    assert event.after == {"day": "2025-03-19", "reason": "Staff training"}
    recompute = AuditEvent.objects.get(action="deadlines.recompute")
    assert recompute.after["cause"] == {"closure_day": "2025-03-19", "change": "added"}


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (date(2025, 3, 22), "Saturday 22 March 2025 is a weekend day"),
        (date(2025, 12, 25), "bank holiday in England and Wales \\(Christmas Day\\)"),
        (date(1999, 12, 31), "between 2000 and 2079"),
        (WEDNESDAY, "already closed on 19 March 2025"),
    ],
)
def test_a_day_that_is_not_a_working_day_is_not_closed(
    org_a: Organisation, org_a_manager: User, day: date, message: str
) -> None:
    ClosureDay.objects.create(organisation=org_a, day=WEDNESDAY, reason="Training")

    with pytest.raises(ValidationError, match=message):
        closure_day_add(organisation=org_a, day=day, reason="Closed", actor=org_a_manager)

    assert ClosureDay.objects.count() == 1
    assert not AuditEvent.objects.exists()


def test_a_closure_day_is_removed_with_what_it_was(org_a: Organisation, org_a_lead: User) -> None:
    closure = ClosureDay.objects.create(organisation=org_a, day=WEDNESDAY, reason="Training")

    change = closure_day_remove(closure=closure, actor=org_a_lead)

    assert change.closure.day == WEDNESDAY
    assert not ClosureDay.objects.exists()
    event = AuditEvent.objects.get(action="closure_day.remove")
    assert event.before == {"day": "2025-03-19", "reason": "Training"}
    assert event.after == {"day": None, "reason": None}
    assert event.object_id == str(closure.pk)
    recompute = AuditEvent.objects.get(action="deadlines.recompute")
    assert recompute.after["cause"] == {"closure_day": "2025-03-19", "change": "removed"}


def test_only_a_manager_or_lead_of_the_organisation_changes_closure_days(
    org_a: Organisation, org_a_handler: User, org_b_manager: User
) -> None:
    closure = ClosureDay.objects.create(organisation=org_a, day=WEDNESDAY, reason="Training")

    for actor in (org_a_handler, org_b_manager):
        with pytest.raises(PermissionDenied):
            closure_day_add(organisation=org_a, day=date(2025, 3, 20), actor=actor)
        with pytest.raises(PermissionDenied):
            closure_day_remove(closure=closure, actor=actor)

    assert list(ClosureDay.objects.values_list("day", flat=True)) == [WEDNESDAY]
    assert not AuditEvent.objects.exists()


# --- Exclusion reasons and outcomes -------------------------------------------------------------


def test_an_exclusion_reason_is_switched_off_once(org_a: Organisation, org_a_manager: User) -> None:
    reason = exclusion_reason_add(organisation=org_a, label="Legal proceedings")

    exclusion_reason_deactivate(reason=reason, actor=org_a_manager)
    exclusion_reason_deactivate(reason=reason, actor=org_a_manager)

    assert ExclusionReason.objects.get(pk=reason.pk).active is False
    event = AuditEvent.objects.get(action="exclusion_reason.deactivate")
    assert (event.before, event.after) == ({"active": True}, {"active": False})


def test_an_outcome_is_switched_off_and_back_on(
    org_a: Organisation, council_tax: ServiceArea, org_a_manager: User
) -> None:
    option = outcome_option_add(organisation=org_a, label="Resolved", actor=org_a_manager)

    outcome_option_deactivate(option=option, actor=org_a_manager)
    assert OutcomeOption.objects.get(pk=option.pk).active is False
    again = outcome_option_add(organisation=org_a, label="Resolved", actor=org_a_manager)

    assert again.pk == option.pk
    assert OutcomeOption.objects.get(pk=option.pk).active is True
    assert AuditEvent.objects.filter(action="outcome_option.deactivate").count() == 1
    assert AuditEvent.objects.filter(action="outcome_option.reactivate").count() == 1


def test_only_a_manager_or_lead_of_the_organisation_switches_off_list_items(
    org_a: Organisation, council_tax: ServiceArea, org_a_handler: User, org_b_manager: User
) -> None:
    reason = exclusion_reason_add(organisation=org_a, label="Legal proceedings")
    option = outcome_option_add(organisation=org_a, label="Resolved")

    for actor in (org_a_handler, org_b_manager):
        with pytest.raises(PermissionDenied):
            exclusion_reason_deactivate(reason=reason, actor=actor)
        with pytest.raises(PermissionDenied):
            outcome_option_deactivate(option=option, actor=actor)

    assert ExclusionReason.objects.get(pk=reason.pk).active
    assert OutcomeOption.objects.get(pk=option.pk).active
    assert not AuditEvent.objects.filter(action__endswith="deactivate").exists()


def test_under_the_hos_code_alone_no_outcome_list_is_added(
    org_a: Organisation, housing: ServiceArea, org_a_manager: User
) -> None:
    with pytest.raises(ValidationError, match=r"HOS Code 6.7: upheld, not upheld"):
        outcome_option_add(organisation=org_a, label="Resolved", actor=org_a_manager)

    assert not OutcomeOption.objects.exists()


def test_one_service_area_under_lgsco_lets_the_organisation_set_its_outcomes(
    org_a: Organisation, housing: ServiceArea, council_tax: ServiceArea, org_a_manager: User
) -> None:
    assert outcome_option_add(organisation=org_a, label="Resolved", actor=org_a_manager).active


# --- Outcomes on responses ----------------------------------------------------------------------


def _acknowledged(actor: User, area: ServiceArea) -> Complaint:
    complaint = received_complaint(actor, service_area=area)
    return stage_acknowledge(actor=actor, complaint=complaint, acknowledged=date(2025, 3, 4))


def _respond(actor: User, complaint: Complaint, outcome: str) -> Complaint:
    return stage_respond(
        actor=actor,
        complaint=complaint,
        responded=date(2025, 3, 10),
        outcome=outcome,
        decision="We got it wrong.",
        reasons="The repair was missed.",
        contents=["stage", "decision", "reasons", "remedy", "outstanding_actions", "escalation"],
    )


def test_under_lgsco_a_response_records_one_of_the_organisations_outcomes(
    org_a: Organisation, council_tax: ServiceArea, org_a_handler: User, org_a_manager: User
) -> None:
    outcome_option_add(organisation=org_a, label="Resolved with a remedy", actor=org_a_manager)
    complaint = _acknowledged(org_a_handler, council_tax)

    with pytest.raises(CaseRefused, match="not one of the organisation's outcomes"):
        _respond(org_a_handler, complaint, "upheld")
    assert Stage.objects.get(complaint=complaint, number=1).responded is None

    done = _respond(org_a_handler, complaint, "resolved_with_a_remedy")
    assert Stage.objects.get(complaint=done, number=1).outcome == "resolved_with_a_remedy"


def test_an_outcome_switched_off_is_no_longer_recorded(
    org_a: Organisation, council_tax: ServiceArea, org_a_handler: User, org_a_manager: User
) -> None:
    outcome_option_add(organisation=org_a, label="Resolved", actor=org_a_manager)
    old = outcome_option_add(organisation=org_a, label="Escalated early", actor=org_a_manager)
    outcome_option_deactivate(option=old, actor=org_a_manager)
    complaint = _acknowledged(org_a_handler, council_tax)

    with pytest.raises(CaseRefused, match="'escalated early' is not one of"):
        _respond(org_a_handler, complaint, "escalated_early")


def test_under_hos_the_codes_outcomes_apply_whatever_the_organisations_list(
    org_a: Organisation,
    housing: ServiceArea,
    council_tax: ServiceArea,
    org_a_handler: User,
    org_a_manager: User,
) -> None:
    outcome_option_add(organisation=org_a, label="Resolved", actor=org_a_manager)
    complaint = _acknowledged(org_a_handler, housing)

    with pytest.raises(CaseRefused, match="not one of the Code's outcomes"):
        _respond(org_a_handler, complaint, "resolved")
    done = _respond(org_a_handler, complaint, "upheld")
    assert Stage.objects.get(complaint=done, number=1).outcome == "upheld"
