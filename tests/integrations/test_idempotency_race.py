"""Two requests with the same idempotency key at once make one complaint (PostgreSQL): the key is
stored in the same transaction as the complaint, and the loser's transaction is rolled back."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connection

from putright.audit.models import AuditEvent
from putright.cases.models import Channel, Complaint
from putright.cases.services import complaint_receive
from putright.integrations.models import IdempotencyKey
from putright.integrations.services import Idempotent, api_token_create, idempotent_create
from putright.organisations.models import User
from tests.factories import ServiceAreaFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_requests_racing_with_one_key_make_one_complaint(org_a_manager: User) -> None:
    token = api_token_create(actor=org_a_manager, name="CRM", scopes=["complaints:write"]).token
    area = ServiceAreaFactory(organisation=org_a_manager.organisation, name="Housing")
    # Both requests pass the look-up for an earlier use of the key before either makes anything.
    both_looked = threading.Barrier(2)
    results: list[object] = [None, None]

    def create() -> Complaint:
        both_looked.wait(timeout=10)
        return complaint_receive(
            actor=token.account,
            service_area=area,
            channel=Channel.API,
            received=date(2025, 3, 3),
            name="Pat Example",
            description="The boiler.",
            today=date(2025, 3, 3),
        )

    def run(i: int) -> None:
        try:
            results[i] = idempotent_create(token=token, key="k", fingerprint="f", create=create)
        except Exception as error:
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert all(isinstance(r, Idempotent) for r in results), results
    done = [r for r in results if isinstance(r, Idempotent)]
    assert sorted(r.replayed for r in done) == [False, True]
    assert done[0].made.pk == done[1].made.pk
    assert Complaint.objects.count() == 1
    assert IdempotencyKey.objects.count() == 1
    assert AuditEvent.objects.filter(action="complaint.receive").count() == 1
