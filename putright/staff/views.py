from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django_otp import user_has_device

from putright.policy import Profile, describe_profile, get_profile, load_profiles
from putright.security.middleware import ENDED
from putright.staff.forms import SignInForm

#: Why a session ended, as the sign-in page says it.
SESSION_ENDED = {
    "idle": "You were signed out because you had not used putright for {idle} minutes. "
    "Sign in again to carry on.",
    "max": "You were signed out because you signed in more than {hours} hours ago. "
    "Sign in again to carry on.",
}


class SignInView(auth_views.LoginView):
    """Sign in with a password, then (``PUTRIGHT_MFA_REQUIRED``) a code from an authenticator
    app or a backup code; someone with neither sets up an app first."""

    template_name = "staff/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        ended = self.request.session.pop(ENDED, "")
        if ended in SESSION_ENDED:
            context["session_ended"] = SESSION_ENDED[ended].format(
                idle=settings.PUTRIGHT_SESSION_IDLE_MINUTES,
                hours=settings.PUTRIGHT_SESSION_MAX_HOURS,
            )
        return context

    def get_success_url(self) -> str:
        url = super().get_success_url()
        user = self.request.user
        if not settings.PUTRIGHT_MFA_REQUIRED:
            return url
        # Just signed in with a password, so not yet verified: the code comes next.
        step = "staff:mfa-verify" if user_has_device(user) else "staff:mfa-enrol"
        return f"{reverse(step)}?{urlencode({'next': url})}"


class SignOutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


def _profile_or_404(profile_id: str) -> Profile:
    try:
        return get_profile(profile_id)
    except KeyError:
        raise Http404("No such Code profile") from None


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """A manager, senior lead or Member lands on their dashboard; everyone else on the Codes."""
    from putright.staff.dashboard_views import has_dashboard

    return redirect("staff:dashboard" if has_dashboard(request.user) else "staff:codes")


@login_required
def codes(request: HttpRequest) -> HttpResponse:
    profiles = sorted(load_profiles().values(), key=lambda p: p.id)
    return render(request, "staff/codes/list.html", {"profiles": profiles, "nav": "codes"})


@login_required
def code_detail(request: HttpRequest, profile_id: str) -> HttpResponse:
    profile = _profile_or_404(profile_id)
    context = {"profile": profile, "sections": describe_profile(profile), "nav": "codes"}
    return render(request, "staff/codes/detail.html", context)


def today() -> date:
    """Today's date for the staff pages: one place, so tests can set the day."""
    return timezone.localdate()
