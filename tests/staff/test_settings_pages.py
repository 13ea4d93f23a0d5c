"""The settings pages: what a manager sees and changes, and who is refused."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from putright.audit.models import AuditEvent
from putright.cases.models import Stage
from putright.cases.services import stage_acknowledge
from putright.organisations.models import (
    ClosureDay,
    ExclusionReason,
    Organisation,
    OutcomeOption,
    Role,
    ServiceArea,
    User,
)
from putright.organisations.services import exclusion_reason_add, outcome_option_add
from putright.public.models import ContactDetails
from tests.factories import ServiceAreaFactory, UserFactory, received_complaint
from tests.staff.test_cases import date_fields

pytestmark = pytest.mark.django_db

WEDNESDAY = date(2025, 3, 12)


@pytest.fixture
def housing(org_a: Organisation) -> ServiceArea:
    return ServiceAreaFactory(organisation=org_a, name="Housing", profile="hos-2024")


@pytest.fixture
def council_tax(org_a: Organisation) -> ServiceArea:
    return ServiceAreaFactory(organisation=org_a, name="Council tax", profile="lgsco-2024")


@pytest.fixture
def settings_of_a(
    org_a: Organisation, housing: ServiceArea, council_tax: ServiceArea
) -> dict[str, str]:
    """One of each of organisation A's settings, and the URL of every settings page."""
    closure = ClosureDay.objects.create(organisation=org_a, day=WEDNESDAY, reason="Office move")
    reason = exclusion_reason_add(organisation=org_a, label="Legal proceedings")
    option = outcome_option_add(organisation=org_a, label="Resolved with a remedy")
    return {
        "overview": "/staff/settings/",
        "area_new": "/staff/settings/service-areas/new/",
        "area_edit": f"/staff/settings/service-areas/{housing.pk}/edit/",
        "closure_new": "/staff/settings/closure-days/new/",
        "closure_remove": f"/staff/settings/closure-days/{closure.pk}/remove/",
        "reason_new": "/staff/settings/exclusion-reasons/new/",
        "reason_off": f"/staff/settings/exclusion-reasons/{reason.pk}/deactivate/",
        "outcome_new": "/staff/settings/outcomes/new/",
        "outcome_off": f"/staff/settings/outcomes/{option.pk}/deactivate/",
        "public_pages": "/staff/settings/public-pages/",
    }


#: Pages about one of A's settings (404 for another organisation), and the rest.
OBJECT_PAGES = ("area_edit", "closure_remove", "reason_off", "outcome_off")
ORGANISATION_PAGES = (
    "overview",
    "area_new",
    "closure_new",
    "reason_new",
    "outcome_new",
    "public_pages",
)

#: What a POST to each page would change, were it allowed.
POSTS: dict[str, dict[str, str]] = {
    "area_new": {"name": "Parking", "profile": "lgsco-2024"},
    "area_edit": {"name": "Renamed", "profile": "lgsco-2024"},
    "closure_new": {**date_fields("day", date(2025, 3, 13)), "reason": "Closed"},
    "closure_remove": {},
    "reason_new": {"label": "Another reason"},
    "reason_off": {},
    "outcome_new": {"label": "Another outcome"},
    "outcome_off": {},
    "public_pages": {"phone": "0100 000 000"},
}


def _a_unchanged(org_a: Organisation) -> None:
    assert sorted(
        ServiceArea.objects.filter(organisation=org_a).values_list("name", flat=True)
    ) == [
        "Council tax",
        "Housing",
    ]
    assert list(ClosureDay.objects.filter(organisation=org_a).values_list("day", flat=True)) == [
        WEDNESDAY
    ]
    assert list(ExclusionReason.objects.values_list("label", "active")) == [
        ("Legal proceedings", True)
    ]
    assert list(OutcomeOption.objects.values_list("key", "active")) == [
        ("resolved_with_a_remedy", True)
    ]
    assert not ContactDetails.objects.exists()


@pytest.mark.parametrize("page", OBJECT_PAGES)
def test_another_organisations_settings_are_not_found(
    client: Client,
    settings_of_a: dict[str, str],
    org_a: Organisation,
    org_b: Organisation,
    org_b_handler: User,
    page: str,
) -> None:
    org_b_manager = UserFactory(
        username="dana@org-b.example", organisation=org_b, role=Role.MANAGER
    )
    for user in (org_b_handler, org_b_manager):
        client.force_login(user)
        assert client.get(settings_of_a[page]).status_code == 404
        assert client.post(settings_of_a[page], POSTS[page]).status_code == 404
    _a_unchanged(org_a)


@pytest.mark.parametrize("page", ORGANISATION_PAGES)
def test_a_handler_of_another_organisation_is_refused_its_own_settings(
    client: Client,
    settings_of_a: dict[str, str],
    org_a: Organisation,
    org_b_handler: User,
    page: str,
) -> None:
    client.force_login(org_b_handler)

    assert client.get(settings_of_a[page]).status_code == 403
    assert client.post(settings_of_a[page], POSTS.get(page, {})).status_code in {403, 405}
    _a_unchanged(org_a)


@pytest.mark.parametrize("page", [*OBJECT_PAGES, *ORGANISATION_PAGES])
def test_a_handler_cannot_change_settings(
    client: Client,
    settings_of_a: dict[str, str],
    org_a: Organisation,
    org_a_handler: User,
    page: str,
) -> None:
    client.force_login(org_a_handler)

    assert client.get(settings_of_a[page]).status_code == 403
    assert client.post(settings_of_a[page], POSTS.get(page, {})).status_code in {403, 405}
    _a_unchanged(org_a)
    # The refusals are recorded as security events (staff.*), and nothing else is.
    assert (
        not AuditEvent.objects.filter(actor=org_a_handler)
        .exclude(action__startswith="staff.")
        .exists()
    )
    assert AuditEvent.objects.filter(actor=org_a_handler, action="staff.permission_denied").exists()


@pytest.mark.parametrize("page", [*OBJECT_PAGES, *ORGANISATION_PAGES])
def test_settings_need_sign_in(client: Client, settings_of_a: dict[str, str], page: str) -> None:
    response = client.get(settings_of_a[page])

    assert response.status_code == 302
    assert response["Location"].startswith("/staff/sign-in/")


def test_the_overview_shows_the_organisations_settings(
    client: Client, settings_of_a: dict[str, str], org_a: Organisation, org_a_manager: User
) -> None:
    ClosureDay.objects.create(organisation=org_a, day=date(2099 - 30, 1, 2), reason="New Year")
    client.force_login(org_a_manager)

    html = client.get("/staff/settings/").content.decode()

    assert "Organisation A" in html
    assert "England and Wales" in html
    assert "1000" in html
    assert 'href="/staff/codes/hos-2024/"' in html
    assert 'href="/staff/codes/lgsco-2024/"' in html
    assert html.index("Wednesday 2 January 2069") < html.index("Wednesday 12 March 2025")
    assert "Legal proceedings" in html
    assert "Resolved with a remedy" in html
    assert 'href="/staff/settings/"' in html  # the Settings item in the navigation


def test_the_settings_item_is_shown_to_managers_only(
    client: Client, org_a_handler: User, org_a_manager: User
) -> None:
    client.force_login(org_a_handler)
    assert 'href="/staff/settings/"' not in client.get("/staff/codes/").content.decode()
    client.force_login(org_a_manager)
    assert 'href="/staff/settings/"' in client.get("/staff/codes/").content.decode()


def test_a_manager_adds_and_changes_a_service_area(
    client: Client, org_a: Organisation, housing: ServiceArea, org_a_manager: User
) -> None:
    client.force_login(org_a_manager)

    added = client.post(
        "/staff/settings/service-areas/new/", {"name": "Parking", "profile": "lgsco-2024"}
    )
    assert added.status_code == 302
    assert ServiceArea.objects.get(organisation=org_a, name="Parking").profile == "lgsco-2024"

    page = client.get(f"/staff/settings/service-areas/{housing.pk}/edit/").content.decode()
    assert 'value="Housing"' in page
    assert "keep the Code, and the version of it, they were received under" in page
    changed = client.post(
        f"/staff/settings/service-areas/{housing.pk}/edit/",
        {"name": "Housing repairs", "profile": "hos-2024"},
        follow=True,
    )
    assert "Service area saved: Housing repairs" in changed.content.decode()
    assert ServiceArea.objects.get(pk=housing.pk).name == "Housing repairs"


def test_a_service_area_form_keeps_what_was_typed(
    client: Client, housing: ServiceArea, org_a_manager: User
) -> None:
    client.force_login(org_a_manager)

    response = client.post(
        "/staff/settings/service-areas/new/", {"name": "HOUSING", "profile": "lgsco-2024"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "already has a service area called &#x27;HOUSING&#x27;" in html
    assert 'value="HOUSING"' in html
    assert '<option value="lgsco-2024" selected>' in html
    assert "govuk-error-summary" in html


def test_a_closure_day_moves_deadlines_and_says_how_many(
    client: Client, housing: ServiceArea, org_a_handler: User, org_a_manager: User
) -> None:
    waiting = received_complaint(org_a_handler, service_area=housing, received=date(2025, 3, 3))
    acknowledged = received_complaint(
        org_a_handler, service_area=housing, received=date(2025, 3, 3)
    )
    stage_acknowledge(actor=org_a_handler, complaint=acknowledged, acknowledged=date(2025, 3, 4))
    client.force_login(org_a_manager)

    response = client.post(
        "/staff/settings/closure-days/new/",
        {**date_fields("day", WEDNESDAY), "reason": "Office move"},
        follow=True,
    )

    html = response.content.decode()
    assert (
        "Closure day added: Wednesday 12 March 2025. 2 open complaints&#x27; deadlines moved."
        in html
    )
    assert Stage.objects.get(complaint=waiting).respond_by == date(2025, 3, 25)
    assert Stage.objects.get(complaint=acknowledged).respond_by == date(2025, 3, 19)

    closure = ClosureDay.objects.get(day=WEDNESDAY)
    confirm = client.get(f"/staff/settings/closure-days/{closure.pk}/remove/").content.decode()
    assert "Wednesday 12 March 2025 (Office move)" in confirm
    removed = client.post(f"/staff/settings/closure-days/{closure.pk}/remove/", follow=True)
    assert "2 open complaints&#x27; deadlines moved." in removed.content.decode()
    assert not ClosureDay.objects.exists()
    assert Stage.objects.get(complaint=acknowledged).respond_by == date(2025, 3, 18)


def test_a_closure_day_form_keeps_what_was_typed(client: Client, org_a_manager: User) -> None:
    client.force_login(org_a_manager)

    response = client.post(
        "/staff/settings/closure-days/new/",
        {**date_fields("day", date(2025, 3, 15)), "reason": "Team away day"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Saturday 15 March 2025 is a weekend day" in html
    assert 'name="day_day" type="text" inputmode="numeric" value="15"' in html
    assert 'value="Team away day"' in html
    assert not ClosureDay.objects.exists()

    missing = client.post(
        "/staff/settings/closure-days/new/", {"day_day": "15", "day_month": "", "day_year": ""}
    ).content.decode()
    assert "Date closed must include a month and a year" in missing
    assert "Enter why the organisation is closed" in missing


def test_a_manager_adds_and_stops_offering_an_exclusion_reason(
    client: Client, org_a: Organisation, org_a_manager: User
) -> None:
    client.force_login(org_a_manager)

    client.post("/staff/settings/exclusion-reasons/new/", {"label": "Legal proceedings"})
    reason = ExclusionReason.objects.get(organisation=org_a)
    again = client.post("/staff/settings/exclusion-reasons/new/", {"label": "legal proceedings"})
    assert "already has the reason" in again.content.decode()
    assert 'value="legal proceedings"' in again.content.decode()

    done = client.post(f"/staff/settings/exclusion-reasons/{reason.pk}/deactivate/", follow=True)
    assert "Reason no longer offered: Legal proceedings" in done.content.decode()
    assert ExclusionReason.objects.get(pk=reason.pk).active is False


def test_the_outcome_list_is_refused_under_the_hos_code_alone(
    client: Client, housing: ServiceArea, org_a_manager: User
) -> None:
    client.force_login(org_a_manager)

    response = client.post("/staff/settings/outcomes/new/", {"label": "Resolved", "key": ""})

    html = response.content.decode()
    assert response.status_code == 200
    assert "HOS Code 6.7: upheld, not upheld" in html
    assert 'value="Resolved"' in html
    assert not OutcomeOption.objects.exists()


def test_the_respond_form_offers_the_organisations_outcomes_under_lgsco(
    client: Client,
    housing: ServiceArea,
    council_tax: ServiceArea,
    org_a_handler: User,
    org_a_manager: User,
) -> None:
    client.force_login(org_a_manager)
    client.post("/staff/settings/outcomes/new/", {"label": "Resolved with a remedy", "key": ""})
    bad = client.post("/staff/settings/outcomes/new/", {"label": "Other", "key": "Other!"})
    assert "Bad key" in bad.content.decode()
    assert 'value="Other!"' in bad.content.decode()
    lgsco = received_complaint(org_a_handler, service_area=council_tax)
    stage_acknowledge(actor=org_a_handler, complaint=lgsco, acknowledged=date(2025, 3, 4))
    hos = received_complaint(org_a_handler, service_area=housing)
    stage_acknowledge(actor=org_a_handler, complaint=hos, acknowledged=date(2025, 3, 4))
    client.force_login(org_a_handler)

    lgsco_form = client.get(f"/staff/cases/{lgsco.reference}/respond/").content.decode()
    hos_form = client.get(f"/staff/cases/{hos.reference}/respond/").content.decode()

    assert 'value="resolved_with_a_remedy"' in lgsco_form
    assert "Resolved with a remedy" in lgsco_form
    assert 'value="upheld"' not in lgsco_form
    assert "Your organisation&#x27;s outcomes" in lgsco_form
    assert 'value="upheld"' in hos_form
    assert 'value="not_upheld"' in hos_form
    assert "resolved_with_a_remedy" not in hos_form

    option = OutcomeOption.objects.get()
    client.force_login(org_a_manager)
    client.post(f"/staff/settings/outcomes/{option.pk}/deactivate/")
    assert OutcomeOption.objects.get().active is False
    client.force_login(org_a_handler)
    lgsco_form = client.get(f"/staff/cases/{lgsco.reference}/respond/").content.decode()
    assert 'value="partly_upheld"' in lgsco_form


@pytest.mark.parametrize("page", [*OBJECT_PAGES, *ORGANISATION_PAGES])
def test_a_senior_lead_opens_every_settings_page(
    client: Client, settings_of_a: dict[str, str], org_a: Organisation, page: str
) -> None:
    lead = UserFactory(username="erin@org-a.example", organisation=org_a, role=Role.SENIOR_LEAD)
    client.force_login(lead)

    response = client.get(settings_of_a[page])

    assert response.status_code == 200
    assert "govuk-error-summary" not in response.content.decode()


def test_a_manager_sets_the_contact_details_on_the_public_pages(
    client: Client, org_a: Organisation, org_a_manager: User
) -> None:
    client.force_login(org_a_manager)
    page = client.get("/staff/settings/public-pages/").content.decode()
    assert f'href="/o/{org_a.slug}/"' in page  # the organisation's public start page

    saved = client.post(
        "/staff/settings/public-pages/",
        {
            "phone": "01632  960 000",
            "email": "complaints@a.example",
            "address": "Civic Centre\nRiverside",
            "opening_hours": "Monday to Friday, 9am to 5pm",
            "policy_url": "https://a.example/complaints",
        },
    )

    assert saved.status_code == 302
    assert saved["Location"] == "/staff/settings/"
    details = ContactDetails.objects.get(organisation=org_a)
    assert (details.phone, details.email, details.policy_url) == (
        "01632 960 000",
        "complaints@a.example",
        "https://a.example/complaints",
    )
    event = AuditEvent.objects.get(action="public.contact_details")
    assert event.actor == org_a_manager
    assert event.after["phone"] == "01632 960 000"
    overview = client.get("/staff/settings/").content.decode()
    assert "01632 960 000" in overview
    assert "Contact details on the public pages saved" in overview
    public = client.get(f"/o/{org_a.slug}/").content.decode()
    assert "01632 960 000" in public
    assert "complaints@a.example" in public

    # The form shows what is kept; saving it unchanged records nothing more.
    form = client.get("/staff/settings/public-pages/").content.decode()
    assert 'value="complaints@a.example"' in form
    client.post(
        "/staff/settings/public-pages/",
        {
            "phone": "01632 960 000",
            "email": "complaints@a.example",
            "address": "Civic Centre\nRiverside",
            "opening_hours": "Monday to Friday, 9am to 5pm",
            "policy_url": "https://a.example/complaints",
        },
    )
    assert AuditEvent.objects.filter(action="public.contact_details").count() == 1


@pytest.mark.parametrize(
    ("posted", "field", "message"),
    [
        ({"email": "not an address"}, "email", "is not an email address"),
        ({"policy_url": "a.example/complaints"}, "policy_url", "starting https://"),
        ({"phone": "0" * 41}, "phone", "40 characters or fewer"),
        ({"opening_hours": "x" * 201}, "opening_hours", "200 characters or fewer"),
    ],
)
def test_the_contact_details_form_names_what_is_wrong(
    client: Client,
    org_a: Organisation,
    org_a_manager: User,
    posted: dict[str, str],
    field: str,
    message: str,
) -> None:
    client.force_login(org_a_manager)

    response = client.post("/staff/settings/public-pages/", posted)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    assert "govuk-error-summary" in html
    assert f'href="#id_{field}"' in html
    assert f'id="id_{field}-error"' in html
    assert message in html
    assert not ContactDetails.objects.exists()
    assert not AuditEvent.objects.filter(action="public.contact_details").exists()
