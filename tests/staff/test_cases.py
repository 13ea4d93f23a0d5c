"""The team's cases, logging a complaint, the case page and the forms of each step."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils.html import escape

from putright.cases.models import CaseStatus, Complaint
from putright.cases.services import (
    complaint_assign,
    complaint_escalate,
    stage_acknowledge,
    stage_respond,
)
from putright.organisations.models import Organisation, Role, ServiceArea, User
from putright.policy import get_profile
from putright.policy.schema import CONTENT_ELEMENTS
from tests.factories import ServiceAreaFactory, UserFactory, received_complaint

pytestmark = pytest.mark.django_db

HOS = get_profile("hos-2024")
REFERENCE = "CMP-2025-00042"
ACTIONS = ["acknowledge", "extend", "respond", "escalate", "exclude", "withdraw", "close", "assign"]
CASE_URLS = [
    f"/staff/cases/{REFERENCE}/",
    *(f"/staff/cases/{REFERENCE}/{action}/" for action in ACTIONS),
]
STAFF_URLS = ["/staff/cases/", "/staff/cases/new/", *CASE_URLS]


def contents(stage: int) -> list[str]:
    rule = HOS.stage(stage).contents
    return list(rule.required) if rule else []


def date_fields(name: str, day: date) -> dict[str, str]:
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


@pytest.fixture
def housing(org_a: Organisation) -> ServiceArea:
    return ServiceAreaFactory(organisation=org_a, name="Housing repairs", profile="hos-2024")


@pytest.fixture
def case(org_a_handler: User, housing: ServiceArea) -> Complaint:
    return received_complaint(
        org_a_handler,
        service_area=housing,
        received=date(2025, 3, 3),
        reference=REFERENCE,
        name="Pat Example",
        address="12 Mill Lane, Riverside",
        description="The repair to my boiler was booked three times and never done.",
        handler=org_a_handler,
    )


@pytest.fixture
def at_stage_2(case: Complaint, org_a_handler: User, org_a_manager: User) -> Complaint:
    """Stage 1 acknowledged and answered by the handler, then escalated and acknowledged by the
    manager, who now handles stage 2."""
    complaint = stage_acknowledge(
        actor=org_a_handler,
        complaint=case,
        acknowledged=date(2025, 3, 4),
        definition="The boiler repair was never done.",
    )
    complaint = stage_respond(
        actor=org_a_handler,
        complaint=complaint,
        responded=date(2025, 3, 10),
        outcome="upheld",
        decision="Upheld.",
        reasons="The repair was late.",
        contents=contents(1),
    )
    complaint = complaint_escalate(
        actor=org_a_handler, complaint=complaint, requested=date(2025, 3, 12)
    )
    return stage_acknowledge(
        actor=org_a_manager,
        complaint=complaint,
        acknowledged=date(2025, 3, 13),
        definition="The resident says the repair is still not done.",
        handler=org_a_manager,
    )


# --- Access ----------------------------------------------------------------------------------


@pytest.mark.parametrize("url", STAFF_URLS)
def test_case_pages_need_sign_in(client: Client, url: str) -> None:
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/staff/sign-in/?next=")


@pytest.mark.parametrize("url", CASE_URLS)
def test_another_organisations_case_is_not_found(
    client: Client, case: Complaint, org_b_handler: User, url: str
) -> None:
    client.force_login(org_b_handler)

    assert client.get(url).status_code == 404


@pytest.mark.parametrize("action", ACTIONS)
def test_another_organisation_cannot_take_a_step(
    client: Client, case: Complaint, org_b_handler: User, action: str
) -> None:
    client.force_login(org_b_handler)

    response = client.post(
        f"/staff/cases/{REFERENCE}/{action}/",
        {"version": case.version, **date_fields("acknowledged", date(2025, 3, 4))},
    )

    assert response.status_code == 404
    assert Complaint.objects.get(pk=case.pk).version == case.version


def test_an_unknown_step_is_not_found(client: Client, case: Complaint, org_a_handler: User) -> None:
    client.force_login(org_a_handler)

    assert client.get(f"/staff/cases/{REFERENCE}/delete/").status_code == 404


def test_a_read_only_role_cannot_take_a_step(
    client: Client, case: Complaint, org_a: Organisation
) -> None:
    auditor = UserFactory(username="ada@org-a.example", organisation=org_a, role=Role.AUDITOR)
    client.force_login(auditor)

    page = client.get(f"/staff/cases/{REFERENCE}/")
    assert page.status_code == 200
    assert "Your role can read this case but not change it." in page.content.decode()
    assert f"/staff/cases/{REFERENCE}/withdraw/" not in page.content.decode()
    response = client.post(
        f"/staff/cases/{REFERENCE}/withdraw/",
        {"version": case.version, **date_fields("withdrawn", date(2025, 3, 5))},
    )

    assert response.status_code == 403
    assert Complaint.objects.get(pk=case.pk).status == CaseStatus.RECEIVED


@pytest.mark.parametrize(
    "url", ["/staff/cases/", "/staff/cases/new/", *CASE_URLS[:2], CASE_URLS[3]]
)
def test_case_pages_have_no_inline_scripts_or_styles(
    client: Client, case: Complaint, org_a_handler: User, url: str
) -> None:
    client.force_login(org_a_handler)

    html = client.get(url).content.decode()

    assert html.count("<script") == html.count('<script type="module" src="') == 1
    assert " style=" not in html
    assert "<style" not in html


# --- Logging a complaint -----------------------------------------------------------------------


def test_log_a_complaint_form_defaults_to_today(
    client: Client, org_a_handler: User, housing: ServiceArea
) -> None:
    client.force_login(org_a_handler)
    today = date.today()

    html = client.get("/staff/cases/new/").content.decode()

    assert f'name="received_day" type="text" inputmode="numeric" value="{today.day}"' in html
    assert f'name="received_year" type="text" inputmode="numeric" value="{today.year}"' in html
    assert f'<option value="{housing.pk}">Housing repairs</option>' in html
    assert '<option value="phone" selected>Phone</option>' in html


def test_logging_a_complaint_opens_its_page_with_the_deadlines_and_clauses(
    client: Client, org_a_handler: User, housing: ServiceArea
) -> None:
    client.force_login(org_a_handler)
    received = date.today() - timedelta(days=1)

    response = client.post(
        "/staff/cases/new/",
        {
            "service_area": housing.pk,
            "channel": "email",
            **date_fields("received", received),
            "name": "Sam Tenant",
            "email": "sam@example.org",
            "address": "3 River Row",
            "description": "Damp in the back bedroom, reported twice.",
            "outcome_sought": "Fix the damp.",
            "handler": org_a_handler.pk,
        },
    )

    complaint = Complaint.objects.get(name="Sam Tenant")
    assert response.status_code == 302
    assert response["Location"] == f"/staff/cases/{complaint.reference}/"
    assert (complaint.channel, complaint.received, complaint.handler) == (
        "email",
        received,
        org_a_handler,
    )
    html = client.get(response["Location"]).content.decode()
    assert "govuk-notification-banner--success" in html
    assert f"Complaint logged: reference {complaint.reference}" in html
    stage = complaint.stages.get()
    assert f"{stage.acknowledge_by:%-d %B %Y}" in html
    assert f"{stage.respond_by:%-d %B %Y}" in html
    assert '<td class="govuk-table__cell">HOS Code 6.2</td>' in html
    assert '<td class="govuk-table__cell">HOS Code 6.3</td>' in html
    assert 'href="/staff/codes/hos-2024/"' in html
    assert "Damp in the back bedroom, reported twice." in html


def test_an_impossible_date_is_refused_and_the_form_keeps_what_was_typed(
    client: Client, org_a_handler: User, housing: ServiceArea
) -> None:
    client.force_login(org_a_handler)

    response = client.post(
        "/staff/cases/new/",
        {
            "service_area": housing.pk,
            "channel": "letter",
            "received_day": "31",
            "received_month": "2",
            "received_year": "2025",
            "name": "Sam Tenant",
            "description": "Damp in the back bedroom.",
        },
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: Log a complaint" in html
    assert '<a href="#id_received_day">Date received must be a real date</a>' in html
    assert 'value="Sam Tenant"' in html
    assert ">Damp in the back bedroom.</textarea>" in html
    assert 'name="received_day" type="text" inputmode="numeric" value="31"' in html
    assert '<option value="letter" selected>Letter</option>' in html
    assert not Complaint.objects.exists()


def test_missing_details_are_each_named(client: Client, org_a_handler: User) -> None:
    client.force_login(org_a_handler)

    html = client.post("/staff/cases/new/", {"received_day": "3"}).content.decode()

    assert "Select the service area the complaint is about" in html
    assert "Enter the individual&#x27;s name" in html
    assert "Enter the complaint in the individual&#x27;s words" in html
    assert "Date received must include a month and a year" in html


def test_a_future_date_refused_by_the_service_is_shown_against_the_field(
    client: Client, org_a_handler: User, housing: ServiceArea
) -> None:
    client.force_login(org_a_handler)

    response = client.post(
        "/staff/cases/new/",
        {
            "service_area": housing.pk,
            "channel": "phone",
            **date_fields("received", date.today() + timedelta(days=3)),
            "name": "Sam Tenant",
            "description": "Damp.",
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_received-error"' in html
    assert "is in the future." in html
    assert not Complaint.objects.exists()


# --- The case page -----------------------------------------------------------------------------


def test_the_case_page_shows_the_summary_individual_deadlines_and_timeline(
    client: Client, case: Complaint, org_a_handler: User
) -> None:
    client.force_login(org_a_handler)

    html = client.get(f"/staff/cases/{REFERENCE}/").content.decode()

    assert f"{REFERENCE}" in html
    assert '<strong class="govuk-tag govuk-tag--blue">Received</strong>' in html
    assert "Housing repairs" in html
    assert escape(HOS.name) in html
    assert "Web form" in html
    assert "3 March 2025" in html
    assert "Pat Example" in html
    assert "12 Mill Lane, Riverside" in html
    assert "The repair to my boiler was booked three times and never done." in html
    assert "10 March 2025" in html  # acknowledge by: 5 working days (HOS 6.2)
    assert "HOS Code 6.2" in html
    assert "Complaint logged" in html
    assert org_a_handler.username in html


def test_the_case_page_offers_the_steps_the_rules_allow_and_explains_the_others(
    client: Client, case: Complaint, org_a_handler: User
) -> None:
    client.force_login(org_a_handler)

    html = client.get(f"/staff/cases/{REFERENCE}/").content.decode()

    assert f'href="/staff/cases/{REFERENCE}/acknowledge/"' in html
    assert f'href="/staff/cases/{REFERENCE}/exclude/"' in html
    assert f'href="/staff/cases/{REFERENCE}/respond/"' not in html
    assert "govuk-warning-text" in html
    assert "Stage 1 has not been acknowledged yet: acknowledge it first. (HOS Code 6.2)" in html


def test_the_timeline_shows_each_step_newest_first_with_what_changed(
    client: Client, at_stage_2: Complaint, org_a_handler: User
) -> None:
    client.force_login(org_a_handler)

    html = client.get(f"/staff/cases/{REFERENCE}/").content.decode()

    steps = ["Stage acknowledged", "Escalated to the next stage", "Response recorded"]
    positions = [html.index(f">{step}</h3>") for step in steps]
    assert positions == sorted(positions)
    assert "Status: acknowledged → responded" in html
    assert "Stage 2 definition" in html


# --- Steps -------------------------------------------------------------------------------------


def test_each_step_form_carries_the_version(
    client: Client, case: Complaint, org_a_handler: User
) -> None:
    client.force_login(org_a_handler)

    for action in ACTIONS:
        html = client.get(f"/staff/cases/{REFERENCE}/{action}/").content.decode()

        assert f'<input type="hidden" name="version" value="{case.version}">' in html, action


def test_acknowledging_through_the_page(
    client: Client, case: Complaint, org_a_handler: User
) -> None:
    client.force_login(org_a_handler)

    response = client.post(
        f"/staff/cases/{REFERENCE}/acknowledge/",
        {
            "version": case.version,
            **date_fields("acknowledged", date(2025, 3, 4)),
            "definition": "The boiler repair was never done.",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == f"/staff/cases/{REFERENCE}/"
    complaint = Complaint.objects.get(pk=case.pk)
    assert complaint.status == CaseStatus.ACKNOWLEDGED
    assert complaint.version == case.version + 1
    html = client.get(response["Location"]).content.decode()
    assert "Stage 1 acknowledged" in html
    assert "The boiler repair was never done." in html
    assert "18 March 2025" in html  # respond by: 10 working days after acknowledgement (HOS 6.3)


def test_the_respond_form_offers_the_codes_outcomes_and_required_contents(
    client: Client, at_stage_2: Complaint, org_a_manager: User
) -> None:
    client.force_login(org_a_manager)

    html = client.get(f"/staff/cases/{REFERENCE}/respond/").content.decode()

    assert 'type="radio" value="upheld"' in html
    assert 'type="radio" value="not_upheld"' in html
    assert "Not upheld" in html
    assert "partially" not in html.lower()
    assert "The response contains…" in html
    for key in contents(2):
        assert f'type="checkbox" value="{key}"' in html
        label = CONTENT_ELEMENTS[key]
        assert escape(label[0].upper() + label[1:]) in html


def test_a_refused_step_shows_every_refusal_with_its_clause_and_keeps_what_was_typed(
    client: Client, at_stage_2: Complaint, org_a_handler: User
) -> None:
    client.force_login(org_a_handler)
    before = Complaint.objects.get(pk=at_stage_2.pk)

    response = client.post(
        f"/staff/cases/{REFERENCE}/respond/",
        {
            "version": at_stage_2.version,
            **date_fields("responded", date(2025, 3, 20)),
            "outcome": "not_upheld",
            "contents": ["stage", "decision"],
            "decision": "We have decided the repair was done on time.",
            "reasons": "Our records show the visit on 5 March.",
        },
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert (
        "Stage 2 must be considered by someone other than the stage 1 handler. (HOS Code 6.14)"
        in html
    )
    assert "The stage 2 response must also contain" in html
    assert "(HOS Code 6.18)" in html
    assert ">We have decided the repair was done on time.</textarea>" in html
    assert ">Our records show the visit on 5 March.</textarea>" in html
    assert 'type="radio" value="not_upheld" checked' in html
    assert 'type="checkbox" value="decision" checked' in html
    assert 'type="checkbox" value="remedy">' in html
    assert 'name="responded_day" type="text" inputmode="numeric" value="20"' in html
    after = Complaint.objects.get(pk=at_stage_2.pk)
    assert (after.status, after.version) == (before.status, before.version)


def test_a_stale_form_shows_the_conflict_and_changes_nothing(
    client: Client, case: Complaint, org_a_handler: User, org_a_manager: User
) -> None:
    client.force_login(org_a_handler)
    opened = case.version
    changed = complaint_assign(actor=org_a_manager, complaint=case, handler=org_a_manager)

    response = client.post(
        f"/staff/cases/{REFERENCE}/acknowledge/",
        {
            "version": opened,
            **date_fields("acknowledged", date(2025, 3, 4)),
            "definition": "Typed before the change.",
        },
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "This case was changed by someone else after you opened it." in html
    assert ">Typed before the change.</textarea>" in html
    after = Complaint.objects.get(pk=case.pk)
    assert (after.status, after.version, after.handler) == (
        CaseStatus.RECEIVED,
        changed.version,
        org_a_manager,
    )


def test_an_impossible_date_on_a_step_is_a_field_error(
    client: Client, case: Complaint, org_a_handler: User
) -> None:
    client.force_login(org_a_handler)

    response = client.post(
        f"/staff/cases/{REFERENCE}/acknowledge/",
        {
            "version": case.version,
            "acknowledged_day": "30",
            "acknowledged_month": "2",
            "acknowledged_year": "2025",
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert '<a href="#id_acknowledged_day">Date acknowledged must be a real date</a>' in html
    assert Complaint.objects.get(pk=case.pk).version == case.version


def test_granting_an_extension_through_the_page(
    client: Client, case: Complaint, org_a_handler: User
) -> None:
    stage_acknowledge(
        actor=org_a_handler, complaint=case, acknowledged=date(2025, 3, 4), definition="Boiler."
    )
    client.force_login(org_a_handler)
    version = Complaint.objects.get(pk=case.pk).version

    refused = client.post(
        f"/staff/cases/{REFERENCE}/extend/",
        {
            "version": version,
            "days": "5",
            "reason": "Waiting for the contractor's report.",
            **date_fields("granted_on", date(2025, 3, 10)),
        },
    )
    granted = client.post(
        f"/staff/cases/{REFERENCE}/extend/",
        {
            "version": version,
            "days": "5",
            "reason": "Waiting for the contractor's report.",
            "ombudsman_details_given": "on",
            **date_fields("granted_on", date(2025, 3, 10)),
        },
    )

    assert "(HOS Code 6.5)" in refused.content.decode()
    assert granted.status_code == 302
    html = client.get(granted["Location"]).content.decode()
    assert "Extension granted" in html
    assert "Waiting for the contractor&#x27;s report." in html
    assert "HOS Code 6.4" in html


def test_assigning_a_handler(
    client: Client, case: Complaint, org_a_handler: User, org_a_manager: User
) -> None:
    client.force_login(org_a_handler)

    response = client.post(
        f"/staff/cases/{REFERENCE}/assign/", {"version": case.version, "handler": org_a_manager.pk}
    )

    assert response.status_code == 302
    assert Complaint.objects.get(pk=case.pk).handler == org_a_manager


# --- Team cases and search --------------------------------------------------------------------


def test_team_cases_lists_every_open_case_with_filters(
    client: Client, case: Complaint, org_a_manager: User, org_a: Organisation
) -> None:
    other = ServiceAreaFactory(organisation=org_a, name="Council tax", profile="lgsco-2024")
    received_complaint(org_a_manager, service_area=other, reference="CMP-TAX-1", name="Lee Payer")
    client.force_login(org_a_manager)

    everything = client.get("/staff/cases/").content.decode()
    housing_only = client.get(f"/staff/cases/?service_area={case.service_area_id}").content
    unassigned = client.get("/staff/cases/?handler=0").content.decode()

    assert REFERENCE in everything
    assert "CMP-TAX-1" in everything
    assert REFERENCE in housing_only.decode()
    assert "CMP-TAX-1" not in housing_only.decode()
    assert "CMP-TAX-1" in unassigned
    assert REFERENCE not in unassigned
    assert f'<option value="{case.service_area_id}">Housing repairs</option>' in everything


def test_search_finds_by_reference_and_by_a_word_of_the_complaint(
    client: Client, case: Complaint, org_a_handler: User
) -> None:
    client.force_login(org_a_handler)

    by_reference = client.get("/staff/cases/", {"q": REFERENCE.lower()}).content.decode()
    by_word = client.get("/staff/cases/", {"q": "boiler"}).content.decode()
    nothing = client.get("/staff/cases/", {"q": "trampoline"}).content.decode()

    assert f'href="/staff/cases/{REFERENCE}/"' in by_reference
    assert f'href="/staff/cases/{REFERENCE}/"' in by_word
    assert "1 result for" in by_word
    assert "No complaint matches." in nothing
    assert 'value="boiler"' in by_word


def test_search_shows_nothing_of_another_organisation(
    client: Client, case: Complaint, org_b_handler: User
) -> None:
    client.force_login(org_b_handler)

    html = client.get("/staff/cases/", {"q": REFERENCE}).content.decode()

    assert f'href="/staff/cases/{REFERENCE}/"' not in html
    assert "No complaint matches." in html
