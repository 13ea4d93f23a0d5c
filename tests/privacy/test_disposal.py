"""Retention and disposal: what is due, the dry run, anonymisation, the destruction log, and the
figures exactly the same after it."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from putright.audit.models import AuditEvent
from putright.cases.models import Complaint, Correspondence, Document, Extension, Stage
from putright.cases.services import complaint_close, complaint_exclude
from putright.organisations.models import Organisation, User
from putright.people.models import Individual, ReasonableAdjustment, Representative
from putright.privacy.models import DestructionEntry, DisposalRun
from putright.privacy.services.common import PLACEHOLDER
from putright.privacy.services.disposal import disposal_due, disposal_run
from putright.privacy.services.retention import retention_rule_set, retention_schedule
from tests.privacy.cases import full_complaint
from tests.remedy_factories import referral
from tests.reporting import cases as figures_cases

LATER = date(2040, 1, 1)


@pytest.fixture(autouse=True)
def media(settings: pytest.FixtureRequest, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    return tmp_path


def kpis(slug: str, start: str, end: str) -> dict[str, object]:
    out = io.StringIO()
    call_command("kpis", slug, "--from", start, "--to", end, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_default_schedule_is_six_years_for_each_kind(org_a: Organisation) -> None:
    labels = [rule.label for rule in retention_schedule(org_a)]
    assert labels == [
        "Complaints: 6 years after closure",
        "Service requests: 6 years after closure",
    ]


def test_nothing_is_due_before_its_time_and_everything_after(org_a_handler: User) -> None:
    record = full_complaint(org_a_handler)
    assert disposal_due(organisation=org_a_handler.organisation, today=date(2031, 5, 1)).total == 0
    due = disposal_due(organisation=org_a_handler.organisation, today=date(2031, 5, 2))
    assert [c.reference for c in due.complaints] == [record.complaint.reference]
    assert due.complaints[0].rule == "Complaints: 6 years after closure"
    assert due.individuals == [record.individual.pk]


def test_the_narrowest_rule_decides(org_a_handler: User, org_a_manager: User) -> None:
    record = full_complaint(org_a_handler)
    retention_rule_set(actor=org_a_manager, case_type="complaint", months=120)
    retention_rule_set(
        actor=org_a_manager, case_type="complaint", applies_to="outcome:upheld", months=24
    )
    due = disposal_due(organisation=org_a_manager.organisation, today=date(2027, 5, 2))
    assert [c.pk for c in due.complaints] == [record.complaint.pk]
    assert (
        due.complaints[0].rule
        == "Complaints with the final outcome 'upheld': 2 years after closure"
    )


def test_the_dry_run_changes_nothing(org_a_handler: User) -> None:
    record = full_complaint(org_a_handler)
    found = disposal_run(organisation=org_a_handler.organisation, today=LATER)

    assert found.run is None
    assert len(found.complaints) == 1
    record.complaint.refresh_from_db()
    assert record.complaint.anonymised is None
    assert record.complaint.name == "Pat Example"
    assert not DisposalRun.objects.exists()


def test_commit_anonymises_and_logs_without_personal_data(org_a_handler: User, media: Path) -> None:
    record = full_complaint(org_a_handler)
    complaint = record.complaint
    files = [d.file.name for d in Document.objects.filter(complaint=complaint)]
    assert all((media / name).exists() for name in files)

    found = disposal_run(organisation=org_a_handler.organisation, today=LATER, commit=True)

    complaint.refresh_from_db()
    assert complaint.anonymised is not None
    assert (complaint.name, complaint.email, complaint.phone, complaint.address) == (
        "Anonymised",
        "",
        "",
        "",
    )
    assert complaint.description == PLACEHOLDER
    assert complaint.status == "closed"
    assert complaint.closed_on == date(2025, 5, 2)
    stage = Stage.objects.get(complaint=complaint, number=1)
    assert (stage.outcome, stage.decision, stage.reasons) == ("upheld", PLACEHOLDER, PLACEHOLDER)
    assert stage.responded == date(2025, 3, 24)
    assert Extension.objects.get(stage=stage).reason == PLACEHOLDER
    letter = Correspondence.objects.get(complaint=complaint)
    assert (letter.summary, letter.body) == (PLACEHOLDER, PLACEHOLDER)
    for document in Document.objects.filter(complaint=complaint):
        assert document.destroyed is not None
        assert document.file.name == ""
    assert not any((media / name).exists() for name in files)

    person = Individual.objects.get(pk=record.individual.pk)
    assert person.anonymised is not None
    assert person.name == "Anonymised individual"
    assert person.email == ""
    assert person.address == ""
    assert Representative.objects.get(pk=record.representative.pk).name == (
        "Anonymised representative"
    )
    assert ReasonableAdjustment.objects.get(individual=person).description == PLACEHOLDER

    run = found.run
    assert run is not None
    assert (run.complaints, run.individuals, run.documents) == (1, 1, 3)
    entries = list(DestructionEntry.objects.filter(run=run).values())
    assert {e["object_type"] for e in entries} == {"cases.complaint", "people.individual"}
    logged = json.dumps(entries, default=str)
    for personal in ("Pat", "pat@example.net", "Mill Lane", "boiler", "Sam Advocate"):
        assert personal not in logged


def test_the_audit_record_keeps_no_personal_text_after_it(org_a_handler: User) -> None:
    record = full_complaint(org_a_handler)
    events_before = AuditEvent.objects.count()

    disposal_run(organisation=org_a_handler.organisation, today=LATER, commit=True)

    text = json.dumps(list(AuditEvent.objects.values("before", "after")))
    for personal in ("Pat Example", "Sam Advocate", "engineer", "When did it break", "letter.pdf"):
        assert personal not in text
    # Events are rewritten in place, never lost: one more per case anonymised, and the run.
    assert AuditEvent.objects.count() == events_before + 2
    assert AuditEvent.objects.filter(
        action="privacy.anonymise", object_id=str(record.complaint.pk)
    ).exists()


def test_kpis_are_exactly_the_same_after_disposal(
    org_a: Organisation, org_a_handler: User, org_a_manager: User
) -> None:
    """The figures of a whole set of cases (the hand-checked small organisation of the figures
    tests, and two full records), most of them closed and so due, before and after."""
    org_a.homes = 2400
    org_a.save(update_fields=["homes"])
    figures_cases.small_organisation(org_a_handler, org_a_manager)
    full_complaint(org_a_handler)
    full_complaint(org_a_handler, name="Jo Bloggs")
    for complaint in Complaint.objects.filter(status="responded"):
        complaint_close(actor=org_a_manager, complaint=complaint, closed=date(2025, 7, 1))
    periods = [("2024-01-01", "2026-12-31"), ("2025-04-01", "2025-06-30")]
    before = [kpis("org-a", *period) for period in periods]

    found = disposal_run(organisation=org_a, today=LATER, commit=True)

    assert found.run is not None
    assert found.run.complaints >= 6
    # Only those with a remedy still offered are kept (still needed).
    kept = Complaint.objects.filter(anonymised__isnull=True, status="closed")
    assert all(c.remedies.filter(status="offered").exists() for c in kept)
    assert [kpis("org-a", *period) for period in periods] == before


def test_a_case_still_needed_is_kept(org_a_handler: User) -> None:
    record = full_complaint(org_a_handler)
    referral(org_a_handler, record.complaint, referred_on=date(2025, 6, 1))
    due = disposal_due(organisation=org_a_handler.organisation, today=LATER)
    assert due.complaints == []
    assert due.individuals == []


def test_a_person_with_another_case_kept_is_kept(org_a_handler: User) -> None:
    record = full_complaint(org_a_handler)
    second = full_complaint(org_a_handler, closed=False)
    assert second.individual.pk != record.individual.pk
    Complaint.objects.filter(pk=second.complaint.pk).update(individual=record.individual)

    due = disposal_due(organisation=org_a_handler.organisation, today=LATER)
    assert [c.pk for c in due.complaints] == [record.complaint.pk]
    assert record.individual.pk not in due.individuals


def test_not_accepted_complaints_follow_their_own_rule(
    org_a_handler: User, org_a_manager: User
) -> None:
    from tests.record_factories import complaint_for

    complaint = complaint_for(org_a_handler)
    complaint_exclude(
        actor=org_a_handler,
        complaint=complaint,
        reason="Outside the time limit",
        evidence="The issue was in 2021.",
        ombudsman_details_given=True,
        decided=date(2025, 3, 4),
    )
    retention_rule_set(actor=org_a_manager, case_type="complaint", applies_to="excluded", months=12)
    due = disposal_due(organisation=org_a_manager.organisation, today=date(2026, 3, 4))
    assert [c.pk for c in due.complaints] == [complaint.pk]
    assert due.complaints[0].rule == "Complaints not accepted: 1 year after closure"


def test_an_unknown_organisation_is_refused_with_exit_2(db: None) -> None:
    with pytest.raises(CommandError) as refused:
        call_command("dispose", "nowhere")
    assert refused.value.returncode == 2
    assert str(refused.value) == "unknown organisation 'nowhere'"


def test_the_command_lists_then_commits(org_a_handler: User) -> None:
    full_complaint(org_a_handler)
    Complaint.objects.update(closed_on=date(2010, 1, 4))
    out = io.StringIO()
    call_command("dispose", "org-a", stdout=out, stderr=io.StringIO())
    assert "This was a dry run: nothing was changed." in out.getvalue()
    assert "CMP-2025-00001" in out.getvalue()
    assert not Complaint.objects.filter(anonymised__isnull=False).exists()

    out, err = io.StringIO(), io.StringIO()
    call_command("dispose", "org-a", "--commit", stdout=out, stderr=err)
    assert "Anonymised 1 complaint(s)" in out.getvalue()
    assert "Anonymised 1 of 2 (cases)" in err.getvalue()
    assert Complaint.objects.filter(anonymised__isnull=False).count() == 1

    again = io.StringIO()
    call_command("dispose", "org-a", "--json", stdout=again)
    assert json.loads(again.getvalue())["complaints"] == []
