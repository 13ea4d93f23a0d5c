from datetime import date

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from putright.policy import Profile, describe_profile, get_profile, load_profiles
from putright.staff.forms import SignInForm


class SignInView(auth_views.LoginView):
    template_name = "staff/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


def _profile_or_404(profile_id: str) -> Profile:
    try:
        return get_profile(profile_id)
    except KeyError:
        raise Http404("No such Code profile") from None


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return redirect("staff:codes")


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
