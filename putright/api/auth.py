"""Who is calling: an API token in ``Authorization: Bearer <token>``, and what it may do (its
scopes). The token acts as its service account, so services and selectors see a member of its
organisation's staff and apply the same rules and audit as to anyone else."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions
from rest_framework.request import Request

from putright.integrations import selectors
from putright.integrations.models import ApiToken
from putright.integrations.services import api_token_used


class TokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer <token>``; a missing header is anonymous (refused with 401 by
    the permission), a wrong, malformed or revoked token is refused at once."""

    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != self.keyword.lower() or not secret.strip():
            raise exceptions.AuthenticationFailed(
                "Send the token as 'Authorization: Bearer <token>'."
            )
        token = selectors.token_authenticate(secret)
        if token is None:
            raise exceptions.AuthenticationFailed(
                "That API token is not known or has been revoked."
            )
        api_token_used(token=token)
        return token.account, token

    def authenticate_header(self, request: Request) -> str:
        return f'{self.keyword} realm="api"'


def token_of(request: Request) -> ApiToken:
    """The token the request was made with (the views all need one)."""
    token = request.auth
    if not isinstance(token, ApiToken):  # pragma: no cover - HasScope refused it already
        raise exceptions.NotAuthenticated()
    return token


class HasScope(permissions.BasePermission):
    """A token is needed; a view that names ``read_scope`` and ``write_scope`` needs the one for
    the request's method (GET and HEAD read, anything else writes)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        token = request.auth
        if not isinstance(token, ApiToken):
            raise exceptions.NotAuthenticated("Send an API token: 'Authorization: Bearer <token>'.")
        safe = request.method in permissions.SAFE_METHODS
        needed = getattr(view, "read_scope" if safe else "write_scope", None)
        if needed and needed not in token.scopes:
            raise exceptions.PermissionDenied(
                f"This token does not have the {needed} scope, which this request needs."
            )
        return True


class TokenScheme(OpenApiAuthenticationExtension):
    """The schema's description of the token."""

    target_class = "putright.api.auth.TokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer", "description": "An organisation's API token."}
