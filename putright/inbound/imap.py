"""The IMAP conversation with an organisation's mail server, with Python's ``imaplib``.

Only what mail in needs: sign in, open the folder (its UIDVALIDITY), list the UIDs after the last
one stored, fetch a message without marking it read (``BODY.PEEK[]``), and mark it read once it is
stored. Every failure of the server or the network is one ``MailboxUnavailable`` with the reason
in words; nothing here touches the database.
"""

from __future__ import annotations

import contextlib
import imaplib
import re
import socket
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime
from time import mktime
from types import TracebackType

#: Seconds to wait for the server at each step, so a server that hangs delays one poll only.
TIMEOUT = 30
DEFAULT_PORTS = {"tls": 993, "starttls": 143, "none": 143}
_UIDVALIDITY = re.compile(rb"UIDVALIDITY (\d+)")


class MailboxUnavailable(Exception):
    """The mailbox could not be read now; the message says why."""


@dataclass(frozen=True, slots=True)
class Fetched:
    uid: int
    raw: bytes
    arrived: datetime | None


def _quoted(folder: str) -> str:
    escaped = folder.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _check(result: tuple[str, list[object]], what: str) -> list[object]:
    status, data = result
    if status != "OK":
        detail = b" ".join(d for d in data if isinstance(d, bytes)).decode("utf-8", "replace")
        raise MailboxUnavailable(f"The server refused to {what}: {detail or status}.")
    return data


class ImapSession:
    """One signed-in session on one folder; use it as a context manager."""

    def __init__(
        self,
        *,
        host: str,
        port: int | None,
        security: str,
        username: str,
        password: str,
        folder: str,
        timeout: float = TIMEOUT,
    ) -> None:
        self.host = host
        self.port = port or DEFAULT_PORTS.get(security, 993)
        self.security = security
        self.username = username
        self.password = password
        self.folder = folder or "INBOX"
        self.timeout = timeout
        self.uidvalidity = 0
        self._imap: imaplib.IMAP4 | None = None

    def __enter__(self) -> ImapSession:
        try:
            self._open()
        except BaseException:
            self._close()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._close()

    def _run(self, what: str, call: object, *args: object) -> list[object]:
        try:
            return _check(call(*args), what)  # type: ignore[operator]
        except MailboxUnavailable:
            raise
        except (imaplib.IMAP4.error, OSError, EOFError) as error:
            raise MailboxUnavailable(f"The server could not {what}: {error}") from error

    def _open(self) -> None:
        where = f"{self.host}:{self.port}"
        try:
            if self.security == "tls":
                context = ssl.create_default_context()
                self._imap = imaplib.IMAP4_SSL(
                    self.host, self.port, ssl_context=context, timeout=self.timeout
                )
            else:
                self._imap = imaplib.IMAP4(self.host, self.port, timeout=self.timeout)
                if self.security == "starttls":
                    self._imap.starttls(ssl.create_default_context())
        except (socket.gaierror, ConnectionRefusedError, TimeoutError) as error:
            raise MailboxUnavailable(f"Could not reach the mail server {where}: {error}") from error
        except (imaplib.IMAP4.error, OSError, EOFError) as error:
            raise MailboxUnavailable(
                f"Could not open a connection to the mail server {where}: {error}"
            ) from error
        imap = self._imap
        try:
            imap.login(self.username, self.password)
        except imaplib.IMAP4.error as error:
            raise MailboxUnavailable(
                f"The mail server {where} refused the user name or password: {error}"
            ) from error
        except (OSError, EOFError) as error:
            raise MailboxUnavailable(
                f"The mail server {where} stopped answering: {error}"
            ) from error
        data = self._run(f"open the folder {self.folder!r}", imap.select, _quoted(self.folder))
        del data
        found = imap.response("UIDVALIDITY")[1]
        value = found[-1] if found and found[-1] else None
        if value is None:
            status = self._run(
                "read the folder's status", imap.status, _quoted(self.folder), "(UIDVALIDITY)"
            )
            match = _UIDVALIDITY.search(b" ".join(s for s in status if isinstance(s, bytes)))
            value = match.group(1) if match else None
        if value is None:
            raise MailboxUnavailable("The mail server did not give the folder's UIDVALIDITY.")
        self.uidvalidity = int(value)

    def _close(self) -> None:
        imap, self._imap = self._imap, None
        if imap is None:
            return
        with contextlib.suppress(imaplib.IMAP4.error, OSError, EOFError):
            imap.logout()

    @property
    def imap(self) -> imaplib.IMAP4:
        if self._imap is None:
            raise MailboxUnavailable("The session is closed.")
        return self._imap

    def uids_after(self, last_uid: int) -> list[int]:
        """The UIDs in the folder above ``last_uid``, lowest first."""
        data = self._run("list the messages", self.imap.uid, "SEARCH", "UID", f"{last_uid + 1}:*")
        words = b" ".join(d for d in data if isinstance(d, bytes)).split()
        # "n:*" always matches the last message, even when it is below n (RFC 3501 6.4.8).
        return sorted(uid for uid in (int(w) for w in words if w.isdigit()) if uid > last_uid)

    def fetch(self, uid: int) -> Fetched | None:
        """The message with this UID as the server has it, without marking it read; None if it
        was deleted meanwhile."""
        data = self._run(
            "fetch a message", self.imap.uid, "FETCH", str(uid), "(INTERNALDATE BODY.PEEK[])"
        )
        for item in data:
            if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], bytes):
                head = item[0] if isinstance(item[0], bytes) else b""
                arrived = imaplib.Internaldate2tuple(head)
                when = datetime.fromtimestamp(mktime(arrived), UTC) if arrived else None
                return Fetched(uid, item[1], when)
        return None

    def mark_read(self, uid: int) -> None:
        """Mark the message read (``\\Seen``), once it is safely stored."""
        self._run("mark a message read", self.imap.uid, "STORE", str(uid), "+FLAGS", "(\\Seen)")
