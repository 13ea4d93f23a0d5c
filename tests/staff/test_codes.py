import pytest
from django.test import Client
from django.utils.html import escape

from putright.organisations.models import User
from putright.policy import describe_profile, load_profiles

pytestmark = pytest.mark.django_db

PROFILE_IDS = sorted(load_profiles())
STAFF_URLS = ["/staff/", "/staff/codes/", "/staff/codes/hos-2024/", "/staff/codes/no-such-code/"]


@pytest.mark.parametrize("url", STAFF_URLS)
def test_staff_pages_need_sign_in(client: Client, url: str) -> None:
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/staff/sign-in/?next=")


def test_staff_home_is_the_code_profiles(client: Client, org_a_handler: User) -> None:
    client.force_login(org_a_handler)

    assert client.get("/staff/")["Location"] == "/staff/codes/"


def test_code_profiles_lists_every_profile(client: Client, org_a_handler: User) -> None:
    client.force_login(org_a_handler)

    response = client.get("/staff/codes/")

    assert response.status_code == 200
    html = response.content.decode()
    for profile in load_profiles().values():
        assert f'href="/staff/codes/{profile.id}/"' in html
        assert escape(profile.name) in html
    assert "1 April 2024" in html
    assert "Statutory" in html
    assert "Sign out" in html


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
def test_a_code_profile_shows_every_rule_with_its_clause(
    client: Client, org_a_handler: User, profile_id: str
) -> None:
    client.force_login(org_a_handler)
    profile = load_profiles()[profile_id]

    response = client.get(f"/staff/codes/{profile_id}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert escape(profile.name) in html
    assert "Clause</th>" in html
    for section in describe_profile(profile):
        assert escape(section.title) in html
        for row in section.rows:
            assert escape(row.rule) in html
            assert escape(row.value) in html
            if row.clause:
                assert f'<td class="govuk-table__cell">{escape(row.clause)}</td>' in html


def test_hos_stage_1_response_is_10_working_days_from_acknowledgement(
    client: Client, org_a_handler: User
) -> None:
    client.force_login(org_a_handler)

    html = client.get("/staff/codes/hos-2024/").content.decode()

    assert "10 working days from acknowledgement" in html
    assert '<td class="govuk-table__cell">6.3</td>' in html


def test_unknown_profile_is_404(client: Client, org_a_handler: User) -> None:
    client.force_login(org_a_handler)

    response = client.get("/staff/codes/no-such-code/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_codes_are_reference_data_every_organisation_sees(
    client: Client, org_a_handler: User, org_b_handler: User
) -> None:
    client.force_login(org_b_handler)

    assert client.get("/staff/codes/hos-2024/").status_code == 200
    assert org_a_handler.organisation != org_b_handler.organisation


@pytest.mark.parametrize("url", ["/staff/sign-in/", "/staff/codes/", "/staff/codes/hos-2024/"])
def test_pages_have_no_inline_scripts_or_styles(
    client: Client, org_a_handler: User, url: str
) -> None:
    if url != "/staff/sign-in/":
        client.force_login(org_a_handler)

    html = client.get(url).content.decode()

    assert html.count("<script") == html.count('<script type="module" src="') == 1
    assert " style=" not in html
    assert "<style" not in html
