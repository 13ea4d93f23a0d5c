"""The people pages, their forms and the case page's section on the individual."""

from datetime import date

import pytest
from django.test import Client

from putright.audit.models import AuditEvent
from putright.cases.models import Complaint
from putright.organisations.models import Organisation, Role, User
from putright.people.models import (
    Individual,
    ReasonableAdjustment,
    Representative,
    Restriction,
    RestrictionReview,
)
from putright.staff import views
from tests.factories import UserFactory, received_complaint
from tests.people_factories import (
    AdjustmentFactory,
    IndividualFactory,
    RepresentativeFactory,
    RestrictionFactory,
)

pytestmark = pytest.mark.django_db

TODAY = date(2025, 6, 2)


def date_fields(name: str, day: date) -> dict[str, str]:
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> date:
    monkeypatch.setattr(views, "today", lambda: TODAY)
    return TODAY


@pytest.fixture
def person(org_a: Organisation) -> Individual:
    return IndividualFactory(
        organisation=org_a,
        name="Pat Example",
        email="pat@example.net",
        contact_preference="letter",
        contact_notes="Large print, please",
        disabilities="Partially sighted",
    )


@pytest.fixture
def record(person: Individual) -> dict[str, int]:
    """A representative, an adjustment and a restriction of the person, by id."""
    return {
        "rep": RepresentativeFactory(individual=person).pk,
        "adj": AdjustmentFactory(individual=person, review_by=date(2025, 6, 10)).pk,
        "r": RestrictionFactory(individual=person, review_by=date(2025, 6, 1)).pk,
    }


@pytest.fixture
def member(org_a: Organisation) -> User:
    return UserFactory(username="mo@org-a.example", organisation=org_a, role=Role.MEMBER)


def urls(person: Individual, record: dict[str, int]) -> list[str]:
    base = f"/staff/people/{person.pk}"
    return [
        f"{base}/",
        f"{base}/edit/",
        f"{base}/representatives/new/",
        f"{base}/representatives/{record['rep']}/end/",
        f"{base}/adjustments/new/",
        f"{base}/adjustments/{record['adj']}/review/",
        f"{base}/restrictions/new/",
        f"{base}/restrictions/{record['r']}/review/",
    ]


def test_people_pages_need_sign_in(
    client: Client, person: Individual, record: dict[str, int]
) -> None:
    for url in ["/staff/people/", *urls(person, record)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/staff/sign-in/?next=")


def test_another_organisations_person_is_not_found(
    client: Client, person: Individual, record: dict[str, int], org_b_handler: User
) -> None:
    client.force_login(org_b_handler)
    post = {
        "name": "Changed",
        "description": "Changed",
        "restriction": "Changed",
        "reason": "Changed",
        "evidence": "Changed",
        "proportionality": "Changed",
        "decision": "end",
        "notes": "Changed",
        "end": "on",
        **date_fields("agreed_on", TODAY),
        **date_fields("reviewed_on", TODAY),
        **date_fields("starts", TODAY),
        **date_fields("review_by", date(2025, 9, 1)),
    }

    for url in urls(person, record):
        assert client.get(url).status_code == 404, url
        assert client.post(url, post).status_code == 404, url

    person.refresh_from_db()
    assert person.name == "Pat Example"
    assert Representative.objects.get().active
    assert ReasonableAdjustment.objects.count() == 1
    assert Restriction.objects.get().ended_on is None
    assert not RestrictionReview.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="people.").exists()


def test_read_only_roles_are_refused_every_form(
    client: Client, person: Individual, record: dict[str, int], member: User
) -> None:
    client.force_login(member)

    for url in urls(person, record)[1:]:
        assert client.get(url).status_code in (403, 404), url
        assert client.post(url, {"name": "Changed"}).status_code in (403, 404), url

    person.refresh_from_db()
    assert person.name == "Pat Example"


def test_search_finds_people_and_lists_reviews_due(
    client: Client, person: Individual, record: dict[str, int], org_a_handler: User
) -> None:
    client.force_login(org_a_handler)

    html = client.get("/staff/people/", {"q": "pat"}).content.decode()

    assert f'href="/staff/people/{person.pk}/"' in html
    assert "Reviews due in the next 10 days" in html
    assert f"/staff/people/{person.pk}/restrictions/{record['r']}/review/" in html
    assert f"/staff/people/{person.pk}/adjustments/{record['adj']}/review/" in html
    assert "Overdue" in html


def test_the_person_page_shows_their_record_and_audits_the_view_of_disabilities(
    client: Client, person: Individual, record: dict[str, int], org_a_handler: User
) -> None:
    complaint = received_complaint(org_a_handler, individual=person)
    client.force_login(org_a_handler)

    html = client.get(f"/staff/people/{person.pk}/").content.decode()

    assert "Letter" in html
    assert "Large print, please" in html
    assert "Sam Advocate" in html
    assert "Given 1 Mar 2025" in html
    assert "Letters in large print" in html
    assert "Contact restricted:" in html
    assert "Review overdue" in html
    assert "Partially sighted" in html
    assert complaint.reference in html
    event = AuditEvent.objects.get(action="people.view_disabilities")
    assert (event.actor, event.object_id) == (org_a_handler, str(person.pk))


def test_read_only_roles_see_no_disabilities_or_adjustments(
    client: Client, person: Individual, record: dict[str, int], member: User
) -> None:
    client.force_login(member)

    html = client.get(f"/staff/people/{person.pk}/").content.decode()

    assert "Pat Example" in html
    assert "Partially sighted" not in html
    assert "Letters in large print" not in html
    assert "Contact restricted:" in html
    assert "Change their details" not in html
    assert not AuditEvent.objects.filter(action="people.view_disabilities").exists()


def test_editing_keeps_what_was_typed_on_error(
    client: Client, person: Individual, org_a_handler: User
) -> None:
    client.force_login(org_a_handler)

    response = client.post(
        f"/staff/people/{person.pk}/edit/",
        {"name": "Pat Changed", "email": "not-an-email", "contact_notes": "Mornings only"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter an email address in the correct format" in html
    assert 'value="Pat Changed"' in html
    assert "Mornings only" in html
    person.refresh_from_db()
    assert person.name == "Pat Example"


def test_editing_saves_details_and_disabilities(
    client: Client, person: Individual, org_a_handler: User
) -> None:
    client.force_login(org_a_handler)
    form = client.get(f"/staff/people/{person.pk}/edit/").content.decode()

    response = client.post(
        f"/staff/people/{person.pk}/edit/",
        {"name": "Pat Changed", "contact_preference": "phone", "disabilities": "Deaf"},
    )

    assert "Partially sighted" in form
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.name, person.contact_preference, person.disabilities) == (
        "Pat Changed",
        "phone",
        "Deaf",
    )


def test_under_lgsco_the_edit_form_offers_no_disabilities(
    client: Client, org_b: Organisation, org_b_handler: User
) -> None:
    theirs = IndividualFactory(organisation=org_b, name="Lee")
    client.force_login(org_b_handler)

    form = client.get(f"/staff/people/{theirs.pk}/edit/").content.decode()
    page = client.get(f"/staff/people/{theirs.pk}/").content.decode()
    client.post(f"/staff/people/{theirs.pk}/edit/", {"name": "Lee", "disabilities": "Deaf"})

    assert 'name="disabilities"' not in form
    assert "does not keep a record of disabilities (LGSCO Code 5.8)" in page
    theirs.refresh_from_db()
    assert theirs.disabilities == ""


def test_a_representative_with_consent_needs_its_date_and_keeps_what_was_typed(
    client: Client, person: Individual, org_a_handler: User
) -> None:
    client.force_login(org_a_handler)
    url = f"/staff/people/{person.pk}/representatives/new/"
    typed = {"name": "Sam Advocate", "consent_given": "on", "consent_evidence": "Signed form"}

    response = client.post(url, typed)
    done = client.post(url, typed | date_fields("consent_date", date(2025, 5, 1)))

    html = response.content.decode()
    assert "Give the date the individual gave their consent" in html
    assert 'value="Sam Advocate"' in html
    assert "Signed form" in html
    assert done.status_code == 302
    assert Representative.objects.get().consent_date == date(2025, 5, 1)


def test_ending_a_representative(
    client: Client, person: Individual, record: dict[str, int], org_a_handler: User
) -> None:
    client.force_login(org_a_handler)

    response = client.post(f"/staff/people/{person.pk}/representatives/{record['rep']}/end/")

    assert response.status_code == 302
    assert not Representative.objects.get().active


def test_an_adjustment_review_date_must_follow_agreement_and_typing_is_kept(
    client: Client, person: Individual, org_a_handler: User
) -> None:
    client.force_login(org_a_handler)
    url = f"/staff/people/{person.pk}/adjustments/new/"
    typed = {"description": "Calls after 4pm", **date_fields("agreed_on", date(2025, 6, 1))}

    response = client.post(url, typed | date_fields("review_by", date(2025, 5, 1)))
    done = client.post(url, typed | date_fields("review_by", date(2025, 12, 1)))

    html = response.content.decode()
    assert "must be after the date agreed" in html
    assert "Calls after 4pm" in html
    assert done.status_code == 302
    assert ReasonableAdjustment.objects.get().review_by == date(2025, 12, 1)


def test_reviewing_an_adjustment_from_its_form(
    client: Client, person: Individual, record: dict[str, int], org_a_handler: User
) -> None:
    client.force_login(org_a_handler)
    url = f"/staff/people/{person.pk}/adjustments/{record['adj']}/review/"

    missing = client.post(url, date_fields("reviewed_on", TODAY))
    done = client.post(url, {**date_fields("reviewed_on", TODAY), "end": "on"})

    assert "Give the next review date, or end the adjustment" in missing.content.decode()
    assert done.status_code == 302
    assert ReasonableAdjustment.objects.get().ended_on == TODAY


def test_a_restriction_needs_its_evidence_and_keeps_what_was_typed(
    client: Client, person: Individual, org_a_manager: User
) -> None:
    client.force_login(org_a_manager)
    url = f"/staff/people/{person.pk}/restrictions/new/"
    typed = {
        "restriction": "One named officer",
        "reason": "Abusive calls",
        "proportionality": "Keeps a route open",
        **date_fields("starts", TODAY),
        **date_fields("review_by", date(2025, 9, 1)),
    }

    response = client.post(url, typed)
    done = client.post(url, typed | {"evidence": "Call logs"})

    html = response.content.decode()
    assert "Enter the evidence of the behaviour" in html
    assert "One named officer" in html
    assert "Keeps a route open" in html
    assert done.status_code == 302
    assert Restriction.objects.get().evidence == "Call logs"


def test_reviewing_a_restriction_from_its_form(
    client: Client, person: Individual, record: dict[str, int], org_a_manager: User
) -> None:
    client.force_login(org_a_manager)
    url = f"/staff/people/{person.pk}/restrictions/{record['r']}/review/"
    typed = {"decision": "keep", "notes": "Calls continue", **date_fields("reviewed_on", TODAY)}

    missing = client.post(url, typed)
    done = client.post(url, typed | date_fields("next_review_by", date(2025, 9, 1)))

    html = missing.content.decode()
    assert "Give the next review date" in html
    assert "Calls continue" in html
    assert done.status_code == 302
    assert Restriction.objects.get().review_by == date(2025, 9, 1)
    assert RestrictionReview.objects.get().decision == "keep"


def test_the_case_page_shows_the_person(
    client: Client, person: Individual, record: dict[str, int], org_a_handler: User
) -> None:
    rep = Representative.objects.get()
    complaint: Complaint = received_complaint(org_a_handler, individual=person, representative=rep)
    client.force_login(org_a_handler)

    html = client.get(f"/staff/cases/{complaint.reference}/").content.decode()

    assert f'href="/staff/people/{person.pk}/"' in html
    assert "Letter" in html
    assert "Sam Advocate" in html
    assert "consent recorded 1 March 2025" in html
    assert "Letters in large print" in html
    assert "review by 10 June 2025" in html
    assert "Contact restricted:" in html
    assert "Review overdue" in html
    assert "Partially sighted" not in html


def test_the_case_page_hides_adjustments_from_read_only_roles_and_flags_no_consent(
    client: Client, person: Individual, record: dict[str, int], org_a_handler: User, member: User
) -> None:
    rep = RepresentativeFactory(individual=person, consent_given=False, consent_date=None)
    complaint = received_complaint(org_a_handler, individual=person, representative=rep)
    client.force_login(member)

    html = client.get(f"/staff/cases/{complaint.reference}/").content.decode()

    assert "Pat Example" in html
    assert "No consent recorded" in html
    assert "Letters in large print" not in html
    assert "Contact restricted:" in html
