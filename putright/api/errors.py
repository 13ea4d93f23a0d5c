"""Every API error as ``application/problem+json`` (RFC 9457): ``type``, ``title``, ``status``,
``detail`` and ``instance``, with ``errors`` naming each field at fault and ``refusals`` each
reason the Code gives, with its clause. docs/api.md lists the types.

Refusals (403) and objects not found for the token (404, which is also what another
organisation's objects give) are recorded in the audit record as the staff pages' are."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest
from rest_framework import exceptions, status
from rest_framework.response import Response

from putright.cases.services.common import CaseInputError, CaseRefused, StaleCase
from putright.integrations.services import IdempotencyConflict
from putright.people.services.common import PeopleInputError
from putright.privacy.services.common import PrivacyInputError
from putright.security.middleware import record_refusal

logger = logging.getLogger("putright.api")

PROBLEM_JSON = "application/problem+json"
#: Each problem type: its slug (the anchor of its entry in the API's docs page) and title.
PROBLEMS: dict[str, str] = {
    "invalid-request": "Your request has a mistake in it",
    "not-authenticated": "An API token is needed",
    "forbidden": "This token may not do that",
    "not-found": "Not found",
    "method-not-allowed": "That method is not allowed here",
    "not-acceptable": "That response format is not available",
    "unsupported-media-type": "That request format is not accepted",
    "stale": "The case changed after you read it",
    "refused": "The Code does not allow this step now",
    "idempotency-key-reused": "That idempotency key was used for a different request",
    "too-many-requests": "Too many requests",
    "server-error": "Something went wrong on our side",
}


class UnknownAddress(exceptions.NotFound):
    """An address the API does not have (not a refusal: nothing is recorded)."""

    default_detail = "There is no such address in the API: see /api/docs/."


def problem_type(request: HttpRequest | None, slug: str) -> str:
    """The problem type's URI: its entry on the API's docs page."""
    path = f"/api/docs/#problem-{slug}"
    return request.build_absolute_uri(path) if request is not None else path


def problem(
    request: HttpRequest | None,
    *,
    status_code: int,
    slug: str,
    detail: str,
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> Response:
    """A problem+json response."""
    body: dict[str, Any] = {
        "type": problem_type(request, slug),
        "title": PROBLEMS[slug],
        "status": status_code,
        "detail": detail,
    }
    if request is not None:
        body["instance"] = request.path
    body.update(extra)
    return Response(
        body, status=status_code, headers=dict(headers or {}), content_type=PROBLEM_JSON
    )


def _flatten(detail: Any, pointer: str = "#") -> list[dict[str, str]]:
    """DRF's nested error details as a flat list of {pointer, detail}."""
    if isinstance(detail, Mapping):
        out = []
        for key, value in detail.items():
            if key == "non_field_errors":
                out.extend(_flatten(value, pointer))
            else:
                out.extend(_flatten(value, f"{pointer}/{key}"))
        return out
    if isinstance(detail, Sequence) and not isinstance(detail, str):
        if all(isinstance(item, str) for item in detail):
            return [{"pointer": pointer, "detail": str(item)} for item in detail]
        out = []
        for index, item in enumerate(detail):
            out.extend(_flatten(item, f"{pointer}/{index}"))
        return out
    return [{"pointer": pointer, "detail": str(detail)}]


class QueryInvalid(exceptions.ValidationError):
    """A query parameter at fault; its errors name the parameter rather than a pointer."""


class HeaderInvalid(exceptions.ValidationError):
    """A request header at fault."""

    def __init__(self, header: str, detail: str) -> None:
        super().__init__({header: [detail]})
        self.header = header


def _summary(errors: list[dict[str, str]]) -> str:
    if len(errors) == 1:
        first = errors[0]
        where = first.get("parameter") or first.get("header") or first["pointer"].removeprefix("#/")
        return f"{where}: {first['detail']}" if where and where != "#" else first["detail"]
    return f"{len(errors)} things in the request need correcting: see errors."


_DRF_SLUGS = {
    status.HTTP_401_UNAUTHORIZED: "not-authenticated",
    status.HTTP_403_FORBIDDEN: "forbidden",
    status.HTTP_404_NOT_FOUND: "not-found",
    status.HTTP_405_METHOD_NOT_ALLOWED: "method-not-allowed",
    status.HTTP_406_NOT_ACCEPTABLE: "not-acceptable",
    status.HTTP_415_UNSUPPORTED_MEDIA_TYPE: "unsupported-media-type",
    status.HTTP_429_TOO_MANY_REQUESTS: "too-many-requests",
}


def _api_exception(request: HttpRequest | None, exc: exceptions.APIException) -> Response:
    headers: dict[str, str] = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header  # type: ignore[attr-defined]
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        headers["Retry-After"] = str(int(exc.wait))
    if isinstance(exc, exceptions.ValidationError) or exc.status_code == 400:
        if isinstance(exc, HeaderInvalid):
            errors = [
                {"header": e["pointer"].removeprefix("#/"), "detail": e["detail"]}
                for e in _flatten(exc.detail)
            ]
        elif isinstance(exc, QueryInvalid):
            errors = [
                {"parameter": e["pointer"].removeprefix("#/"), "detail": e["detail"]}
                for e in _flatten(exc.detail)
            ]
        else:
            errors = _flatten(exc.detail)
        return problem(
            request,
            status_code=400,
            slug="invalid-request",
            detail=_summary(errors),
            errors=errors,
            headers=headers,
        )
    slug = _DRF_SLUGS.get(exc.status_code, "invalid-request")
    detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    return problem(
        request, status_code=exc.status_code, slug=slug, detail=str(detail), headers=headers
    )


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    """DRF's exception handler: every error the API gives, as problem+json."""
    drf_request = context.get("request")
    request: HttpRequest | None = getattr(drf_request, "_request", None)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or "Not found.")
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or "You may not do that.")
    if isinstance(exc, exceptions.APIException):
        if request is not None and exc.status_code == 403:
            record_refusal(request, 403, str(exc.detail))
        elif request is not None and exc.status_code == 404 and not isinstance(exc, UnknownAddress):
            record_refusal(request, 404, str(exc.detail))
        return _api_exception(request, exc)
    if isinstance(exc, CaseRefused):
        refusals = [{"reason": r.reason, "clause": r.citation or r.clause} for r in exc.refusals]
        return problem(request, status_code=422, slug="refused", detail=str(exc), refusals=refusals)
    if isinstance(exc, StaleCase):
        return problem(request, status_code=409, slug="stale", detail=str(exc))
    if isinstance(exc, IdempotencyConflict):
        return problem(
            request,
            status_code=422,
            slug="idempotency-key-reused",
            detail=str(exc),
            errors=[{"header": "Idempotency-Key", "detail": str(exc)}],
        )
    if isinstance(exc, CaseInputError | PeopleInputError | PrivacyInputError):
        return problem(request, status_code=400, slug="invalid-request", detail=str(exc))
    if isinstance(exc, DjangoValidationError):
        return problem(
            request, status_code=400, slug="invalid-request", detail=" ".join(exc.messages)
        )
    logger.exception("The API failed on %s", request.path if request else "a request")
    return problem(
        request,
        status_code=500,
        slug="server-error",
        detail="The request could not be completed. Nothing more is known here; try again, and "
        "if it keeps failing tell the organisation's administrator.",
    )
