"""Reads for other systems' access: the token a request presents, and an organisation's tokens."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from putright.integrations.models import ApiToken
from putright.integrations.services import TOKEN_START, token_digest
from putright.organisations.models import User


def token_authenticate(secret: str) -> ApiToken | None:
    """The active token with this secret, with its organisation and service account; None for
    an unknown, malformed or revoked one."""
    secret = secret.strip()
    if not secret.startswith(TOKEN_START) or len(secret) > 200:
        return None
    token = (
        ApiToken.objects.select_related("account", "organisation")
        .filter(digest=token_digest(secret), revoked__isnull=True, account__is_active=True)
        .first()
    )
    return token


def api_tokens_for(user: User) -> QuerySet[ApiToken]:
    """The organisation's tokens, active and revoked, the newest first."""
    if user.organisation_id is None:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(organisation_id=user.organisation_id).select_related(
        "created_by", "revoked_by"
    )


def api_token_get(user: User, pk: int) -> ApiToken:
    """One of the organisation's tokens; 404 when it does not exist or is another's."""
    token = api_tokens_for(user).filter(pk=pk).first()
    if token is None:
        raise Http404("No such API token.")
    return token


def api_token_of(user: object) -> ApiToken | None:
    """The token a service account acts for, if the user is one."""
    if not isinstance(user, User) or not user.pk:
        return None
    return ApiToken.objects.filter(account_id=user.pk).first()
