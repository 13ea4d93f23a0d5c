"""The Ombudsman's file: one action on the case page makes a tagged PDF with an index and the
chronology, and a zip of every original file, byte for byte."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from pathlib import Path

import pypdf
import pytest
from django.test import Client

from putright.audit.models import AuditEvent
from putright.organisations.models import Role, User
from putright.privacy.models import CaseFile
from putright.privacy.services import casefile as casefile_service
from putright.privacy.services.casefile import casefile_build, casefile_request
from tests.factories import UserFactory
from tests.privacy.cases import full_complaint


@pytest.fixture(autouse=True)
def media(settings: pytest.FixtureRequest, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    return tmp_path


def _text(reader: pypdf.PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_case_page_button_makes_the_file(client: Client, org_a_handler: User) -> None:
    record = full_complaint(org_a_handler)
    client.force_login(org_a_handler)
    page = client.get(f"/staff/cases/{record.complaint.reference}/").content.decode()
    assert "Make the Ombudsman&#x27;s file" in page or "Make the Ombudsman's file" in page

    response = client.post(f"/staff/cases/{record.complaint.reference}/ombudsman-file/new/")

    assert response.status_code == 302
    made = CaseFile.objects.get()
    assert made.status == "ready"
    assert made.requested_by == org_a_handler
    listing = client.get(response["Location"]).content.decode()
    assert f"/staff/ombudsman-files/{made.pk}/bundle.pdf" in listing
    event = AuditEvent.objects.get(action="privacy.casefile_request")
    assert (event.actor, event.object_id) == (org_a_handler, str(record.complaint.pk))


def test_the_pdf_is_tagged_indexes_every_document_and_the_chronology_is_in_order(
    client: Client, org_a_handler: User
) -> None:
    record = full_complaint(org_a_handler)
    made = casefile_request(actor=org_a_handler, complaint=record.complaint)
    client.force_login(org_a_handler)

    response = client.get(f"/staff/ombudsman-files/{made.pk}/bundle.pdf")
    reader = pypdf.PdfReader(io.BytesIO(b"".join(response.streaming_content)))

    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert reader.metadata.title == f"The Ombudsman's file: complaint {record.complaint.reference}"
    text = _text(reader)
    for number, name in enumerate(("letter.pdf", "photo.png", "notes.txt"), start=1):
        assert re.search(rf"{number}\. {re.escape(name)}.*page \d+", text), name
    assert "Contents" in text
    assert "Chronology" in text
    assert "The engineer missed two appointments." in text  # the reasons for the decision
    assert "Notes of the call" in text  # a text document shown in the bundle
    days = re.findall(r"^(20\d\d-\d\d-\d\d) ", text, flags=re.MULTILINE)
    assert len(days) >= 12
    assert days == sorted(days)
    assert days[0] == "2025-03-03"
    assert "2025-05-02" in days


def test_the_zip_has_every_original_byte_for_byte_and_the_pdf(
    client: Client, org_a_handler: User
) -> None:
    record = full_complaint(org_a_handler)
    made = casefile_request(actor=org_a_handler, complaint=record.complaint)
    client.force_login(org_a_handler)

    response = client.get(f"/staff/ombudsman-files/{made.pk}/originals.zip")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))

    names = archive.namelist()
    assert f"ombudsman-file-{record.complaint.reference}.pdf" in names
    assert archive.read("documents/01-letter.pdf") == record.files["letter.pdf"]
    assert archive.read("documents/02-photo.png") == record.files["photo.png"]
    assert archive.read("documents/03-notes.txt") == record.files["notes.txt"]
    assert AuditEvent.objects.filter(action="privacy.casefile_download").count() == 1


def test_adjustments_are_only_in_a_file_for_a_role_that_may_see_them(
    org_a_handler: User,
) -> None:
    record = full_complaint(org_a_handler)
    made = casefile_request(actor=org_a_handler, complaint=record.complaint)
    assert made.special_category
    with made.pdf.open("rb") as handle:
        assert "Calls only after 4pm" in _text(pypdf.PdfReader(handle))
    assert AuditEvent.objects.filter(
        action="people.view_adjustments", after__shown_on="the Ombudsman's file"
    ).exists()


def test_a_large_file_is_made_in_the_background(
    org_a_handler: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = full_complaint(org_a_handler)
    monkeypatch.setattr(casefile_service, "SYNC_DOCUMENTS", 1)
    made = casefile_request(actor=org_a_handler, complaint=record.complaint)
    assert made.status == "queued"

    built = casefile_build(casefile_id=made.pk)
    assert built.status == "ready"
    assert built.documents == 3
    assert casefile_build(casefile_id=made.pk).built == built.built  # safe to run twice


def test_read_only_roles_cannot_make_or_download_it(
    client: Client, org_a_handler: User, org_a: object
) -> None:
    record = full_complaint(org_a_handler)
    made = casefile_request(actor=org_a_handler, complaint=record.complaint)
    auditor = UserFactory(username="audit@org-a.example", organisation=org_a, role=Role.AUDITOR)
    client.force_login(auditor)
    reference = record.complaint.reference
    assert "Make the Ombudsman" not in client.get(f"/staff/cases/{reference}/").content.decode()
    assert client.post(f"/staff/cases/{reference}/ombudsman-file/new/").status_code == 403
    assert client.get(f"/staff/ombudsman-files/{made.pk}/bundle.pdf").status_code == 403


def test_another_organisation_gets_404_for_every_page_and_download(
    client: Client, org_a_handler: User, org_b_handler: User
) -> None:
    record = full_complaint(org_a_handler)
    made = casefile_request(actor=org_a_handler, complaint=record.complaint)
    reference = record.complaint.reference
    client.force_login(org_b_handler)
    assert client.get(f"/staff/cases/{reference}/ombudsman-file/").status_code == 404
    assert client.post(f"/staff/cases/{reference}/ombudsman-file/new/").status_code == 404
    assert client.get(f"/staff/ombudsman-files/{made.pk}/bundle.pdf").status_code == 404
    assert client.get(f"/staff/ombudsman-files/{made.pk}/originals.zip").status_code == 404
    assert CaseFile.objects.count() == 1


def test_a_destroyed_document_is_listed_but_not_in_the_zip(org_a_handler: User) -> None:
    from putright.privacy.services.disposal import disposal_run

    record = full_complaint(org_a_handler)
    disposal_run(organisation=org_a_handler.organisation, today=date(2040, 1, 1), commit=True)
    made = casefile_request(actor=org_a_handler, complaint=record.complaint)
    with made.archive.open("rb") as handle:
        names = zipfile.ZipFile(handle).namelist()
    assert not [n for n in names if n.startswith("documents/")]
