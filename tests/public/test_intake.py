"""A complaint or service request sent from the public web form: the resident is the actor."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

from putright.audit.models import AuditEvent
from putright.cases.models import Channel, Complaint, Document, ServiceRequest
from putright.cases.services import (
    CaseInputError,
    complaint_receive,
    service_request_record,
    stage_acknowledge,
)
from putright.cases.services.record import correspondence_log
from putright.organisations.models import Organisation, User
from putright.organisations.permissions import RESIDENT_LABEL, Resident
from putright.people.models import Individual, ReasonableAdjustment, Representative
from putright.people.services import adjustment_agree, individual_create, representative_add
from putright.public.models import AdjustmentRequest, AdjustmentStatus, PendingUpload
from putright.public.services import (
    COMPLAINT,
    SERVICE_REQUEST,
    Submission,
    pending_upload_add,
    pending_upload_purge,
    pending_upload_remove,
    pending_uploads,
    public_submission_send,
)
from tests.factories import ServiceAreaFactory
from tests.people_factories import IndividualFactory
from tests.record_factories import EXE_BYTES, HTML_BYTES, PDF_BYTES, png_bytes, upload

pytestmark = pytest.mark.django_db

#: A Wednesday; the form receives a complaint on the day it is sent.
TODAY = date(2026, 3, 4)


@pytest.fixture(autouse=True)
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def housing(org_a: Organisation):
    return ServiceAreaFactory(organisation=org_a, name="Housing", profile="hos-2024")


def submission(area, **fields) -> Submission:
    values = {
        "kind": COMPLAINT,
        "service_area": area,
        "what_happened": "The boiler has not worked for three weeks.",
        "put_right": "Fix the boiler and refund the heating costs.",
        "name": "Pat Example",
        "contact_method": "email",
        "email": "pat@example.net",
        "issue_date": date(2026, 2, 10),
        **fields,
    }
    return Submission(**values)


def send(organisation, area, journey="journey-1", **fields):
    return public_submission_send(
        organisation=organisation,
        submission=submission(area, **fields),
        journey=journey,
        today=TODAY,
    )


def test_a_complaint_from_the_form_is_received_at_stage_1_by_the_web_channel(
    org_a: Organisation, housing
) -> None:
    complaint = send(org_a, housing)

    assert isinstance(complaint, Complaint)
    assert complaint.reference == "CMP-2026-00001"
    assert (complaint.channel, complaint.logged_by, complaint.handler) == (Channel.WEB, None, None)
    assert (complaint.profile, complaint.stage, complaint.status) == ("hos-2024", 1, "received")
    assert complaint.outcome_sought == "Fix the boiler and refund the heating costs."
    assert complaint.issue_date == date(2026, 2, 10)
    assert complaint.outside_time_limit is False
    stage = complaint.stages.get()
    # HOS 6.2 and 6.3: acknowledged within 5 working days, answered 10 working days after that.
    assert (stage.acknowledge_by, stage.respond_by) == (date(2026, 3, 11), date(2026, 3, 25))
    receive = AuditEvent.objects.get(action="complaint.receive")
    assert (receive.actor, receive.actor_label) == (None, RESIDENT_LABEL)
    assert receive.organisation == org_a


def test_the_individual_is_recorded_with_their_contact_preference(
    org_a: Organisation, housing
) -> None:
    complaint = send(org_a, housing, contact_method="phone", phone="01632 960123")

    person = complaint.individual
    assert (person.name, person.email, person.phone) == (
        "Pat Example",
        "pat@example.net",
        "01632 960123",
    )
    assert person.contact_preference == "phone"
    created = AuditEvent.objects.get(action="people.individual_create")
    assert created.actor_label == RESIDENT_LABEL
    assert created.after["name"] == "(withheld)"


def test_an_existing_individual_with_the_address_is_not_matched_from_the_form(
    org_a: Organisation, housing
) -> None:
    existing = IndividualFactory(organisation=org_a, email="pat@example.net")

    complaint = send(org_a, housing)

    assert complaint.individual != existing
    assert Individual.objects.filter(organisation=org_a).count() == 2


def test_a_representative_is_recorded_with_the_consent_they_declare(
    org_a: Organisation, housing
) -> None:
    complaint = send(
        org_a,
        housing,
        for_someone_else=True,
        name="Sam Advocate",
        relationship="Daughter",
        their_name="Pat Example",
        consent=True,
        email="sam@example.net",
    )

    representative = complaint.representative
    assert isinstance(representative, Representative)
    assert (representative.name, representative.relationship, representative.email) == (
        "Sam Advocate",
        "Daughter",
        "sam@example.net",
    )
    assert representative.individual == complaint.individual
    assert (representative.consent_given, representative.consent_date) == (True, TODAY)
    assert "Declared on the web form on 4 March 2026 by Sam Advocate" in (
        representative.consent_evidence
    )
    assert complaint.name == "Pat Example"
    assert complaint.email == ""  # the individual's own address is not known
    assert "representative, Sam Advocate" in complaint.individual.contact_notes


def test_no_complaint_for_someone_else_without_their_consent(org_a: Organisation, housing) -> None:
    with pytest.raises(CaseInputError, match="with their permission"):
        send(org_a, housing, for_someone_else=True, their_name="Pat Example", consent=False)

    assert not Complaint.objects.exists()
    assert not Individual.objects.exists()


def test_an_adjustment_asked_for_is_kept_as_a_request_not_agreed(
    org_a: Organisation, housing
) -> None:
    complaint = send(org_a, housing, adjustments="Letters in large print, please.")

    request = AdjustmentRequest.objects.get()
    assert (request.complaint, request.individual) == (complaint, complaint.individual)
    assert (request.status, request.description) == (
        AdjustmentStatus.REQUESTED,
        "Letters in large print, please.",
    )
    assert not ReasonableAdjustment.objects.exists()
    audit = AuditEvent.objects.get(action="public.adjustment_request")
    assert audit.after["description"] == "(withheld)"


def test_a_service_request_goes_through_the_service_request_intake(
    org_a: Organisation, housing
) -> None:
    request = send(org_a, housing, kind=SERVICE_REQUEST)

    assert isinstance(request, ServiceRequest)
    assert request.reference == "SR-2026-00001"
    assert (request.channel, request.logged_by, request.status) == (Channel.WEB, None, "open")
    assert request.individual is not None
    assert request.individual.name == "Pat Example"
    assert request.description.startswith("The boiler has not worked for three weeks.")
    assert "What would put it right: Fix the boiler" in request.description
    assert not Complaint.objects.exists()
    recorded = AuditEvent.objects.get(action="service_request.record")
    assert recorded.actor_label == RESIDENT_LABEL


def test_files_added_to_the_journey_become_the_complaints_documents(
    org_a: Organisation, housing, media: Path, django_capture_on_commit_callbacks
) -> None:
    pending_upload_add(
        organisation=org_a, journey="journey-1", upload=upload("letter.pdf", PDF_BYTES)
    )
    pending_upload_add(
        organisation=org_a, journey="journey-1", upload=upload("photo.txt", png_bytes())
    )
    pending_upload_add(
        organisation=org_a, journey="someone-else", upload=upload("other.pdf", PDF_BYTES)
    )

    with django_capture_on_commit_callbacks(execute=True):
        complaint = send(org_a, housing)

    documents = list(Document.objects.filter(complaint=complaint).order_by("pk"))
    assert [(d.name, d.content_type, d.uploaded_by) for d in documents] == [
        ("letter.pdf", "application/pdf", None),
        ("photo.txt", "image/png", None),
    ]
    assert documents[0].file.read() == PDF_BYTES
    # The journey's pending copies are gone; the other journey's file stays.
    assert [p.name for p in PendingUpload.objects.all()] == ["other.pdf"]
    stored = [p for p in media.rglob("*") if p.is_file()]
    assert len(stored) == 3


def test_a_refused_file_says_why_and_keeps_the_others(org_a: Organisation) -> None:
    pending_upload_add(organisation=org_a, journey="j", upload=upload("a.pdf", PDF_BYTES))

    with pytest.raises(CaseInputError, match=r"letter\.pdf was not saved: it is a web page"):
        pending_upload_add(organisation=org_a, journey="j", upload=upload("letter.pdf", HTML_BYTES))
    with pytest.raises(CaseInputError, match="a Windows program"):
        pending_upload_add(organisation=org_a, journey="j", upload=upload("cv.doc", EXE_BYTES))

    assert [p.name for p in pending_uploads(organisation=org_a, journey="j")] == ["a.pdf"]


def test_a_journey_takes_at_most_ten_files(org_a: Organisation) -> None:
    for n in range(10):
        pending_upload_add(organisation=org_a, journey="j", upload=upload(f"{n}.pdf", PDF_BYTES))

    with pytest.raises(CaseInputError, match="up to 10 files"):
        pending_upload_add(organisation=org_a, journey="j", upload=upload("11.pdf", PDF_BYTES))


def test_a_file_is_removed_only_from_its_own_journey(
    org_a: Organisation, media: Path, django_capture_on_commit_callbacks
) -> None:
    mine = pending_upload_add(organisation=org_a, journey="j", upload=upload("a.pdf", PDF_BYTES))

    pending_upload_remove(organisation=org_a, journey="other", pk=mine.pk)
    assert PendingUpload.objects.filter(pk=mine.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        pending_upload_remove(organisation=org_a, journey="j", pk=mine.pk)
    assert not PendingUpload.objects.exists()
    assert not [p for p in media.rglob("*") if p.is_file()]


def test_abandoned_files_are_purged_after_a_day(org_a: Organisation, media: Path) -> None:
    from datetime import timedelta

    from django.utils import timezone

    pending_upload_add(organisation=org_a, journey="j", upload=upload("a.pdf", PDF_BYTES))

    assert pending_upload_purge() == 0
    assert pending_upload_purge(now=timezone.now() + timedelta(hours=25)) == 1
    assert not PendingUpload.objects.exists()
    assert not [p for p in media.rglob("*") if p.is_file()]


def test_a_service_area_of_another_organisation_is_refused(
    org_a: Organisation, org_b: Organisation
) -> None:
    theirs = ServiceAreaFactory(organisation=org_b, name="Housing")

    with pytest.raises(CaseInputError, match="not one of this organisation's"):
        send(org_a, theirs)
    with pytest.raises(CaseInputError, match="not one of your organisation's"):
        complaint_receive(
            actor=Resident(org_a),
            service_area=theirs,
            channel=Channel.WEB,
            received=TODAY,
            name="Pat",
            description="Broken.",
            today=TODAY,
        )


def test_a_resident_cannot_pick_a_handler_reference_or_channel(
    org_a: Organisation, org_a_handler: User, housing
) -> None:
    common = {
        "actor": Resident(org_a),
        "service_area": housing,
        "received": TODAY,
        "name": "Pat",
        "description": "Broken.",
        "today": TODAY,
    }
    for extra in (
        {"channel": Channel.PHONE},
        {"channel": Channel.WEB, "handler": org_a_handler},
        {"channel": Channel.WEB, "reference": "MINE-1"},
    ):
        with pytest.raises(CaseInputError, match="web form"):
            complaint_receive(**common, **extra)
    with pytest.raises(CaseInputError, match="web form"):
        service_request_record(**{**common, "channel": Channel.WEB, "target_date": TODAY})
    assert not Complaint.objects.exists()


def test_a_resident_names_only_the_individual_they_recorded(org_a: Organisation, housing) -> None:
    somebody = IndividualFactory(organisation=org_a)
    resident = Resident(org_a)
    mine = individual_create(actor=resident, name="Pat Example")

    with pytest.raises(PermissionDenied):
        representative_add(
            actor=Resident(org_a, individual_id=mine.pk),
            individual=somebody,
            name="Sam",
            consent_given=True,
            consent_date=TODAY,
            consent_evidence="Said so.",
            today=TODAY,
        )
    with pytest.raises(PermissionDenied):
        complaint_receive(
            actor=Resident(org_a, individual_id=mine.pk),
            service_area=housing,
            channel=Channel.WEB,
            received=TODAY,
            name="Pat",
            description="Broken.",
            today=TODAY,
            individual=somebody,
        )


def test_a_resident_cannot_take_staff_steps(org_a: Organisation, housing) -> None:
    complaint = send(org_a, housing)
    resident = Resident(org_a, complaint_id=complaint.pk)

    with pytest.raises(PermissionDenied):
        stage_acknowledge(actor=resident, complaint=complaint, acknowledged=TODAY)
    with pytest.raises(PermissionDenied):
        adjustment_agree(
            actor=resident,
            individual=complaint.individual,
            description="Large print.",
            agreed_on=TODAY,
            review_by=date(2026, 9, 1),
            today=TODAY,
        )
    with pytest.raises(PermissionDenied):
        correspondence_log(
            actor=Resident(org_a),
            complaint=complaint,
            direction="in",
            channel="web",
            date=TODAY,
            summary="Not my complaint",
        )
