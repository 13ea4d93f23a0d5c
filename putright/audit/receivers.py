"""Sign-in events from django.contrib.auth, written to the audit record."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from putright.audit import services as audit
from putright.organisations.models import User


def signed_in(sender: object, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    audit.record(action="staff.sign_in", actor=user, target=user)


def sign_in_failed(
    sender: object, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Only the username is kept: Django has already masked the password in `credentials`.
    audit.record(action="staff.sign_in_failed", actor_label=str(credentials.get("username", "")))
