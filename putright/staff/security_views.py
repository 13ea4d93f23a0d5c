"""The staff security pages: the second factor at sign-in (verify, set up, backup codes), the
lockout page, and for managers their colleagues' security and the security events.

The rules live in ``putright/security`` (services, selectors, middleware); these views parse,
call one function and render.
"""

from __future__ import annotations

import base64
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from putright.audit import services as audit
from putright.organisations.models import User
from putright.security import selectors, services
from putright.staff.security_forms import CodeForm, EnrolForm, EventFilterForm


def _next(request: HttpRequest) -> str:
    """Where to go after the second factor: the page asked for, if it is one of ours."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse(settings.LOGIN_REDIRECT_URL)


def _to(name: str, request: HttpRequest) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{reverse(name)}?{urlencode({'next': _next(request)})}")


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - login_required has run
    return user


def _grouped(text: str, size: int = 4) -> str:
    return " ".join(text[i : i + size] for i in range(0, len(text), size))


def _qr_data_uri(text: str) -> str:
    """The text as a QR code: an SVG image in a ``data:`` URI (allowed by ``img-src``)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10)
    svg = image.to_string(encoding="unicode")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


def _throttled_until(user: User) -> Any:
    """When the person may next try a code, if too many wrong ones have been given."""
    for device in django_otp.devices_for_user(user):
        allowed, details = device.verify_is_allowed()
        if not allowed and details and details.get("locked_until"):
            return details["locked_until"]
    return None


@login_required
@require_http_methods(["GET", "POST"])
def mfa_verify(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.is_verified():  # type: ignore[attr-defined]
        return HttpResponseRedirect(_next(request))
    if not django_otp.user_has_device(user):
        return _to("staff:mfa-enrol", request)
    form = CodeForm(request.POST or None)
    throttled = None
    if request.method == "POST" and form.is_valid():
        device = django_otp.match_token(user, form.cleaned_data["code"])
        if device is not None:
            django_otp.login(request, device)
            if isinstance(device, StaticDevice):
                # Say how many are left, so nobody runs out without knowing.
                context = {"left": selectors.backup_codes_left(user), "next": _next(request)}
                return render(request, "staff/security/backup_used.html", context)
            return HttpResponseRedirect(_next(request))
        audit.record(action="staff.mfa_failed", actor=user, after={"during": "sign-in"})
        throttled = _throttled_until(user)
        form.add_error(
            "code",
            "The code is not right: enter the 6-digit code your app shows now, or a backup code",
        )
    context = {"form": form, "next": _next(request), "throttled": throttled}
    return render(request, "staff/security/verify.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def mfa_enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code (or type the key), then give a first code.
    A person who already has one must verify first; verified, they may replace it."""
    user = _user(request)
    if django_otp.user_has_device(user) and not user.is_verified():  # type: ignore[attr-defined]
        return _to("staff:mfa-verify", request)
    device = services.totp_device_start(user=user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.totp_device_confirm(
            user=user, device=device, code=form.cleaned_data["code"]
        )
        if codes is not None:
            django_otp.login(request, device)
            context = {"codes": codes, "next": _next(request), "first": True}
            return render(request, "staff/security/backup_codes.html", context)
        form.add_error(
            "code",
            "The code is not right: check the app's clock is set automatically, then enter "
            "the code it shows now",
        )
    key = base64.b32encode(device.bin_key).decode("ascii")
    context = {
        "form": form,
        "next": _next(request),
        "qr": _qr_data_uri(device.config_url),
        "key": _grouped(key),
        "replacing": django_otp.user_has_device(user),
    }
    return render(request, "staff/security/enrol.html", context)


@login_required
@require_http_methods(["GET"])
def account_security(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    context = {
        "has_authenticator": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        "codes_left": selectors.backup_codes_left(user),
        "idle_minutes": settings.PUTRIGHT_SESSION_IDLE_MINUTES,
        "max_hours": settings.PUTRIGHT_SESSION_MAX_HOURS,
    }
    return render(request, "staff/security/account.html", context)


@login_required
@require_POST
def backup_codes(request: HttpRequest) -> HttpResponse:
    codes = services.backup_codes_replace(user=_user(request))
    context = {"codes": codes, "next": reverse("staff:account-security"), "first": False}
    return render(request, "staff/security/backup_codes.html", context)


def _manager(request: HttpRequest) -> User:
    user = _user(request)
    if not selectors.may_manage_security(user):
        raise PermissionDenied("Only a manager or senior lead manages colleagues' sign-in.")
    return user


@login_required
@require_http_methods(["GET"])
def staff_security(request: HttpRequest) -> HttpResponse:
    user = _manager(request)
    context = {"rows": selectors.staff_security(user), "nav": "security"}
    return render(request, "staff/security/staff.html", context)


def _colleague(request: HttpRequest, pk: int) -> tuple[User, User]:
    actor = _manager(request)
    colleague = selectors.colleague_get(actor, pk)
    if colleague is None:
        raise Http404("No such colleague.")
    return actor, colleague


@login_required
@require_POST
def staff_mfa_reset(request: HttpRequest, pk: int) -> HttpResponse:
    actor, colleague = _colleague(request, pk)
    services.mfa_reset(actor=actor, user=colleague)
    messages.success(
        request,
        f"{colleague.get_username()}'s two-factor sign-in is reset: they set up a new "
        "authenticator app when they next sign in.",
    )
    return redirect("staff:security-staff")


@login_required
@require_POST
def staff_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    actor, colleague = _colleague(request, pk)
    services.lockout_clear(actor=actor, user=colleague)
    messages.success(request, f"{colleague.get_username()} can sign in again now.")
    return redirect("staff:security-staff")


@login_required
@require_http_methods(["GET"])
def security_events(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not selectors.may_read_security_events(user):
        raise PermissionDenied("Only a manager, senior lead or auditor reads security events.")
    form = EventFilterForm(request.GET)
    events = selectors.security_events(user)
    if form.is_valid():
        data = form.cleaned_data
        events = selectors.security_events(
            user,
            kind=data["kind"],
            username=data["username"],
            start=data["start"],
            end=data["end"],
        )
    paginator = Paginator(events, selectors.PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    for event in page:
        event.words = selectors.ACTION_WORDS.get(event.action, event.action)  # type: ignore[attr-defined]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query_string": query.urlencode(),
        "may_manage": selectors.may_manage_security(user),
        "nav": "security",
    }
    return render(request, "staff/security/events.html", context)


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """The page django-axes shows instead of signing in (``AXES_LOCKOUT_CALLABLE``): when to try
    again. The wait starts again with each try while locked out."""
    cool_off: timedelta = settings.AXES_COOLOFF_TIME
    until = timezone.localtime(timezone.now() + cool_off)
    context = {
        "until": until,
        "minutes": int(cool_off.total_seconds() // 60),
        "failures": settings.AXES_FAILURE_LIMIT,
    }
    return render(request, "staff/security/locked_out.html", context, status=429)


urlpatterns: list[URLPattern] = [
    path("sign-in/code/", mfa_verify, name="mfa-verify"),
    path("sign-in/set-up/", mfa_enrol, name="mfa-enrol"),
    path("account/security/", account_security, name="account-security"),
    path("account/security/backup-codes/", backup_codes, name="backup-codes"),
    path("security/", security_events, name="security-events"),
    path("security/staff/", staff_security, name="security-staff"),
    path("security/staff/<int:pk>/reset/", staff_mfa_reset, name="security-reset"),
    path("security/staff/<int:pk>/unlock/", staff_unlock, name="security-unlock"),
]
