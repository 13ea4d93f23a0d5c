from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="staff:home", permanent=False)),
    path("staff/", include("putright.staff.urls")),
    path("o/", include("putright.public.urls")),
    path("api/", include("putright.api.urls")),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico on pages that name none (the admin's).
    path(
        "favicon.ico",
        RedirectView.as_view(url=lazy(static, str)("putright/favicon.svg"), permanent=True),
    ),
]
