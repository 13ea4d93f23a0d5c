"""Staff security: the second factor, lockouts, session time limits, the content security policy
and the record of refusals (docs/security.md)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The address a request came from, as lockouts count it.

    Behind a proxy (``PUTRIGHT_BEHIND_PROXY=1``) it is the address the outermost of
    ``PUTRIGHT_PROXY_COUNT`` proxies added to ``X-Forwarded-For``; entries further left were
    written by the client and could be anything. Otherwise it is the connection's address.
    """
    count = getattr(settings, "PUTRIGHT_PROXY_COUNT", 0)
    if count:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= count:
            return forwarded[-count]
    return str(request.META.get("REMOTE_ADDR", ""))
