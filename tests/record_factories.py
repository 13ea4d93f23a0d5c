"""Files and cases for the record tests: real bytes of each kind, and complaints at each point."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from putright.cases.models import Complaint
from putright.cases.services import complaint_escalate, stage_acknowledge, stage_respond
from putright.organisations.models import ServiceArea, User
from putright.policy import get_profile
from tests.factories import ServiceAreaFactory, received_complaint

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
GIF_BYTES = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)
TEXT_BYTES = "Notes of the call: the résident says the boiler is still broken.\n".encode()
EML_BYTES = (
    b"From: Pat Example <pat@example.org>\r\n"
    b"To: complaints@org-a.example\r\n"
    b"Subject: My boiler\r\n"
    b"Date: Mon, 3 Mar 2025 09:00:00 +0000\r\n"
    b"\r\n"
    b"The boiler is still broken.\r\n"
)
HTML_BYTES = b"<!DOCTYPE html>\n<html><body><script>alert('x')</script></body></html>\n"
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def png_bytes() -> bytes:
    """A real one-pixel PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def zip_bytes(members: dict[str, bytes], *, first: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if first is not None:
            archive.writestr(first, members[first], compress_type=zipfile.ZIP_STORED)
        for name, data in members.items():
            if name != first:
                archive.writestr(name, data)
    return buffer.getvalue()


def docx_bytes(*, macros: bool = False) -> bytes:
    members = {
        "[Content_Types].xml": b"<?xml version='1.0'?><Types/>",
        "word/document.xml": b"<?xml version='1.0'?><document/>",
    }
    if macros:
        members["word/vbaProject.bin"] = b"\x00" * 16
    return zip_bytes(members)


def xlsx_bytes() -> bytes:
    return zip_bytes(
        {
            "[Content_Types].xml": b"<?xml version='1.0'?><Types/>",
            "xl/workbook.xml": b"<?xml version='1.0'?><workbook/>",
        }
    )


def odt_bytes() -> bytes:
    return zip_bytes(
        {
            "mimetype": b"application/vnd.oasis.opendocument.text",
            "content.xml": b"<?xml version='1.0'?><office:document-content/>",
        },
        first="mimetype",
    )


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    """A file as a browser would send it: the name and claimed type are whatever it says."""
    return SimpleUploadedFile(name, content, content_type=content_type)


def housing(actor: User) -> ServiceArea:
    return ServiceAreaFactory(organisation=actor.organisation, name="Housing", profile="hos-2024")


def complaint_for(actor: User, **fields: Any) -> Complaint:
    """A complaint received on Monday 3 March 2025 under the HOS Code, handled by ``actor``."""
    values: dict[str, Any] = {"received": date(2025, 3, 3), "handler": actor, **fields}
    return received_complaint(actor, service_area=housing(actor), **values)


def contents(stage: int) -> list[str]:
    rule = get_profile("hos-2024").stage(stage).contents
    return list(rule.required) if rule else []


def responded(complaint: Complaint, actor: User) -> Complaint:
    """Stage 1 acknowledged on 4 March and responded to on 10 March 2025."""
    complaint = stage_acknowledge(
        actor=actor, complaint=complaint, acknowledged=date(2025, 3, 4), definition="Boiler."
    )
    return stage_respond(
        actor=actor,
        complaint=complaint,
        responded=date(2025, 3, 10),
        outcome="upheld",
        decision="Upheld.",
        reasons="The repair was late.",
        contents=contents(1),
    )


def at_stage_2(complaint: Complaint, actor: User) -> Complaint:
    complaint = responded(complaint, actor)
    return complaint_escalate(actor=actor, complaint=complaint, requested=date(2025, 3, 12))
