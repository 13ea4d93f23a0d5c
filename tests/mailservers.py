"""Real mail servers on loopback for the mail tests: an SMTP server (aiosmtpd), a server that
answers GOV.UK Notify's documented API, and an IMAP server (a private Dovecot), so the channels
and the mailbox reader are tested end to end.

``smtp_server`` starts aiosmtpd on a free port and keeps every message it accepts, parsed; it can
be told to refuse recipients (``refuse = "550 ..."``), or to ask for a user name and password.
``notify_server`` implements ``POST /v2/notifications/email`` and ``GET /v2/notifications`` as
Notify documents them (https://docs.notifications.service.gov.uk/rest-api.html): it checks the JWT
bearer token the client signs with the API key, the template and its personalisation, answers as
Notify does, and can be told to fail the next requests with 500 or 429.
"""

from __future__ import annotations

import base64
import email
import email.policy
import grp
import imaplib
import json
import logging
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

#: Debian's dovecot-imapd provides it.
DOVECOT = Path(os.environ.get("PUTRIGHT_DOVECOT", "/usr/sbin/dovecot"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- SMTP -------------------------------------------------------------------------------------


@dataclass
class Received:
    """One message the SMTP server accepted."""

    mail_from: str
    recipients: list[str]
    message: EmailMessage
    login: str | None

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    def part(self, content_type: str) -> str:
        for part in self.message.walk():
            if part.get_content_type() == content_type and not part.get_filename():
                return str(part.get_content())
        raise AssertionError(f"no {content_type} part")

    def attachments(self) -> list[tuple[str, bytes, str]]:
        return [
            (part.get_filename() or "", part.get_payload(decode=True), part.get_content_type())
            for part in self.message.iter_attachments()
        ]


class _Handler:
    def __init__(self, server: SmtpServer) -> None:
        self.server = server

    async def handle_RCPT(
        self, smtp: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if self.server.refuse:
            return self.server.refuse
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, smtp: Any, session: Any, envelope: Any) -> str:
        if self.server.refuse_data:
            return self.server.refuse_data
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        login = session.auth_data.login.decode() if session.authenticated else None
        with self.server.lock:
            self.server.messages.append(
                Received(envelope.mail_from, list(envelope.rcpt_tos), message, login)  # type: ignore[arg-type]
            )
        return "250 Message accepted for delivery"


@dataclass
class SmtpServer:
    """An aiosmtpd server on 127.0.0.1 that keeps what it accepts."""

    host: str = "127.0.0.1"
    port: int = 0
    messages: list[Received] = field(default_factory=list)
    #: When set, the reply to every RCPT TO (e.g. "550 5.1.1 No such user", "451 Try later").
    refuse: str = ""
    #: When set, the reply to DATA.
    refuse_data: str = ""
    #: When set, AUTH is offered and only this (user, password) is accepted.
    credentials: tuple[str, str] | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def _authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any
    ) -> AuthResult:
        if (
            self.credentials is not None
            and isinstance(data, LoginPassword)
            and (data.login.decode(), data.password.decode()) == self.credentials
        ):
            return AuthResult(success=True, auth_data=data)
        return AuthResult(success=False, handled=False)

    def wait_for(self, count: int, timeout: float = 20) -> list[Received]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.messages) >= count:
                    return list(self.messages)
            time.sleep(0.05)
        raise AssertionError(f"expected {count} messages, the server has {len(self.messages)}")


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """A real SMTP server on a free loopback port, for the duration of the test."""
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    server = SmtpServer(port=free_port())
    controller = Controller(
        _Handler(server),
        hostname=server.host,
        port=server.port,
        authenticator=server._authenticate,
        auth_require_tls=False,
    )
    controller.start()
    try:
        yield server
    finally:
        controller.stop()


# --- GOV.UK Notify --------------------------------------------------------------------------------


def notify_api_key(name: str = "putright_test") -> tuple[str, str, str]:
    """A Notify-shaped API key (``name-<service id>-<secret>``), with its service id and secret."""
    service_id, secret = str(uuid.uuid4()), str(uuid.uuid4())
    return f"{name}-{service_id}-{secret}", service_id, secret


@dataclass
class NotifyServer:
    """The part of GOV.UK Notify's API that sends email, on 127.0.0.1."""

    port: int = 0
    #: Service id -> API key secret; requests signed otherwise get 403.
    services: dict[str, str] = field(default_factory=dict)
    #: Template id -> (its service id, the placeholders it needs).
    templates: dict[str, tuple[str, set[str]]] = field(default_factory=dict)
    #: Status codes to answer the next POSTs with, first first (500, 429, ...).
    fail_next: list[int] = field(default_factory=list)
    notifications: list[dict[str, Any]] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def add_service(self, *, placeholders: set[str] | None = None) -> tuple[str, str]:
        """A new service with a live key and an email template; returns (API key, template id)."""
        key, service_id, secret = notify_api_key()
        template_id = str(uuid.uuid4())
        self.services[service_id] = secret
        self.templates[template_id] = (service_id, placeholders or {"subject", "body"})
        return key, template_id

    def attachments(self, notification: dict[str, Any]) -> list[tuple[str, bytes]]:
        files = []
        for _name, value in sorted(notification["personalisation"].items()):
            if isinstance(value, dict) and "file" in value:
                files.append((value["filename"], base64.b64decode(value["file"])))
        return files


def _error(status: int, error: str, message: str) -> tuple[int, dict[str, Any]]:
    return status, {"errors": [{"error": error, "message": message}], "status_code": status}


class _NotifyHandler(BaseHTTPRequestHandler):
    server: Any

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _answer(self, status: int, body: dict[str, Any]) -> None:
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _authorised(self) -> tuple[int, dict[str, Any]] | str:
        """The service the request is signed for, or the error to answer."""
        notify: NotifyServer = self.server.notify
        header = self.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            return _error(401, "AuthError", "Unauthorized: authentication token must be provided")
        token = header.removeprefix("Bearer ")
        try:
            issuer = jwt.decode(token, options={"verify_signature": False}).get("iss")
        except jwt.DecodeError:
            return _error(403, "AuthError", "Invalid token: signature, api token not found")
        secret = notify.services.get(str(issuer))
        if secret is None:
            return _error(403, "AuthError", "Invalid token: service not found")
        try:
            claims = jwt.decode(token, key=secret, algorithms=["HS256"])
        except jwt.InvalidTokenError:
            return _error(403, "AuthError", "Invalid token: signature, api token is not valid")
        if abs(time.time() - int(claims.get("iat", 0))) > 30:
            return _error(
                403, "AuthError", "Error: Your system clock must be accurate to within 30 seconds"
            )
        return str(issuer)

    def do_GET(self) -> None:
        notify: NotifyServer = self.server.notify
        service = self._authorised()
        if not isinstance(service, str):
            self._answer(*service)
            return
        url = urlparse(self.path)
        if url.path != "/v2/notifications":
            self._answer(*_error(404, "BadRequestError", "Not found"))
            return
        reference = parse_qs(url.query).get("reference", [None])[0]
        with notify.lock:
            found = [
                n
                for n in notify.notifications
                if n["service"] == service and reference in (None, n["reference"])
            ]
        self._answer(200, {"notifications": found, "links": {"current": self.path}})

    def do_POST(self) -> None:
        notify: NotifyServer = self.server.notify
        length = int(self.headers.get("Content-Length", "0"))
        data = json.loads(self.rfile.read(length) or b"{}")
        with notify.lock:
            notify.requests.append(data)
            failure = notify.fail_next.pop(0) if notify.fail_next else None
        if failure == 429:
            self._answer(
                *_error(
                    429,
                    "RateLimitError",
                    "Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds",
                )
            )
            return
        if failure is not None:
            self._answer(*_error(failure, "Exception", "Internal server error"))
            return
        service = self._authorised()
        if not isinstance(service, str):
            self._answer(*service)
            return
        if urlparse(self.path).path != "/v2/notifications/email":
            self._answer(*_error(404, "BadRequestError", "Not found"))
            return
        for name in ("email_address", "template_id"):
            if not data.get(name):
                self._answer(*_error(400, "ValidationError", f"{name} is a required property"))
                return
        if "@" not in data["email_address"]:
            self._answer(*_error(400, "ValidationError", "email_address Not a valid email address"))
            return
        service_id, placeholders = notify.templates.get(data["template_id"], ("", set()))
        if service_id != service:
            self._answer(*_error(400, "BadRequestError", "Template not found"))
            return
        personalisation = data.get("personalisation") or {}
        missing = sorted(placeholders - set(personalisation))
        if missing:
            self._answer(
                *_error(400, "BadRequestError", f"Missing personalisation: {', '.join(missing)}")
            )
            return
        notification_id = str(uuid.uuid4())
        notification = {
            "id": notification_id,
            "service": service,
            "reference": data.get("reference"),
            "email_address": data["email_address"],
            "type": "email",
            "status": "created",
            "template": {
                "id": data["template_id"],
                "version": 1,
                "uri": f"{notify.base_url}/v2/template/{data['template_id']}",
            },
            "subject": personalisation.get("subject", ""),
            "body": personalisation.get("body", ""),
            "personalisation": personalisation,
            "email_reply_to_id": data.get("email_reply_to_id"),
        }
        with notify.lock:
            notify.notifications.append(notification)
        self._answer(
            201,
            {
                "id": notification_id,
                "reference": data.get("reference"),
                "content": {
                    "subject": notification["subject"],
                    "body": notification["body"],
                    "from_email": "council@notifications.service.gov.uk",
                    "one_click_unsubscribe_url": None,
                },
                "uri": f"{notify.base_url}/v2/notifications/{notification_id}",
                "template": notification["template"],
                "scheduled_for": None,
            },
        )


@pytest.fixture
def notify_server(settings: Any) -> Iterator[NotifyServer]:
    """A local server answering Notify's API; ``PUTRIGHT_NOTIFY_BASE_URL`` points at it."""
    notify = NotifyServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _NotifyHandler)
    httpd.notify = notify  # type: ignore[attr-defined]
    notify.port = httpd.server_address[1]
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    settings.PUTRIGHT_NOTIFY_BASE_URL = notify.base_url
    try:
        yield notify
    finally:
        httpd.shutdown()
        httpd.server_close()


# --- IMAP -----------------------------------------------------------------------------------------

DOVECOT_CONF = """\
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:~/Maildir
{users}
passdb {{
  driver = passwd-file
  args = {root}/passwd
}}
userdb {{
  driver = passwd-file
  args = {root}/passwd
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
  chroot =
}}
service anvil {{
  chroot =
}}
"""


@dataclass
class ImapServer:
    """A private Dovecot on a free loopback port, with its own configuration, users and
    maildirs in a temporary directory; it can be stopped and started again on the same port
    with the same mail, as a real server goes down and comes back."""

    root: Path
    port: int
    username: str = "complaints"
    password: str = "imap-secret"
    host: str = "127.0.0.1"
    process: subprocess.Popen[bytes] | None = None

    def write_config(self) -> Path:
        for name in ("run", "state", "mail"):
            (self.root / name).mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            # Dovecot will not run its processes, or read mail, as root: use its own users.
            mail_user = pwd.getpwnam("dovecot")
            uid, gid = mail_user.pw_uid, mail_user.pw_gid
            users = f"first_valid_uid = {uid}\n"
        else:
            uid, gid = os.getuid(), os.getgid()
            name, group = pwd.getpwuid(uid).pw_name, grp.getgrgid(gid).gr_name
            users = (
                f"default_internal_user = {name}\ndefault_internal_group = {group}\n"
                f"default_login_user = {name}\nfirst_valid_uid = {uid}\n"
            )
        home = self.root / "mail" / self.username
        home.mkdir(exist_ok=True)
        if os.geteuid() == 0:
            os.chown(home, uid, gid)
        (self.root / "passwd").write_text(
            f"{self.username}:{{PLAIN}}{self.password}:{uid}:{gid}::{home}\n"
        )
        conf = self.root / "dovecot.conf"
        conf.write_text(DOVECOT_CONF.format(root=self.root, port=self.port, users=users))
        return conf

    def start(self) -> None:
        conf = self.write_config()
        self.process = subprocess.Popen(  # noqa: S603 - our own binary and config
            [str(DOVECOT), "-c", str(conf), "-F"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                error = self.process.stderr.read().decode() if self.process.stderr else ""
                raise AssertionError(f"dovecot stopped: {error}{self.log()}")
            try:
                with imaplib.IMAP4(self.host, self.port, timeout=5) as imap:
                    imap.login(self.username, self.password)
                    status, data = imap.select("INBOX")
                    if status != "OK":
                        raise AssertionError(f"dovecot cannot open the mail: {data}{self.log()}")
                return
            except (OSError, imaplib.IMAP4.error):
                time.sleep(0.1)
        raise AssertionError(f"dovecot did not answer on port {self.port}: {self.log()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text() if path.exists() else ""

    def client(self) -> imaplib.IMAP4:
        imap = imaplib.IMAP4(self.host, self.port, timeout=10)
        imap.login(self.username, self.password)
        return imap

    def append(self, message: EmailMessage | bytes, folder: str = "INBOX") -> int:
        """Deliver a message to the folder over IMAP; return its UID."""
        raw = message if isinstance(message, bytes) else message.as_bytes()
        with self.client() as imap:
            status, data = imap.append(f'"{folder}"', None, None, raw)
            assert status == "OK", data
        match = re.search(rb"APPENDUID \d+ (\d+)", data[0] if data else b"")
        assert match, data
        return int(match.group(1))

    def flags(self, uid: int, folder: str = "INBOX") -> str:
        with self.client() as imap:
            imap.select(f'"{folder}"', readonly=True)
            _status, data = imap.uid("FETCH", str(uid), "(FLAGS)")
        return b" ".join(d for d in data if isinstance(d, bytes)).decode()

    def uids(self, folder: str = "INBOX") -> list[int]:
        with self.client() as imap:
            imap.select(f'"{folder}"', readonly=True)
            _status, data = imap.uid("SEARCH", "ALL")
        return [int(u) for u in data[0].split()]

    def recreate(self, folder: str) -> None:
        """Delete the folder and make it again: a new UIDVALIDITY, as when a mailbox is rebuilt."""
        with self.client() as imap:
            assert imap.delete(f'"{folder}"')[0] == "OK"
            self.create(folder, imap)

    def create(self, folder: str, imap: imaplib.IMAP4 | None = None) -> None:
        if imap is None:
            with self.client() as imap:
                self.create(folder, imap)
        else:
            assert imap.create(f'"{folder}"')[0] == "OK"


@pytest.fixture
def imap_server() -> Iterator[ImapServer]:
    """A real IMAP server (Dovecot) on a free loopback port, for the duration of the test.

    Tests using it are marked ``imap``: without Dovecot they are skipped, or fail when
    ``PUTRIGHT_REQUIRE_IMAP=1``."""
    root = Path(tempfile.mkdtemp(prefix="putright-imap-"))
    root.chmod(0o755)  # Dovecot's own users must reach their sockets and the mail
    server = ImapServer(root=root, port=free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)
