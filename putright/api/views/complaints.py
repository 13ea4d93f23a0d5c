"""Complaints: log one from another system (with an idempotency key), read one, list them with
filters, and take the stage steps (acknowledge, extend, respond, escalate) through the same
services as the staff pages."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from putright.api import serializers as s
from putright.api.auth import token_of
from putright.api.views.common import (
    IDEMPOTENCY_KEY,
    REFERENCE,
    ApiView,
    body,
    idempotency_key,
    problems,
    query,
    service_area,
    today,
)
from putright.cases import selectors
from putright.cases.models import Complaint
from putright.cases.services import (
    complaint_escalate,
    complaint_receive,
    extension_grant,
    stage_acknowledge,
    stage_respond,
)
from putright.integrations.models import Scope
from putright.integrations.services import idempotent_create
from putright.organisations.models import User


def _complaint(request: Request, reference: str) -> Complaint:
    return selectors.complaint_get(request.user, reference)


def _out(complaint: Complaint, request: Request, *, fresh: bool = True) -> dict[str, Any]:
    if fresh:
        complaint = _complaint(request, complaint.reference)
    return s.ComplaintOut(complaint).data  # type: ignore[return-value]


class ComplaintList(ApiView):
    read_scope = Scope.COMPLAINTS_READ
    write_scope = Scope.COMPLAINTS_WRITE
    serializer_class = s.ComplaintOut

    @extend_schema(
        operation_id="complaints_list",
        summary="List complaints",
        parameters=[s.ComplaintFilter],
        responses={200: s.ComplaintOut(many=True), **problems(400)},
    )
    def get(self, request: Request) -> Response:
        filters = query(s.ComplaintFilter, request)
        area = service_area(
            request, filters.pop("service_area", None), field="service_area", where="query"
        )
        found = selectors.complaint_list(
            request.user, today=today(), service_area=area.pk if area else None, **filters
        )
        page = self.paginate_queryset(found)
        return self.get_paginated_response(s.ComplaintOut(page, many=True).data)

    @extend_schema(
        operation_id="complaints_create",
        summary="Log a complaint",
        description="Logs a complaint at stage 1 under its service area's Code, exactly as staff "
        "log one. Send an Idempotency-Key: the same key with the same body gives back the "
        "complaint made the first time (with Idempotent-Replayed: true); with a different body "
        "it is refused (422).",
        parameters=[IDEMPOTENCY_KEY],
        request=s.ComplaintIn,
        responses={201: s.ComplaintOut, **problems(400, 422)},
    )
    def post(self, request: Request) -> Response:
        key, fingerprint = idempotency_key(request)
        data = body(s.ComplaintIn, request)
        area = service_area(request, data.pop("service_area"), field="service_area")
        assert area is not None  # noqa: S101 - the field is required
        day = today()
        data["received"] = data.get("received") or day
        if data.get("reference") is None:
            data.pop("reference", None)
        user = request.user

        def create() -> Complaint:
            return complaint_receive(actor=user, service_area=area, today=day, **data)

        done = idempotent_create(
            token=token_of(request), key=key, fingerprint=fingerprint, create=create
        )
        complaint = done.made
        assert isinstance(complaint, Complaint)  # noqa: S101 - what create() makes
        headers = {"Location": reverse("api:complaint", args=[complaint.reference])}
        if done.replayed:
            headers["Idempotent-Replayed"] = "true"
        return Response(_out(complaint, request), status=status.HTTP_201_CREATED, headers=headers)


class ComplaintDetail(ApiView):
    read_scope = Scope.COMPLAINTS_READ
    serializer_class = s.ComplaintOut

    @extend_schema(
        operation_id="complaints_read",
        summary="Read a complaint",
        parameters=[REFERENCE],
        responses={200: s.ComplaintOut, **problems(404)},
    )
    def get(self, request: Request, reference: str) -> Response:
        return Response(_out(_complaint(request, reference), request, fresh=False))


def _handler(request: Request, username: str | None) -> User | None:
    if not username:
        return None
    found = selectors.handlers_for(request.user).filter(username=username).first()
    if found is None:
        raise serializers.ValidationError(
            {"handler": [f"{username!r} is not a member of your staff who handles complaints."]}
        )
    return found


class _Step(ApiView):
    """A stage step on a complaint: POST its details, get the complaint as it is after it."""

    read_scope = Scope.COMPLAINTS_WRITE
    write_scope = Scope.COMPLAINTS_WRITE
    input: type[serializers.Serializer[Any]]

    def post(self, request: Request, reference: str) -> Response:
        complaint = _complaint(request, reference)
        data = body(self.input, request)
        self.take(request, complaint, data)
        return Response(_out(complaint, request))

    def take(self, request: Request, complaint: Complaint, data: dict[str, Any]) -> None:
        raise NotImplementedError


def _step_schema(
    name: str, summary: str, description: str, input: type[serializers.Serializer[Any]]
) -> Any:
    return extend_schema(
        operation_id=f"complaints_{name}",
        summary=summary,
        description=description,
        parameters=[REFERENCE],
        request=input,
        responses={200: s.ComplaintOut, **problems(400, 404, 409, 422)},
    )


class Acknowledge(_Step):
    input = s.AcknowledgeIn

    @_step_schema(
        "acknowledge",
        "Acknowledge the current stage",
        "Once, before the response; with the complaint definition where the Code asks for it.",
        s.AcknowledgeIn,
    )
    def post(self, request: Request, reference: str) -> Response:
        return super().post(request, reference)

    def take(self, request: Request, complaint: Complaint, data: dict[str, Any]) -> None:
        stage_acknowledge(
            actor=request.user,
            complaint=complaint,
            acknowledged=data.get("acknowledged") or today(),
            definition=data.get("definition", ""),
            handler=_handler(request, data.get("handler")),
            version=data.get("version"),
        )


class Extend(_Step):
    input = s.ExtendIn

    @_step_schema(
        "extend",
        "Give more time to respond",
        "Within the Code's limits unless there is a good reason, with the Ombudsman's details "
        "where the Code requires them.",
        s.ExtendIn,
    )
    def post(self, request: Request, reference: str) -> Response:
        return super().post(request, reference)

    def take(self, request: Request, complaint: Complaint, data: dict[str, Any]) -> None:
        extension_grant(
            actor=request.user,
            complaint=complaint,
            days=data["days"],
            reason=data["reason"],
            ombudsman_details_given=data["ombudsman_details_given"],
            granted_on=data.get("granted_on") or today(),
            version=data.get("version"),
        )


class Respond(_Step):
    input = s.RespondIn

    @_step_schema(
        "respond",
        "Record the response to the current stage",
        "With one of the Code's (or the organisation's) outcomes and every element the Code "
        "requires the written response to contain.",
        s.RespondIn,
    )
    def post(self, request: Request, reference: str) -> Response:
        return super().post(request, reference)

    def take(self, request: Request, complaint: Complaint, data: dict[str, Any]) -> None:
        stage_respond(
            actor=request.user,
            complaint=complaint,
            responded=data.get("responded") or today(),
            outcome=data["outcome"],
            decision=data.get("decision", ""),
            reasons=data.get("reasons", ""),
            contents=data.get("contents", []),
            version=data.get("version"),
        )


class Escalate(_Step):
    input = s.EscalateIn

    @_step_schema(
        "escalate",
        "Open the next stage",
        "At the individual's request, which needs no reason; there is no stage beyond the last.",
        s.EscalateIn,
    )
    def post(self, request: Request, reference: str) -> Response:
        return super().post(request, reference)

    def take(self, request: Request, complaint: Complaint, data: dict[str, Any]) -> None:
        complaint_escalate(
            actor=request.user,
            complaint=complaint,
            requested=data.get("requested") or today(),
            version=data.get("version"),
        )
