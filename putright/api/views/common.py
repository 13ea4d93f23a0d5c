"""What every API view shares: the scopes it needs, today's date, the service area named in a
request, and the error responses the schema documents."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request

from putright.api.errors import HeaderInvalid, QueryInvalid
from putright.cases import selectors
from putright.integrations.services import request_fingerprint
from putright.organisations.models import ServiceArea


def today() -> date:
    """Today's date for the API: one place, so tests can set the day."""
    return timezone.localdate()


class ApiView(GenericAPIView[Any]):
    """A view of the API: ``read_scope`` for GET, ``write_scope`` for anything else."""

    read_scope: str | None = None
    write_scope: str | None = None
    # OPTIONS describes nothing beyond the schema (/api/schema/).
    metadata_class = None


def query(serializer_class: type[serializers.Serializer[Any]], request: Request) -> dict[str, Any]:
    """The query parameters, checked; a mistake names the parameter."""
    serializer = serializer_class(data=request.query_params)
    if not serializer.is_valid():
        raise QueryInvalid(serializer.errors)
    return dict(serializer.validated_data)


def body(serializer_class: type[serializers.Serializer[Any]], request: Request) -> dict[str, Any]:
    """The request body, checked; a mistake names the field."""
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def service_area(
    request: Request, pk: int | None, *, field: str, where: str = "body"
) -> ServiceArea | None:
    """The token's organisation's service area with this id; another organisation's is a
    mistake in the request, named as such."""
    if pk is None:
        return None
    area = selectors.service_areas_for(request.user).filter(pk=pk).first()
    if area is None:
        message = f"There is no service area {pk} in your organisation: see /api/v1/service-areas/."
        if where == "query":
            raise QueryInvalid({field: [message]})
        raise serializers.ValidationError({field: [message]})
    return area


def idempotency_key(request: Request) -> tuple[str, str]:
    """The request's Idempotency-Key header and the fingerprint of the request it came with."""
    key = request.headers.get("Idempotency-Key", "")
    if not key.strip():
        raise HeaderInvalid(
            "Idempotency-Key",
            "Send an Idempotency-Key header (e.g. a new UUID for each new record), so that "
            "sending the same request again cannot make a second record.",
        )
    canonical = json.dumps(request.data, sort_keys=True, default=str).encode()
    return key, request_fingerprint(method=request.method or "", path=request.path, body=canonical)


class ProblemError(serializers.Serializer[Any]):
    pointer = serializers.CharField(required=False, help_text="The body field, as a JSON pointer.")
    parameter = serializers.CharField(required=False, help_text="The query parameter.")
    header = serializers.CharField(required=False, help_text="The request header.")
    detail = serializers.CharField()


class ProblemRefusal(serializers.Serializer[Any]):
    reason = serializers.CharField()
    clause = serializers.CharField(allow_blank=True)


class Problem(serializers.Serializer[Any]):
    """An error, as RFC 9457 describes (application/problem+json)."""

    type = serializers.URLField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    instance = serializers.CharField()
    errors = ProblemError(many=True, required=False)
    refusals = ProblemRefusal(many=True, required=False)


def problems(*codes: int) -> dict[Any, Any]:
    """The schema's error responses for these status codes (401 and 403 always)."""
    words = {
        400: "A mistake in the request: each field, parameter or header at fault in errors.",
        401: "No API token, or one not known or revoked.",
        403: "The token lacks the scope this request needs.",
        404: "Not found, or not your organisation's.",
        409: "The complaint changed since the version you sent.",
        422: "The Code does not allow the step now (refusals), or the Idempotency-Key was used "
        "for a different request.",
    }
    out: dict[Any, Any] = {}
    for code in sorted({401, 403, *codes}):
        out[(code, "application/problem+json")] = OpenApiResponse(Problem, description=words[code])
    return out


REFERENCE = OpenApiParameter(
    "reference", str, OpenApiParameter.PATH, description="The complaint's reference."
)
REQUEST_REFERENCE = OpenApiParameter(
    "reference", str, OpenApiParameter.PATH, description="The service request's reference."
)
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    required=True,
    description="A key of your own for this record (e.g. a UUID): the same key with the same "
    "body gives back the record made the first time, never a second one.",
)
