"""One-time tracking links, and the steps residents take on their own complaint."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from putright.audit.models import AuditEvent
from putright.cases.models import CaseStatus, Complaint, Correspondence, Direction
from putright.cases.services import (
    CaseInputError,
    CaseRefused,
    complaint_close,
    complaint_escalate,
    complaint_withdraw,
)
from putright.organisations.models import Organisation, User
from putright.organisations.permissions import RESIDENT_LABEL, Resident
from putright.public.models import Rating, SurveyResponse, TrackingLink
from putright.public.services import (
    LinkRefused,
    contact_address_for,
    information_add,
    survey_response_record,
    tracking_link_issue,
    tracking_link_purge,
    tracking_link_redeem,
)
from putright.public.services.tracking import token_digest
from tests.record_factories import HTML_BYTES, PDF_BYTES, complaint_for, responded, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def case(org_a_handler: User) -> Complaint:
    return complaint_for(org_a_handler, email="pat@example.net")


def test_a_link_is_stored_only_as_a_digest_and_works_once(
    case: Complaint, org_a: Organisation
) -> None:
    issued = tracking_link_issue(complaint=case)

    link = TrackingLink.objects.get()
    assert link.token_hash == token_digest(issued.token) != issued.token
    assert issued.token not in str(list(TrackingLink.objects.values()))
    assert tracking_link_redeem(organisation=org_a, token=issued.token) == case
    with pytest.raises(LinkRefused, match="expired or has already been used"):
        tracking_link_redeem(organisation=org_a, token=issued.token)
    sent = AuditEvent.objects.get(action="public.tracking_link_sent")
    used = AuditEvent.objects.get(action="public.tracking_link_used")
    assert (sent.object_id, used.object_id) == (str(case.pk), str(case.pk))
    assert used.actor_label == RESIDENT_LABEL
    assert issued.token not in str(sent.after) + str(used.after)


def test_an_expired_link_is_refused(case: Complaint, org_a: Organisation) -> None:
    issued = tracking_link_issue(complaint=case)

    later = timezone.now() + timedelta(minutes=61)
    with pytest.raises(LinkRefused):
        tracking_link_redeem(organisation=org_a, token=issued.token, now=later)
    assert TrackingLink.objects.get().used is None


def test_a_link_works_only_on_its_own_organisations_pages(
    case: Complaint, org_b: Organisation
) -> None:
    issued = tracking_link_issue(complaint=case)

    with pytest.raises(LinkRefused):
        tracking_link_redeem(organisation=org_b, token=issued.token)


def test_an_unknown_token_is_refused(org_a: Organisation) -> None:
    with pytest.raises(LinkRefused):
        tracking_link_redeem(organisation=org_a, token="not-a-token")


def test_old_links_are_purged(case: Complaint) -> None:
    tracking_link_issue(complaint=case)

    assert tracking_link_purge() == 0
    assert tracking_link_purge(now=timezone.now() + timedelta(days=2)) == 1


def test_the_address_must_be_the_individuals_or_their_representatives(
    org_a_handler: User,
) -> None:
    from tests.people_factories import RepresentativeFactory

    case = complaint_for(org_a_handler, email="Pat@Example.net")
    assert contact_address_for(case, " pat@example.NET ") == "Pat@Example.net"
    assert contact_address_for(case, "someone@example.net") is None
    assert contact_address_for(case, "") is None

    representative = RepresentativeFactory(
        individual=case.individual,
        email="sam@example.net",
        consent_given=True,
        consent_date=date(2025, 3, 1),
    )
    case.representative = representative
    assert contact_address_for(case, "sam@example.net") == "sam@example.net"
    representative.active = False
    assert contact_address_for(case, "sam@example.net") is None


def test_a_resident_asks_for_stage_2_without_a_reason(
    case: Complaint, org_a: Organisation, org_a_handler: User
) -> None:
    case = responded(case, org_a_handler)
    today = timezone.localdate()

    escalated = complaint_escalate(
        actor=Resident(org_a, complaint_id=case.pk), complaint=case, requested=today
    )

    assert (escalated.stage, escalated.status, escalated.handler) == (2, "received", None)
    event = AuditEvent.objects.get(action="complaint.escalate")
    assert (event.actor, event.actor_label) == (None, RESIDENT_LABEL)


def test_the_rules_apply_to_a_resident_as_to_staff(case: Complaint, org_a: Organisation) -> None:
    # HOS 6.2: stage 1 must be acknowledged before anything else happens at it.
    with pytest.raises(CaseRefused, match="not been acknowledged yet"):
        complaint_escalate(
            actor=Resident(org_a, complaint_id=case.pk),
            complaint=case,
            requested=timezone.localdate(),
        )


def test_a_resident_withdraws_their_own_complaint(case: Complaint, org_a: Organisation) -> None:
    withdrawn = complaint_withdraw(
        actor=Resident(org_a, complaint_id=case.pk),
        complaint=case,
        withdrawn=timezone.localdate(),
    )

    assert withdrawn.status == CaseStatus.WITHDRAWN
    assert AuditEvent.objects.get(action="complaint.withdraw").actor_label == RESIDENT_LABEL


def test_a_resident_cannot_act_on_another_complaint(
    case: Complaint, org_a: Organisation, org_b: Organisation, org_a_handler: User
) -> None:
    other = complaint_for(org_a_handler, email="other@example.net")
    today = timezone.localdate()

    for resident in (
        Resident(org_a, complaint_id=other.pk),
        Resident(org_a),
        Resident(org_b, complaint_id=case.pk),
    ):
        with pytest.raises(PermissionDenied):
            complaint_withdraw(actor=resident, complaint=case, withdrawn=today)
        with pytest.raises(PermissionDenied):
            information_add(resident=resident, complaint=case, text="More.", today=today)
    assert Complaint.objects.get(pk=case.pk).status == CaseStatus.RECEIVED
    assert not Correspondence.objects.exists()


def test_information_added_is_correspondence_in_with_its_files(
    case: Complaint, org_a: Organisation
) -> None:
    today = timezone.localdate()

    entry = information_add(
        resident=Resident(org_a, complaint_id=case.pk),
        complaint=case,
        text="The engineer did not come again today.",
        files=[upload("photo.pdf", PDF_BYTES)],
        today=today,
    )

    assert (entry.direction, entry.channel, entry.created_by, entry.date) == (
        Direction.IN,
        "web",
        None,
        today,
    )
    assert entry.body == "The engineer did not come again today."
    assert [(d.name, d.uploaded_by) for d in entry.attachments.all()] == [("photo.pdf", None)]
    assert AuditEvent.objects.get(action="record.log_correspondence").actor_label == (
        RESIDENT_LABEL
    )


def test_information_with_a_refused_file_keeps_nothing(
    case: Complaint, org_a: Organisation
) -> None:
    with pytest.raises(CaseInputError, match="web page"):
        information_add(
            resident=Resident(org_a, complaint_id=case.pk),
            complaint=case,
            text="See attached.",
            files=[upload("page.pdf", HTML_BYTES)],
            today=timezone.localdate(),
        )
    assert not Correspondence.objects.exists()


def test_nothing_empty_and_nothing_on_a_finished_complaint(
    case: Complaint, org_a: Organisation
) -> None:
    resident = Resident(org_a, complaint_id=case.pk)
    today = timezone.localdate()
    with pytest.raises(CaseInputError, match="Enter the information"):
        information_add(resident=resident, complaint=case, text="  ", today=today)

    case = complaint_withdraw(actor=resident, complaint=case, withdrawn=today)
    with pytest.raises(CaseInputError, match="finished"):
        information_add(resident=resident, complaint=case, text="More.", today=today)


def feedback(resident: Resident, complaint: Complaint, **fields) -> SurveyResponse:
    values = {
        "ease": Rating.SATISFIED,
        "kept_informed": Rating.DISSATISFIED,
        "respect": Rating.VERY_SATISFIED,
        "overall": Rating.NEITHER,
        "comment": "Took a while to hear back.",
        "today": timezone.localdate(),
        **fields,
    }
    return survey_response_record(resident=resident, complaint=complaint, **values)


def test_feedback_is_given_once_on_a_finished_complaint(
    case: Complaint, org_a: Organisation, org_a_handler: User
) -> None:
    resident = Resident(org_a, complaint_id=case.pk)
    with pytest.raises(CaseInputError, match="once your complaint is finished"):
        feedback(resident, case)

    case = responded(case, org_a_handler)
    case = complaint_close(actor=org_a_handler, complaint=case, closed=date(2025, 3, 20))
    response = feedback(resident, case)

    assert (response.complaint, response.kept_informed, response.comment) == (
        case,
        "dissatisfied",
        "Took a while to hear back.",
    )
    event = AuditEvent.objects.get(action="public.feedback")
    assert event.after["comment"] == "(withheld)"
    with pytest.raises(CaseInputError, match="already given feedback"):
        feedback(resident, case)
    with pytest.raises(PermissionDenied):
        feedback(Resident(org_a), case)


def test_feedback_needs_every_answer(case: Complaint, org_a: Organisation) -> None:
    resident = Resident(org_a, complaint_id=case.pk)
    case = complaint_withdraw(actor=resident, complaint=case, withdrawn=timezone.localdate())

    with pytest.raises(CaseInputError, match="how they were kept informed"):
        feedback(resident, case, kept_informed="")
    assert not SurveyResponse.objects.exists()
