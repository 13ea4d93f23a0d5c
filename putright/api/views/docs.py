"""The API's documentation page: the OpenAPI schema rendered as a plain GOV.UK page on the
server, so it needs no script from anywhere and keeps the strict content security policy."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, authentication_classes, permission_classes

from putright.api.errors import PROBLEMS, UnknownAddress
from putright.integrations.models import Scope

METHODS = ("get", "post", "put", "patch", "delete")


@dataclass
class Row:
    name: str
    where: str
    kind: str
    required: bool
    description: str


@dataclass
class Operation:
    method: str
    path: str
    anchor: str
    summary: str
    description: str
    parameters: list[Row] = field(default_factory=list)
    body_type: str = ""
    body: list[Row] = field(default_factory=list)
    responses: list[tuple[str, str]] = field(default_factory=list)


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if ref:
        return dict(schema["components"]["schemas"][ref.rsplit("/", 1)[1]])
    return node


def _kind(schema: dict[str, Any], node: dict[str, Any]) -> str:
    if "$ref" in node:
        return node["$ref"].rsplit("/", 1)[1]
    if "allOf" in node:
        return " ".join(_kind(schema, part) for part in node["allOf"])
    if "oneOf" in node:
        return " or ".join(_kind(schema, part) for part in node["oneOf"])
    kind = str(node.get("type", "object"))
    if kind == "array":
        return f"list of {_kind(schema, node.get('items', {}))}"
    if node.get("format"):
        kind += f" ({node['format']})"
    if node.get("enum"):
        kind += ": " + ", ".join(str(v) for v in node["enum"] if v not in ("", None))
    return kind


def _fields(schema: dict[str, Any], node: dict[str, Any]) -> list[Row]:
    node = _resolve(schema, node)
    required = set(node.get("required", ()))
    rows = []
    for name, prop in node.get("properties", {}).items():
        if prop.get("readOnly"):
            continue
        rows.append(
            Row(
                name,
                "body",
                _kind(schema, prop),
                name in required,
                _resolve(schema, prop).get("description", ""),
            )
        )
    return rows


@cache
def operations() -> tuple[Operation, ...]:
    """Every operation of the schema, in the schema's order."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    out = []
    for path, item in schema["paths"].items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            operation = Operation(
                method=method.upper(),
                path=path,
                anchor=op["operationId"],
                summary=op.get("summary", ""),
                description=op.get("description", ""),
            )
            for parameter in op.get("parameters", []):
                operation.parameters.append(
                    Row(
                        parameter["name"],
                        parameter["in"],
                        _kind(schema, parameter.get("schema", {})),
                        bool(parameter.get("required")),
                        parameter.get("description", ""),
                    )
                )
            content = op.get("requestBody", {}).get("content", {})
            for media, media_type in content.items():
                operation.body_type = media
                operation.body = _fields(schema, media_type.get("schema", {}))
                break
            for code, response in op.get("responses", {}).items():
                operation.responses.append((code, response.get("description", "")))
            out.append(operation)
    return tuple(out)


@require_GET
def docs(request: HttpRequest) -> HttpResponse:
    """The API's documentation, drawn from its OpenAPI schema."""
    context = {
        "operations": operations(),
        "scopes": Scope.choices,
        "problems": sorted(PROBLEMS.items()),
    }
    return render(request, "api/docs.html", context)


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE"])
@authentication_classes([])
@permission_classes([])
def not_found(request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
    """An address the API does not have, answered as problem+json."""
    raise UnknownAddress()
