"""API tokens: made and revoked by managers only, kept as digests, shown once, audited, each
acting as a service account that never signs in and is nobody's handler."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from putright.audit.models import AuditEvent
from putright.cases.selectors import handlers_for
from putright.integrations import selectors
from putright.integrations.models import ApiToken, IdempotencyKey, Scope
from putright.integrations.services import (
    api_token_create,
    api_token_revoke,
    idempotency_keys_prune,
)
from putright.integrations.tasks import idempotency_keys_prune_task
from putright.organisations.models import User

pytestmark = pytest.mark.django_db


def test_a_manager_makes_a_token_kept_only_as_its_digest(org_a_manager: User) -> None:
    made = api_token_create(
        actor=org_a_manager, name="  Housing   CRM ", scopes=["complaints:write", "complaints:read"]
    )

    token = ApiToken.objects.get()
    assert made.secret.startswith(token.prefix + "_")
    assert token.digest == hashlib.sha256(made.secret.encode()).hexdigest()
    assert made.secret not in str(ApiToken.objects.values().get())
    assert token.name == "Housing CRM"
    assert token.scopes == ["complaints:read", "complaints:write"]
    assert selectors.token_authenticate(made.secret) == token
    event = AuditEvent.objects.get(action="api_token.create")
    assert event.actor == org_a_manager
    assert event.after == {
        "name": "Housing CRM",
        "scopes": ["complaints:read", "complaints:write"],
        "prefix": token.prefix,
        "account": token.account_id,
    }
    assert made.secret not in str(event.after)


def test_the_service_account_cannot_sign_in_and_handles_nothing(org_a_manager: User) -> None:
    made = api_token_create(actor=org_a_manager, name="CRM", scopes=[Scope.COMPLAINTS_READ])
    account = made.token.account

    assert account.organisation == org_a_manager.organisation
    assert not account.has_usable_password()
    assert account not in handlers_for(org_a_manager)


def test_only_managers_make_tokens(org_a_handler: User) -> None:
    with pytest.raises(PermissionDenied):
        api_token_create(actor=org_a_handler, name="CRM", scopes=[Scope.COMPLAINTS_READ])
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize(
    ("name", "scopes", "message"),
    [
        ("", ["complaints:read"], "Give the token a name"),
        ("CRM", [], "Choose at least one"),
        ("CRM", ["complaints:delete"], "Unknown scope 'complaints:delete'"),
        ("x" * 101, ["complaints:read"], "100 characters"),
    ],
)
def test_a_token_needs_a_name_and_known_scopes(
    org_a_manager: User, name: str, scopes: list[str], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        api_token_create(actor=org_a_manager, name=name, scopes=scopes)


def test_names_are_unique_in_the_organisation(org_a_manager: User) -> None:
    api_token_create(actor=org_a_manager, name="CRM", scopes=["complaints:read"])
    with pytest.raises(ValidationError, match="already a token named 'CRM'"):
        api_token_create(actor=org_a_manager, name="CRM", scopes=["complaints:read"])


def test_a_revoked_token_is_refused_and_its_account_inactive(org_a_manager: User) -> None:
    made = api_token_create(actor=org_a_manager, name="CRM", scopes=["complaints:read"])

    api_token_revoke(actor=org_a_manager, token=made.token)

    assert selectors.token_authenticate(made.secret) is None
    assert not User.objects.get(pk=made.token.account_id).is_active
    assert AuditEvent.objects.get(action="api_token.revoke").actor == org_a_manager
    with pytest.raises(ValidationError, match="already revoked"):
        api_token_revoke(actor=org_a_manager, token=made.token)


def test_another_organisation_cannot_revoke(org_a_manager: User, org_b_handler: User) -> None:
    made = api_token_create(actor=org_a_manager, name="CRM", scopes=["complaints:read"])
    org_b_handler.role = "manager"
    with pytest.raises(PermissionDenied):
        api_token_revoke(actor=org_b_handler, token=made.token)
    with pytest.raises(Exception, match="No such API token"):
        selectors.api_token_get(org_b_handler, made.token.pk)


@pytest.mark.parametrize("secret", ["", "nonsense", "pr_", "pr_00000000_wrong", "pr_" + "x" * 300])
def test_unknown_secrets_find_nothing(org_a_manager: User, secret: str) -> None:
    api_token_create(actor=org_a_manager, name="CRM", scopes=["complaints:read"])
    assert selectors.token_authenticate(secret) is None


def test_idempotency_keys_are_forgotten_after_30_days(org_a_manager: User) -> None:
    token = api_token_create(actor=org_a_manager, name="CRM", scopes=["complaints:read"]).token
    for key in ("old", "new"):
        IdempotencyKey.objects.create(
            organisation=token.organisation,
            token=token,
            key=key,
            fingerprint="f",
            object_type="cases.complaint",
            object_id="1",
        )
    now = timezone.now()
    IdempotencyKey.objects.filter(key="old").update(created=now - timedelta(days=31))

    assert idempotency_keys_prune(now=now) == 1
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["new"]
    task = "putright.integrations.tasks.idempotency_keys_prune_task"
    assert (task, 86400) in settings.PUTRIGHT_PERIODIC_TASKS
    assert idempotency_keys_prune_task.call() == 0
