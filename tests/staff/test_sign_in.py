import pytest
from django.test import Client

from putright.audit.models import AuditEvent
from putright.organisations.models import User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_sign_in_page_is_a_govuk_form_with_autocomplete_and_csrf(client: Client) -> None:
    response = client.get("/staff/sign-in/")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="govuk-template"' in html
    assert 'href="#main-content" class="govuk-skip-link"' in html
    assert "govuk-generic-header" in html
    assert ">putright</a>" in html
    assert 'autocomplete="username"' in html
    assert 'autocomplete="current-password"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "govuk-footer" in html
    assert "govuk-error-summary" not in html


def test_anonymous_staff_home_redirects_to_sign_in(client: Client) -> None:
    response = client.get("/staff/")

    assert response.status_code == 302
    assert response["Location"] == "/staff/sign-in/?next=/staff/"


def test_site_root_goes_to_the_staff_pages(client: Client) -> None:
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/staff/"


def test_bad_credentials_are_refused_with_an_error_summary(
    client: Client, org_a_handler: User
) -> None:
    response = client.post(
        "/staff/sign-in/", {"username": org_a_handler.username, "password": "wrong"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "There is a problem" in html
    assert '<a href="#id_username">Enter a correct username and password</a>' in html
    assert "<title>Error: Sign in" in html
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get(action="staff.sign_in_failed")
    assert event.actor is None
    assert event.actor_label == org_a_handler.username


def test_empty_fields_are_named_in_the_error_summary(client: Client) -> None:
    response = client.post("/staff/sign-in/", {"username": "", "password": ""})

    html = response.content.decode()
    assert '<a href="#id_username">Enter your username</a>' in html
    assert '<a href="#id_password">Enter your password</a>' in html


def test_good_credentials_sign_in_to_the_code_profiles(client: Client, org_a_handler: User) -> None:
    response = client.post(
        "/staff/sign-in/", {"username": org_a_handler.username, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/staff/codes/"
    event = AuditEvent.objects.get(action="staff.sign_in")
    assert event.actor == org_a_handler
    assert event.organisation == org_a_handler.organisation


def test_sign_in_returns_to_the_page_asked_for(client: Client, org_a_handler: User) -> None:
    response = client.post(
        "/staff/sign-in/",
        {
            "username": org_a_handler.username,
            "password": PASSWORD,
            "next": "/staff/codes/hos-2024/",
        },
    )

    assert response["Location"] == "/staff/codes/hos-2024/"


def test_sign_in_never_redirects_off_site(client: Client, org_a_handler: User) -> None:
    response = client.post(
        "/staff/sign-in/",
        {"username": org_a_handler.username, "password": PASSWORD, "next": "https://evil.example/"},
    )

    assert response["Location"] == "/staff/codes/"


def test_sign_out_is_a_post_and_ends_the_session(client: Client, org_a_handler: User) -> None:
    client.force_login(org_a_handler)

    assert client.get("/staff/sign-out/").status_code == 405
    response = client.post("/staff/sign-out/")

    assert response.status_code == 302
    assert response["Location"] == "/staff/sign-in/"
    assert client.get("/staff/codes/").status_code == 302


def test_sign_out_needs_the_csrf_token(org_a_handler: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(org_a_handler)

    response = client.post("/staff/sign-out/")

    assert response.status_code == 403
    assert "Sorry, there is a problem" in response.content.decode()
