"""Sign-in events from django.contrib.auth and lockouts from django-axes, written to the audit
record. A failed sign-in or a lockout for a real account is filed under that account's
organisation, so its managers see it among their security events."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from putright.audit import services as audit
from putright.organisations.models import Organisation, User


def _address(request: HttpRequest | None) -> dict[str, str]:
    if request is None:
        return {}
    from putright.security import client_ip

    return {"ip": client_ip(request)}


def _organisation_of(username: str) -> Organisation | None:
    user = User.objects.filter(username=username).select_related("organisation").first()
    return user.organisation if user is not None else None


def signed_in(sender: object, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    from putright.security.middleware import mark_signed_in

    mark_signed_in(request)
    audit.record(action="staff.sign_in", actor=user, target=user, after=_address(request) or None)


def signed_out(
    sender: object, request: HttpRequest | None, user: User | None, **kwargs: Any
) -> None:
    if user is not None:
        audit.record(action="staff.sign_out", actor=user, target=user)


def sign_in_failed(
    sender: object, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Only the username is kept: Django has already masked the password in `credentials`.
    username = str(credentials.get("username", ""))[:150]
    audit.record(
        action="staff.sign_in_failed",
        actor_label=username,
        organisation=_organisation_of(username),
        after=_address(request) or None,
    )


def locked_out(
    sender: object,
    request: HttpRequest | None = None,
    username: str | None = None,
    ip_address: str | None = None,
    **kwargs: Any,
) -> None:
    """django-axes refused a sign-in: too many failures for this username from this address."""
    name = (username or "")[:150]
    audit.record(
        action="staff.locked_out",
        actor_label=name,
        organisation=_organisation_of(name),
        after={"ip": ip_address or ""},
    )
