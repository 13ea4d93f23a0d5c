"""Checking an uploaded file by what it contains, never by its name or the type it claims.

A file is kept only if its first bytes (and, for office documents, the members of its zip) show
it to be one of the accepted kinds, and it is no larger than ``PUTRIGHT_MAX_UPLOAD_BYTES``. The
type stored, and later served, is the one detected here, so a web page named ``letter.pdf`` is
refused and a PNG named ``photo.txt`` is kept as ``image/png``.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import zipfile
from dataclasses import dataclass
from email.parser import BytesHeaderParser
from pathlib import PurePosixPath, PureWindowsPath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from putright.cases.services.common import CaseInputError

#: The default largest file kept on a case, in bytes.
DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
GIF = "image/gif"
TEXT = "text/plain"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
EML = "message/rfc822"

#: Every type a document may be stored and served as, with its name for people.
ACCEPTED_TYPES: dict[str, str] = {
    PDF: "PDF",
    PNG: "PNG image",
    JPEG: "JPEG image",
    GIF: "GIF image",
    TEXT: "plain text",
    DOCX: "Word document (.docx)",
    XLSX: "Excel spreadsheet (.xlsx)",
    ODT: "OpenDocument text (.odt)",
    EML: "email (.eml)",
}
ACCEPTED_WORDS = (
    "PDF, PNG, JPEG, GIF, plain text, Word (.docx), Excel (.xlsx), OpenDocument text (.odt) "
    "or email (.eml)"
)

_HEAD_BYTES = 8192
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", PDF),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"GIF87a", GIF),
    (b"GIF89a", GIF),
)
#: Kinds that are refused, named so the refusal says what the file really is.
_REFUSED_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"MZ", "a Windows program"),
    (b"\x7fELF", "a program"),
    (b"\xca\xfe\xba\xbe", "a program"),
    (b"\xcf\xfa\xed\xfe", "a program"),
    (b"#!", "a script"),
    (
        b"\xd0\xcf\x11\xe0",
        "an old-style Office file (.doc or .xls): save it as .docx, .xlsx or PDF",
    ),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
)
_MARKUP = re.compile(
    rb"<\s*(?:!doctype\s+html|html|head|body|script|iframe|svg|object|embed|meta|\?xml)\b",
    re.IGNORECASE,
)
_BINARY = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")
_HEADER_LINE = re.compile(rb"^[A-Za-z0-9-]{1,76}:")
_EMAIL_HEADERS = frozenset({"from", "to", "subject", "date", "message-id", "received"})


@dataclass(frozen=True, slots=True)
class CheckedFile:
    """An upload that passed the checks: what it really is, its size and its digest."""

    upload: UploadedFile
    name: str
    content_type: str
    size: int
    sha256: str


def max_upload_bytes() -> int:
    """The largest file kept on a case: ``PUTRIGHT_MAX_UPLOAD_BYTES``, else 20 MB."""
    return int(getattr(settings, "PUTRIGHT_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES))


def _megabytes(size: int) -> str:
    """A size for people: '20 MB', '1.5 MB', '12 KB', '300 bytes'."""
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


def clean_name(name: str | None) -> str:
    """The file's own name without any folders, as shown to people (never used to store it)."""
    base = PureWindowsPath(PurePosixPath(name or "").name).name
    base = " ".join(base.replace("\x00", "").split())
    return (base or "unnamed file")[:255]


def _refuse(name: str, why: str) -> CaseInputError:
    return CaseInputError(f"The file {name} was not saved: {why}.")


def _zip_kind(upload: UploadedFile, name: str) -> str:
    """Which office document a zip is, from its members; a zip of anything else is refused."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            members = set(archive.namelist())
            if any(m.lower().endswith("vbaproject.bin") for m in members):
                raise _refuse(name, "it contains macros, which are not accepted")
            if "[Content_Types].xml" in members and "word/document.xml" in members:
                return DOCX
            if "[Content_Types].xml" in members and "xl/workbook.xml" in members:
                return XLSX
            if "mimetype" in members and "content.xml" in members:
                declared = archive.read("mimetype")[:100].strip()
                if declared == ODT.encode():
                    return ODT
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        raise _refuse(name, "it looks like a zip archive but cannot be opened") from None
    raise _refuse(name, "it is a zip archive, which is not accepted")


def _is_email(head: bytes) -> bool:
    """Whether the start of a text file is an email's headers (From and at least one more)."""
    if not _HEADER_LINE.match(head):
        return False
    headers = BytesHeaderParser().parsebytes(head)
    found = {key.lower() for key in headers}
    return "from" in found and len(found & _EMAIL_HEADERS) >= 2


def _detect(upload: UploadedFile, name: str, head: bytes, *, text: bool) -> str:
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(upload, name)
    for signature, what in _REFUSED_SIGNATURES:
        if head.startswith(signature):
            raise _refuse(name, f"it is {what}")
    if text:
        start = head.removeprefix(codecs.BOM_UTF8).lstrip()
        if _MARKUP.search(head) or start.startswith(b"<"):
            raise _refuse(name, "it is a web page or other markup (HTML, XML or SVG)")
        return EML if _is_email(start) else TEXT
    raise _refuse(name, f"its content is not a kind that is accepted ({ACCEPTED_WORDS})")


def file_check(upload: UploadedFile, *, limit: int | None = None) -> CheckedFile:
    """Check one upload by its content and size; ``CaseInputError`` names the file and the reason.

    The size counted is what was actually read, not what the upload claims.
    """
    limit = max_upload_bytes() if limit is None else limit
    name = clean_name(upload.name)
    if upload.size is not None and upload.size > limit:
        too_big = f"it is {_megabytes(upload.size)} and the limit is {_megabytes(limit)}"
        raise _refuse(name, too_big)
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    head, size, text = b"", 0, True
    upload.seek(0)
    for chunk in upload.chunks():
        size += len(chunk)
        if size > limit:
            raise _refuse(name, f"it is larger than the limit of {_megabytes(limit)}")
        digest.update(chunk)
        if len(head) < _HEAD_BYTES:
            head += chunk[: _HEAD_BYTES - len(head)]
        if text:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                text = False
            text = text and not _BINARY.search(chunk)
    if size == 0:
        raise _refuse(name, "it is empty")
    if text:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            text = False
    content_type = _detect(upload, name, head, text=text)
    upload.seek(0)
    return CheckedFile(upload, name, content_type, size, digest.hexdigest())
