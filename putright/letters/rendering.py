"""A letter's three forms from one source: the text, the HTML email and the tagged PDF.

The HTML email and the PDF both include ``letters/_body.html``; the text is
``letters/letter.txt`` over the same parts, so what is sent by email and what is printed say the
same thing.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.template.loader import render_to_string

from putright.letters.drafting import HEADINGS, Recipient, long_date
from putright.organisations.models import Organisation


@dataclass(frozen=True)
class RenderedLetter:
    text: str
    html: str
    pdf: bytes


def _logo(organisation: Organisation) -> str:
    content = bytes(organisation.logo or b"")
    if not content or not organisation.logo_type:
        return ""
    return f"data:{organisation.logo_type};base64,{base64.b64encode(content).decode()}"


def letter_context(
    *,
    organisation: Organisation,
    reference: str,
    subject: str,
    parts: dict[str, str],
    to: Recipient,
    day: date,
    with_logo: bool = True,
) -> dict[str, Any]:
    sections = [
        {
            "key": key,
            "heading": HEADINGS.get(key, ""),
            "paragraphs": [p.strip() for p in text.split("\n\n") if p.strip()],
        }
        for key, text in parts.items()
        if text.strip()
    ]
    address_lines = [line for line in organisation.address.splitlines() if line.strip()]
    to_lines = [line for line in to.address.splitlines() if line.strip()]
    return {
        "organisation": organisation,
        "address_lines": address_lines,
        "logo": _logo(organisation) if with_logo else "",
        "reference": reference,
        "subject": subject,
        "sections": sections,
        "to": to,
        "to_lines": to_lines,
        "date": long_date(day),
    }


def render_letter(context: dict[str, Any]) -> RenderedLetter:
    """The letter as text, as an HTML email and as a tagged PDF (PDF/UA-1)."""
    from putright.pdf import html_to_pdf  # weasyprint loads only when a PDF is made

    text = render_to_string("letters/letter.txt", context).strip()
    html = render_to_string("letters/email.html", context | {"logo": ""})
    pdf = html_to_pdf(render_to_string("letters/letter_pdf.html", context))
    return RenderedLetter(text=text, html=html, pdf=pdf)
