"""Staff pages for remedies (filled in by the remedies work)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import URLPattern

from putright.cases.models import Complaint

urlpatterns: list[URLPattern] = []


def case_panel(request: HttpRequest, complaint: Complaint) -> dict[str, Any]:
    """The context of this area's section on the case page; empty hides the section."""
    return {}
