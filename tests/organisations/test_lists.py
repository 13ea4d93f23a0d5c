"""The organisation's own lists: reasons for not accepting a complaint, and outcomes."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from putright.audit.models import AuditEvent
from putright.organisations.models import ExclusionReason, Organisation, OutcomeOption, User
from putright.organisations.services import exclusion_reason_add, outcome_option_add

pytestmark = pytest.mark.django_db


def test_a_manager_adds_an_exclusion_reason(org_a: Organisation, org_a_manager: User) -> None:
    reason = exclusion_reason_add(
        organisation=org_a, label="  The issue is   over 12 months old ", actor=org_a_manager
    )

    assert reason.label == "The issue is over 12 months old"
    assert reason.active is True
    event = AuditEvent.objects.get(action="exclusion_reason.create")
    assert event.organisation == org_a
    assert event.after == {"label": "The issue is over 12 months old", "active": True}


def test_an_exclusion_reason_is_not_added_twice(org_a: Organisation, org_a_manager: User) -> None:
    exclusion_reason_add(organisation=org_a, label="Legal proceedings", actor=org_a_manager)

    with pytest.raises(ValidationError, match="already has the reason"):
        exclusion_reason_add(organisation=org_a, label="legal PROCEEDINGS", actor=org_a_manager)
    assert ExclusionReason.objects.count() == 1


def test_a_reason_switched_off_is_switched_back_on(
    org_a: Organisation, org_a_manager: User
) -> None:
    old = ExclusionReason.objects.create(
        organisation=org_a, label="Legal proceedings", active=False
    )

    again = exclusion_reason_add(organisation=org_a, label="Legal proceedings", actor=org_a_manager)

    assert again.pk == old.pk
    assert ExclusionReason.objects.get(pk=old.pk).active is True
    assert AuditEvent.objects.get(action="exclusion_reason.reactivate").before == {"active": False}


@pytest.mark.parametrize("label", ["", "   ", "x" * 201])
def test_a_bad_reason_is_refused(org_a: Organisation, org_a_manager: User, label: str) -> None:
    with pytest.raises(ValidationError):
        exclusion_reason_add(organisation=org_a, label=label, actor=org_a_manager)
    assert not ExclusionReason.objects.exists()


def test_only_a_manager_of_the_organisation_changes_its_lists(
    org_a: Organisation, org_a_handler: User, org_b_handler: User, org_b: Organisation
) -> None:
    org_b_handler.role = "manager"
    org_b_handler.save(update_fields=["role"])

    for actor in (org_a_handler, org_b_handler):
        with pytest.raises(PermissionDenied):
            exclusion_reason_add(organisation=org_a, label="Legal proceedings", actor=actor)
        with pytest.raises(PermissionDenied):
            outcome_option_add(organisation=org_a, label="Resolved", actor=actor)

    assert not ExclusionReason.objects.exists()
    assert not OutcomeOption.objects.exists()
    assert not AuditEvent.objects.exists()


def test_the_command_line_may_add_to_the_lists(org_a: Organisation) -> None:
    assert exclusion_reason_add(organisation=org_a, label="Legal proceedings").active


def test_an_outcome_gets_a_key_from_its_label(org_a: Organisation, org_a_manager: User) -> None:
    option = outcome_option_add(
        organisation=org_a, label="Upheld in part - apology given", actor=org_a_manager
    )

    assert option.key == "upheld_in_part_apology_given"
    assert option.label == "Upheld in part - apology given"
    assert AuditEvent.objects.get(action="outcome_option.create").after["key"] == option.key


def test_an_outcome_keeps_a_key_given(org_a: Organisation, org_a_manager: User) -> None:
    option = outcome_option_add(
        organisation=org_a, label="Resolved", key="resolved_early", actor=org_a_manager
    )

    assert option.key == "resolved_early"


@pytest.mark.parametrize(
    ("label", "key", "message"),
    [
        ("", "", "must not be empty"),
        ("Resolved", "Resolved!", "Bad key"),
        ("Resolved", "1st", "Bad key"),
        ("x" * 101, "", "100 characters"),
    ],
)
def test_a_bad_outcome_is_refused(
    org_a: Organisation, org_a_manager: User, label: str, key: str, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        outcome_option_add(organisation=org_a, label=label, key=key, actor=org_a_manager)
    assert not OutcomeOption.objects.exists()


def test_an_outcome_is_not_added_twice(org_a: Organisation, org_a_manager: User) -> None:
    outcome_option_add(organisation=org_a, label="Resolved", actor=org_a_manager)

    with pytest.raises(ValidationError, match="already has an outcome"):
        outcome_option_add(organisation=org_a, label="Resolved", actor=org_a_manager)
    with pytest.raises(ValidationError, match="already has an outcome"):
        outcome_option_add(organisation=org_a, label="RESOLVED", key="other", actor=org_a_manager)
    assert OutcomeOption.objects.count() == 1
