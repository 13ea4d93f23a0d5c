"""The API's addresses: version 1 under /api/v1/, the schema and its documentation page."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView

from putright.api.views import complaints, figures, record, requests
from putright.api.views.docs import docs, not_found

app_name = "api"

v1 = [
    path("complaints/", complaints.ComplaintList.as_view(), name="complaints"),
    path("complaints/<str:reference>/", complaints.ComplaintDetail.as_view(), name="complaint"),
    path(
        "complaints/<str:reference>/acknowledge/",
        complaints.Acknowledge.as_view(),
        name="complaint-acknowledge",
    ),
    path(
        "complaints/<str:reference>/extend/", complaints.Extend.as_view(), name="complaint-extend"
    ),
    path(
        "complaints/<str:reference>/respond/",
        complaints.Respond.as_view(),
        name="complaint-respond",
    ),
    path(
        "complaints/<str:reference>/escalate/",
        complaints.Escalate.as_view(),
        name="complaint-escalate",
    ),
    path(
        "complaints/<str:reference>/correspondence/",
        record.CorrespondenceList.as_view(),
        name="correspondence",
    ),
    path(
        "complaints/<str:reference>/attachments/",
        record.AttachmentList.as_view(),
        name="attachments",
    ),
    path(
        "complaints/<str:reference>/attachments/<int:pk>/",
        record.AttachmentDownload.as_view(),
        name="attachment",
    ),
    path("service-requests/", requests.ServiceRequestList.as_view(), name="service-requests"),
    path(
        "service-requests/<str:reference>/",
        requests.ServiceRequestDetail.as_view(),
        name="service-request",
    ),
    path("service-areas/", requests.ServiceAreaList.as_view(), name="service-areas"),
    path("figures/", figures.Figures.as_view(), name="figures"),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SpectacularAPIView.as_view(urlconf=None), name="schema"),
    path("docs/", docs, name="docs"),
    re_path(r"^v1/", not_found),
]
