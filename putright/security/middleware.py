"""The staff security middleware: session time limits, the second factor, browser permissions
and the record of refusals. Their order is in ``config/settings.py`` (``MIDDLEWARE``)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import Resolver404, reverse

from putright.audit import services as audit

#: Session keys: when the member of staff signed in, when they last asked for a page, and (in the
#: fresh session after a time limit ends one) why it ended, for the sign-in page to say.
SIGNED_IN_AT = "putright_signed_in_at"
SEEN_AT = "putright_seen_at"
ENDED = "putright_session_ended"
#: The last-seen time is written at most this often, so that not every page writes the session.
SEEN_EVERY_SECONDS = 60

#: Where a signed-in person needs a verified second factor.
PROTECTED_PREFIXES = ("/staff/", "/admin/", "/api/")
#: Pages a signed-in but unverified person may still reach: signing in and out, and the second
#: factor's own pages.
UNVERIFIED_ALLOWED = frozenset(
    {
        "staff:sign-in",
        "staff:sign-out",
        "staff:mfa-verify",
        "staff:mfa-enrol",
        "admin:logout",
    }
)

Handler = Callable[[HttpRequest], HttpResponse]


def _sign_in_redirect(request: HttpRequest) -> HttpResponseRedirect:
    url = resolve_url(settings.LOGIN_URL)
    if request.method == "GET":
        url += "?" + urlencode({"next": request.get_full_path()})
    return HttpResponseRedirect(url)


class SessionTimeoutMiddleware:
    """End a session after ``PUTRIGHT_SESSION_IDLE_MINUTES`` without a request, or
    ``PUTRIGHT_SESSION_MAX_HOURS`` after sign-in, and send the person to sign in again; the
    sign-in page then says why."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            ended = self._check(request)
            if ended is not None:
                return ended
        return self.get_response(request)

    def _check(self, request: HttpRequest) -> HttpResponse | None:
        session = request.session
        now = time.time()
        signed_in = session.get(SIGNED_IN_AT)
        seen = session.get(SEEN_AT)
        if signed_in is None or seen is None:
            session[SIGNED_IN_AT] = signed_in or now
            session[SEEN_AT] = now
            return None
        reason = ""
        if now - signed_in > settings.PUTRIGHT_SESSION_MAX_HOURS * 3600:
            reason = "max"
        elif now - seen > settings.PUTRIGHT_SESSION_IDLE_MINUTES * 60:
            reason = "idle"
        if reason:
            user = request.user
            audit.record(action="staff.session_expired", actor=user, after={"reason": reason})  # type: ignore[arg-type]
            logout(request)
            request.session[ENDED] = reason
            return _sign_in_redirect(request)
        if now - seen >= SEEN_EVERY_SECONDS:
            session[SEEN_AT] = now
        return None


def mark_signed_in(request: HttpRequest | None) -> None:
    """Start the session's clocks (on sign-in)."""
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[SIGNED_IN_AT] = now
        request.session[SEEN_AT] = now


class RequireVerifiedMiddleware:
    """Send a signed-in member of staff who has not given their second factor in this session to
    give it (or to set one up, if they have none), while ``PUTRIGHT_MFA_REQUIRED`` is on."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        from django_otp import user_has_device

        user = request.user
        if not settings.PUTRIGHT_MFA_REQUIRED or not user.is_authenticated:
            return None
        if user.is_verified():  # type: ignore[union-attr]
            return None
        if not request.path_info.startswith(PROTECTED_PREFIXES):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in UNVERIFIED_ALLOWED:
            return None
        target = "staff:mfa-verify" if user_has_device(user) else "staff:mfa-enrol"
        next_url = request.get_full_path() if request.method == "GET" else ""
        url = reverse(target)
        if next_url:
            url += "?" + urlencode({"next": next_url})
        return HttpResponseRedirect(url)


class PermissionsPolicyMiddleware:
    """Switch off the browser features no page uses (``PUTRIGHT_PERMISSIONS_POLICY``)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PUTRIGHT_PERMISSIONS_POLICY)
        return response


class RefusalAuditMiddleware:
    """Record every refusal a signed-in person meets in the audit record: each permission refused
    (403) and each object not found for them (404, which is also what another organisation's
    objects give). This is the one place that records them, so views and selectors only refuse."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 403 and not getattr(request, "_putright_refusal", False):
            # Refusals that never reached process_exception: the API's, a failed CSRF check.
            record_refusal(request, 403, "")
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if isinstance(exception, PermissionDenied):
            record_refusal(request, 403, str(exception))
        elif isinstance(exception, Http404) and not isinstance(exception, Resolver404):
            record_refusal(request, 404, str(exception))


def record_refusal(request: HttpRequest, status: int, reason: str) -> None:
    """Record a refusal a signed-in person (or an API token's service account) met: 403 as
    ``staff.permission_denied``, 404 as ``staff.not_found``; once per request. The API's
    exception handler calls this too, so its refusals are recorded the same way."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or getattr(request, "_putright_refusal", False):
        return
    request._putright_refusal = True  # type: ignore[attr-defined]
    audit.record(
        action="staff.permission_denied" if status == 403 else "staff.not_found",
        actor=user,
        after={
            "method": request.method,
            "path": request.path[:300],
            "status": status,
            "reason": reason[:300],
        },
    )
