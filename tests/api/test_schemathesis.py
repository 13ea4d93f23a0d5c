"""The API against its own OpenAPI schema: schemathesis generates requests for every operation,
valid and not, and none may get a server error."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from putright.integrations.models import Scope
from putright.integrations.services import api_token_create
from putright.organisations.models import User
from tests.factories import ServiceAreaFactory, received_complaint

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """Keep the test's database connection across requests, as Django's test client does:
    schemathesis calls the WSGI application itself, whose request signals would otherwise close
    a connection held in the test's transaction (on PostgreSQL)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_secret(org_a_manager: User) -> str:
    """A token with every scope, and a few records for it to find."""
    area = ServiceAreaFactory(organisation=org_a_manager.organisation, name="Housing")
    received_complaint(org_a_manager, service_area=area)
    return api_token_create(actor=org_a_manager, name="Fuzzing", scopes=Scope.values).secret


# Loaded when the tests are collected: the schema needs no database. (schemathesis's lazy
# ``from_fixture`` loader relies on a pytest internal that pytest 9 removed.)
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())


@schema.parametrize()
@settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_request_gets_a_server_error(case: Any, api_secret: str) -> None:
    case.call_and_validate(
        headers={"Authorization": f"Bearer {api_secret}"}, checks=[not_a_server_error]
    )
