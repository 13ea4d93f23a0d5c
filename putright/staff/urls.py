from django.urls import path

from putright.staff import views

app_name = "staff"

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("codes/", views.codes, name="codes"),
    path("codes/<slug:profile_id>/", views.code_detail, name="code"),
]
