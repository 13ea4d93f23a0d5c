"""The ways a message leaves: the server's own mail settings, an organisation's SMTP server, or
GOV.UK Notify through its Python client.

Each channel takes an ``Outgoing`` message and either returns what the far end called it or raises
``SendFailed``, saying whether trying again later may work (a busy server, a dropped connection,
Notify's rate limit) or not (a refused address, a wrong password, a file Notify will not take).
Nothing here touches the database: ``services.sending`` records the outcome.
"""

from __future__ import annotations

import io
import smtplib
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from notifications_python_client import prepare_upload
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient

from putright.correspondence.models import Channel, MailSettings, SmtpSecurity

#: How long one connection to a mail server or to Notify may take, in seconds. A send claimed
#: longer ago than ``services.sending.SEND_LEASE`` (well beyond this) is treated as interrupted.
NETWORK_TIMEOUT = 60

#: The file types GOV.UK Notify accepts for sending by email, and its size limit per file.
NOTIFY_FILE_TYPES = frozenset(
    {
        "application/pdf",
        "text/csv",
        "text/plain",
        "application/json",
        "application/rtf",
        "text/rtf",
        "application/msword",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.oasis.opendocument.text",
    }
)
NOTIFY_FILE_LIMIT = 2 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Outgoing:
    """A message ready to send, however it goes."""

    to: str
    subject: str
    text: str
    html: str = ""
    attachments: Sequence[tuple[str, bytes, str]] = ()
    #: The RFC 5322 Message-ID, the same on every attempt, so mail systems can tell a repeat.
    message_id: str = ""
    #: Our reference for the message at Notify, so an interrupted send can be looked up.
    reference: str = ""
    headers: dict[str, str] = field(default_factory=dict)


class SendFailed(Exception):
    """The message did not go. ``temporary``: trying again later may work."""

    def __init__(self, message: str, *, temporary: bool) -> None:
        super().__init__(message)
        self.temporary = temporary


def channel_of(mail_settings: MailSettings | None) -> str:
    """The channel an organisation's mail goes through: the server's own settings until it has
    chosen SMTP or Notify."""
    return mail_settings.channel if mail_settings is not None else Channel.DEFAULT


def send(message: Outgoing, mail_settings: MailSettings | None) -> str:
    """Send the message through the organisation's channel; return the far end's id for it."""
    if mail_settings is not None and mail_settings.channel == Channel.NOTIFY:
        return send_notify(message, mail_settings)
    if mail_settings is not None and mail_settings.channel == Channel.SMTP:
        return send_smtp(message, smtp_connection(mail_settings), mail_settings)
    return send_smtp(message, get_connection(fail_silently=False), None)


# --- SMTP (and the server's own Django email backend) ---------------------------------------------


def smtp_connection(mail_settings: MailSettings) -> BaseEmailBackend:
    """A Django SMTP connection to the organisation's own server."""
    security = mail_settings.smtp_security
    return get_connection(
        "django.core.mail.backends.smtp.EmailBackend",
        fail_silently=False,
        host=mail_settings.smtp_host,
        port=mail_settings.smtp_port or (465 if security == SmtpSecurity.TLS else 587),
        # An empty name means no sign-in; None would fall back to the server's own settings.
        username=mail_settings.smtp_username,
        password=mail_settings.smtp_password,
        use_tls=security == SmtpSecurity.STARTTLS,
        use_ssl=security == SmtpSecurity.TLS,
        timeout=NETWORK_TIMEOUT,
    )


def _sender(mail_settings: MailSettings | None) -> tuple[str, list[str]]:
    if mail_settings is None or not mail_settings.from_email:
        return settings.DEFAULT_FROM_EMAIL, []
    sender = mail_settings.from_email
    if mail_settings.from_name:
        sender = formataddr((mail_settings.from_name, sender))
    return sender, [mail_settings.reply_to] if mail_settings.reply_to else []


def build_email(
    message: Outgoing, connection: BaseEmailBackend, mail_settings: MailSettings | None
) -> EmailMultiAlternatives:
    """The message as Django builds it: the text part, the HTML part if any, the attachments."""
    sender, reply_to = _sender(mail_settings)
    headers = dict(message.headers)
    if message.message_id:
        headers["Message-ID"] = message.message_id
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text,
        from_email=sender,
        to=[message.to],
        reply_to=reply_to,
        headers=headers,
        connection=connection,
    )
    if message.html:
        email.attach_alternative(message.html, "text/html")
    for filename, content, mime_type in message.attachments:
        email.attach(filename, content, mime_type)
    return email


def _smtp_failure(error: Exception) -> SendFailed:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        detail = "; ".join(
            f"{address}: {code} {_text(reply)}"
            for address, (code, reply) in error.recipients.items()
        )
        return SendFailed(
            f"The mail server refused the address ({detail}).",
            temporary=any(code < 500 for code in codes),
        )
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return SendFailed(
            f"The mail server did not accept the user name and password "
            f"({error.smtp_code} {_text(error.smtp_error)}). Check the mail settings.",
            temporary=False,
        )
    if isinstance(error, smtplib.SMTPResponseException):
        return SendFailed(
            f"The mail server answered {error.smtp_code} {_text(error.smtp_error)}.",
            temporary=error.smtp_code < 500,
        )
    if isinstance(error, smtplib.SMTPNotSupportedError):
        return SendFailed(
            f"The mail server does not offer what the settings ask for ({error}). "
            "Check the connection security in the mail settings.",
            temporary=False,
        )
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return SendFailed(f"The mail server closed the connection ({error}).", temporary=True)
    return SendFailed(
        f"Could not reach the mail server ({type(error).__name__}: {error}).", temporary=True
    )


def _text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)


def send_smtp(
    message: Outgoing, connection: BaseEmailBackend, mail_settings: MailSettings | None
) -> str:
    """Send through a Django email connection; the Message-ID is the message's id there."""
    email = build_email(message, connection, mail_settings)
    try:
        sent = email.send(fail_silently=False)
    except (smtplib.SMTPException, OSError) as error:
        raise _smtp_failure(error) from error
    if not sent:
        raise SendFailed("The mail server took nothing.", temporary=True)
    return message.message_id


# --- GOV.UK Notify --------------------------------------------------------------------------------


def notify_client(mail_settings: MailSettings) -> NotificationsAPIClient:
    """Notify's own client, pointed at ``PUTRIGHT_NOTIFY_BASE_URL`` (Notify's API by default)."""
    return NotificationsAPIClient(
        mail_settings.notify_api_key,
        base_url=settings.PUTRIGHT_NOTIFY_BASE_URL,
        timeout=NETWORK_TIMEOUT,
    )


def _notify_failure(error: APIError) -> SendFailed:
    status = error.status_code
    detail = error.message
    if isinstance(detail, list):
        detail = "; ".join(str(item.get("message", item)) for item in detail)
    if status == 429:
        return SendFailed(f"GOV.UK Notify's rate limit was reached ({detail}).", temporary=True)
    if status >= 500:
        return SendFailed(f"GOV.UK Notify answered {status} ({detail}).", temporary=True)
    if status == 403:
        return SendFailed(
            f"GOV.UK Notify refused the API key ({detail}). Check the mail settings.",
            temporary=False,
        )
    return SendFailed(f"GOV.UK Notify refused the message: {status} {detail}.", temporary=False)


def notify_personalisation(message: Outgoing) -> dict[str, object]:
    """What fills the organisation's Notify template: ``((subject))``, ``((body))`` and, for each
    attachment, ``((file_1))``, ``((file_2))``... (Notify sends a link to download it)."""
    values: dict[str, object] = {"subject": message.subject, "body": message.text}
    for number, (filename, content, mime_type) in enumerate(message.attachments, start=1):
        if mime_type not in NOTIFY_FILE_TYPES:
            raise SendFailed(
                f"GOV.UK Notify cannot send {filename} ({mime_type}): it takes PDF, CSV, text, "
                "JSON, RTF, Word, Excel and OpenDocument text files only.",
                temporary=False,
            )
        if len(content) > NOTIFY_FILE_LIMIT:
            raise SendFailed(
                f"GOV.UK Notify cannot send {filename}: files must be 2 MB or smaller.",
                temporary=False,
            )
        values[f"file_{number}"] = prepare_upload(
            io.BytesIO(content), filename=filename, confirm_email_before_download=True
        )
    return values


def send_notify(message: Outgoing, mail_settings: MailSettings) -> str:
    """Send through GOV.UK Notify (``POST /v2/notifications/email``); return Notify's id."""
    personalisation = notify_personalisation(message)
    try:
        response = notify_client(mail_settings).send_email_notification(
            email_address=message.to,
            template_id=mail_settings.notify_template_id,
            personalisation=personalisation,
            reference=message.reference or None,
            email_reply_to_id=mail_settings.notify_reply_to_id or None,
        )
    except APIError as error:
        raise _notify_failure(error) from error
    return str(response["id"])


def notify_find(reference: str, mail_settings: MailSettings) -> str | None:
    """Notify's id for a notification we sent with this reference, or None if it has none: how
    a send interrupted half-way is told apart from one that never reached Notify."""
    try:
        found = notify_client(mail_settings).get_all_notifications(reference=reference)
    except APIError as error:
        raise _notify_failure(error) from error
    notifications = found.get("notifications") or []
    return str(notifications[0]["id"]) if notifications else None
