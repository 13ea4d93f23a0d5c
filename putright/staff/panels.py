"""The sections of the case page that other areas contribute, in the order they appear.

Each entry names a template under ``templates/staff/panels/`` and a function that returns its
context (an empty dict hides the section), so each area owns its own view code and template.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from putright.cases.models import Complaint
from putright.staff import (
    adjustment_views,
    casefile_views,
    letter_views,
    mail_views,
    people_views,
    record_views,
    remedies_views,
    requests_views,
)


@dataclass(frozen=True, slots=True)
class Panel:
    template: str
    context: dict[str, Any]


PanelFunction = Callable[[HttpRequest, Complaint], dict[str, Any]]

CASE_PANELS: tuple[tuple[str, PanelFunction], ...] = (
    ("staff/panels/people.html", people_views.case_panel),
    ("staff/panels/adjustment_requests.html", adjustment_views.case_panel),
    ("staff/panels/requests.html", requests_views.case_panel),
    ("staff/panels/record.html", record_views.case_panel),
    ("staff/panels/remedies.html", remedies_views.case_panel),
    ("staff/panels/letters.html", letter_views.case_panel),
    ("staff/panels/mail.html", mail_views.case_panel),
    ("staff/panels/casefile.html", casefile_views.case_panel),
)


def case_panels(request: HttpRequest, complaint: Complaint) -> list[Panel]:
    """The sections to show on this case's page."""
    panels = []
    for template, function in CASE_PANELS:
        context = function(request, complaint)
        if context:
            panels.append(Panel(template, context))
    return panels
