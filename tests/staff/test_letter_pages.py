"""The letter pages: choosing a letter, the draft with its checks, sending it, the letter as
sent and the letters section of the case page; the step forms' 'and write the letter'; and who
is refused (404 across organisations, 403 for a role that reads)."""

from __future__ import annotations

import io
import re

import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from putright.audit.models import AuditEvent
from putright.letters.models import Letter
from putright.organisations.models import Role, User
from tests.factories import UserFactory
from tests.letters import cases

pytestmark = pytest.mark.django_db


def draft_url(reference: str, kind: str = "") -> str:
    url = reverse("staff:letter-new", args=[reference])
    return f"{url}?kind={kind}" if kind else url


def form_values(html: str) -> dict[str, str]:
    """The values a browser would post from the draft page."""
    values = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
    for name, text in re.findall(r'name="(part_\w+)" rows="\d+"[^>]*>(.*?)</textarea>', html, re.S):
        values[name] = text.replace("&#x27;", "'").replace("&amp;", "&").replace("&quot;", '"')
    values["subject"] = re.search(r'name="subject"[^>]*value="([^"]*)"', html).group(1)  # type: ignore[union-attr]
    values["subject"] = values["subject"].replace("&#x27;", "'")
    return values


def test_the_case_page_offers_writing_a_letter(client: Client, org_a_handler: User) -> None:
    complaint = cases.acknowledged(org_a_handler)
    client.force_login(org_a_handler)
    page = client.get(reverse("staff:case", args=[complaint.reference])).content.decode()
    assert "Letters" in page
    assert draft_url(complaint.reference) in page
    choose = client.get(draft_url(complaint.reference)).content.decode()
    assert "Which letter do you want to write?" in choose
    assert "Keep-informed update" in choose


def test_the_draft_is_filled_and_checked_and_sending_it_keeps_it(
    client: Client, org_a_handler: User
) -> None:
    complaint = cases.responded(org_a_handler)
    client.force_login(org_a_handler)
    page = client.get(draft_url(complaint.reference, "response"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Our records show three appointments were booked and missed." in html
    assert "Everything the Code requires is in the letter." in html
    assert "HOS Code 6.9" in html
    assert "Reading ease" in html
    values = form_values(html) | {"action": "send"}
    sent = client.post(draft_url(complaint.reference), values)
    letter = Letter.objects.get()
    assert sent.status_code == 302
    assert sent["Location"] == reverse("staff:letter", args=[complaint.reference, letter.pk])
    shown = client.get(sent["Location"]).content.decode()
    assert "Letter sent to pat@example.org" in shown
    assert letter.document.name in shown
    assert "three appointments were booked" in shown


def test_sending_with_a_part_missing_is_refused_with_the_list(
    client: Client, org_a_handler: User
) -> None:
    complaint = cases.responded(org_a_handler)
    client.force_login(org_a_handler)
    values = form_values(client.get(draft_url(complaint.reference, "response")).content.decode())
    values |= {"part_reasons": "", "part_escalation": " ", "action": "send"}
    page = client.post(draft_url(complaint.reference), values)
    html = page.content.decode()
    assert page.status_code == 200
    assert "There is a problem" in html
    assert (
        "The reasons for any decisions made is missing: the Code requires it (HOS Code 6.9)" in html
    )
    assert "How to escalate the complaint to the next stage is missing" in html
    assert "The letter cannot be sent until 2 things are added" in html
    assert not Letter.objects.exists()


def test_staff_named_under_a_code_that_forbids_it_needs_confirming(
    client: Client, org_a_handler: User
) -> None:
    UserFactory(organisation=org_a_handler.organisation, first_name="Sam", last_name="Hughes")
    complaint = cases.responded(org_a_handler, "joint-draft-2023")
    client.force_login(org_a_handler)
    values = form_values(client.get(draft_url(complaint.reference, "response")).content.decode())
    values["part_reasons"] += " Sam Hughes checked the records."
    checked = client.post(draft_url(complaint.reference), values | {"action": "check"})
    assert "This letter names Sam Hughes" in checked.content.decode()
    refused = client.post(draft_url(complaint.reference), values | {"action": "send"})
    assert "Take the names out, or confirm they are needed" in refused.content.decode()
    assert not Letter.objects.exists()
    values |= {"action": "send", "names_confirmed": "on"}
    assert client.post(draft_url(complaint.reference), values).status_code == 302
    assert Letter.objects.get().staff_named == ["Sam Hughes"]


def test_a_step_form_offers_the_letter_afterwards(client: Client, org_a_handler: User) -> None:
    complaint = cases.new_case(org_a_handler)
    client.force_login(org_a_handler)
    url = reverse("staff:case-action", args=[complaint.reference, "acknowledge"])
    assert "Acknowledge and write the letter" in client.get(url).content.decode()
    posted = client.post(
        url,
        {
            "version": complaint.version,
            "acknowledged_day": "5",
            "acknowledged_month": "3",
            "acknowledged_year": "2025",
            "definition": "The boiler was never repaired.",
            "then": "letter",
        },
    )
    assert posted.status_code == 302, posted.content.decode()[:3000]
    assert posted["Location"] == draft_url(complaint.reference, "acknowledgement")


def test_a_letter_for_post_is_marked_printed(client: Client, org_a_handler: User) -> None:
    complaint = cases.acknowledged(org_a_handler, email="")
    client.force_login(org_a_handler)
    values = form_values(
        client.get(draft_url(complaint.reference, "acknowledgement")).content.decode()
    )
    sent = client.post(draft_url(complaint.reference), values | {"action": "send"})
    assert "to be printed and posted" in client.get(sent["Location"]).content.decode()
    letter = Letter.objects.get()
    client.post(reverse("staff:letter-printed", args=[complaint.reference, letter.pk]))
    letter.refresh_from_db()
    assert letter.printed_on is not None


def test_another_organisation_gets_404_and_a_reader_403(
    client: Client, org_a_handler: User, org_b_handler: User
) -> None:
    complaint = cases.acknowledged(org_a_handler, email="")
    client.force_login(org_a_handler)
    values = form_values(
        client.get(draft_url(complaint.reference, "acknowledgement")).content.decode()
    )
    client.post(draft_url(complaint.reference), values | {"action": "send"})
    letter = Letter.objects.get()
    client.force_login(org_b_handler)
    for url in (
        draft_url(complaint.reference, "acknowledgement"),
        reverse("staff:letter", args=[complaint.reference, letter.pk]),
    ):
        assert client.get(url).status_code == 404
    printed = reverse("staff:letter-printed", args=[complaint.reference, letter.pk])
    assert client.post(printed).status_code == 404
    client.force_login(UserFactory(organisation=org_a_handler.organisation, role=Role.MEMBER))
    assert client.get(draft_url(complaint.reference, "acknowledgement")).status_code == 403
    assert (
        client.get(reverse("staff:letter", args=[complaint.reference, letter.pk])).status_code
        == 200
    )
    assert client.post(printed).status_code == 403


def png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 20), (0, 94, 165)).save(out, format="PNG")
    return out.getvalue()


def test_the_letterhead_is_set_in_the_settings_and_shown_on_letters(
    client: Client, org_a_manager: User, org_a_handler: User
) -> None:
    client.force_login(org_a_manager)
    url = reverse("staff:settings-letterhead")
    assert client.get(url).status_code == 200
    refused = client.post(
        url,
        {
            "address": "Civic Centre",
            "letter_sign_off": "Complaints team",
            "logo": SimpleUploadedFile("logo.png", b"<svg></svg>"),
        },
    )
    assert "The logo must be a PNG or JPEG image." in refused.content.decode()
    saved = client.post(
        url,
        {
            "address": "Civic Centre\r\nHigh Street",
            "letter_sign_off": "Customer Relations",
            "logo": SimpleUploadedFile("logo.png", png()),
        },
    )
    assert saved.status_code == 302
    org = org_a_manager.organisation
    org.refresh_from_db()
    assert (org.address, org.letter_sign_off, org.logo_type) == (
        "Civic Centre\nHigh Street",
        "Customer Relations",
        "image/png",
    )
    assert AuditEvent.objects.filter(action="organisation.letterhead").count() == 1
    complaint = cases.acknowledged(org_a_handler, email="")
    client.force_login(org_a_handler)
    values = form_values(
        client.get(draft_url(complaint.reference, "acknowledgement")).content.decode()
    )
    client.post(draft_url(complaint.reference), values | {"action": "send"})
    letter = Letter.objects.get()
    assert "Customer Relations" in letter.text
    reader = pypdf.PdfReader(io.BytesIO(letter.document.file.read()))
    assert "Civic Centre" in reader.pages[0].extract_text()
    assert reader.pages[0].images, "the logo is in the PDF"
    client.force_login(org_a_handler)
    assert client.get(url).status_code == 403
