from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from putright.audit.models import AuditEvent
from putright.cases.models import CaseStatus, Channel, Complaint, Extension, Stage
from putright.cases.services import (
    CaseInputError,
    CaseRefused,
    StaleCase,
    complaint_assign,
    complaint_close,
    complaint_escalate,
    complaint_exclude,
    complaint_receive,
    complaint_withdraw,
    extension_grant,
    stage_acknowledge,
    stage_respond,
)
from putright.organisations.models import Organisation, Role, User
from putright.policy import get_profile
from putright.rules.contents import required_contents
from tests.factories import ClosureDayFactory, ServiceAreaFactory, UserFactory, received_complaint

pytestmark = pytest.mark.django_db

HOS = get_profile("hos-2024")
SATURDAY = date(2025, 3, 1)
FRIDAY = date(2025, 2, 28)


def contents(stage: int) -> list[str]:
    return [item.key for item in required_contents(HOS, stage)]


def stage(complaint: Complaint, number: int) -> Stage:
    return Stage.objects.get(complaint=complaint, number=number)


def snapshot(complaint: Complaint) -> tuple[object, ...]:
    fresh = Complaint.objects.get(pk=complaint.pk)
    stages = list(Stage.objects.filter(complaint=complaint).values())
    return (
        fresh.status,
        fresh.stage,
        fresh.version,
        fresh.handler_id,
        fresh.next_due,
        stages,
        Extension.objects.count(),
        AuditEvent.objects.count(),
    )


def test_the_whole_life_of_a_hos_complaint(org_a_handler: User, org_a_manager: User) -> None:
    housing = ServiceAreaFactory(organisation=org_a_handler.organisation, profile="hos-2024")

    # Received on a Saturday: the deadlines are those of the Friday before (HOS 6.2 and 6.3).
    complaint = received_complaint(
        org_a_handler, service_area=housing, received=SATURDAY, handler=org_a_handler
    )
    friday = received_complaint(org_a_handler, service_area=housing, received=FRIDAY)
    first = stage(complaint, 1)
    assert (first.acknowledge_by, first.respond_by) == (date(2025, 3, 7), date(2025, 3, 21))
    assert (first.acknowledge_by, first.respond_by) == (
        stage(friday, 1).acknowledge_by,
        stage(friday, 1).respond_by,
    )
    assert (complaint.status, complaint.stage, complaint.version) == ("received", 1, 1)
    assert complaint.next_due == date(2025, 3, 7)
    assert (complaint.profile, complaint.profile_version) == ("hos-2024", HOS.version)
    assert complaint.logged_by == org_a_handler

    complaint = stage_acknowledge(
        actor=org_a_handler,
        complaint=complaint,
        acknowledged=date(2025, 3, 4),
        definition="The boiler repair was never done; the resident wants it fixed and an apology.",
        version=1,
    )
    assert complaint.status == CaseStatus.ACKNOWLEDGED
    assert stage(complaint, 1).respond_by == date(2025, 3, 18)
    assert complaint.next_due == date(2025, 3, 18)

    extension = extension_grant(
        actor=org_a_handler,
        complaint=complaint,
        days=10,
        reason="A contractor's report is needed.",
        ombudsman_details_given=True,
        granted_on=date(2025, 3, 14),
        version=complaint.version,
    )
    complaint.refresh_from_db()
    assert extension.days == 10
    assert extension.granted_by == org_a_handler
    assert stage(complaint, 1).extended_respond_by == date(2025, 4, 1)
    assert complaint.next_due == date(2025, 4, 1)

    complaint = stage_respond(
        actor=org_a_handler,
        complaint=complaint,
        responded=date(2025, 3, 25),
        outcome="upheld",
        decision="Upheld: the repair was missed.",
        reasons="Three appointments were missed.",
        contents=contents(1),
        version=complaint.version,
    )
    assert complaint.status == CaseStatus.RESPONDED
    assert complaint.next_due is None
    assert stage(complaint, 1).outcome == "upheld"

    complaint = complaint_escalate(
        actor=org_a_handler,
        complaint=complaint,
        requested=date(2025, 4, 2),
        version=complaint.version,
    )
    second = stage(complaint, 2)
    assert (complaint.stage, complaint.status, complaint.handler) == (2, "received", None)
    assert second.handler is None
    # 5 working days to acknowledge; 20 to respond, Easter and the May bank holiday skipped.
    assert (second.acknowledge_by, second.respond_by) == (date(2025, 4, 9), date(2025, 5, 12))
    assert complaint.next_due == date(2025, 4, 9)

    complaint = stage_acknowledge(
        actor=org_a_manager,
        complaint=complaint,
        acknowledged=date(2025, 4, 7),
        definition="Whether the repair and the apology were enough.",
        version=complaint.version,
    )
    assert stage(complaint, 2).handler == org_a_manager
    assert stage(complaint, 2).respond_by == date(2025, 5, 8)

    events = AuditEvent.objects.count()
    version = complaint.version
    with pytest.raises(CaseRefused) as refused:
        stage_respond(
            actor=org_a_handler,
            complaint=complaint,
            responded=date(2025, 4, 30),
            outcome="not_upheld",
            decision="Not upheld.",
            reasons="The remedy was enough.",
            contents=contents(2),
            version=version,
        )
    assert [r.clause for r in refused.value.refusals] == ["6.14"]
    assert "HOS Code 6.14" in str(refused.value)
    assert Complaint.objects.get(pk=complaint.pk).version == version
    assert AuditEvent.objects.count() == events

    complaint = stage_respond(
        actor=org_a_manager,
        complaint=complaint,
        responded=date(2025, 4, 30),
        outcome="not_upheld",
        decision="Not upheld.",
        reasons="The remedy was enough.",
        contents=contents(2),
        version=version,
    )
    assert complaint.status == CaseStatus.RESPONDED
    complaint = complaint_close(
        actor=org_a_manager, complaint=complaint, closed=date(2025, 5, 2), version=complaint.version
    )
    assert (complaint.status, complaint.closed_on, complaint.next_due) == (
        "closed",
        date(2025, 5, 2),
        None,
    )
    assert complaint.version == 8
    actions = list(
        AuditEvent.objects.filter(object_id=str(complaint.pk), object_type="cases.complaint")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "complaint.receive",
        "complaint.acknowledge",
        "complaint.extend",
        "complaint.respond",
        "complaint.escalate",
        "complaint.acknowledge",
        "complaint.respond",
        "complaint.close",
    ]


def test_audit_records_only_the_changed_fields_as_json(org_a_handler: User) -> None:
    complaint = received_complaint(org_a_handler, received=date(2025, 3, 3))

    stage_acknowledge(actor=org_a_handler, complaint=complaint, acknowledged=date(2025, 3, 5))

    event = AuditEvent.objects.filter(action="complaint.acknowledge").get()
    assert event.actor == org_a_handler
    assert event.organisation == org_a_handler.organisation
    assert event.before == {
        "handler": None,
        "next_due": "2025-03-10",
        "stage_1.acknowledged": None,
        "stage_1.handler": None,
        "stage_1.respond_by": "2025-03-24",
        "status": "received",
        "version": 1,
    }
    assert event.after == {
        "handler": org_a_handler.pk,
        "next_due": "2025-03-19",
        "stage_1.acknowledged": "2025-03-05",
        "stage_1.handler": org_a_handler.pk,
        "stage_1.respond_by": "2025-03-19",
        "status": "acknowledged",
        "version": 2,
    }


def test_closure_days_move_deadlines(org_a_handler: User) -> None:
    ClosureDayFactory(organisation=org_a_handler.organisation, day=date(2025, 3, 5))

    complaint = received_complaint(org_a_handler, received=date(2025, 3, 3))

    assert stage(complaint, 1).acknowledge_by == date(2025, 3, 11)


def refused_steps(actor: User, complaint: Complaint) -> list[object]:
    """Steps the rules refuse on a received HOS complaint, each as a zero-argument call."""
    return [
        lambda: stage_respond(
            actor=actor,
            complaint=complaint,
            responded=date(2025, 3, 10),
            outcome="upheld",
            decision="",
            reasons="",
            contents=contents(1),
        ),
        lambda: extension_grant(
            actor=actor,
            complaint=complaint,
            days=5,
            reason="Complex",
            ombudsman_details_given=True,
            granted_on=date(2025, 3, 5),
        ),
        lambda: complaint_escalate(actor=actor, complaint=complaint, requested=date(2025, 3, 5)),
        lambda: complaint_close(actor=actor, complaint=complaint, closed=date(2025, 3, 5)),
        lambda: complaint_exclude(
            actor=actor,
            complaint=complaint,
            reason="Over 12 months since the issue",
            evidence="",
            ombudsman_details_given=False,
            decided=date(2025, 3, 5),
        ),
    ]


def test_every_refusal_writes_nothing_and_records_nothing(org_a_handler: User) -> None:
    complaint = received_complaint(org_a_handler, received=date(2025, 3, 3))
    before = snapshot(complaint)

    for step in refused_steps(org_a_handler, complaint):
        with pytest.raises(CaseRefused) as refused:
            step()  # type: ignore[operator]
        assert refused.value.refusals
        assert str(refused.value)
        assert snapshot(complaint) == before


def test_exclusion_refusals_cite_their_clauses(org_a_handler: User) -> None:
    complaint = received_complaint(org_a_handler)

    with pytest.raises(CaseRefused) as refused:
        complaint_exclude(
            actor=org_a_handler,
            complaint=complaint,
            reason="Over 12 months since the issue",
            evidence="",
            ombudsman_details_given=False,
            decided=date(2025, 3, 5),
        )

    assert [r.clause for r in refused.value.refusals] == ["2.1", "2.4"]


def test_extension_without_ombudsman_details_is_refused(org_a_handler: User) -> None:
    complaint = received_complaint(org_a_handler)
    complaint = stage_acknowledge(
        actor=org_a_handler, complaint=complaint, acknowledged=date(2025, 3, 4)
    )

    with pytest.raises(CaseRefused) as refused:
        extension_grant(
            actor=org_a_handler,
            complaint=complaint,
            days=5,
            reason="Complex",
            ombudsman_details_given=False,
            granted_on=date(2025, 3, 5),
        )

    assert [r.clause for r in refused.value.refusals] == ["6.5"]
    assert not Extension.objects.exists()


def test_exclude_then_nothing_more(org_a_handler: User) -> None:
    complaint = received_complaint(org_a_handler)

    complaint = complaint_exclude(
        actor=org_a_handler,
        complaint=complaint,
        reason="Over 12 months since the issue",
        evidence="The boiler was replaced in 2022; this complaint was made in 2025.",
        ombudsman_details_given=True,
        decided=date(2025, 3, 5),
    )

    assert (complaint.status, complaint.closed_on, complaint.next_due) == (
        "excluded",
        date(2025, 3, 5),
        None,
    )
    event = AuditEvent.objects.get(action="complaint.exclude")
    assert event.after["ombudsman_details_given"] is True
    with pytest.raises(CaseRefused, match="excluded: no further step"):
        complaint_withdraw(actor=org_a_handler, complaint=complaint, withdrawn=date(2025, 3, 6))


def test_withdraw_at_any_point(org_a_handler: User) -> None:
    complaint = received_complaint(org_a_handler)
    complaint = stage_acknowledge(
        actor=org_a_handler, complaint=complaint, acknowledged=date(2025, 3, 4)
    )

    complaint = complaint_withdraw(
        actor=org_a_handler, complaint=complaint, withdrawn=date(2025, 3, 6)
    )

    assert (complaint.status, complaint.closed_on, complaint.next_due) == (
        "withdrawn",
        date(2025, 3, 6),
        None,
    )


def test_stale_version_is_refused_and_nothing_is_overwritten(
    org_a_handler: User, org_a_manager: User
) -> None:
    complaint = received_complaint(org_a_handler)
    opened = complaint.version
    complaint_assign(actor=org_a_manager, complaint=complaint, handler=org_a_manager)
    before = snapshot(complaint)

    with pytest.raises(StaleCase) as stale:
        stage_acknowledge(
            actor=org_a_handler,
            complaint=complaint,
            acknowledged=date(2025, 3, 4),
            handler=org_a_handler,
            version=opened,
        )

    assert str(stale.value) == (
        "This case was changed by someone else after you opened it. Nothing was saved: reload "
        "the case to see the change."
    )
    assert snapshot(complaint) == before
    assert Complaint.objects.get(pk=complaint.pk).handler == org_a_manager


def test_assign_sets_the_case_and_stage_handler(org_a_handler: User, org_a_manager: User) -> None:
    complaint = received_complaint(org_a_handler)

    complaint = complaint_assign(
        actor=org_a_manager, complaint=complaint, handler=org_a_handler, version=1
    )

    assert complaint.handler == org_a_handler
    assert stage(complaint, 1).handler == org_a_handler
    assert complaint.version == 2
    assert AuditEvent.objects.get(action="complaint.assign").after == {
        "handler": org_a_handler.pk,
        "stage_1.handler": org_a_handler.pk,
        "version": 2,
    }


def test_assign_refuses_read_only_staff_and_the_stage_1_handler_at_stage_2(
    org_a_handler: User, org_a_manager: User
) -> None:
    auditor = UserFactory(organisation=org_a_handler.organisation, role=Role.AUDITOR)
    complaint = received_complaint(org_a_handler, handler=org_a_handler)
    with pytest.raises(CaseInputError, match="cannot handle complaints here"):
        complaint_assign(actor=org_a_manager, complaint=complaint, handler=auditor)

    complaint = stage_acknowledge(
        actor=org_a_handler, complaint=complaint, acknowledged=date(2025, 3, 4)
    )
    complaint = complaint_escalate(
        actor=org_a_handler, complaint=complaint, requested=date(2025, 3, 10)
    )
    with pytest.raises(CaseRefused) as refused:
        complaint_assign(actor=org_a_manager, complaint=complaint, handler=org_a_handler)
    assert [r.clause for r in refused.value.refusals] == ["6.14"]
    complaint = complaint_assign(actor=org_a_manager, complaint=complaint, handler=org_a_manager)
    assert stage(complaint, 2).handler == org_a_manager


@pytest.mark.parametrize("role", [Role.MEMBER, Role.AUDITOR])
def test_read_only_roles_cannot_act(org_a_handler: User, role: str) -> None:
    reader = UserFactory(organisation=org_a_handler.organisation, role=role)
    complaint = received_complaint(org_a_handler)

    with pytest.raises(PermissionDenied):
        stage_acknowledge(actor=reader, complaint=complaint, acknowledged=date(2025, 3, 4))
    with pytest.raises(PermissionDenied):
        received_complaint(reader, service_area=complaint.service_area)


def test_another_organisation_cannot_act_on_a_complaint(
    org_a_handler: User, org_b_handler: User
) -> None:
    complaint = received_complaint(org_a_handler)
    before = snapshot(complaint)

    with pytest.raises(PermissionDenied):
        stage_acknowledge(actor=org_b_handler, complaint=complaint, acknowledged=date(2025, 3, 4))
    with pytest.raises(PermissionDenied):
        complaint_assign(actor=org_b_handler, complaint=complaint, handler=org_b_handler)
    with pytest.raises(PermissionDenied):
        complaint_withdraw(actor=org_b_handler, complaint=complaint, withdrawn=date(2025, 3, 4))
    with pytest.raises(CaseInputError, match="not one of your organisation's"):
        received_complaint(org_b_handler, service_area=complaint.service_area)
    assert snapshot(complaint) == before


def test_a_handler_of_another_organisation_cannot_be_given_a_case(
    org_a_handler: User, org_b_handler: User
) -> None:
    with pytest.raises(CaseInputError, match="cannot handle complaints here"):
        received_complaint(org_a_handler, handler=org_b_handler)
    assert not Complaint.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"description": "  "}, "must not be empty"),
        ({"name": ""}, "Give the name"),
        ({"received": date(2025, 7, 1), "today": date(2025, 6, 30)}, "is in the future"),
        ({"received": date(1999, 12, 31)}, "before 2000"),
        ({"channel": "pigeon"}, "Unknown channel 'pigeon'"),
        ({"email": "not an address"}, "is not an email address"),
    ],
)
def test_receive_refuses_bad_input(
    org_a_handler: User, fields: dict[str, object], message: str
) -> None:
    with pytest.raises(CaseInputError, match=message):
        received_complaint(org_a_handler, **fields)

    assert not Complaint.objects.exists()
    assert not AuditEvent.objects.filter(action="complaint.receive").exists()


def test_action_dates_before_receipt_or_in_the_future_are_refused(org_a_handler: User) -> None:
    complaint = received_complaint(org_a_handler, received=date(2025, 3, 3))

    with pytest.raises(CaseInputError, match="before receipt"):
        stage_acknowledge(actor=org_a_handler, complaint=complaint, acknowledged=date(2025, 3, 2))
    with pytest.raises(CaseInputError, match="in the future"):
        stage_acknowledge(actor=org_a_handler, complaint=complaint, acknowledged=date(2999, 1, 1))
    assert Complaint.objects.get(pk=complaint.pk).version == 1


def test_unknown_content_element_is_bad_input(org_a_handler: User) -> None:
    complaint = received_complaint(org_a_handler)
    complaint = stage_acknowledge(
        actor=org_a_handler, complaint=complaint, acknowledged=date(2025, 3, 4)
    )

    with pytest.raises(CaseInputError, match="unknown content element 'apology'"):
        stage_respond(
            actor=org_a_handler,
            complaint=complaint,
            responded=date(2025, 3, 10),
            outcome="upheld",
            decision="",
            reasons="",
            contents=["apology"],
        )


def test_references_are_sequential_per_organisation_and_year(
    org_a_handler: User, org_b_handler: User
) -> None:
    first = received_complaint(org_a_handler, received=date(2025, 3, 3))
    second = received_complaint(org_a_handler, received=date(2025, 3, 4))
    other = received_complaint(org_b_handler, received=date(2025, 3, 4))
    next_year = received_complaint(org_a_handler, received=date(2026, 1, 5))

    assert [first.reference, second.reference] == ["CMP-2025-00001", "CMP-2025-00002"]
    assert other.reference == "CMP-2025-00001"
    assert next_year.reference == "CMP-2026-00001"


def test_a_given_reference_is_kept_and_must_be_unique(org_a_handler: User) -> None:
    received_complaint(org_a_handler, reference="HSG/0042")
    with pytest.raises(CaseInputError, match="already in use"):
        received_complaint(org_a_handler, reference="HSG/0042")

    assert received_complaint(org_a_handler).reference == "CMP-2025-00001"
    assert Complaint.objects.count() == 2


def test_generated_references_skip_one_already_taken(org_a_handler: User) -> None:
    received_complaint(org_a_handler, reference="CMP-2025-00007")

    assert received_complaint(org_a_handler).reference == "CMP-2025-00008"


def test_receive_is_audited_without_personal_details(org_a_handler: User) -> None:
    complaint = received_complaint(
        org_a_handler, channel=Channel.PHONE, email="pat@example.com", category="Repairs"
    )

    event = AuditEvent.objects.get(action="complaint.receive")
    assert event.object_id == str(complaint.pk)
    assert event.after["reference"] == complaint.reference
    assert event.after["channel"] == "phone"
    assert "pat@example.com" not in str(event.after)
    assert "Pat Example" not in str(event.after)


def test_lgsco_outcomes_are_the_organisations_list(org_b_handler: User) -> None:
    area = ServiceAreaFactory(organisation=org_b_handler.organisation, profile="lgsco-2024")
    complaint = received_complaint(org_b_handler, service_area=area)
    complaint = stage_acknowledge(
        actor=org_b_handler, complaint=complaint, acknowledged=date(2025, 3, 4)
    )

    complaint = stage_respond(
        actor=org_b_handler,
        complaint=complaint,
        responded=date(2025, 3, 10),
        outcome="partly_upheld",
        decision="Partly upheld.",
        reasons="",
        contents=["escalation"],
    )

    assert complaint.status == "responded"


def test_a_superuser_without_organisation_cannot_receive(org_a: Organisation) -> None:
    admin = User.objects.create_superuser("root", "root@example.org", "x")
    area = ServiceAreaFactory(organisation=org_a)

    with pytest.raises(PermissionDenied):
        complaint_receive(
            actor=admin,
            service_area=area,
            channel=Channel.WEB,
            received=date(2025, 3, 3),
            name="Pat",
            description="Noise",
            today=date(2025, 3, 3),
        )
