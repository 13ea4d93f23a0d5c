"""The residents' pages of each organisation, under /o/<organisation>/."""

from django.urls import path

from putright.public import tracking_views, views

app_name = "public"

urlpatterns = [
    path("<slug:org>/", views.start, name="start"),
    path("<slug:org>/files/", views.files, name="files"),
    path("<slug:org>/files/<int:pk>/remove/", views.file_remove, name="file-remove"),
    path("<slug:org>/check/", views.check, name="check"),
    path("<slug:org>/sent/", views.sent, name="sent"),
    path("<slug:org>/track/", tracking_views.track, name="track"),
    path("<slug:org>/track/sent/", tracking_views.track_sent, name="track-sent"),
    path("<slug:org>/track/leave/", tracking_views.track_leave, name="track-leave"),
    path("<slug:org>/track/open/<str:token>/", tracking_views.track_open, name="track-open"),
    path("<slug:org>/your-complaint/", tracking_views.tracking, name="tracking"),
    path(
        "<slug:org>/your-complaint/files/<int:pk>/",
        tracking_views.track_document,
        name="track-document",
    ),
    path("<slug:org>/your-complaint/add/", tracking_views.track_add, name="track-add"),
    path(
        "<slug:org>/your-complaint/next-stage/",
        tracking_views.track_escalate,
        name="track-escalate",
    ),
    path(
        "<slug:org>/your-complaint/withdraw/", tracking_views.track_withdraw, name="track-withdraw"
    ),
    path("<slug:org>/your-complaint/feedback/", tracking_views.feedback, name="feedback"),
    path("<slug:org>/feedback-sent/", tracking_views.feedback_done, name="feedback-done"),
    # Last: the question pages' pattern would otherwise catch the pages above.
    path("<slug:org>/<slug:slug>/", views.step, name="step"),
]
