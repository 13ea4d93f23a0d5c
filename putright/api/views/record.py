"""A complaint's record: its correspondence (list, add an entry) and its files (list, upload,
download), through the same services and checks as the staff pages."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from putright.api import serializers as s
from putright.api.views.common import REFERENCE, ApiView, body, problems, today
from putright.cases import record_selectors, selectors
from putright.cases.services.record import ACCEPTED_TYPES, correspondence_log, document_add
from putright.integrations.models import Scope


class CorrespondenceList(ApiView):
    read_scope = Scope.COMPLAINTS_READ
    write_scope = Scope.COMPLAINTS_WRITE
    serializer_class = s.CorrespondenceOut
    pagination_class = None

    @extend_schema(
        operation_id="correspondence_list",
        summary="List a complaint's correspondence",
        parameters=[REFERENCE],
        responses={200: s.CorrespondenceOut(many=True), **problems(404)},
    )
    def get(self, request: Request, reference: str) -> Response:
        complaint = selectors.complaint_get(request.user, reference)
        found = record_selectors.correspondence_for(request.user, complaint)
        return Response(s.CorrespondenceOut(found, many=True).data)

    @extend_schema(
        operation_id="correspondence_add",
        summary="Add a letter, email, call or meeting to a complaint's record",
        parameters=[REFERENCE],
        request=s.CorrespondenceIn,
        responses={201: s.CorrespondenceOut, **problems(400, 404)},
    )
    def post(self, request: Request, reference: str) -> Response:
        complaint = selectors.complaint_get(request.user, reference)
        data = body(s.CorrespondenceIn, request)
        entry = correspondence_log(
            actor=request.user,
            complaint=complaint,
            direction=data["direction"],
            channel=data["channel"],
            date=data.get("date") or today(),
            summary=data["summary"],
            body=data.get("body", ""),
            party=data.get("party", ""),
        )
        found = record_selectors.correspondence_for(request.user, complaint).get(pk=entry.pk)
        return Response(s.CorrespondenceOut(found).data, status=status.HTTP_201_CREATED)


class AttachmentList(ApiView):
    read_scope = Scope.COMPLAINTS_READ
    write_scope = Scope.COMPLAINTS_WRITE
    serializer_class = s.DocumentOut
    pagination_class = None
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="attachments_list",
        summary="List the files kept on a complaint",
        parameters=[REFERENCE],
        responses={200: s.DocumentOut(many=True), **problems(404)},
    )
    def get(self, request: Request, reference: str) -> Response:
        complaint = selectors.complaint_get(request.user, reference)
        found = record_selectors.documents_for(request.user, complaint)
        return Response(s.DocumentOut(found, many=True).data)

    @extend_schema(
        operation_id="attachments_upload",
        summary="Keep a file on a complaint",
        description="multipart/form-data with `file` and an optional `description`. The file is "
        "checked by what it contains, never by its name or claimed type, and by its size, as on "
        "the staff pages; a refused file says why.",
        parameters=[REFERENCE],
        request={"multipart/form-data": s.DocumentIn},
        responses={201: s.DocumentOut, **problems(400, 404)},
    )
    def post(self, request: Request, reference: str) -> Response:
        complaint = selectors.complaint_get(request.user, reference)
        data = body(s.DocumentIn, request)
        document = document_add(
            actor=request.user,
            complaint=complaint,
            file=data["file"],
            description=data.get("description", ""),
        )
        location = reverse("api:attachment", args=[complaint.reference, document.pk])
        return Response(
            s.DocumentOut(document).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": location},
        )


class AttachmentDownload(ApiView):
    read_scope = Scope.COMPLAINTS_READ

    @extend_schema(
        operation_id="attachments_download",
        summary="Download a file kept on a complaint",
        description="Always as an attachment, with the type detected when it was kept.",
        parameters=[
            REFERENCE,
            OpenApiParameter("pk", int, OpenApiParameter.PATH, description="The file's id."),
        ],
        responses={
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY),
            **problems(404),
        },
    )
    def get(self, request: Request, reference: str, pk: int) -> FileResponse:
        complaint = selectors.complaint_get(request.user, reference)
        document = record_selectors.document_get(request.user, pk)
        if document.complaint_id != complaint.pk:
            raise Http404("No such file on this complaint.")
        content_type = document.content_type
        if content_type not in ACCEPTED_TYPES:
            content_type = "application/octet-stream"
        elif content_type == "text/plain":
            content_type = "text/plain; charset=utf-8"
        if document.destroyed is not None:
            raise Http404("The file was destroyed under the retention schedule.")
        try:
            handle = document.file.open("rb")
        except FileNotFoundError:
            raise Http404("The file is missing.") from None
        response = FileResponse(
            handle, as_attachment=True, filename=document.name, content_type=content_type
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Cache-Control"] = "private, no-store"
        return response
