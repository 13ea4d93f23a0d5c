"""Subject access, erasure and the retention pages: who may use them, what they give, and 404
across organisations for every page and download."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pypdf
import pytest
from django.test import Client

from putright.audit.models import AuditEvent
from putright.cases.models import Complaint
from putright.organisations.models import User
from putright.people.models import Individual
from putright.privacy.models import RetentionRule
from putright.privacy.redaction import NameIndex, find_names
from putright.privacy.services.disposal import disposal_run
from tests.privacy.cases import full_complaint


@pytest.fixture(autouse=True)
def media(settings: pytest.FixtureRequest, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    return tmp_path


@pytest.fixture
def alice_named(org_a_handler: User) -> User:
    org_a_handler.first_name, org_a_handler.last_name = "Alice", "Smith"
    org_a_handler.save()
    return org_a_handler


def test_names_are_found_exactly_and_titled_names_by_pattern() -> None:
    index = NameIndex.build(
        [("Alice Smith", "staff"), ("Sam Advocate", "representative")], own=["Pat Example"]
    )
    text = "Alice  smith phoned. Mr Jones and Mrs Example came. Sam Advocate's letter."
    found = [(f.name, f.kind) for f in find_names(text, index)]
    assert found == [
        ("Alice  smith", "staff"),
        ("Mr Jones", "titled name"),
        ("Sam Advocate", "representative"),
    ]


def test_subject_access_json_holds_everything_and_flags_other_names(
    client: Client, alice_named: User, org_a_manager: User
) -> None:
    record = full_complaint(alice_named)
    client.force_login(org_a_manager)

    response = client.get(f"/staff/people/{record.individual.pk}/subject-access/everything.json")

    data = json.loads(response.content)
    assert (data["format"], data["version"]) == ("putright-subject-access", 1)
    assert data["individual"]["email"] == "pat@example.net"
    assert data["representatives"][0]["name"] == "Sam Advocate"
    assert data["adjustments"][0]["description"] == "Calls only after 4pm, large print letters"
    (complaint,) = data["complaints"]
    assert complaint["reference"] == record.complaint.reference
    assert complaint["stages"][0]["reasons"] == "The engineer missed two appointments."
    assert complaint["correspondence"][0]["summary"] == "The complaint letter"
    assert [d["name"] for d in complaint["documents"]] == ["letter.pdf", "photo.png", "notes.txt"]
    assert complaint["remedies"][0]["amount"] == "75.00"
    assert complaint["outstanding_actions"][0]["updates"][0]["note"] == "Booked for April."
    assert any(e["action"] == "complaint.receive" for e in data["audit_events"])
    flags = {(f["where"], f["text"], f["kind"]) for f in data["redaction_flags"]}
    assert ("complaints[0].description", "Mr Jones", "titled name") in flags
    assert ("complaints[0].description", "Alice Smith", "staff") in flags
    assert ("complaints[0].correspondence[0].body", "Sam Advocate", "representative") in flags
    assert not [f for f in data["redaction_flags"] if "Pat Example" in f["text"]]
    event = AuditEvent.objects.get(action="privacy.subject_access")
    assert (event.actor, event.after["format"]) == (org_a_manager, "json")


def test_subject_access_pdf_is_tagged_with_the_names_marked(
    client: Client, alice_named: User, org_a_manager: User
) -> None:
    record = full_complaint(alice_named)
    client.force_login(org_a_manager)

    response = client.get(f"/staff/people/{record.individual.pk}/subject-access/everything.pdf")

    reader = pypdf.PdfReader(io.BytesIO(response.content))
    assert bool(reader.trailer["/Root"]["/MarkInfo"]["/Marked"])
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Everything held about Pat Example" in text
    assert "marked like this" in text
    assert "Mr Jones" in text
    assert AuditEvent.objects.filter(action="privacy.subject_access", after__format="pdf").exists()


def test_only_managers_and_senior_leads_see_subject_access(
    client: Client, org_a_handler: User
) -> None:
    record = full_complaint(org_a_handler)
    client.force_login(org_a_handler)
    pk = record.individual.pk
    assert "subject access" not in client.get(f"/staff/people/{pk}/").content.decode()
    for url in ("subject-access/", "subject-access/everything.json", "erase/"):
        assert client.get(f"/staff/people/{pk}/{url}").status_code == 403


def test_erasing_an_individual_anonymises_them_and_keeps_the_figures_facts(
    client: Client, org_a_handler: User, org_a_manager: User
) -> None:
    record = full_complaint(org_a_handler)
    client.force_login(org_a_manager)
    url = f"/staff/people/{record.individual.pk}/erase/"
    assert "Erase this individual" in client.get(url).content.decode()

    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 200
    assert Individual.objects.get(pk=record.individual.pk).anonymised is None

    done = client.post(url, {"reason": "Request of 3 March; no basis to keep", "confirm": "on"})

    assert done.status_code == 302
    person = Individual.objects.get(pk=record.individual.pk)
    assert person.anonymised is not None
    assert person.name == "Anonymised individual"
    complaint = Complaint.objects.get(pk=record.complaint.pk)
    assert complaint.anonymised is not None
    assert complaint.received == record.complaint.received
    event = AuditEvent.objects.get(action="privacy.erase")
    assert event.actor == org_a_manager
    assert "Request of 3 March" not in json.dumps(event.after)


def test_erasure_is_refused_while_a_case_is_open(
    client: Client, org_a_handler: User, org_a_manager: User
) -> None:
    record = full_complaint(org_a_handler, closed=False)
    client.force_login(org_a_manager)
    url = f"/staff/people/{record.individual.pk}/erase/"
    page = client.get(url).content.decode()
    assert "They cannot be erased yet" in page
    assert record.complaint.reference in page
    client.post(url, {"reason": "Asked to", "confirm": "on"})
    assert Individual.objects.get(pk=record.individual.pk).anonymised is None


def test_the_retention_schedule_is_edited_on_its_settings_page(
    client: Client, org_a_manager: User
) -> None:
    client.force_login(org_a_manager)
    assert "/staff/settings/retention/" in client.get("/staff/settings/").content.decode()
    page = client.get("/staff/settings/retention/").content.decode()
    assert "6 years after closure" in page

    bad = client.post("/staff/settings/retention/new/", {"scope": "complaint|", "years": "x"})
    assert "Years must be a whole number" in bad.content.decode()
    client.post(
        "/staff/settings/retention/new/",
        {"scope": "complaint|excluded", "years": "2", "months": "6"},
    )
    rule = RetentionRule.objects.get()
    assert (rule.case_type, rule.applies_to, rule.months) == ("complaint", "excluded", 30)
    assert (
        "2 years and 6 months after closure"
        in client.get("/staff/settings/retention/").content.decode()
    )
    client.post(f"/staff/settings/retention/{rule.pk}/remove/")
    assert not RetentionRule.objects.exists()


def test_the_destruction_log_page_lists_a_run(
    client: Client, org_a_handler: User, org_a_manager: User
) -> None:
    from datetime import date

    record = full_complaint(org_a_handler)
    run = disposal_run(organisation=org_a_manager.organisation, today=date(2040, 1, 1), commit=True)
    assert run.run is not None
    client.force_login(org_a_manager)
    page = client.get(f"/staff/settings/retention/runs/{run.run.pk}/").content.decode()
    assert record.complaint.reference in page
    assert "Pat" not in page


def test_another_organisation_gets_404_for_every_page_and_download(
    client: Client, org_a_handler: User, org_a_manager: User, org_b_handler: User
) -> None:
    from datetime import date

    from tests.factories import UserFactory

    record = full_complaint(org_a_handler)
    run = disposal_run(organisation=org_a_manager.organisation, today=date(2040, 1, 1))
    del run
    rule = RetentionRule.objects.create(
        organisation=org_a_manager.organisation, case_type="complaint", months=12
    )
    made = disposal_run(
        organisation=org_a_manager.organisation, today=date(2040, 1, 1), commit=True
    ).run
    assert made is not None
    b_manager = UserFactory(
        username="dora@org-b.example", organisation=org_b_handler.organisation, role="manager"
    )
    client.force_login(b_manager)
    pk = record.individual.pk
    for url in (
        f"/staff/people/{pk}/subject-access/",
        f"/staff/people/{pk}/subject-access/everything.json",
        f"/staff/people/{pk}/subject-access/everything.pdf",
        f"/staff/people/{pk}/erase/",
        f"/staff/settings/retention/{rule.pk}/edit/",
        f"/staff/settings/retention/{rule.pk}/remove/",
        f"/staff/settings/retention/runs/{made.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(f"/staff/people/{pk}/erase/", {"reason": "x", "confirm": "on"}).status_code
        == 404
    )
    assert client.post(f"/staff/settings/retention/{rule.pk}/remove/").status_code == 404
    assert RetentionRule.objects.filter(pk=rule.pk).exists()
    assert not AuditEvent.objects.filter(action="privacy.subject_access").exists()


def test_viewing_adjustments_is_audited_wherever_they_are_shown(
    client: Client, org_a_handler: User
) -> None:
    record = full_complaint(org_a_handler, closed=False)
    client.force_login(org_a_handler)
    client.get(f"/staff/people/{record.individual.pk}/")
    client.get(f"/staff/cases/{record.complaint.reference}/")
    shown = set(
        AuditEvent.objects.filter(action="people.view_adjustments").values_list(
            "after__shown_on", flat=True
        )
    )
    assert {"the person's page", "the case page"} <= shown
