"""Tagged PDF (PDF/UA-1) from the same HTML templates the pages use.

Letters, the annual report, the self-assessment, the Ombudsman's file and subject access bundles
are all rendered here, so every PDF the system makes is tagged for screen readers, carries its
title and language, and embeds its fonts. Templates extend ``pdf/base.html``.
"""

from __future__ import annotations

from typing import Any

import weasyprint
from django.conf import settings
from django.template.loader import render_to_string
from weasyprint.urls import URLFetcher

#: The PDF variant written: tagged, with a structure tree, title and language (ISO 14289-1).
PDF_VARIANT = "pdf/ua-1"


def html_to_pdf(html: str) -> bytes:
    """A tagged PDF of a whole HTML document, which must have a ``<title>`` and ``lang``.

    Relative links (images, style sheets) resolve against the project's static files, and nothing
    is fetched from the network.
    """
    document = weasyprint.HTML(
        string=html,
        base_url=str(settings.BASE_DIR / "static"),
        url_fetcher=URLFetcher(allowed_protocols={"data", "file"}),
    )
    return bytes(document.write_pdf(pdf_variant=PDF_VARIANT))


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render a template (extending ``pdf/base.html``) to a tagged PDF."""
    return html_to_pdf(render_to_string(template_name, context))
