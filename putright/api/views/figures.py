"""The complaint-handling figures for a period and service area: the same as ``putright kpis``."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from putright.api import serializers as s
from putright.api.auth import token_of
from putright.api.errors import QueryInvalid
from putright.api.views.common import ApiView, problems, query, service_area
from putright.integrations.models import Scope
from putright.reporting.figures import complaint_figures


class Figures(ApiView):
    read_scope = Scope.FIGURES_READ
    serializer_class = s.FiguresOut
    pagination_class = None

    @extend_schema(
        operation_id="figures_read",
        summary="The complaint-handling figures for a period",
        description="Both dates included; optionally for one service area. The same figures, "
        "with the same keys, as `putright kpis --json` (docs/figures.md).",
        parameters=[s.FiguresFilter],
        responses={200: s.FiguresOut, **problems(400)},
    )
    def get(self, request: Request) -> Response:
        period = query(s.FiguresFilter, request)
        start, end = period["from"], period["to"]
        if start > end:
            raise QueryInvalid(
                {
                    "to": [
                        f"The period ends on {end.isoformat()}, "
                        f"before it starts on {start.isoformat()}."
                    ]
                }
            )
        area = service_area(
            request, period.get("service_area"), field="service_area", where="query"
        )
        figures = complaint_figures(
            organisation=token_of(request).organisation, start=start, end=end, service_area=area
        )
        return Response({**figures.as_json(), "service_area": area.pk if area else None})
