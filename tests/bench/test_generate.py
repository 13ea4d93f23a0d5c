"""The benchmark's generated cases are what the case services would have written, and the work
queues order them as a plain ORDER BY does."""

from __future__ import annotations

from collections import Counter
from datetime import date

import numpy as np
import pytest
from django.db import connection

from bench.generate import ORGANISATIONS, _paths, generate, setup_organisations
from putright.audit.models import AuditEvent
from putright.cases.models import OPEN_STATUSES, CaseStatus, Complaint, Stage
from putright.cases.selectors import team_queue, work_queue
from putright.cases.services.common import _calendar, _next_due
from putright.organisations.models import Organisation, Role, User
from putright.policy import get_profile
from putright.rules.deadlines import StageFacts, stage_deadlines

TODAY = date(2025, 6, 2)
CASES = 200


@pytest.fixture
def generated(db: None) -> dict[str, int]:
    return generate(CASES, today=TODAY, report=lambda _: None)


def test_the_counts_add_up(generated: dict[str, int]) -> None:
    assert generated["complaints"] == CASES == Complaint.objects.count()
    assert generated["stages"] == Stage.objects.count()
    assert Complaint.objects.filter(organisation__slug="bench-large").count() == 120
    assert AuditEvent.objects.filter(action="complaint.receive").count() == CASES
    assert Complaint.objects.values("organisation", "reference").distinct().count() == CASES


@pytest.mark.usefixtures("generated")
def test_every_case_is_valid_and_its_deadlines_are_the_services() -> None:
    seen: Counter[str] = Counter()
    for complaint in Complaint.objects.select_related("organisation").prefetch_related(
        "stages__extensions"
    ):
        complaint.full_clean()
        profile = get_profile(complaint.profile)
        calendar = _calendar(complaint.organisation)
        stages = {s.number: s for s in complaint.stages.all()}
        assert sorted(stages) == list(range(1, complaint.stage + 1))
        for stage in stages.values():
            found = stage_deadlines(
                profile,
                profile.stage(stage.number),
                calendar,
                StageFacts(stage.received, stage.acknowledged, stage.extension_days),
            )
            assert stage.acknowledge_by == found.acknowledge_by
            assert stage.respond_by == found.respond_by
            assert stage.extended_respond_by == found.extended_respond_by
            assert stage.extension_days == sum(e.days for e in stage.extensions.all())
            done = [stage.received, stage.acknowledged, stage.responded]
            happened = [d for d in done if d is not None]
            assert happened == sorted(happened)
            assert max(happened) <= TODAY
        if 2 in stages and stages[2].handler_id:
            assert stages[2].handler_id != stages[1].handler_id  # e.g. HOS 6.14
        assert complaint.next_due == _next_due(complaint, stages[complaint.stage])
        assert (complaint.closed_on is None) == complaint.is_open
        if complaint.status == CaseStatus.CLOSED:
            assert stages[complaint.stage].responded is not None
            assert stages[complaint.stage].responded <= complaint.closed_on <= TODAY
        seen[complaint.status] += 1
        seen[f"stage {complaint.stage}"] += 1
    for kind in ("closed", "received", "acknowledged", "stage 2"):
        assert seen[kind], kind


def test_the_shares_are_as_documented(db: None) -> None:
    org = setup_organisations(ORGANISATIONS[:1], TODAY)[0]
    path = _paths(np.random.default_rng(1), org, 20_000, TODAY)
    done, kind, level = path["done"], path["kind"], path["level"]
    assert 0.27 < 1 - done.mean() < 0.33  # open
    assert 0.60 < (done & (kind == 0)).mean() < 0.70  # closed
    assert 0.22 < (level >= 3).mean() < 0.28  # escalated


@pytest.mark.usefixtures("generated")
def test_the_queues_give_the_first_rows_of_a_plain_order_by() -> None:
    organisation = Organisation.objects.get(slug="bench-large")
    handler = (
        User.objects.filter(organisation=organisation, role=Role.HANDLER)
        .filter(pk__in=Complaint.objects.filter(status__in=OPEN_STATUSES).values("handler"))
        .first()
    )
    assert handler is not None
    sql = (
        "SELECT id FROM cases_complaint WHERE organisation_id = %s AND status IN (%s, %s, %s) {} "
        "ORDER BY next_due ASC NULLS LAST, received ASC, id ASC LIMIT 20"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql.format(""), [organisation.pk, *OPEN_STATUSES])
        team = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            sql.format("AND handler_id = %s"), [organisation.pk, *OPEN_STATUSES, handler.pk]
        )
        mine = [row[0] for row in cursor.fetchall()]
    assert len(team) == 20
    assert mine
    assert [row.complaint.pk for row in team_queue(handler, today=TODAY)[:20]] == team
    assert [row.complaint.pk for row in work_queue(handler, today=TODAY)[:20]] == mine
