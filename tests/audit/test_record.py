import pytest
from django.db import DatabaseError, transaction

from putright.audit import services as audit
from putright.audit.models import AuditEvent
from putright.organisations.models import Organisation, User

pytestmark = pytest.mark.django_db


def test_record_takes_the_organisation_and_name_of_the_actor(org_a_handler: User) -> None:
    event = audit.record(action="case.view", actor=org_a_handler, target=org_a_handler)

    assert event.organisation == org_a_handler.organisation
    assert event.actor_label == org_a_handler.username
    assert event.object_type == "organisations.user"
    assert event.object_id == str(org_a_handler.pk)


def test_the_database_refuses_to_change_an_audit_event(org_a: Organisation) -> None:
    event = audit.record(action="organisation.create", organisation=org_a)

    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="nothing.happened")

    event.refresh_from_db()
    assert event.action == "organisation.create"
