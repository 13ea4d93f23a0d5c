"""Reading one email as it came from the mailbox: who sent it, what it says, what it replies to,
what came with it, and whether it is an automatic reply or a bounce. Pure: no Django, no I/O.

Python's ``email`` package does the parsing (with the modern policy); a message that is not
well formed is still read as far as it can be, since a person's words matter more than its
headers.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime

#: A case reference as the system makes them (CMP-2026-00042, SR-2026-00007) or as an import
#: may have brought them: capitals, a hyphen, a year, a hyphen, a number.
REFERENCE = re.compile(r"\b([A-Z]{2,6}-\d{4}-\d{1,8})\b")
MESSAGE_ID = re.compile(r"<[^<>\s]{1,250}>")
#: Precedence values that mark mail no person wrote to us (RFC 3834 section 3.1.8; common use).
AUTOMATIC_PRECEDENCE = frozenset({"bulk", "auto_reply", "junk", "list"})
BOUNCE_SENDERS = frozenset({"mailer-daemon", "postmaster"})
MAX_TEXT = 100_000
_TAGS = re.compile(r"<[^>]*>")
_BLOCK_END = re.compile(r"(?i)<\s*(br|/p|/div|/li|/tr|/h[1-6])\b[^>]*>")
_HIDDEN = re.compile(r"(?is)<\s*(script|style|head)\b.*?<\s*/\s*\1\s*>")


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    content_type: str
    content: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


@dataclass(frozen=True, slots=True)
class ParsedMessage:
    """What the system needs of one message."""

    key: str
    message_id: str
    from_address: str
    from_name: str
    subject: str
    sent: datetime | None
    text: str
    in_reply_to: str
    references: tuple[str, ...]
    attachments: tuple[Attachment, ...] = ()
    #: ("auto_reply" or "bounce", the reason in words) when no person wrote it to us.
    automatic: tuple[str, str] | None = None
    thread_ids: tuple[str, ...] = field(default=())

    def case_references(self) -> list[str]:
        """References that look like a case's, from the subject first, then the text."""
        found: list[str] = []
        for source in (self.subject, self.text):
            for match in REFERENCE.findall(source):
                if match not in found:
                    found.append(match)
        return found[:20]


def _clean(text: str) -> str:
    """Text as a database keeps it: no NUL characters, which PostgreSQL refuses in text."""
    return text.replace("\x00", "")


def _header(message: Message, name: str) -> str:
    try:
        value = message.get(name)
    except (ValueError, IndexError, TypeError):  # a header the parser cannot read
        return ""
    return _clean(" ".join(str(value).split())) if value is not None else ""


def _ids(value: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(MESSAGE_ID.findall(value)))


def html_to_text(markup: str) -> str:
    """The words of an HTML part, one paragraph a line, for reading and searching."""
    markup = _HIDDEN.sub(" ", markup)
    markup = _BLOCK_END.sub("\n", markup)
    text = html.unescape(_TAGS.sub("", markup))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _text_of(message: EmailMessage) -> str:
    try:
        body = message.get_body(preferencelist=("plain", "html"))
    except (KeyError, LookupError, TypeError):
        body = None
    if body is None:
        return ""
    try:
        content = body.get_content()
    except (KeyError, LookupError, ValueError, AssertionError):
        payload = body.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    if not isinstance(content, str):
        return ""
    if body.get_content_type() == "text/html":
        content = html_to_text(content)
    return _clean(content.replace("\r\n", "\n")).strip()[:MAX_TEXT]


def _attachments(message: EmailMessage) -> tuple[Attachment, ...]:
    found = []
    for number, part in enumerate(message.iter_attachments(), start=1):
        if part.is_multipart():
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes) or not payload:
            continue
        name = _clean(part.get_filename() or "") or f"attachment-{number}"
        found.append(Attachment(name, part.get_content_type(), payload))
    return tuple(found)


def _automatic(message: EmailMessage, from_address: str) -> tuple[str, str] | None:
    """Whether no person wrote the message to us: an automatic reply (RFC 3834's
    Auto-Submitted, the X-Autoreply family, Precedence) or a bounce (a delivery status report,
    RFC 3464, or mail from the mailer daemon)."""
    if message.get_content_type() == "multipart/report":
        kind = message.get_param("report-type") or "a report"
        return "bounce", f"It is a delivery report (multipart/report, {kind})."
    local = from_address.rsplit("@", 1)[0].lower()
    if local in BOUNCE_SENDERS:
        return "bounce", f"It comes from {from_address}, the mail system."
    submitted = _header(message, "Auto-Submitted").lower()
    if submitted and submitted != "no":
        return "auto_reply", f"Its Auto-Submitted header says {submitted!r}."
    for name in ("X-Autoreply", "X-Autorespond", "X-Autoresponder"):
        if _header(message, name):
            return "auto_reply", f"It has an {name} header."
    precedence = _header(message, "Precedence").lower()
    if precedence in AUTOMATIC_PRECEDENCE:
        return "auto_reply", f"Its Precedence header says {precedence!r}."
    return None


def _sent(message: Message) -> datetime | None:
    value = _header(message, "Date")
    if not value:
        return None
    try:
        sent = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return sent if sent.tzinfo is not None else sent.replace(tzinfo=UTC)


def parse(raw: bytes) -> ParsedMessage:
    """Read one message from its bytes."""
    message = BytesParser(policy=policy.default).parsebytes(raw)
    assert isinstance(message, EmailMessage)  # noqa: S101 - the default policy makes these
    message_id = next(iter(_ids(_header(message, "Message-ID"))), "")
    key = f"mid:{message_id}" if message_id else f"sha256:{hashlib.sha256(raw).hexdigest()}"
    try:
        addresses = getaddresses([_header(message, "From")])
    except (ValueError, IndexError, TypeError):
        addresses = []
    from_name, from_address = addresses[0] if addresses else ("", "")
    from_address = from_address if "@" in from_address else ""
    in_reply_to = next(iter(_ids(_header(message, "In-Reply-To"))), "")
    references = _ids(_header(message, "References"))
    return ParsedMessage(
        key=key,
        message_id=message_id,
        from_address=from_address[:254],
        from_name=" ".join(from_name.split())[:200],
        subject=_header(message, "Subject")[:300],
        sent=_sent(message),
        text=_text_of(message),
        in_reply_to=in_reply_to,
        references=references,
        attachments=_attachments(message),
        automatic=_automatic(message, from_address),
        thread_ids=tuple(dict.fromkeys(((in_reply_to,) if in_reply_to else ()) + references)),
    )
