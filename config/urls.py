from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="staff:home", permanent=False)),
    path("staff/", include("putright.staff.urls")),
    path("admin/", admin.site.urls),
]
