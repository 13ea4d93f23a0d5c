"""The API's tests: tokens made through the service, requests through the whole stack."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
from rest_framework.test import APIClient

from putright.integrations.models import Scope
from putright.integrations.services import api_token_create
from putright.organisations.models import ServiceArea, User
from tests.factories import ServiceAreaFactory

ALL_SCOPES = tuple(Scope.values)


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def make_client(org_a_manager: User) -> Callable[..., APIClient]:
    """A client sending a new token of the manager's organisation with these scopes."""

    def make(
        scopes: Iterable[str] = ALL_SCOPES, *, manager: User | None = None, name: str = ""
    ) -> APIClient:
        actor = manager or org_a_manager
        made = api_token_create(
            actor=actor,
            name=name or f"System {len(actor.organisation.api_tokens.all()) + 1}",
            scopes=list(scopes),
        )
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {made.secret}")
        client.token = made.token  # type: ignore[attr-defined]
        return client

    return make


@pytest.fixture
def api(make_client: Callable[..., APIClient]) -> APIClient:
    """Organisation A's client with every scope."""
    return make_client()


@pytest.fixture
def housing(org_a_manager: User) -> ServiceArea:
    return ServiceAreaFactory(
        organisation=org_a_manager.organisation, name="Housing", profile="hos-2024"
    )


def new_complaint(**fields: Any) -> dict[str, Any]:
    return {
        "name": "Pat Example",
        "email": "pat@example.org",
        "description": "The repair to my boiler was booked three times and never done.",
        "received": "2025-03-03",
        **fields,
    }
