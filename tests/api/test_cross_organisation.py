"""Every API address that names a record answers another organisation's token with 404, for
every method it has, exactly as for a record that does not exist, and changes nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from putright.audit.models import AuditEvent
from putright.cases.services.record import document_add
from putright.organisations.models import Role, User
from tests.api.test_auth_and_errors import assert_problem
from tests.factories import UserFactory, received_complaint
from tests.record_factories import PDF_BYTES
from tests.request_factories import recorded_request

pytestmark = pytest.mark.django_db


def api_routes() -> Iterator[tuple[str, URLPattern]]:
    """Every pattern of the API's version 1, with its full route."""
    (api,) = [p for p in get_resolver().url_patterns if str(p.pattern) == "api/"]
    assert isinstance(api, URLResolver)
    for top in api.url_patterns:
        if isinstance(top, URLResolver) and str(top.pattern) == "v1/":
            for pattern in top.url_patterns:
                assert isinstance(pattern, URLPattern)
                yield f"/api/v1/{pattern.pattern}", pattern


def methods(pattern: URLPattern) -> list[str]:
    view = pattern.callback.view_class  # type: ignore[attr-defined]
    return [m for m in ("get", "post") if hasattr(view, m)]


def test_every_address_with_a_record_in_it_is_404_for_another_organisation(
    make_client: Callable[..., APIClient], org_a_handler: User, org_b: object
) -> None:
    complaint = received_complaint(org_a_handler)
    document = document_add(
        actor=org_a_handler,
        complaint=complaint,
        file=SimpleUploadedFile("a.pdf", PDF_BYTES, "application/pdf"),
    )
    service_request = recorded_request(org_a_handler, service_area=complaint.service_area)
    ids = {
        "<str:reference>": complaint.reference,
        "<int:pk>": str(document.pk),
    }
    request_ids = {"<str:reference>": service_request.reference}
    manager_b = UserFactory(username="dana@org-b.example", organisation=org_b, role=Role.MANAGER)
    theirs = make_client(manager=manager_b, name="Organisation B's system")
    events_before = AuditEvent.objects.exclude(action="staff.not_found").count()

    walked = []
    for route, pattern in api_routes():
        if "<" not in route:
            continue
        values = request_ids if route.startswith("/api/v1/service-requests/") else ids
        url = route
        for placeholder, value in values.items():
            url = url.replace(placeholder, value)
        assert "<" not in url, f"no id of organisation A for {route}"
        for method in methods(pattern):
            response = getattr(theirs, method)(url, {}, format="json")
            assert_problem(response, 404, "not-found")
            walked.append((method, url))

    assert len(walked) >= 10
    assert AuditEvent.objects.filter(action="staff.not_found").count() == len(walked)
    assert AuditEvent.objects.exclude(action="staff.not_found").count() == events_before


def test_lists_show_nothing_of_another_organisation(
    make_client: Callable[..., APIClient], org_a_handler: User, org_b: object
) -> None:
    complaint = received_complaint(org_a_handler)
    recorded_request(org_a_handler, service_area=complaint.service_area)
    manager_b = UserFactory(username="dana@org-b.example", organisation=org_b, role=Role.MANAGER)
    theirs = make_client(manager=manager_b, name="Organisation B's system")

    assert theirs.get("/api/v1/complaints/").json()["count"] == 0
    assert theirs.get("/api/v1/service-requests/").json()["count"] == 0
    assert theirs.get("/api/v1/service-areas/").json() == []
    figures = theirs.get("/api/v1/figures/?from=2025-01-01&to=2025-12-31").json()
    assert figures["organisation"] == "org-b"
    assert figures["complaints_received"] == 0
