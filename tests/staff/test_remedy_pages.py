"""The putting-things-right pages: a case's remedies, actions and Ombudsman referrals, the
organisation's learning, and the case page's section."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from putright.audit.models import AuditEvent
from putright.cases.models import (
    ActionUpdate,
    Complaint,
    Learning,
    OmbudsmanReferral,
    OutstandingAction,
    Recommendation,
    Remedy,
)
from putright.cases.services import remedies
from putright.organisations.models import Organisation, Role, User
from tests import remedy_factories as make
from tests.factories import UserFactory, received_complaint

pytestmark = pytest.mark.django_db

REFERENCE = "CMP-2025-00042"
CASE = f"/staff/cases/{REFERENCE}"
#: Every page of this area; the ids are filled from the ``made`` fixture.
URLS = [
    f"{CASE}/remedies/new/",
    f"{CASE}/remedies/{{remedy}}/status/",
    f"{CASE}/remedies/{{remedy}}/cannot-deliver/",
    f"{CASE}/actions/new/",
    f"{CASE}/actions/{{action}}/update/",
    f"{CASE}/actions/{{action}}/complete/",
    f"{CASE}/ombudsman/new/",
    f"{CASE}/ombudsman/{{referral}}/decide/",
    f"{CASE}/ombudsman/{{referral}}/recommendations/new/",
    f"{CASE}/ombudsman/{{referral}}/recommendations/{{recommendation}}/done/",
    "/staff/learning/",
    "/staff/learning/new/",
    "/staff/learning/{learning}/",
    "/staff/learning/{learning}/link/",
    "/staff/learning/{learning}/implemented/",
]
#: The pages that show or change one organisation's object.
OWN_URLS = [url for url in URLS if url not in ("/staff/learning/", "/staff/learning/new/")]
MODELS = (Remedy, OutstandingAction, ActionUpdate, OmbudsmanReferral, Recommendation, Learning)


@dataclass
class Made:
    remedy: Remedy
    action: OutstandingAction
    referral: OmbudsmanReferral
    recommendation: Recommendation
    learning: Learning

    def url(self, template: str) -> str:
        return template.format(
            remedy=self.remedy.pk,
            action=self.action.pk,
            referral=self.referral.pk,
            recommendation=self.recommendation.pk,
            learning=self.learning.pk,
        )


@pytest.fixture
def case(org_a_handler: User) -> Complaint:
    return received_complaint(org_a_handler, reference=REFERENCE, handler=org_a_handler)


@pytest.fixture
def made(case: Complaint, org_a_handler: User) -> Made:
    referral = make.referral(org_a_handler, case)
    return Made(
        remedy=make.offered_remedy(org_a_handler, case),
        action=make.open_action(org_a_handler, case),
        referral=referral,
        recommendation=make.recommendation(org_a_handler, referral),
        learning=make.learning(org_a_handler, case, service_area=case.service_area),
    )


@pytest.fixture
def auditor(org_a: Organisation) -> User:
    return UserFactory(username="audrey@org-a.example", organisation=org_a, role=Role.AUDITOR)


def date_fields(name: str, day: date) -> dict[str, str]:
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


def counts() -> tuple[int, ...]:
    # Refusals are recorded as staff.* security events; nothing else may be.
    cases_events = AuditEvent.objects.exclude(action__startswith="staff.").count()
    return (*(model.objects.count() for model in MODELS), cases_events)


#: A valid POST for every form, so a refusal is about who posts it, not what.
TODAY = timezone.localdate()
VALID = {
    "remedies/new/": {"kind": "apology", "description": "Sorry.", "stage": "1"},
    "status/": {"status": "accepted"},
    "cannot-deliver/": {"reason": "R", "alternative": "A", "ombudsman_reminded": "on"},
    "actions/new/": {"description": "D", **date_fields("due", date(2025, 5, 1))},
    "update/": {"note": "Booked."},
    "complete/": date_fields("completed_on", TODAY),
    "ombudsman/new/": date_fields("referred_on", TODAY),
    "decide/": {"decision": "fault", **date_fields("decided_on", TODAY)},
    "recommendations/new/": {"description": "Apologise."},
    "done/": {"evidence": "Letter.", **date_fields("carried_out_on", TODAY)},
    "learning/new/": {"title": "T", "description": "D", "references": REFERENCE},
    "link/": {"reference": REFERENCE},
    "implemented/": date_fields("implemented_on", TODAY),
}


def valid(url: str) -> dict[str, str]:
    return next((data for end, data in VALID.items() if url.endswith(end)), {})


# --- Access ---


@pytest.mark.parametrize("url", URLS)
def test_the_pages_need_sign_in(client: Client, made: Made, url: str) -> None:
    response = client.get(made.url(url))

    assert response.status_code == 302
    assert response["Location"].startswith("/staff/sign-in/?next=")


@pytest.mark.parametrize("url", OWN_URLS)
def test_another_organisation_gets_not_found(
    client: Client, made: Made, org_b_handler: User, url: str
) -> None:
    client.force_login(org_b_handler)
    before = counts()

    assert client.get(made.url(url)).status_code == 404
    assert client.post(made.url(url), valid(url)).status_code == 404
    assert counts() == before


def test_another_organisation_sees_none_of_the_learning(
    client: Client, made: Made, org_b_handler: User
) -> None:
    client.force_login(org_b_handler)

    page = client.get("/staff/learning/").content.decode()
    response = client.post("/staff/learning/new/", valid("learning/new/"))

    assert made.learning.title not in page
    assert response.status_code == 200
    assert f"There is no complaint with the reference {REFERENCE}" in response.content.decode()
    assert Learning.objects.count() == 1


@pytest.mark.parametrize("url", [u for u in URLS if u != "/staff/learning/"])
def test_a_read_only_role_changes_nothing(
    client: Client, made: Made, auditor: User, url: str
) -> None:
    client.force_login(auditor)
    before = counts()

    readable = url.startswith("/staff/learning/{learning}")
    assert client.get(made.url(url)).status_code == (200 if readable else 403)
    assert client.post(made.url(url), valid(url)).status_code == 403
    assert counts() == before


def test_unknown_steps_are_not_found(client: Client, made: Made, org_a_handler: User) -> None:
    client.force_login(org_a_handler)

    assert client.get(f"{CASE}/remedies/{made.remedy.pk}/delete/").status_code == 404
    assert client.get(f"/staff/learning/{made.learning.pk}/delete/").status_code == 404
    assert client.get(f"{CASE}/remedies/{made.remedy.pk + 99}/status/").status_code == 404


@pytest.mark.parametrize("url", URLS)
def test_the_pages_have_no_inline_scripts_or_styles(
    client: Client, made: Made, org_a_handler: User, url: str
) -> None:
    client.force_login(org_a_handler)

    response = client.get(made.url(url))
    html = response.content.decode()

    assert response.status_code == 200
    assert html.count("<script") == html.count('<script type="module" src="') == 1
    assert " style=" not in html


# --- The case page's section ---


def test_the_case_page_shows_what_puts_things_right(
    client: Client, case: Complaint, made: Made, org_a_handler: User
) -> None:
    make.financial_remedy(org_a_handler, case, "250.00")
    remedies.outstanding_action_update(
        actor=org_a_handler, action=made.action, note="Engineer booked for Tuesday."
    )
    client.force_login(org_a_handler)

    html = client.get(f"{CASE}/").content.decode()

    assert "Putting things right" in html
    assert "The boiler will be repaired by an approved engineer." in html
    assert "£250.00" in html
    assert "Overdue" in html  # due 1 April 2025, not delivered
    assert "Engineer booked for Tuesday." in html
    assert "Housing Ombudsman Service" in html
    assert "Apologise and review the repairs booking process." in html
    assert "Not carried out yet" in html
    assert made.learning.title in html
    assert f"{CASE}/remedies/new/" in html
    assert f"{CASE}/remedies/{made.remedy.pk}/status/" in html
    assert f"{CASE}/actions/{made.action.pk}/update/" in html
    assert f"{CASE}/ombudsman/{made.referral.pk}/decide/" in html


def test_a_read_only_role_sees_the_section_without_links(
    client: Client, made: Made, auditor: User
) -> None:
    client.force_login(auditor)

    html = client.get(f"{CASE}/").content.decode()

    assert "The boiler will be repaired by an approved engineer." in html
    assert "/remedies/" not in html
    assert "/actions/" not in html
    assert "/ombudsman/" not in html
    assert "/staff/learning/new/" not in html


# --- The forms ---


def test_offer_a_remedy_at_stage_1(client: Client, case: Complaint, org_a_handler: User) -> None:
    client.force_login(org_a_handler)

    response = client.post(
        f"{CASE}/remedies/new/",
        {
            "kind": "financial",
            "description": "A payment for the time without heating.",
            "amount": "120.50",
            "stage": "1",
            **date_fields("due", date(2025, 4, 30)),
        },
    )

    assert response.status_code == 302
    assert response["Location"] == f"{CASE}/"
    remedy = Remedy.objects.get()
    assert (remedy.stage, remedy.kind, str(remedy.amount)) == (1, "financial", "120.50")
    assert remedy.due == date(2025, 4, 30)


def test_the_remedy_form_keeps_what_was_typed(
    client: Client, case: Complaint, org_a_handler: User
) -> None:
    client.force_login(org_a_handler)

    response = client.post(
        f"{CASE}/remedies/new/",
        {
            "kind": "financial",
            "description": "A payment for the time without heating.",
            "stage": "1",
            **date_fields("due", date(2025, 4, 30)),
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "A financial remedy needs an amount" in html
    assert "govuk-error-summary" in html
    assert "A payment for the time without heating." in html
    assert 'value="financial" checked' in html
    assert 'name="due_day" type="text" inputmode="numeric" value="30"' in html
    assert not Remedy.objects.exists()


def test_the_form_keeps_a_date_typed_wrongly(
    client: Client, case: Complaint, org_a_handler: User
) -> None:
    client.force_login(org_a_handler)

    response = client.post(
        f"{CASE}/actions/new/",
        {
            "description": "Inspect the flue.",
            "owner": str(org_a_handler.pk),
            "due_day": "31",
            "due_month": "2",
            "due_year": "2025",
        },
    )

    html = response.content.decode()
    assert "Due by must be a real date" in html
    assert "Inspect the flue." in html
    assert 'value="31"' in html
    assert not OutstandingAction.objects.exists()


def test_cannot_deliver_needs_the_ombudsman_reminder(
    client: Client, made: Made, org_a_handler: User
) -> None:
    client.force_login(org_a_handler)
    url = f"{CASE}/remedies/{made.remedy.pk}/cannot-deliver/"

    refused = client.post(url, {"reason": "No parts.", "alternative": "A new boiler."})
    html = refused.content.decode()
    assert "Remind the individual that they can go to the Housing Ombudsman Service" in html
    assert "No parts." in html
    assert Remedy.objects.get(pk=made.remedy.pk).status == "offered"

    done = client.post(url, valid("cannot-deliver/"))
    assert done.status_code == 302
    assert Remedy.objects.get(pk=made.remedy.pk).status == "cannot_deliver"


def test_update_a_remedy_to_completed(client: Client, made: Made, org_a_handler: User) -> None:
    client.force_login(org_a_handler)
    url = f"{CASE}/remedies/{made.remedy.pk}/status/"

    missing = client.post(url, {"status": "completed"})
    assert "Enter the date the remedy was completed" in missing.content.decode()

    done = client.post(url, {"status": "completed", **date_fields("completed_on", TODAY)})
    assert done.status_code == 302
    assert Remedy.objects.get(pk=made.remedy.pk).completed_on == TODAY


def test_track_an_outstanding_action(
    client: Client, made: Made, org_a_handler: User, org_a_manager: User
) -> None:
    client.force_login(org_a_handler)

    added = client.post(
        f"{CASE}/actions/new/",
        {
            "description": "Replace the flue.",
            "owner": str(org_a_manager.pk),
            **date_fields("due", date(2025, 5, 1)),
        },
    )
    update = client.post(
        f"{CASE}/actions/{made.action.pk}/update/",
        {"note": "Booked.", **date_fields("individual_told_on", TODAY)},
    )
    complete = client.post(f"{CASE}/actions/{made.action.pk}/complete/", valid("complete/"))

    assert added.status_code == update.status_code == complete.status_code == 302
    assert OutstandingAction.objects.get(description="Replace the flue.").owner == org_a_manager
    assert ActionUpdate.objects.get().individual_told_on == TODAY
    assert OutstandingAction.objects.get(pk=made.action.pk).status == "done"


def test_the_owner_list_is_the_organisations_staff(
    client: Client, case: Complaint, org_a_handler: User, org_b_handler: User
) -> None:
    client.force_login(org_a_handler)

    page = client.get(f"{CASE}/actions/new/").content.decode()
    response = client.post(
        f"{CASE}/actions/new/",
        {"description": "D", "owner": str(org_b_handler.pk), **date_fields("due", TODAY)},
    )

    assert org_b_handler.username not in page
    assert "Select an owner from the list" in response.content.decode()


def test_record_a_referral_its_decision_and_recommendations(
    client: Client, case: Complaint, org_a_handler: User
) -> None:
    client.force_login(org_a_handler)

    client.post(
        f"{CASE}/ombudsman/new/",
        {"ombudsman_reference": "HOS-9", **date_fields("referred_on", date(2025, 6, 1))},
    )
    referral = OmbudsmanReferral.objects.get()
    decided = client.post(
        f"{CASE}/ombudsman/{referral.pk}/decide/",
        {"decision": "fault", "findings": "Delay.", **date_fields("decided_on", date(2025, 7, 1))},
    )
    added = client.post(
        f"{CASE}/ombudsman/{referral.pk}/recommendations/new/", {"description": "Pay £100."}
    )
    recommendation = Recommendation.objects.get()
    done = client.post(
        f"{CASE}/ombudsman/{referral.pk}/recommendations/{recommendation.pk}/done/",
        valid("done/"),
    )

    assert referral.ombudsman == "Housing Ombudsman Service"
    assert decided.status_code == added.status_code == done.status_code == 302
    assert OmbudsmanReferral.objects.get().decision == "fault"
    assert Recommendation.objects.get().carried_out_on == TODAY
    html = client.get(f"{CASE}/").content.decode()
    assert "Investigated: fault found" in html
    assert "Carried out" in html


def test_the_decision_form_keeps_what_was_typed(
    client: Client, made: Made, org_a_handler: User
) -> None:
    client.force_login(org_a_handler)

    response = client.post(
        f"{CASE}/ombudsman/{made.referral.pk}/decide/",
        {
            "decision": "fault",
            "findings": "Repeated delay.",
            **date_fields("decided_on", date(2025, 4, 1)),
        },
    )

    html = response.content.decode()
    assert "before the referral" in html
    assert "Repeated delay." in html
    assert OmbudsmanReferral.objects.get().decision == "pending"


# --- Learning ---


def test_record_learning_from_a_case(client: Client, case: Complaint, org_a_handler: User) -> None:
    client.force_login(org_a_handler)

    form = client.get(f"/staff/learning/new/?reference={REFERENCE}").content.decode()
    response = client.post(
        "/staff/learning/new/",
        {
            "title": "Text before repair visits",
            "description": "A text the day before.",
            "service_area": str(case.service_area_id),
            "owner": str(org_a_handler.pk),
            "references": REFERENCE,
            **date_fields("due", date(2025, 9, 1)),
        },
    )

    assert REFERENCE in form
    learning = Learning.objects.get()
    assert response["Location"] == f"/staff/learning/{learning.pk}/"
    assert list(learning.complaints.all()) == [case]
    detail = client.get(response["Location"]).content.decode()
    assert "Text before repair visits" in detail
    assert f"/staff/cases/{REFERENCE}/" in detail


def test_the_learning_form_keeps_what_was_typed(
    client: Client, case: Complaint, org_a_handler: User
) -> None:
    client.force_login(org_a_handler)

    response = client.post(
        "/staff/learning/new/",
        {"title": "Text before visits", "description": "", "references": "CMP-2025-99999"},
    )

    html = response.content.decode()
    assert "Describe the service improvement" in html
    assert "Text before visits" in html
    assert "CMP-2025-99999" in html
    assert not Learning.objects.exists()


def test_link_a_complaint_and_implement_learning(
    client: Client, made: Made, org_a_handler: User
) -> None:
    second = received_complaint(org_a_handler, reference="CMP-2025-00043")
    client.force_login(org_a_handler)
    base = f"/staff/learning/{made.learning.pk}"

    unknown = client.post(f"{base}/link/", {"reference": "CMP-2025-99999"})
    twice = client.post(f"{base}/link/", {"reference": REFERENCE})
    linked = client.post(f"{base}/link/", {"reference": "CMP-2025-00043"})
    early = client.post(f"{base}/implemented/", date_fields("implemented_on", TODAY + timedelta(1)))
    done = client.post(f"{base}/implemented/", valid("implemented/"))

    assert "There is no complaint with that reference" in unknown.content.decode()
    assert 'value="CMP-2025-99999"' in unknown.content.decode()
    assert "already linked" in twice.content.decode()
    assert linked.status_code == done.status_code == 302
    assert "is in the future" in early.content.decode()
    learning = Learning.objects.get(pk=made.learning.pk)
    assert second in learning.complaints.all()
    assert learning.implemented_on == TODAY


def test_the_learning_list_filters(
    client: Client, made: Made, case: Complaint, org_a_handler: User
) -> None:
    other = make.learning(org_a_handler, title="Answer the phone sooner")
    remedies.learning_implemented(actor=org_a_handler, learning=other, implemented_on=TODAY)
    client.force_login(org_a_handler)

    everything = client.get("/staff/learning/").content.decode()
    not_yet = client.get("/staff/learning/?implemented=no").content.decode()
    area = client.get(f"/staff/learning/?service_area={case.service_area_id}").content.decode()

    assert made.learning.title in everything
    assert "Answer the phone sooner" in everything
    assert made.learning.title in not_yet
    assert "Answer the phone sooner" not in not_yet
    assert made.learning.title in area
    assert "Answer the phone sooner" not in area
