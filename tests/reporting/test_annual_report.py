"""The annual complaints performance and service improvement report: what it holds, made in the
background with its progress, as a web page and a tagged PDF, and the version for publication
with no personal data, checked against the demo's people."""

from __future__ import annotations

import io
import re
from datetime import date

import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from putright.cases.models import Complaint
from putright.cases.services.remedies import learning_implemented, learning_record
from putright.organisations.models import Organisation, Role, User
from putright.people.models import Individual, Representative
from putright.reporting.annual import Scrubber, annual_report_data
from putright.reporting.annual_services import (
    annual_report_build,
    annual_report_request,
    annual_report_response_save,
)
from putright.reporting.models import AnnualReport, ReportStatus
from putright.reporting.services import (
    self_assessment_row_update,
    self_assessment_sign_off,
    self_assessment_start,
)
from putright.staff import views
from tests.factories import UserFactory
from tests.reporting.cases import small_organisation
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db

YEAR = 2025


@pytest.fixture
def lead(org_a: Organisation) -> User:
    return UserFactory(username="lead@a", organisation=org_a, role=Role.SENIOR_LEAD)


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(page.extract_text() for page in reader.pages)


def test_the_scrubber_removes_names_contact_details_and_titled_names() -> None:
    scrub = Scrubber(["Priya Shah", "Tom O'Neill"])
    text = (
        "Priya Shah (priya@example.org, 07700 900123, RG1 2AB) wrote; Mrs Patel agreed, and "
        "Tom O'Neill and Shah's neighbour."
    )
    cleaned = scrub(text)
    for gone in ("Priya", "Shah", "priya@", "07700", "RG1", "Patel", "Tom", "O'Neill"):
        assert gone not in cleaned
    assert cleaned.startswith("[removed] ([removed], [removed], [removed]) wrote")
    assert scrub.has_name("shah complaint")
    assert not scrub.has_name("black mould")


def test_the_full_report_holds_every_part(
    org_a: Organisation, org_a_handler: User, org_a_manager: User, lead: User
) -> None:
    cases = small_organisation(org_a_handler, org_a_manager)
    learning_implemented(
        actor=org_a_handler,
        learning=learning_record(
            actor=org_a_handler,
            title="Repairs booked with a time slot",
            description="Every repair appointment now has a two-hour slot.",
            complaints=[cases["C1"], cases["C2"]],
        ),
        implemented_on=date(2025, 9, 1),
    )
    assessment = self_assessment_start(actor=lead, profile="hos-2024", year=YEAR, trigger="annual")
    rows = list(assessment.rows.all())
    for row in rows:
        self_assessment_row_update(
            actor=lead,
            row=row,
            comply=row.clause != "6.2",
            evidence=row.evidence,
            commentary="Acknowledgements were late in April." if row.clause == "6.2" else "",
        )
    self_assessment_sign_off(actor=lead, assessment=assessment, signed_off_on=date.today())
    annual_report_response_save(
        actor=lead, year=YEAR, response="The board noted the report.", response_on=date(2026, 6, 1)
    )
    data = annual_report_data(organisation=org_a, year=YEAR, publishable=False)
    # The seven of April to June, and C8 of July.
    assert data.figures.complaints_received == 8
    assert [(r.label, r.count) for r in data.breakdowns.refused_by_reason] == [
        ("Made more than 12 months after the issue", 1)
    ]
    (summary,) = data.assessments
    assert summary.signed_off
    assert summary.does_not_comply == 1
    assert any(f.clause == "6.2" and "late in April" in f.what for f in data.findings)
    (improvement,) = data.improvements
    assert improvement.complaints == 2
    assert set(improvement.references) == {"C1", "C2"}

    report = annual_report_request(actor=lead, year=YEAR, publishable=False)
    built = annual_report_build(report_id=report.pk)
    assert built.status == ReportStatus.READY
    assert built.progress == 100
    for section in (
        "Self-assessment against the Code",
        "Complaint handling in figures",
        "What the complaints were about",
        "Complaints not accepted",
        "Findings of non-compliance with the Code",
        "Service improvements made from learning",
        "The Ombudsman's annual letter",
        "The governing body's response",
    ):
        assert section in built.html
    assert "The board noted the report." in built.html
    assert "C1, C2" in built.html
    with built.pdf.open("rb") as handle:
        pdf = handle.read()
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert "Complaints not accepted" in pdf_text(pdf)
    # Made twice, it is left as it was.
    assert annual_report_build(report_id=report.pk).built == built.built


def test_the_publishable_report_names_no_one_from_the_demo(
    db: None, django_capture_on_commit_callbacks
) -> None:
    call_command("demo", today=date(2026, 3, 20), stdout=io.StringIO())
    organisation = Organisation.objects.get(slug="riverside")
    lead = User.objects.get(organisation=organisation, role=Role.SENIOR_LEAD)
    complaints = list(Complaint.objects.filter(organisation=organisation))
    someone = complaints[0]
    learned = learning_record(
        actor=lead,
        title=f"Call-backs for {someone.name}'s street",
        description=f"After {someone.name} ({someone.email or 'x@example.org'}) complained, "
        "every missed call is returned the same day.",
        complaints=complaints[:3],
    )
    learning_implemented(actor=lead, learning=learned, implemented_on=date(2026, 3, 2))
    annual_report_response_save(
        actor=lead,
        year=YEAR,
        response=f"The committee thanks {lead.get_full_name()} and Mr Example; call 020 7946 0000.",
        response_on=None,
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = annual_report_request(actor=lead, year=YEAR, publishable=True)
    run_queued_tasks()
    report.refresh_from_db()
    assert report.status == ReportStatus.READY, report.error
    with report.pdf.open("rb") as handle:
        texts = {"web page": report.html, "PDF": pdf_text(handle.read())}

    people = [
        *Complaint.objects.filter(organisation=organisation).values_list("name", flat=True),
        *Individual.objects.filter(organisation=organisation).values_list("name", flat=True),
        *Representative.objects.filter(organisation=organisation).values_list("name", flat=True),
        *(u.get_full_name() for u in User.objects.filter(organisation=organisation)),
    ]
    words = {w for name in people for w in re.findall(r"[A-Za-z][A-Za-z'-]{2,}", name)}
    emails = {
        e
        for e in Complaint.objects.filter(organisation=organisation).values_list("email", flat=True)
        if e
    }
    references = set(
        Complaint.objects.filter(organisation=organisation).values_list("reference", flat=True)
    )
    assert words
    assert references
    for where, text in texts.items():
        # The report's own words that happen to be names are not the people's names.
        found = {w for w in words if re.search(rf"\b{re.escape(w)}\b", text)}
        assert not found, f"names in the {where}: {sorted(found)[:10]}"
        assert not [e for e in emails if e in text], where
        assert not [r for r in references if re.search(rf"\b{re.escape(r)}\b", text)], where
        assert "020 7946" not in text
        assert "Mr Example" not in text
    assert "every missed call is returned the same day" in report.html


def test_the_pages_who_may_read_and_write(
    client: Client,
    org_a: Organisation,
    org_b: Organisation,
    org_a_handler: User,
    org_a_manager: User,
    lead: User,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks,
) -> None:
    monkeypatch.setattr(views, "today", lambda: date(2026, 5, 1))
    small_organisation(org_a_handler, org_a_manager)
    client.force_login(org_a_handler)
    assert client.get("/staff/annual-report/").status_code == 403
    client.force_login(UserFactory(username="m@a", organisation=org_a, role=Role.MEMBER))
    assert client.get("/staff/annual-report/").status_code == 200
    assert client.get(f"/staff/annual-report/{YEAR}/").status_code == 200
    assert client.post(f"/staff/annual-report/{YEAR}/make/").status_code == 403
    assert client.get(f"/staff/annual-report/{YEAR}/response/").status_code == 403

    client.force_login(lead)
    page = client.get("/staff/annual-report/?year=2025")
    assert page.status_code == 302
    assert page["Location"] == "/staff/annual-report/2025/"
    assert (
        "Enter the year as a number" in client.get("/staff/annual-report/?year=x").content.decode()
    )
    response = client.post(
        f"/staff/annual-report/{YEAR}/response/",
        {
            "response": "Noted by the board.",
            "response_on_day": "",
            "response_on_month": "",
            "response_on_year": "",
        },
    )
    assert response.status_code == 302
    letter = SimpleUploadedFile("letter.pdf", b"%PDF-1.4\n%annual letter\n", "application/pdf")
    assert (
        client.post(f"/staff/annual-report/{YEAR}/letter/", {"letter": letter}).status_code == 302
    )
    fake = SimpleUploadedFile("letter.pdf", b"<html>not a letter</html>", "application/pdf")
    refused = client.post(f"/staff/annual-report/{YEAR}/letter/", {"letter": fake})
    assert refused.status_code == 200
    assert "govuk-error-summary" in refused.content.decode()
    download = client.get(f"/staff/annual-report/{YEAR}/letter/download/")
    assert b"".join(download.streaming_content).startswith(b"%PDF-1.4")

    with django_capture_on_commit_callbacks(execute=True):
        made = client.post(f"/staff/annual-report/{YEAR}/make/", {"version": "full"})
    report = AnnualReport.objects.get()
    assert made["Location"] == f"/staff/annual-report/reports/{report.pk}/"
    waiting = client.get(made["Location"]).content.decode()
    assert "0% done" in waiting
    assert 'id="report-progress"' in waiting
    assert client.get(f"/staff/annual-report/reports/{report.pk}/report.pdf").status_code == 404
    run_queued_tasks()
    ready = client.get(made["Location"]).content.decode()
    assert "Download the tagged PDF" in ready
    assert "Noted by the board." in ready
    pdf = client.get(f"/staff/annual-report/reports/{report.pk}/report.pdf")
    assert pdf["Content-Type"] == "application/pdf"

    # Organisation B sees nothing of A's.
    client.force_login(UserFactory(username="m@b", organisation=org_b, role=Role.MANAGER))
    assert client.get(f"/staff/annual-report/reports/{report.pk}/").status_code == 404
    assert client.get(f"/staff/annual-report/reports/{report.pk}/report.pdf").status_code == 404
    assert client.get(f"/staff/annual-report/{YEAR}/letter/download/").status_code == 404
    assert "Noted by the board" not in client.get(f"/staff/annual-report/{YEAR}/").content.decode()
    assert client.get("/staff/annual-report/1900/").status_code == 404


def _structure(node: object, found: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Every element of a PDF's structure tree as (type, alternative text), in order."""
    node = node.get_object()  # type: ignore[attr-defined]
    if "/S" in node:
        found.append((str(node["/S"]), str(node.get("/Alt", ""))))
    kids = node.get("/K")
    for kid in kids if isinstance(kids, list) else [kids]:
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if isinstance(kid, dict):
            _structure(kid, found)
    return found


def test_the_report_has_the_month_by_month_charts_in_its_page_and_its_tagged_pdf(
    org_a: Organisation, org_a_handler: User, org_a_manager: User, lead: User
) -> None:
    small_organisation(org_a_handler, org_a_manager)
    report = annual_report_request(actor=lead, year=YEAR, publishable=True)
    built = annual_report_build(report_id=report.pk)
    assert built.status == ReportStatus.READY
    page = built.html
    # Two inline charts, each in a figure with its caption, before the table of the months.
    assert page.count("<svg ") == 2
    assert page.index('id="received-chart"') < page.index('id="months-table"')
    assert 'aria-labelledby="received-t received-d"' in page
    assert 'aria-labelledby="on-time-t on-time-d"' in page
    assert "<script" not in page
    assert "<style" not in page
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "an id is used twice"
    assert "Figure 1: complaints accepted each month from April 2025 to March 2026" in page
    with built.pdf.open("rb") as handle:
        pdf = handle.read()
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    text = " ".join(pdf_text(pdf).split())
    assert "Figure 1: complaints accepted each month from April 2025 to March 2026" in text
    assert "Figure 2: the percentage of responses sent on time each month" in text
    # The table stays, with April's figures: five accepted at stage 1, C1 and C6 at stage 2.
    assert "Month by month" in text
    assert "April 2025 5 2" in text
    # Each chart is a tagged figure whose alternative text is the chart's title, with a caption.
    tags = _structure(reader.trailer["/Root"]["/StructTreeRoot"], [])
    figures = [alt for kind, alt in tags if kind == "/Figure"]
    assert "Complaints received per month, by stage" in figures
    assert "Responses on time per month, by stage" in figures
    assert sum(1 for kind, _ in tags if kind == "/Caption") >= 2
