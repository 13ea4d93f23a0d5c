"""Two members of staff at once: row locks and versions keep their changes apart (PostgreSQL)."""

import threading
from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection

from putright.cases.models import Complaint
from putright.cases.services import StaleCase, complaint_assign, stage_acknowledge
from putright.organisations.models import User
from tests.factories import ServiceAreaFactory, received_complaint

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def at_once(*calls: Callable[[], object]) -> list[object]:
    """Run the calls in threads released together; each result or the exception it raised."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(i: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait()
            results[i] = call()
        except Exception as error:
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_changes_from_the_same_version_one_wins(
    org_a_handler: User, org_a_manager: User
) -> None:
    complaint = received_complaint(org_a_handler)
    version = complaint.version

    results = at_once(
        lambda: stage_acknowledge(
            actor=org_a_handler,
            complaint=complaint,
            acknowledged=date(2025, 3, 4),
            handler=org_a_handler,
            version=version,
        ),
        lambda: complaint_assign(
            actor=org_a_manager, complaint=complaint, handler=org_a_manager, version=version
        ),
    )

    won = [r for r in results if isinstance(r, Complaint)]
    stale = [r for r in results if isinstance(r, StaleCase)]
    assert (len(won), len(stale)) == (1, 1), results
    fresh = Complaint.objects.get(pk=complaint.pk)
    assert fresh.version == version + 1
    assert fresh.handler_id == won[0].handler_id


def test_two_acknowledgements_from_the_same_version_one_wins(
    org_a_handler: User, org_a_manager: User
) -> None:
    complaint = received_complaint(org_a_handler)

    results = at_once(
        *(
            lambda who=who: stage_acknowledge(
                actor=who, complaint=complaint, acknowledged=date(2025, 3, 4), version=1
            )
            for who in (org_a_handler, org_a_manager)
        )
    )

    assert sorted(type(r).__name__ for r in results) == ["Complaint", "StaleCase"], results
    assert Complaint.objects.get(pk=complaint.pk).version == 2


def test_complaints_received_at_once_get_distinct_references(org_a_handler: User) -> None:
    area = ServiceAreaFactory(organisation=org_a_handler.organisation, name="Repairs")

    results = at_once(
        *(lambda: received_complaint(org_a_handler, service_area=area) for _ in range(6))
    )

    assert all(isinstance(r, Complaint) for r in results), results
    references = sorted(r.reference for r in results if isinstance(r, Complaint))
    assert references == [f"CMP-2025-{n:05d}" for n in range(1, 7)]
