"""Every PDF the system makes is tagged (PDF/UA-1), titled, in English and self-contained."""

from __future__ import annotations

import io

import pypdf
import pytest

from putright.pdf import html_to_pdf

DOCUMENT = """<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">
<title>Your complaint CMP-2026-00001</title></head>
<body><h1>Your complaint</h1><p>We have received your complaint.</p>
<table><caption>Deadlines</caption><thead><tr><th>Step</th><th>By</th></tr></thead>
<tbody><tr><td>Response</td><td>15 December 2026</td></tr></tbody></table></body></html>"""


def test_pdf_is_tagged_with_title_language_and_text() -> None:
    reader = pypdf.PdfReader(io.BytesIO(html_to_pdf(DOCUMENT)))
    root = reader.trailer["/Root"]

    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title == "Your complaint CMP-2026-00001"
    assert "We have received your complaint." in reader.pages[0].extract_text()


def test_pdf_never_fetches_from_the_network() -> None:
    html = DOCUMENT.replace("<h1>", '<img src="https://example.org/logo.png" alt="Logo"><h1>')

    # The image is left out (WeasyPrint logs the refused fetch) and the PDF is still made.
    reader = pypdf.PdfReader(io.BytesIO(html_to_pdf(html)))
    assert "We have received your complaint." in reader.pages[0].extract_text()


@pytest.mark.parametrize("missing", ["title", "lang"])
def test_a_document_without_title_or_language_is_still_rendered(missing: str) -> None:
    html = DOCUMENT.replace(' lang="en-GB"', "") if missing == "lang" else DOCUMENT
    if missing == "title":
        html = html.replace("<title>Your complaint CMP-2026-00001</title>", "")
    assert html_to_pdf(html).startswith(b"%PDF-")
