import pytest
from django.core.exceptions import ValidationError

from putright.audit.models import AuditEvent
from putright.organisations.models import Division, Organisation, ServiceArea
from putright.organisations.services import organisation_create_or_update, service_area_create

pytestmark = pytest.mark.django_db


def test_a_new_organisation_gets_a_general_service_area_under_its_default_profile() -> None:
    organisation, _ = organisation_create_or_update(
        slug="riverside",
        name="Riverside District Council",
        division=Division.ENGLAND_AND_WALES,
        default_profile="hos-2024",
    )

    area = ServiceArea.objects.get(organisation=organisation)
    assert (area.name, area.profile) == ("General", "hos-2024")


def test_service_area_create_checks_the_profile_and_audits(org_a: Organisation) -> None:
    area = service_area_create(organisation=org_a, name="  Adult  social care ", profile="asc-2009")

    assert (area.name, area.profile) == ("Adult social care", "asc-2009")
    event = AuditEvent.objects.get(action="service_area.create")
    assert event.after == {"name": "Adult social care", "profile": "asc-2009"}
    assert event.organisation == org_a


@pytest.mark.parametrize(
    ("name", "profile", "message"),
    [
        ("Housing", "hos-1999", "Unknown Code profile 'hos-1999'"),
        (" ", "hos-2024", "must not be empty"),
        ("housing", "hos-2024", "already has a service area called 'housing'"),
    ],
)
def test_service_area_create_refuses_bad_values(
    org_a: Organisation, name: str, profile: str, message: str
) -> None:
    service_area_create(organisation=org_a, name="Housing", profile="hos-2024")

    with pytest.raises(ValidationError, match=message):
        service_area_create(organisation=org_a, name=name, profile=profile)

    assert ServiceArea.objects.filter(organisation=org_a).count() == 1
