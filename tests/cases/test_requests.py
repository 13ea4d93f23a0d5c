"""Service requests: recorded apart from complaints, worked on, and complaints opened from them."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from putright.audit.models import AuditEvent
from putright.cases.models import (
    CaseStatus,
    Complaint,
    RequestStatus,
    RequestUpdate,
    ServiceRequest,
    Stage,
)
from putright.cases.request_selectors import (
    complaint_offer,
    request_counts,
    request_queue,
    reviews_due,
    service_request_get,
    service_requests_for,
)
from putright.cases.services import CaseInputError, StaleCase
from putright.cases.services.requests import (
    StaleRequest,
    service_request_assign,
    service_request_cancel,
    service_request_complain,
    service_request_complete,
    service_request_record,
    service_request_respond,
    service_request_review,
    service_request_update,
)
from putright.organisations.models import Organisation, Role, ServiceArea, User
from tests.factories import ServiceAreaFactory, UserFactory
from tests.request_factories import recorded_request

pytestmark = pytest.mark.django_db

TODAY = date(2025, 6, 2)


@pytest.fixture
def housing(org_a: Organisation) -> ServiceArea:
    return ServiceAreaFactory(organisation=org_a, name="Housing repairs", profile="hos-2024")


@pytest.fixture
def waste(org_a: Organisation) -> ServiceArea:
    return ServiceAreaFactory(organisation=org_a, name="Waste", profile="lgsco-2024")


@pytest.fixture
def request_a(org_a_handler: User, housing: ServiceArea) -> ServiceRequest:
    return recorded_request(org_a_handler, service_area=housing, received=date(2025, 3, 3))


def snapshot(service_request: ServiceRequest) -> tuple[object, ...]:
    fresh = ServiceRequest.objects.filter(pk=service_request.pk).values().get()
    return (
        fresh,
        RequestUpdate.objects.count(),
        Complaint.objects.count(),
        Stage.objects.count(),
        AuditEvent.objects.count(),
    )


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


@pytest.fixture(params=[Role.MEMBER, Role.AUDITOR])
def reader(request: pytest.FixtureRequest, org_a: Organisation) -> User:
    return UserFactory(
        username=f"{request.param}@org-a.example", organisation=org_a, role=request.param
    )


# --- Recording --------------------------------------------------------------------------------


def test_record_a_request(org_a_handler: User, housing: ServiceArea) -> None:
    service_request = service_request_record(
        actor=org_a_handler,
        service_area=housing,
        channel="phone",
        received=date(2025, 3, 3),
        name="  Sam   Example ",
        description=" The gutter is broken. ",
        today=TODAY,
        email="sam@example.org",
        target_date=date(2025, 3, 17),
        handler=org_a_handler,
    )

    assert service_request.reference == "SR-2025-00001"
    assert service_request.status == RequestStatus.OPEN
    assert service_request.name == "Sam Example"
    assert service_request.description == "The gutter is broken."
    assert service_request.logged_by == org_a_handler
    assert service_request.target_date == date(2025, 3, 17)
    (event,) = events("service_request.record")
    assert event.actor == org_a_handler
    assert event.organisation == housing.organisation
    assert event.object_id == str(service_request.pk)
    assert event.after["reference"] == "SR-2025-00001"
    assert event.after["target_date"] == "2025-03-17"
    # Personal details stay out of the audit record.
    assert "name" not in event.after
    assert "email" not in event.after


def test_references_count_per_organisation_and_year(
    org_a_handler: User, org_b_handler: User, housing: ServiceArea
) -> None:
    first = recorded_request(org_a_handler, service_area=housing)
    second = recorded_request(org_a_handler, service_area=housing)
    next_year = recorded_request(org_a_handler, service_area=housing, received=date(2026, 1, 5))
    other = recorded_request(org_b_handler)

    assert [first.reference, second.reference] == ["SR-2025-00001", "SR-2025-00002"]
    assert next_year.reference == "SR-2026-00001"
    assert other.reference == "SR-2025-00001"
    references = ServiceRequest.objects.filter(organisation=housing.organisation)
    assert len(set(references.values_list("reference", flat=True))) == 3


def test_request_references_are_apart_from_complaint_references(
    org_a_handler: User, housing: ServiceArea
) -> None:
    service_request = recorded_request(org_a_handler, service_area=housing)
    complaint = service_request_complain(
        actor=org_a_handler,
        service_request=service_request,
        dissatisfied_on=date(2025, 3, 10),
        description="Still not fixed.",
        today=TODAY,
    )

    assert service_request.reference == "SR-2025-00001"
    assert complaint.reference == "CMP-2025-00001"
    assert recorded_request(org_a_handler, service_area=housing).reference == "SR-2025-00002"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"received": TODAY + timedelta(days=1)}, "in the future"),
        ({"received": date(1999, 12, 31)}, "before 2000"),
        ({"name": "  "}, "name"),
        ({"description": " "}, "Describe the request"),
        ({"channel": "pigeon"}, "Unknown channel"),
        ({"email": "not-an-address"}, "not an email address"),
        ({"target_date": date(2025, 3, 1)}, "target date"),
    ],
)
def test_record_refuses_bad_input_and_writes_nothing(
    org_a_handler: User, housing: ServiceArea, change: dict[str, object], message: str
) -> None:
    values: dict[str, object] = {
        "channel": "phone",
        "received": date(2025, 3, 3),
        "name": "Sam Example",
        "description": "The gutter is broken.",
        "today": TODAY,
        **change,
    }

    with pytest.raises(CaseInputError, match=message):
        service_request_record(actor=org_a_handler, service_area=housing, **values)  # type: ignore[arg-type]

    assert ServiceRequest.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_record_refuses_another_organisations_service_area_and_handler(
    org_a_handler: User, org_b_handler: User, housing: ServiceArea
) -> None:
    with pytest.raises(CaseInputError, match="service area"):
        recorded_request(org_b_handler, service_area=housing)
    with pytest.raises(CaseInputError, match="cannot handle service requests"):
        recorded_request(org_a_handler, service_area=housing, handler=org_b_handler)

    assert ServiceRequest.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_read_only_roles_cannot_record(reader: User, housing: ServiceArea) -> None:
    with pytest.raises(PermissionDenied):
        recorded_request(reader, service_area=housing)

    assert ServiceRequest.objects.count() == 0
    assert AuditEvent.objects.count() == 0


# --- Working on a request ---------------------------------------------------------------------


def test_assign_starts_the_work_and_records_the_change(
    request_a: ServiceRequest, org_a_handler: User, org_a_manager: User
) -> None:
    changed = service_request_assign(
        actor=org_a_handler,
        service_request=request_a,
        handler=org_a_manager,
        target_date=date(2025, 3, 20),
        version=request_a.version,
    )

    fresh = ServiceRequest.objects.get(pk=request_a.pk)
    assert fresh.handler == org_a_manager
    assert fresh.status == RequestStatus.IN_PROGRESS
    assert fresh.target_date == date(2025, 3, 20)
    assert fresh.version == request_a.version + 1 == changed.version
    (event,) = events("service_request.assign")
    assert event.before == {
        "handler": None,
        "status": "open",
        "target_date": None,
        "version": 1,
    }
    assert event.after == {
        "handler": org_a_manager.pk,
        "status": "in_progress",
        "target_date": "2025-03-20",
        "version": 2,
    }


def test_assign_refuses_a_handler_of_another_organisation(
    request_a: ServiceRequest, org_a_handler: User, org_b_handler: User
) -> None:
    before = snapshot(request_a)

    with pytest.raises(CaseInputError, match="cannot handle service requests"):
        service_request_assign(
            actor=org_a_handler, service_request=request_a, handler=org_b_handler
        )

    assert snapshot(request_a) == before


def test_a_stale_form_writes_nothing(
    request_a: ServiceRequest, org_a_handler: User, org_a_manager: User
) -> None:
    service_request_update(actor=org_a_handler, service_request=request_a, note="Called them.")
    before = snapshot(request_a)

    with pytest.raises(StaleRequest) as raised:
        service_request_assign(
            actor=org_a_manager, service_request=request_a, handler=org_a_manager, version=1
        )

    assert isinstance(raised.value, StaleCase)
    assert "service request was changed" in str(raised.value)
    assert snapshot(request_a) == before


def test_update_adds_a_progress_note(request_a: ServiceRequest, org_a_handler: User) -> None:
    update = service_request_update(
        actor=org_a_handler, service_request=request_a, note="  Contractor booked for Tuesday. "
    )

    assert update.note == "Contractor booked for Tuesday."
    assert update.created_by == org_a_handler
    assert list(request_a.updates.all()) == [update]
    assert ServiceRequest.objects.get(pk=request_a.pk).status == RequestStatus.IN_PROGRESS
    (event,) = events("service_request.update")
    assert event.after["update"] == update.pk


def test_an_empty_update_is_refused(request_a: ServiceRequest, org_a_handler: User) -> None:
    before = snapshot(request_a)

    with pytest.raises(CaseInputError, match="Write the update"):
        service_request_update(actor=org_a_handler, service_request=request_a, note=" ")

    assert snapshot(request_a) == before


def test_respond_records_the_response(request_a: ServiceRequest, org_a_handler: User) -> None:
    service_request_respond(
        actor=org_a_handler,
        service_request=request_a,
        response="The gutter will be replaced on 20 March.",
        responded_on=date(2025, 3, 5),
    )

    fresh = ServiceRequest.objects.get(pk=request_a.pk)
    assert fresh.response == "The gutter will be replaced on 20 March."
    assert fresh.responded_on == date(2025, 3, 5)
    assert fresh.status == RequestStatus.IN_PROGRESS
    (event,) = events("service_request.respond")
    assert event.after["responded_on"] == "2025-03-05"


@pytest.mark.parametrize(
    ("day", "message"),
    [(date(2025, 3, 2), "before the request was received"), (None, "in the future")],
)
def test_respond_refuses_impossible_dates(
    request_a: ServiceRequest, org_a_handler: User, day: date | None, message: str
) -> None:
    before = snapshot(request_a)
    day = day or timezone.localdate() + timedelta(days=2)

    with pytest.raises(CaseInputError, match=message):
        service_request_respond(
            actor=org_a_handler, service_request=request_a, response="Done.", responded_on=day
        )

    assert snapshot(request_a) == before


def test_review_sets_the_review_date(request_a: ServiceRequest, org_a_handler: User) -> None:
    service_request_review(
        actor=org_a_handler, service_request=request_a, review_by=date(2025, 4, 1)
    )

    assert ServiceRequest.objects.get(pk=request_a.pk).review_by == date(2025, 4, 1)
    (event,) = events("service_request.review")
    assert event.before == {"review_by": None, "version": 1}
    assert event.after == {"review_by": "2025-04-01", "version": 2}


def test_complete_finishes_the_request(request_a: ServiceRequest, org_a_handler: User) -> None:
    service_request_review(
        actor=org_a_handler, service_request=request_a, review_by=date(2025, 4, 1)
    )
    service_request_complete(
        actor=org_a_handler, service_request=request_a, completed_on=date(2025, 3, 20)
    )

    fresh = ServiceRequest.objects.get(pk=request_a.pk)
    assert fresh.status == RequestStatus.DONE
    assert fresh.completed_on == date(2025, 3, 20)
    assert fresh.review_by is None
    assert events("service_request.complete")[0].after["status"] == "done"


def test_a_finished_request_cannot_be_changed(
    request_a: ServiceRequest, org_a_handler: User
) -> None:
    service_request_cancel(actor=org_a_handler, service_request=request_a, reason="Recorded twice.")
    before = snapshot(request_a)

    with pytest.raises(CaseInputError, match="cancelled: it can no longer be changed"):
        service_request_update(actor=org_a_handler, service_request=request_a, note="More.")
    with pytest.raises(CaseInputError, match="can no longer be changed"):
        service_request_complete(
            actor=org_a_handler, service_request=request_a, completed_on=date(2025, 3, 20)
        )

    assert snapshot(request_a) == before


def test_cancel_keeps_the_reason(request_a: ServiceRequest, org_a_handler: User) -> None:
    service_request_cancel(actor=org_a_handler, service_request=request_a, reason="Recorded twice.")

    fresh = ServiceRequest.objects.get(pk=request_a.pk)
    assert fresh.status == RequestStatus.CANCELLED
    assert [u.note for u in fresh.updates.all()] == ["Cancelled: Recorded twice."]
    with pytest.raises(CaseInputError, match="reason"):
        service_request_cancel(actor=org_a_handler, service_request=fresh, reason="")


WRITES = {
    "assign": lambda actor, sr: service_request_assign(
        actor=actor, service_request=sr, handler=actor
    ),
    "update": lambda actor, sr: service_request_update(
        actor=actor, service_request=sr, note="A note."
    ),
    "respond": lambda actor, sr: service_request_respond(
        actor=actor, service_request=sr, response="Done.", responded_on=date(2025, 3, 4)
    ),
    "review": lambda actor, sr: service_request_review(
        actor=actor, service_request=sr, review_by=date(2025, 4, 1)
    ),
    "complete": lambda actor, sr: service_request_complete(
        actor=actor, service_request=sr, completed_on=date(2025, 3, 4)
    ),
    "cancel": lambda actor, sr: service_request_cancel(
        actor=actor, service_request=sr, reason="Withdrawn."
    ),
    "complain": lambda actor, sr: service_request_complain(
        actor=actor,
        service_request=sr,
        dissatisfied_on=date(2025, 3, 4),
        description="Unhappy.",
        today=TODAY,
    ),
}


@pytest.mark.parametrize("write", WRITES)
def test_another_organisation_cannot_change_a_request(
    request_a: ServiceRequest, org_b_handler: User, write: str
) -> None:
    before = snapshot(request_a)

    with pytest.raises(PermissionDenied):
        WRITES[write](org_b_handler, request_a)

    assert snapshot(request_a) == before


@pytest.mark.parametrize("write", WRITES)
def test_read_only_roles_cannot_change_a_request(
    request_a: ServiceRequest, reader: User, write: str
) -> None:
    before = snapshot(request_a)

    with pytest.raises(PermissionDenied):
        WRITES[write](reader, request_a)

    assert snapshot(request_a) == before


# --- Dissatisfied: a complaint from the request ---------------------------------------------


def test_dissatisfaction_opens_a_linked_stage_1_complaint_and_the_request_stays_open(
    org_a_handler: User, housing: ServiceArea
) -> None:
    service_request = recorded_request(
        org_a_handler,
        service_area=housing,
        email="sam@example.org",
        phone="01234 567890",
        address="3 High Street",
        category="Repairs",
    )
    service_request_respond(
        actor=org_a_handler,
        service_request=service_request,
        response="We will fix it in April.",
        responded_on=date(2025, 3, 5),
    )
    # A Friday: the complaint is received on the day the individual said they were dissatisfied.
    complaint = service_request_complain(
        actor=org_a_handler,
        service_request=service_request,
        dissatisfied_on=date(2025, 3, 7),
        description="April is too late: water is coming in.",
        outcome_sought="Fix it this week.",
        today=TODAY,
    )

    complaint = Complaint.objects.get(pk=complaint.pk)
    assert complaint.stage == 1
    assert complaint.status == CaseStatus.RECEIVED
    assert complaint.service_request == service_request
    assert complaint.service_area == housing
    assert complaint.profile == "hos-2024"
    assert complaint.received == date(2025, 3, 7)
    assert complaint.channel == service_request.channel
    assert (complaint.name, complaint.email, complaint.phone, complaint.address) == (
        "Sam Example",
        "sam@example.org",
        "01234 567890",
        "3 High Street",
    )
    assert complaint.category == "Repairs"
    assert complaint.description == "April is too late: water is coming in."
    assert complaint.outcome_sought == "Fix it this week."
    stage = Stage.objects.get(complaint=complaint, number=1)
    # HOS 6.2: acknowledge within 5 working days; 6.3: respond 10 working days after that.
    assert stage.acknowledge_by == date(2025, 3, 14)
    assert stage.respond_by == date(2025, 3, 28)
    assert complaint.next_due == date(2025, 3, 14)

    fresh = ServiceRequest.objects.get(pk=service_request.pk)
    assert fresh.status == RequestStatus.IN_PROGRESS
    assert fresh.dissatisfied_on == date(2025, 3, 7)
    assert list(fresh.complaints.all()) == [complaint]

    (link,) = events("service_request.link")
    assert link.object_type == "cases.complaint"
    assert link.object_id == str(complaint.pk)
    assert link.after == {"service_request": service_request.reference}
    (complained,) = events("service_request.complain")
    assert complained.after["dissatisfied_on"] == "2025-03-07"
    assert complained.after["complaint"] == complaint.reference
    assert len(events("complaint.receive")) == 1


def test_the_request_keeps_being_worked_on_after_a_complaint(
    request_a: ServiceRequest, org_a_handler: User
) -> None:
    service_request_complain(
        actor=org_a_handler,
        service_request=request_a,
        dissatisfied_on=date(2025, 3, 7),
        description="Unhappy.",
        today=TODAY,
    )
    fresh = ServiceRequest.objects.get(pk=request_a.pk)
    assert fresh.status == RequestStatus.OPEN

    service_request_update(actor=org_a_handler, service_request=fresh, note="Still working on it.")
    service_request_complete(
        actor=org_a_handler, service_request=fresh, completed_on=date(2025, 3, 20)
    )

    assert ServiceRequest.objects.get(pk=request_a.pk).status == RequestStatus.DONE


def test_a_done_request_can_still_lead_to_a_complaint(
    request_a: ServiceRequest, org_a_handler: User
) -> None:
    service_request_complete(
        actor=org_a_handler, service_request=request_a, completed_on=date(2025, 3, 10)
    )

    complaint = service_request_complain(
        actor=org_a_handler,
        service_request=request_a,
        dissatisfied_on=date(2025, 3, 12),
        description="The work was poor.",
        today=TODAY,
    )

    assert complaint.service_request_id == request_a.pk
    assert ServiceRequest.objects.get(pk=request_a.pk).status == RequestStatus.DONE


def test_an_lgsco_request_opens_an_lgsco_complaint(org_a_handler: User, waste: ServiceArea) -> None:
    service_request = recorded_request(org_a_handler, service_area=waste)

    complaint = service_request_complain(
        actor=org_a_handler,
        service_request=service_request,
        dissatisfied_on=date(2025, 3, 7),
        description="My bin was missed again.",
        today=TODAY,
    )

    assert complaint.profile == "lgsco-2024"
    assert complaint.stage == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"dissatisfied_on": date(2025, 3, 2)}, "before the request was received"),
        ({"dissatisfied_on": TODAY + timedelta(days=1)}, "in the future"),
        ({"description": "  "}, "Describe the complaint"),
        ({"version": 7}, "changed by someone else"),
    ],
)
def test_a_refused_complaint_writes_nothing(
    request_a: ServiceRequest, org_a_handler: User, change: dict[str, object], message: str
) -> None:
    before = snapshot(request_a)
    values: dict[str, object] = {
        "dissatisfied_on": date(2025, 3, 7),
        "description": "Unhappy.",
        "today": TODAY,
        **change,
    }

    with pytest.raises((CaseInputError, StaleCase), match=message):
        service_request_complain(actor=org_a_handler, service_request=request_a, **values)  # type: ignore[arg-type]

    assert snapshot(request_a) == before


# --- The words offered to the individual -------------------------------------------------------


def test_hos_offers_the_choice_to_complain(housing: ServiceArea) -> None:
    offer = complaint_offer(housing)

    assert offer.value == "choice"
    assert offer.sentence.startswith("You can choose to make a complaint")
    assert offer.citation == "HOS Code 1.4"


def test_lgsco_offers_the_opportunity_to_complain(waste: ServiceArea) -> None:
    offer = complaint_offer(waste)

    assert offer.value == "opportunity"
    assert offer.sentence.startswith("You have the opportunity to make a complaint")
    assert offer.citation == "LGSCO Code 1.4"


def test_the_draft_raises_a_complaint(org_a: Organisation) -> None:
    draft = ServiceAreaFactory(organisation=org_a, name="Draft", profile="joint-draft-2023")

    offer = complaint_offer(draft)

    assert offer.value == "must_raise"
    assert "we will raise a complaint" in offer.sentence
    assert offer.citation == "Joint draft Code 1.4"


def test_a_profile_without_the_rule_gets_plain_words(org_a: Organisation) -> None:
    scottish = ServiceAreaFactory(organisation=org_a, name="Scottish", profile="spso-mchp")
    unknown = ServiceAreaFactory(organisation=org_a, name="Unknown", profile="no-such-code")

    for area in (scottish, unknown):
        offer = complaint_offer(area)
        assert offer.sentence.startswith("You can make a complaint")
        assert offer.citation == ""


# --- Reading ----------------------------------------------------------------------------------


def test_a_request_of_another_organisation_is_not_found(
    request_a: ServiceRequest, org_a_handler: User, org_b_handler: User
) -> None:
    assert service_request_get(org_a_handler, request_a.reference) == request_a
    assert service_request_get(org_a_handler, request_a.reference.lower()) == request_a
    with pytest.raises(Http404):
        service_request_get(org_b_handler, request_a.reference)
    with pytest.raises(Http404):
        service_request_get(org_a_handler, "SR-2025-99999")
    assert list(service_requests_for(org_b_handler)) == []


def test_the_queue_is_by_target_date_with_overdue_flags(
    org_a_handler: User, org_a_manager: User, org_b_handler: User, housing: ServiceArea
) -> None:
    today = date(2025, 3, 14)
    late = recorded_request(org_a_handler, service_area=housing, target_date=date(2025, 3, 10))
    undated = recorded_request(org_a_handler, service_area=housing)
    soon = recorded_request(
        org_a_handler,
        service_area=housing,
        target_date=date(2025, 3, 20),
        handler=org_a_manager,
    )
    done = recorded_request(org_a_handler, service_area=housing, target_date=date(2025, 3, 5))
    service_request_complete(
        actor=org_a_handler, service_request=done, completed_on=date(2025, 3, 6)
    )
    service_request_review(actor=org_a_handler, service_request=soon, review_by=today)
    service_request_update(actor=org_a_handler, service_request=soon, note="Booked.")
    recorded_request(org_b_handler, target_date=date(2025, 3, 4))

    rows = request_queue(org_a_handler, today=today)

    assert [r.service_request for r in rows] == [late, soon, undated]
    assert [r.overdue for r in rows] == [True, False, False]
    assert [r.review_due for r in rows] == [False, True, False]
    assert [
        r.service_request for r in request_queue(org_a_handler, today=today, status="done")
    ] == [done]
    everything = request_queue(org_a_handler, today=today, status="all")
    assert [r.service_request for r in everything] == [done, late, soon, undated]
    overdue = request_queue(org_a_handler, today=today, status="overdue")
    assert [r.service_request for r in overdue] == [late]
    assert [r.service_request for r in request_queue(org_a_handler, today=today, handler=0)] == [
        late,
        undated,
    ]
    mine = request_queue(org_a_handler, today=today, handler=org_a_manager.pk)
    assert [r.service_request for r in mine] == [soon]
    other_area = ServiceAreaFactory(organisation=housing.organisation, name="Other")
    assert request_queue(org_a_handler, today=today, service_area=other_area.pk) == []
    assert request_counts(org_a_handler, today=today) == {
        "open": 2,
        "in_progress": 1,
        "overdue": 1,
        "review_due": 1,
    }
    assert list(reviews_due(org_a_handler, today=today)) == [soon]
    assert list(reviews_due(org_b_handler, today=today)) == []
    assert request_queue(org_b_handler, today=today)[0].overdue
