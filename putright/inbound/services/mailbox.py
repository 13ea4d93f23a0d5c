"""The organisation's mailbox settings, and a check that the mailbox can be read."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from putright.audit import services as audit
from putright.inbound.imap import ImapSession, MailboxUnavailable
from putright.inbound.models import ImapSecurity, Mailbox
from putright.organisations.models import Organisation, User
from putright.organisations.selectors import can_change_settings

#: What the audit record holds for a password that changed (never the value).
SECRET_CHANGED = "(changed)"  # noqa: S105 (a marker, not a password)
FIELDS = ("enabled", "host", "port", "security", "username", "password", "folder")
#: A change to any of these points at another mailbox, whose UIDs are not the old one's.
WHERE = ("host", "port", "username", "folder")


class MailboxError(ValidationError):
    """Settings that cannot be stored; ``field`` names the input the message is about."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _check_actor(actor: User, organisation: Organisation) -> None:
    if not can_change_settings(actor) or actor.organisation_id != organisation.pk:
        raise PermissionDenied("Only a manager or senior lead changes the mailbox settings.")


def _checked(values: dict[str, Any]) -> dict[str, Any]:
    values["host"] = values["host"].strip()
    if not re.fullmatch(r"[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]+\]", values["host"]):
        raise MailboxError(
            "Enter the mail server's host name, such as imap.example.org.", field="host"
        )
    port = values["port"]
    if port is not None and not 1 <= port <= 65535:
        raise MailboxError("The port must be a number from 1 to 65535.", field="port")
    if values["security"] not in ImapSecurity.values:
        raise MailboxError("Choose the connection security.", field="security")
    values["username"] = values["username"].strip()
    if not values["username"]:
        raise MailboxError("Enter the user name of the mailbox.", field="username")
    if not values["password"]:
        raise MailboxError("Enter the password of the mailbox.", field="password")
    values["folder"] = values["folder"].strip() or "INBOX"
    if len(values["folder"]) > 200 or any(ord(c) < 32 for c in values["folder"]):
        raise MailboxError("Enter the folder's name, such as INBOX.", field="folder")
    return values


def mailbox_update(
    *,
    organisation: Organisation,
    actor: User,
    host: str,
    username: str,
    password: str = "",
    port: int | None = None,
    security: str = ImapSecurity.TLS,
    folder: str = "INBOX",
    enabled: bool = True,
) -> Mailbox:
    """Set the mailbox the organisation's mail in is read from (IMAP). A password left empty
    keeps the one stored; it is never shown back or written to the audit record, which says only
    that it changed. Pointing at another server, user or folder starts reading that one from its
    first message (the messages already stored are recognised and not stored again). Only a
    manager or senior lead may change it."""
    _check_actor(actor, organisation)
    with transaction.atomic():
        current = Mailbox.objects.select_for_update().filter(organisation=organisation).first()
        given = {
            "enabled": bool(enabled),
            "host": host,
            "port": port,
            "security": security,
            "username": username,
            "password": password or (current.password if current is not None else ""),
            "folder": folder,
        }
        values = _checked(given)
        row = current or Mailbox(organisation=organisation)
        before = {name: getattr(row, name) for name in FIELDS} if current is not None else {}
        changed = [name for name in FIELDS if before.get(name) != values[name]]
        if current is not None and not changed:
            return current
        for name in FIELDS:
            setattr(row, name, values[name])
        if current is not None and any(name in changed for name in WHERE):
            row.uidvalidity, row.last_uid = None, 0
        row.updated_by = actor
        row.save()
        audit.record(
            action="mailbox.update",
            actor=actor,
            organisation=organisation,
            target=row,
            before={n: _shown(n, before.get(n)) for n in changed if n in before},
            after={n: _shown(n, values[n], changed=True) for n in changed},
        )
    return row


def _shown(name: str, value: Any, *, changed: bool = False) -> Any:
    if name == "password":
        return (SECRET_CHANGED if changed else "(set)") if value else ""
    return value


@dataclass(frozen=True, slots=True)
class CheckResult:
    ok: bool
    message: str


def mailbox_check(*, organisation: Organisation, actor: User) -> CheckResult:
    """Sign in to the saved mailbox now and say what happened (the error in full when it fails),
    so a manager can check the settings work; nothing is read or marked. The check is audited."""
    _check_actor(actor, organisation)
    mailbox = Mailbox.objects.filter(organisation=organisation).first()
    if mailbox is None:
        raise MailboxError("Save the mailbox settings first.")
    try:
        with ImapSession(
            host=mailbox.host,
            port=mailbox.port,
            security=mailbox.security,
            username=mailbox.username,
            password=mailbox.password,
            folder=mailbox.folder,
        ) as session:
            waiting = len(session.uids_after(mailbox.last_uid))
    except MailboxUnavailable as error:
        result = CheckResult(False, str(error))
    else:
        result = CheckResult(
            True,
            f"Signed in to {mailbox.folder} on {mailbox.host}: "
            f"{waiting} message{'s' if waiting != 1 else ''} not read yet.",
        )
    audit.record(
        action="mailbox.check",
        actor=actor,
        organisation=organisation,
        target=mailbox,
        after={"ok": result.ok},
    )
    return result
