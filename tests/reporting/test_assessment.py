"""The self-assessment and the register of exceptional circumstances, through the services, with
the evidence worked out by hand from ``cases.small_organisation`` (year from 1 April 2025)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from putright.audit.models import AuditEvent
from putright.organisations.models import Role, User
from putright.reporting.assessment import requirements
from putright.reporting.evidence import evidence_for
from putright.reporting.models import ExceptionalCircumstance, SelfAssessment
from putright.reporting.services import (
    exceptional_circumstance_record,
    self_assessment_row_update,
    self_assessment_sign_off,
    self_assessment_start,
)
from tests.factories import UserFactory
from tests.reporting.cases import small_organisation


@pytest.fixture
def lead(org_a_manager: User) -> User:
    return UserFactory(
        username="dee@org-a.example", organisation=org_a_manager.organisation, role=Role.SENIOR_LEAD
    )


def test_rows_per_profile() -> None:
    hos, draft, lgsco = (requirements(p) for p in ("hos-2024", "joint-draft-2023", "lgsco-2024"))
    assert [r.clause for r in lgsco] == [f"Section {n}" for n in range(1, 10)]
    assert len(draft) == 77
    assert draft[0].clause == "1.1"
    assert draft[-1].clause == "9.8"
    assert {r.section for r in hos} == set(range(1, 10))
    assert "2.3" not in {r.clause for r in hos}
    assert next(r for r in draft if r.clause == "6.2").evidence == ("stage1_acknowledged",)


def test_evidence_by_hand(org_a_handler: User, org_a_manager: User) -> None:
    small_organisation(org_a_handler, org_a_manager)
    found = evidence_for(organisation=org_a_handler.organisation, profile="hos-2024", year=2025)
    # Stage 1 acknowledged in the year: C1, C2 (late), C3, C4, C5, C8.
    assert (found["stage1_acknowledged"].value, found["stage1_acknowledged"].suggests) == (
        "83.3%",
        False,
    )
    assert found["stage1_acknowledged"].sentence.startswith("5 of 6 ")
    # Responded: C1, C2 (late), C3, C4, C5 (within its extended deadline), C10.
    assert found["stage1_responded"].sentence.startswith("5 of 6 ")
    # Stage 2: C1 late at both steps, C6 on time.
    assert found["stage2_acknowledged"].value == "50%"
    assert found["stage2_responded"].value == "50%"
    assert (found["different_handler"].value, found["different_handler"].suggests) == (
        "100%",
        True,
    )
    assert found["exclusions"].sentence.startswith("1 of 1 ")
    assert found["two_stages"].suggests is True
    # Received in the year: C1 to C5, C7, C8, C9; none has correspondence.
    assert found["full_record"].sentence.startswith("0 of 8 ")
    # Financial remedies due 1 August 2025 on C1, C6 and C9; none completed.
    assert found["remedies_completed"].sentence.startswith("0 of 3 ")
    assert found["exceptional_circumstances"].suggests is True


def test_start_fills_rows_from_records(org_a_handler: User, org_a_manager: User) -> None:
    small_organisation(org_a_handler, org_a_manager)
    made = self_assessment_start(
        actor=org_a_manager, profile="hos-2024", year=2025, trigger="annual"
    )
    rows = {r.clause: r for r in made.rows.all()}
    assert len(rows) == len(requirements("hos-2024"))
    assert rows["6.2"].suggested is False
    assert rows["6.2"].comply is None
    assert rows["6.17"].comply is True
    assert rows["6.17"].evidence.startswith("2 of 2")
    assert rows["1.1"].evidence == ""
    assert rows["1.1"].comply is None
    assert AuditEvent.objects.filter(action="self_assessment.start").count() == 1


def test_lgsco_one_row_per_section(org_a_manager: User) -> None:
    made = self_assessment_start(
        actor=org_a_manager, profile="lgsco-2024", year=2025, trigger="annual"
    )
    assert made.rows.count() == 9


def test_explanation_required_when_not_complying(org_a_manager: User) -> None:
    made = self_assessment_start(
        actor=org_a_manager, profile="lgsco-2024", year=2025, trigger="annual"
    )
    row = made.rows.get(clause="Section 3")
    with pytest.raises(ValidationError, match="Explain why"):
        self_assessment_row_update(
            actor=org_a_manager, row=row, comply=False, evidence="", commentary=" "
        )
    row.refresh_from_db()
    assert row.comply is None
    updated = self_assessment_row_update(
        actor=org_a_manager, row=row, comply=False, evidence="", commentary="No web page yet."
    )
    assert updated.comply is False
    event = AuditEvent.objects.get(action="self_assessment.row_update")
    assert event.after == {"comply": False, "commentary": "No web page yet."}


def test_sign_off_makes_read_only_and_new_version_needs_trigger(
    org_a_manager: User, lead: User
) -> None:
    made = self_assessment_start(
        actor=org_a_manager, profile="lgsco-2024", year=2025, trigger="annual"
    )
    with pytest.raises(ValidationError, match="every row"):
        self_assessment_sign_off(actor=lead, assessment=made, signed_off_on=date.today())
    for row in made.rows.all():
        self_assessment_row_update(
            actor=org_a_manager, row=row, comply=True, evidence="Policy", commentary=""
        )
    with pytest.raises(PermissionDenied):
        self_assessment_sign_off(actor=org_a_manager, assessment=made, signed_off_on=date.today())
    self_assessment_sign_off(actor=lead, assessment=made, signed_off_on=date.today())
    row = made.rows.first()
    with pytest.raises(ValidationError, match="signed off"):
        self_assessment_row_update(
            actor=org_a_manager, row=row, comply=False, evidence="", commentary="x"
        )
    with pytest.raises(ValidationError, match="restructure"):
        self_assessment_start(actor=lead, profile="lgsco-2024", year=2025, trigger="annual")
    again = self_assessment_start(
        actor=lead, profile="lgsco-2024", year=2025, trigger="restructure", trigger_reason="Merged"
    )
    assert again.version == 2
    assert again.trigger_reason == "Merged"


def test_read_only_roles_and_other_organisations_refused(
    org_a_manager: User, org_a: object
) -> None:
    auditor = UserFactory(username="eve@org-a.example", organisation=org_a, role=Role.AUDITOR)
    with pytest.raises(PermissionDenied):
        self_assessment_start(actor=auditor, profile="hos-2024", year=2025, trigger="annual")
    made = self_assessment_start(
        actor=org_a_manager, profile="hos-2024", year=2025, trigger="annual"
    )
    other = UserFactory(username="fay@org-b.example", role=Role.MANAGER)
    with pytest.raises(PermissionDenied):
        self_assessment_row_update(
            actor=other, row=made.rows.first(), comply=True, evidence="", commentary=""
        )
    assert SelfAssessment.objects.count() == 1


def test_exceptional_circumstance(org_a_manager: User) -> None:
    with pytest.raises(ValidationError, match="ends before"):
        exceptional_circumstance_record(
            actor=org_a_manager,
            period_from=date(2025, 5, 2),
            period_to=date(2025, 5, 1),
            what_happened="Cyber incident",
            ombudsman_notified_on=None,
            statement_published_on=None,
            compliance_returns_on=None,
        )
    exceptional_circumstance_record(
        actor=org_a_manager,
        period_from=date(2025, 5, 1),
        period_to=None,
        what_happened="Cyber incident",
        ombudsman_notified_on=date(2025, 5, 2),
        statement_published_on=None,
        compliance_returns_on=date(2025, 6, 1),
    )
    assert ExceptionalCircumstance.objects.count() == 1
    found = evidence_for(organisation=org_a_manager.organisation, profile="hos-2024", year=2025)
    assert found["exceptional_circumstances"].sentence.startswith("0 of 1 ")
    assert AuditEvent.objects.filter(action="exceptional_circumstance.record").count() == 1
