"""The figures broken down, against numbers worked out by hand from the cases' facts
(tests/reporting/cases.py), and the SPSO's indicators."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from putright.cases.models import Channel
from putright.organisations.models import Organisation, User
from putright.reporting.breakdowns import NOT_KNOWN, breakdowns
from tests.factories import ServiceAreaFactory, received_complaint
from tests.reporting.cases import END, START, respond, small_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def found(org_a: Organisation, org_a_handler: User, org_a_manager: User):
    small_organisation(org_a_handler, org_a_manager)
    return breakdowns(organisation=org_a, start=START, end=END)


def test_volumes_add_up_to_the_complaints_received(found) -> None:
    # C1, C2, C3, C4, C5, C7 and C9, all by the web form, none with a category.
    assert [(r.label, r.count) for r in found.by_channel] == [("Web form", 7)]
    assert [(r.label, r.count) for r in found.by_category] == [(NOT_KNOWN, 7)]
    assert [(r.label, r.count) for r in found.by_service_area] == [("Repairs", 7)]
    assert [(r.label, r.count) for r in found.by_stage] == [("Stage 1", 6), ("Stage 2", 2)]


def test_timeliness_of_each_step(found) -> None:
    repairs1, repairs2, all1, all2 = found.timeliness
    assert (repairs1.service_area, repairs1.stage) == ("Repairs", 1)
    assert all1.service_area == ""
    assert all1.stage == 1
    assert (all1.acknowledged, all1.acknowledged_on_time) == (5, 4)
    assert (all1.responded, all1.responded_on_time) == (6, 4)
    # C3, C4 and C5 were extended; each was answered by its extended date, though C5's
    # extension (over the limit, no reason) does not count for CH02.
    assert (all1.extended, all1.extended_on_time) == (3, 3)
    assert all1.percent_responded_on_time == 66.7
    assert (all2.acknowledged, all2.acknowledged_on_time, all2.responded) == (2, 1, 2)
    assert repairs1 == all1.__class__(**{**all1.__dict__, "service_area": "Repairs"})
    assert repairs2.responded == all2.responded


def test_outcomes_remedies_refused_and_requests(found) -> None:
    assert (NOT_KNOWN, 1, "upheld", 4) in found.outcomes_by_category
    assert (NOT_KNOWN, 2, "not_upheld", 1) in found.outcomes_by_category
    remedies = {r.kind: (r.count, r.amount) for r in found.remedies}
    # C1's £150.00 and C9's £100.25 (C6 came in March); C1's apology.
    assert remedies == {"financial": (2, Decimal("250.25")), "apology": (1, Decimal("0.00"))}
    assert found.remedies_total == Decimal("250.25")
    assert [(r.label, r.count) for r in found.refused_by_reason] == [
        ("Made more than 12 months after the issue", 1)
    ]
    assert found.escalations_refused_by_reason == []
    assert [(r.label, r.count) for r in found.requests_by_status] == [("Open", 1)]
    assert found.requests_became_complaints == 0
    # No service area is under the SPSO's procedure.
    assert found.spso is None


def test_a_service_area_narrows_every_breakdown(
    org_a: Organisation, org_a_handler: User, org_a_manager: User
) -> None:
    small_organisation(org_a_handler, org_a_manager)
    other = ServiceAreaFactory(organisation=org_a, name="Parking", profile="hos-2024")
    received_complaint(
        org_a_handler,
        service_area=other,
        received=date(2025, 5, 6),
        category="Fines",
        channel=Channel.PHONE,
    )
    everything = breakdowns(organisation=org_a, start=START, end=END)
    assert {r.label: r.count for r in everything.by_service_area} == {"Repairs": 7, "Parking": 1}
    parking = breakdowns(organisation=org_a, start=START, end=END, service_area=other)
    assert [(r.label, r.count) for r in parking.by_channel] == [("Phone", 1)]
    assert [(r.label, r.count) for r in parking.by_category] == [("Fines", 1)]


def test_spso_indicators(org_a: Organisation, org_a_handler: User) -> None:
    area = ServiceAreaFactory(organisation=org_a, name="Council tax", profile="spso-mchp")
    # Received Mon 7 April 2025: answered Fri 11 April (4 working days, within 5) and
    # Tue 15 April (6 working days, not within 5).
    for responded, outcome in ((date(2025, 4, 11), "upheld"), (date(2025, 4, 15), "not_upheld")):
        complaint = received_complaint(
            org_a_handler, service_area=area, received=date(2025, 4, 7), today=date(2025, 4, 7)
        )
        respond(org_a_handler, complaint, responded, outcome)
    found = breakdowns(organisation=org_a, start=START, end=END)
    assert found.spso is not None
    stage1, stage2 = found.spso
    assert (stage1.received, stage1.responded, stage1.within_timescale) == (2, 2, 1)
    assert stage1.percent_within_timescale == 50.0
    assert stage1.average_working_days == 5.0
    assert stage1.outcomes == {"not_upheld": 1, "upheld": 1}
    assert (stage2.received, stage2.responded, stage2.average_working_days) == (0, 0, None)


def test_a_period_that_ends_before_it_starts_is_refused(org_a: Organisation) -> None:
    with pytest.raises(ValueError, match="after it ends"):
        breakdowns(organisation=org_a, start=END, end=START)
