from django.urls import path

from putright.staff import (
    annual_views,
    api_token_views,
    assessment_views,
    case_views,
    casefile_views,
    clock_views,
    dashboard_views,
    inbound_views,
    mail_views,
    people_views,
    privacy_views,
    record_views,
    remedies_views,
    requests_views,
    security_views,
    settings_views,
    theme_views,
    views,
)

app_name = "staff"

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("codes/", views.codes, name="codes"),
    path("codes/<slug:profile_id>/", views.code_detail, name="code"),
    path("work/", case_views.work, name="work"),
    # Each area's pages come before the case's step forms, whose pattern would otherwise catch them.
    *people_views.urlpatterns,
    *privacy_views.urlpatterns,
    *casefile_views.urlpatterns,
    *requests_views.urlpatterns,
    *record_views.urlpatterns,
    *remedies_views.urlpatterns,
    *settings_views.urlpatterns,
    *api_token_views.urlpatterns,
    *mail_views.urlpatterns,
    *inbound_views.urlpatterns,
    *clock_views.urlpatterns,
    *assessment_views.urlpatterns,
    *annual_views.urlpatterns,
    *theme_views.urlpatterns,
    *dashboard_views.urlpatterns,
    *security_views.urlpatterns,
    path("cases/", case_views.cases, name="cases"),
    path("cases/new/", case_views.case_new, name="case-new"),
    path("cases/<str:reference>/", case_views.case_detail, name="case"),
    path("cases/<str:reference>/<slug:action>/", case_views.case_action, name="case-action"),
]
