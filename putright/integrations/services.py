"""Writes for other systems' access: making and revoking API tokens, and keeping the idempotency
keys of what their requests made."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from putright.audit import services as audit
from putright.integrations.models import ApiToken, IdempotencyKey, Scope
from putright.organisations.models import Role, User
from putright.organisations.selectors import can_change_settings

#: A token is ``pr_`` then its public part (shown as the prefix) then ``_`` and the secret.
TOKEN_START = "pr_"  # noqa: S105 - a label, not a secret
#: The longest idempotency key accepted.
KEY_LIMIT = 255

Made = TypeVar("Made", bound=models.Model)


class IdempotencyConflict(Exception):
    """The key was used before with a different request: nothing was done."""


def token_digest(token: str) -> str:
    """The SHA-256 digest a token is kept as. Tokens are long and random, so a plain digest is
    as safe as a slow hash and lets a request be checked with one index look-up."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class NewToken:
    """A token just made, with its secret: the only time the secret is known."""

    token: ApiToken
    secret: str


def _check_manager(actor: User) -> None:
    if not can_change_settings(actor):
        raise PermissionDenied(
            "Only a manager or senior lead manages the organisation's API tokens."
        )


def api_token_create(*, actor: User, name: str, scopes: Collection[str]) -> NewToken:
    """Make an API token for the actor's organisation with these scopes, acting as a service
    account of its own (a handler's role, no password, so it can never sign in to the staff
    pages). Only a manager or senior lead makes one. The secret is returned once and only its
    digest is kept; the audit record names the token and its scopes, never the secret."""
    _check_manager(actor)
    name = " ".join(name.split())
    if not name:
        raise ValidationError("Give the token a name that says what it is for.")
    if len(name) > 100:
        raise ValidationError("Keep the token's name to 100 characters.")
    unknown = sorted(set(scopes) - set(Scope.values))
    if unknown:
        raise ValidationError(
            f"Unknown scope {unknown[0]!r}: use one of {', '.join(Scope.values)}."
        )
    if not scopes:
        raise ValidationError("Choose at least one thing the token may do.")
    ordered = [scope for scope in Scope.values if scope in scopes]
    with transaction.atomic():
        if ApiToken.objects.filter(organisation_id=actor.organisation_id, name=name).exists():
            raise ValidationError(f"There is already a token named {name!r}: choose another name.")
        public = secrets.token_hex(4)
        while ApiToken.objects.filter(prefix=TOKEN_START + public).exists():
            public = secrets.token_hex(4)
        secret = f"{TOKEN_START}{public}_{secrets.token_urlsafe(32)}"
        account = User.objects.create_user(
            username=f"api-token-{public}",
            first_name="API token",
            last_name=name[:150],
            organisation_id=actor.organisation_id,
            role=Role.HANDLER,
        )
        token = ApiToken.objects.create(
            organisation_id=actor.organisation_id,
            name=name,
            account=account,
            scopes=ordered,
            prefix=TOKEN_START + public,
            digest=token_digest(secret),
            created_by=actor,
        )
        audit.record(
            action="api_token.create",
            actor=actor,
            target=token,
            after={"name": name, "scopes": ordered, "prefix": token.prefix, "account": account.pk},
        )
    return NewToken(token, secret)


def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """Revoke a token at once: it is refused from its next request, and its service account is
    made inactive, so no service accepts it either. Only a manager or senior lead revokes one."""
    _check_manager(actor)
    if token.organisation_id != actor.organisation_id:
        raise PermissionDenied("That token is not one of your organisation's.")
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked is not None:
            raise ValidationError(f"The token {locked.name!r} was already revoked.")
        locked.revoked = timezone.now()
        locked.revoked_by = actor
        locked.save(update_fields=["revoked", "revoked_by"])
        User.objects.filter(pk=locked.account_id).update(is_active=False)
        audit.record(
            action="api_token.revoke",
            actor=actor,
            target=locked,
            before={"revoked": None},
            after={"revoked": locked.revoked.isoformat(), "name": locked.name},
        )
    return locked


def api_token_used(*, token: ApiToken) -> None:
    """Note when the token was last used, at most once a minute (bookkeeping, not audited: the
    steps it takes are)."""
    now = timezone.now()
    if token.last_used is None or (now - token.last_used).total_seconds() >= 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
        token.last_used = now


def request_fingerprint(*, method: str, path: str, body: bytes) -> str:
    """The digest an idempotency key's request is compared by."""
    digest = hashlib.sha256()
    for part in (method.upper().encode(), path.encode(), body):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def _check_key(key: str) -> str:
    if not key or len(key) > KEY_LIMIT or not key.isprintable() or not key.isascii():
        raise ValidationError(
            f"The Idempotency-Key header must be 1 to {KEY_LIMIT} printable ASCII characters, "
            "e.g. a UUID."
        )
    return key


@dataclass(frozen=True, slots=True)
class Idempotent:
    """What a request with an idempotency key made, and whether it was made before."""

    made: models.Model
    replayed: bool


class _Raced(Exception):
    pass


def _earlier(token: ApiToken, key: str, fingerprint: str) -> Idempotent | None:
    found = IdempotencyKey.objects.filter(
        organisation_id=token.organisation_id, token=token, key=key
    ).first()
    if found is None:
        return None
    if found.fingerprint != fingerprint:
        raise IdempotencyConflict(
            f"The Idempotency-Key {key!r} was already used with a different request. Nothing "
            "was done: send a new key for a new request, or the same request with this key."
        )
    model = apps.get_model(found.object_type)
    made = model._default_manager.get(pk=found.object_id, organisation_id=token.organisation_id)
    return Idempotent(made, replayed=True)


def idempotent_create(
    *, token: ApiToken, key: str, fingerprint: str, create: Callable[[], Made]
) -> Idempotent:
    """Make something once per idempotency key of the token: a first request calls ``create``
    (a service, which audits what it makes) and keeps the key in the same transaction; the same
    key with the same request gives back what was made then; with a different request it is
    refused (``IdempotencyConflict``). A request that fails keeps no key, so it can be sent
    again. Two requests racing with one key make one thing: the second's insert of the key fails
    on the unique constraint and everything it did is rolled back."""
    key = _check_key(key)
    earlier = _earlier(token, key, fingerprint)
    if earlier is not None:
        return earlier
    try:
        with transaction.atomic():
            made = create()
            try:
                with transaction.atomic():
                    IdempotencyKey.objects.create(
                        organisation_id=token.organisation_id,
                        token=token,
                        key=key,
                        fingerprint=fingerprint,
                        object_type=made._meta.label_lower,
                        object_id=str(made.pk),
                    )
            except IntegrityError:
                raise _Raced from None
    except _Raced:
        earlier = _earlier(token, key, fingerprint)
        if earlier is None:  # pragma: no cover - the key that clashed was just read
            raise
        return earlier
    return Idempotent(made, replayed=False)


#: How long an idempotency key is kept: a retry within this time gives back the first record.
KEY_DAYS = 30


def idempotency_keys_prune(*, now: datetime) -> int:
    """Forget the idempotency keys used more than ``KEY_DAYS`` days before ``now`` (bookkeeping,
    not audited: the records they made stay, with their own audit). Returns how many."""
    deleted, _ = IdempotencyKey.objects.filter(created__lt=now - timedelta(days=KEY_DAYS)).delete()
    return deleted
