import pytest
from django.core.exceptions import ValidationError

from putright.audit.models import AuditEvent
from putright.organisations.models import Division, Organisation
from putright.organisations.services import organisation_create_or_update

pytestmark = pytest.mark.django_db

RIVERSIDE = {
    "slug": "riverside",
    "name": "Riverside District Council",
    "division": Division.ENGLAND_AND_WALES,
    "default_profile": "lgsco-2024",
    "homes": 5200,
}


def test_creates_an_organisation_and_audits_it() -> None:
    organisation, created = organisation_create_or_update(**RIVERSIDE)

    assert created
    assert organisation.name == "Riverside District Council"
    assert organisation.homes == 5200
    event = AuditEvent.objects.get()
    assert event.action == "organisation.create"
    assert event.organisation == organisation
    assert event.object_type == "organisations.organisation"
    assert event.object_id == str(organisation.pk)
    assert event.after == {**RIVERSIDE, "division": "england-and-wales"}


def test_running_twice_changes_nothing_the_second_time() -> None:
    first, _ = organisation_create_or_update(**RIVERSIDE)
    second, created = organisation_create_or_update(**RIVERSIDE)

    assert not created
    assert second.pk == first.pk
    assert Organisation.objects.count() == 1
    assert AuditEvent.objects.count() == 1


def test_updates_only_what_changed_and_audits_before_and_after() -> None:
    organisation_create_or_update(**RIVERSIDE)

    organisation, created = organisation_create_or_update(
        **{**RIVERSIDE, "default_profile": "hos-2024", "homes": None}
    )

    assert not created
    assert organisation.default_profile == "hos-2024"
    assert organisation.homes is None
    event = AuditEvent.objects.get(action="organisation.update")
    assert event.before == {"default_profile": "lgsco-2024", "homes": 5200}
    assert event.after == {"default_profile": "hos-2024", "homes": None}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"division": "wales"}, "Unknown division 'wales': use one of england-and-wales,"),
        ({"default_profile": "hos-1999"}, "Unknown Code profile 'hos-1999'"),
        ({"slug": "Bad Slug"}, "Bad slug 'Bad Slug'"),
        ({"slug": "-riverside"}, "Bad slug '-riverside'"),
        ({"homes": -1}, "Homes must be 0 or more, not -1."),
        ({"name": "  "}, "The organisation's name must not be empty."),
    ],
)
def test_refuses_bad_values_with_one_clear_message(change: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError) as refused:
        organisation_create_or_update(**{**RIVERSIDE, **change})  # type: ignore[arg-type]

    assert len(refused.value.messages) == 1
    assert refused.value.messages[0].startswith(message)
    assert not Organisation.objects.exists()
    assert not AuditEvent.objects.exists()
