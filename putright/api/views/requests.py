"""Service requests: record one from another system (with an idempotency key), read one, list
them with filters; and the service areas a record may name."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from putright.api import serializers as s
from putright.api.auth import token_of
from putright.api.views.common import (
    IDEMPOTENCY_KEY,
    REQUEST_REFERENCE,
    ApiView,
    body,
    idempotency_key,
    problems,
    query,
    service_area,
    today,
)
from putright.cases import request_selectors, selectors
from putright.cases.models import ServiceRequest
from putright.cases.services import service_request_record
from putright.integrations.models import Scope
from putright.integrations.services import idempotent_create


class ServiceRequestList(ApiView):
    read_scope = Scope.REQUESTS_READ
    write_scope = Scope.REQUESTS_WRITE
    serializer_class = s.ServiceRequestOut

    @extend_schema(
        operation_id="service_requests_list",
        summary="List service requests",
        parameters=[s.ServiceRequestFilter],
        responses={200: s.ServiceRequestOut(many=True), **problems(400)},
    )
    def get(self, request: Request) -> Response:
        filters = query(s.ServiceRequestFilter, request)
        area = service_area(
            request, filters.pop("service_area", None), field="service_area", where="query"
        )
        found = request_selectors.service_request_list(
            request.user, today=today(), service_area=area.pk if area else None, **filters
        )
        page = self.paginate_queryset(found)
        return self.get_paginated_response(s.ServiceRequestOut(page, many=True).data)

    @extend_schema(
        operation_id="service_requests_create",
        summary="Record a service request",
        description="Records a service request apart from complaints, exactly as staff record "
        "one. The Idempotency-Key works as for complaints.",
        parameters=[IDEMPOTENCY_KEY],
        request=s.ServiceRequestIn,
        responses={201: s.ServiceRequestOut, **problems(400, 422)},
    )
    def post(self, request: Request) -> Response:
        key, fingerprint = idempotency_key(request)
        data = body(s.ServiceRequestIn, request)
        area = service_area(request, data.pop("service_area"), field="service_area")
        assert area is not None  # noqa: S101 - the field is required
        day = today()
        data["received"] = data.get("received") or day
        user = request.user

        def create() -> ServiceRequest:
            return service_request_record(actor=user, service_area=area, today=day, **data)

        done = idempotent_create(
            token=token_of(request), key=key, fingerprint=fingerprint, create=create
        )
        made = done.made
        assert isinstance(made, ServiceRequest)  # noqa: S101 - what create() makes
        found = request_selectors.service_request_get(request.user, made.reference)
        headers = {"Location": reverse("api:service-request", args=[made.reference])}
        if done.replayed:
            headers["Idempotent-Replayed"] = "true"
        return Response(
            s.ServiceRequestOut(found).data, status=status.HTTP_201_CREATED, headers=headers
        )


class ServiceRequestDetail(ApiView):
    read_scope = Scope.REQUESTS_READ
    serializer_class = s.ServiceRequestOut

    @extend_schema(
        operation_id="service_requests_read",
        summary="Read a service request",
        parameters=[REQUEST_REFERENCE],
        responses={200: s.ServiceRequestOut, **problems(404)},
    )
    def get(self, request: Request, reference: str) -> Response:
        found = request_selectors.service_request_get(request.user, reference)
        return Response(s.ServiceRequestOut(found).data)


class ServiceAreaList(ApiView):
    """Any token may read its organisation's service areas: every record names one."""

    serializer_class = s.ServiceAreaOut
    pagination_class = None

    @extend_schema(
        operation_id="service_areas_list",
        summary="List the service areas",
        responses={200: s.ServiceAreaOut(many=True), **problems()},
    )
    def get(self, request: Request) -> Response:
        return Response(s.ServiceAreaOut(selectors.service_areas_for(request.user), many=True).data)
