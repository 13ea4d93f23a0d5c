"""The self-assessment pages: reading, writing, sign-off, CSV export, and 404 across
organisations for every URL."""

from __future__ import annotations

import csv
import io
from datetime import date

import pypdf
import pytest
from django.test import Client

from putright.organisations.models import Organisation, Role, User
from putright.organisations.services.areas import service_area_update
from putright.reporting.models import ExceptionalCircumstance, ProcedureChange, SelfAssessment
from putright.reporting.services import (
    self_assessment_row_update,
    self_assessment_sign_off,
    self_assessment_start,
)
from putright.staff import views
from tests.factories import ServiceAreaFactory, UserFactory


@pytest.fixture
def version(org_a_manager: User) -> SelfAssessment:
    return self_assessment_start(
        actor=org_a_manager, profile="lgsco-2024", year=2025, trigger="annual"
    )


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _urls(version: SelfAssessment) -> list[str]:
    row = version.rows.first()
    base = f"/staff/self-assessment/{version.pk}/"
    return [
        base,
        f"{base}rows/{row.pk}/",
        f"{base}sign-off/",
        f"{base}export.csv",
        f"{base}export.pdf",
    ]


def test_every_url_is_404_for_another_organisation(
    version: SelfAssessment, org_b_handler: User, org_b: Organisation
) -> None:
    manager_b = UserFactory(username="gus@org-b.example", organisation=org_b, role=Role.MANAGER)
    for user in (org_b_handler, manager_b):
        client = _client(user)
        for url in _urls(version):
            assert client.get(url).status_code == 404, url
            assert client.post(url, {"comply": "yes"}).status_code in (404, 405), url
    assert not version.rows.filter(comply=False).exists()


def test_sign_in_required(version: SelfAssessment) -> None:
    for url in [*_urls(version), "/staff/self-assessment/", "/staff/self-assessment/new/"]:
        assert Client().get(url).status_code == 302


def test_list_start_and_row(org_a_manager: User) -> None:
    client = _client(org_a_manager)
    assert client.get("/staff/self-assessment/").status_code == 200
    response = client.post(
        "/staff/self-assessment/new/",
        {"profile": "hos-2024", "year": "2025", "trigger": "annual", "trigger_reason": ""},
    )
    made = SelfAssessment.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/{made.pk}/")
    row = made.rows.get(clause="3.4")
    url = f"/staff/self-assessment/{made.pk}/rows/{row.pk}/"
    page = client.post(url, {"comply": "no", "evidence": "Kept", "commentary": ""})
    assert page.status_code == 200
    assert "Explain why the organisation does not comply with 3.4" in page.content.decode()
    assert 'value="Kept"' in page.content.decode() or "Kept" in page.content.decode()
    row.refresh_from_db()
    assert row.comply is None
    client.post(url, {"comply": "no", "evidence": "", "commentary": "Not yet published"})
    row.refresh_from_db()
    assert row.comply is False
    assert row.commentary == "Not yet published"
    assert "Not yet published" in client.get(f"/staff/self-assessment/{made.pk}/").content.decode()


def test_read_only_roles_read_but_cannot_write(
    version: SelfAssessment, org_a: Organisation
) -> None:
    member = UserFactory(username="mo@org-a.example", organisation=org_a, role=Role.MEMBER)
    client = _client(member)
    assert client.get(f"/staff/self-assessment/{version.pk}/").status_code == 200
    row = version.rows.first()
    assert client.get(f"/staff/self-assessment/{version.pk}/rows/{row.pk}/").status_code == 403
    assert client.get("/staff/self-assessment/new/").status_code == 403
    assert client.post("/staff/self-assessment/exceptional-circumstances/new/").status_code == 403


def test_sign_off_page(version: SelfAssessment, org_a: Organisation) -> None:
    lead = UserFactory(username="dee@org-a.example", organisation=org_a, role=Role.SENIOR_LEAD)
    version.rows.update(comply=True)
    client = _client(lead)
    response = client.post(
        f"/staff/self-assessment/{version.pk}/sign-off/",
        {"signed_off_on_day": "2", "signed_off_on_month": "1", "signed_off_on_year": "2099"},
    )
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.signed_off


def test_csv_export(version: SelfAssessment, org_a_manager: User) -> None:
    version.rows.filter(clause="Section 1").update(comply=True, evidence="Policy, page 2")
    response = _client(org_a_manager).get(f"/staff/self-assessment/{version.pk}/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["section", "clause", "requirement", "comply", "evidence", "commentary"]
    assert len(rows) == 10
    assert rows[1][:2] == ["1", "Section 1"]
    assert rows[1][3:5] == ["yes", "Policy, page 2"]


def test_record_exceptional_circumstance(org_a_manager: User) -> None:
    client = _client(org_a_manager)
    url = "/staff/self-assessment/exceptional-circumstances/new/"
    assert client.get(url).status_code == 200
    data = {
        "period_from_day": "1",
        "period_from_month": "5",
        "period_from_year": "2025",
        "what_happened": "Cyber incident",
        "ombudsman_notified_on_day": "2",
        "ombudsman_notified_on_month": "5",
        "ombudsman_notified_on_year": "2025",
    }
    assert client.post(url, data).status_code == 302
    assert ExceptionalCircumstance.objects.get().organisation == org_a_manager.organisation
    assert "Cyber incident" in client.get("/staff/self-assessment/").content.decode()


def test_pdf_export(version: SelfAssessment, org_a: Organisation) -> None:
    member = UserFactory(username="mo@org-a.example", organisation=org_a, role=Role.MEMBER)
    response = _client(member).get(f"/staff/self-assessment/{version.pk}/export.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert "lgsco-2024-2025-v1.pdf" in response["Content-Disposition"]
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Comply or explain" in text
    assert version.rows.first().clause in text


def _sign_off(version: SelfAssessment, lead: User, day: date) -> None:
    for row in version.rows.all():
        self_assessment_row_update(actor=lead, row=row, comply=True, evidence="", commentary="")
    self_assessment_sign_off(actor=lead, assessment=version, signed_off_on=day)


def test_prompted_for_the_year_and_again_after_a_change(
    org_a: Organisation, org_a_manager: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "today", lambda: date.today())
    area = ServiceAreaFactory(organisation=org_a, name="Housing", profile="lgsco-2024")
    lead = UserFactory(username="lee@org-a.example", organisation=org_a, role=Role.SENIOR_LEAD)
    client = _client(lead)
    today = date.today()
    year = today.year if today.month >= 4 else today.year - 1
    # No self-assessment against the Code the service area uses: asked for one.
    page = client.get("/staff/self-assessment/").content.decode()
    assert f"lgsco-2024, {year} to {year + 1}: none for this year yet" in page
    assert f"?profile=lgsco-2024&amp;year={year}&amp;trigger=annual" in page
    assert (
        'value="lgsco-2024" selected'
        in client.get(
            f"/staff/self-assessment/new/?profile=lgsco-2024&year={year}&trigger=annual"
        ).content.decode()
    )
    version = self_assessment_start(actor=lead, profile="lgsco-2024", year=year, trigger="annual")
    _sign_off(version, lead, today)
    assert 'id="prompts"' not in client.get("/staff/self-assessment/").content.decode()

    # A restructure recorded after the sign-off asks for a new version.
    response = client.post(
        "/staff/self-assessment/changes/new/",
        {
            "kind": "restructure",
            "changed_on_day": str(today.day),
            "changed_on_month": str(today.month),
            "changed_on_year": str(today.year),
            "what": "Housing and repairs merged into one directorate.",
        },
    )
    assert response.status_code == 302
    page = client.get("/staff/self-assessment/").content.decode()
    assert "A significant restructure: Housing and repairs merged into one directorate." in page
    assert "trigger=restructure" in page
    bad = client.post("/staff/self-assessment/changes/new/", {"kind": "annual", "what": ""})
    assert "Say what changed" in bad.content.decode()

    # So does moving a service area to another Code, once the new version is signed off.
    again = self_assessment_start(
        actor=lead, profile="lgsco-2024", year=year, trigger="restructure", trigger_reason="Merged"
    )
    _sign_off(again, lead, today)
    ProcedureChange.objects.all().delete()
    assert 'id="prompts"' not in client.get("/staff/self-assessment/").content.decode()
    service_area_update(area=area, name="Housing", profile="hos-2024", actor=lead)
    page = client.get("/staff/self-assessment/").content.decode()
    assert "changed from lgsco-2024 to hos-2024" in page
    assert "hos-2024" in page
    assert "none for this year yet" in page
