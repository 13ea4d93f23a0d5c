"""The organisation's mail settings: which channel its mail leaves by, and a test message."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from putright.audit import services as audit
from putright.correspondence import channels
from putright.correspondence.models import Channel, MailSettings, SmtpSecurity
from putright.organisations.models import Organisation, ServiceArea, User
from putright.organisations.selectors import can_change_settings

#: The profile of the Housing Ombudsman's Code: an organisation with nothing else is a landlord.
HOUSING_PROFILE = "hos-2024"
#: A Notify API key: its name, then the service id and the secret, both UUIDs.
NOTIFY_KEY = re.compile(
    r"^.+-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    r"-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
)
#: What the audit record holds for a password or API key that changed (never the value).
SECRET_CHANGED = "(changed)"  # noqa: S105 (a marker, not a password)
SECRETS = ("smtp_password", "notify_api_key")
FIELDS = (
    "channel",
    "smtp_host",
    "smtp_port",
    "smtp_security",
    "smtp_username",
    "smtp_password",
    "from_email",
    "from_name",
    "reply_to",
    "notify_api_key",
    "notify_template_id",
    "notify_reply_to_id",
)


class MailSettingsError(ValidationError):
    """Settings that cannot be stored; ``field`` names the input the message is about."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def is_housing_association(organisation: Organisation) -> bool:
    """Whether every complaint the organisation handles is under the Housing Ombudsman's Code
    (its service areas, or its default profile when it has none), as a housing association's
    are. A council with a housing service area among others is not one."""
    profiles = set(
        ServiceArea.objects.filter(organisation=organisation).values_list("profile", flat=True)
    ) or {organisation.default_profile}
    return profiles == {HOUSING_PROFILE}


def _check_actor(actor: User, organisation: Organisation) -> None:
    if not can_change_settings(actor) or actor.organisation_id != organisation.pk:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("Only a manager or senior lead changes the mail settings.")


def _uuid(value: str, *, field: str, what: str) -> str:
    try:
        return str(uuid.UUID(value.strip()))
    except ValueError:
        raise MailSettingsError(
            f"{what} must be an id such as 0f7ab3c2-..., as GOV.UK Notify shows it.", field=field
        ) from None


def _address(value: str, *, field: str, what: str) -> str:
    value = value.strip()
    if value:
        try:
            validate_email(value)
        except ValidationError:
            raise MailSettingsError(
                f"{what} {value!r} is not an email address.", field=field
            ) from None
    return value


def _checked(organisation: Organisation, values: dict[str, Any]) -> dict[str, Any]:
    """The settings as they would be stored, or the first problem with them."""
    channel = values["channel"]
    if channel not in Channel.values:
        raise MailSettingsError("Choose how mail leaves.", field="channel")
    values["from_email"] = _address(
        values["from_email"], field="from_email", what="The From address"
    )
    values["reply_to"] = _address(values["reply_to"], field="reply_to", what="The reply-to address")
    values["from_name"] = " ".join(values["from_name"].split())
    if channel == Channel.SMTP:
        values["smtp_host"] = values["smtp_host"].strip()
        if not re.fullmatch(r"[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]+\]", values["smtp_host"]):
            raise MailSettingsError(
                "Enter the mail server's host name, such as smtp.example.org.", field="smtp_host"
            )
        port = values["smtp_port"]
        if port is not None and not 1 <= port <= 65535:
            raise MailSettingsError("The port must be a number from 1 to 65535.", field="smtp_port")
        if values["smtp_security"] not in SmtpSecurity.values:
            raise MailSettingsError("Choose the connection security.", field="smtp_security")
        if not values["from_email"]:
            raise MailSettingsError(
                "Enter the From address your mail server sends as.", field="from_email"
            )
        if values["smtp_username"] and not values["smtp_password"]:
            raise MailSettingsError(
                "Enter the password for the user name, or leave both empty.", field="smtp_password"
            )
    if channel == Channel.NOTIFY:
        if is_housing_association(organisation):
            raise MailSettingsError(
                f"{organisation.name} handles all its complaints under the Housing Ombudsman's "
                "Code, as a housing association does, and GOV.UK Notify is only for public "
                "sector bodies such as councils. Choose your own mail server (SMTP) instead.",
                field="channel",
            )
        key = values["notify_api_key"].strip()
        if not NOTIFY_KEY.match(key):
            raise MailSettingsError(
                "Enter the whole API key as GOV.UK Notify gave it: its name followed by two "
                "long ids, all joined by hyphens.",
                field="notify_api_key",
            )
        values["notify_api_key"] = key
        values["notify_template_id"] = _uuid(
            values["notify_template_id"], field="notify_template_id", what="The template id"
        )
        if values["notify_reply_to_id"].strip():
            values["notify_reply_to_id"] = _uuid(
                values["notify_reply_to_id"], field="notify_reply_to_id", what="The reply-to id"
            )
    return values


def mail_settings_update(
    *,
    organisation: Organisation,
    actor: User,
    channel: str,
    smtp_host: str = "",
    smtp_port: int | None = None,
    smtp_security: str = SmtpSecurity.STARTTLS,
    smtp_username: str = "",
    smtp_password: str = "",
    from_email: str = "",
    from_name: str = "",
    reply_to: str = "",
    notify_api_key: str = "",
    notify_template_id: str = "",
    notify_reply_to_id: str = "",
) -> MailSettings:
    """Choose how the organisation's mail leaves: the server's own mail settings, its own SMTP
    server, or GOV.UK Notify. Notify is for public sector bodies, so an organisation whose every
    complaint is under the Housing Ombudsman's Code (a housing association) is refused it. A
    password or API key left empty keeps the one stored; neither is ever shown back in full or
    written to the audit record, which says only that it changed. Only a manager or senior lead
    may change them."""
    _check_actor(actor, organisation)
    with transaction.atomic():
        current = MailSettings.objects.select_for_update().filter(organisation=organisation).first()
        given = {
            "channel": channel,
            "smtp_host": smtp_host,
            "smtp_port": smtp_port,
            "smtp_security": smtp_security,
            "smtp_username": smtp_username.strip(),
            "smtp_password": smtp_password,
            "from_email": from_email,
            "from_name": from_name,
            "reply_to": reply_to,
            "notify_api_key": notify_api_key,
            "notify_template_id": notify_template_id,
            "notify_reply_to_id": notify_reply_to_id,
        }
        for secret in SECRETS:
            if not given[secret] and current is not None:
                given[secret] = getattr(current, secret)
        if not given["smtp_username"]:
            given["smtp_password"] = ""
        values = _checked(organisation, given)
        row = current or MailSettings(organisation=organisation)
        before = {name: getattr(row, name) for name in FIELDS} if current is not None else {}
        changed = [name for name in FIELDS if before.get(name) != values[name]]
        if current is not None and not changed:
            return current
        for name in FIELDS:
            setattr(row, name, values[name])
        row.updated_by = actor
        row.save()
        audit.record(
            action="mail_settings.update",
            actor=actor,
            organisation=organisation,
            target=row,
            before={n: _shown(n, before.get(n)) for n in changed if n in before},
            after={n: _shown(n, values[n], changed=True) for n in changed},
        )
    return row


def _shown(name: str, value: Any, *, changed: bool = False) -> Any:
    if name in SECRETS:
        return (SECRET_CHANGED if changed else "(set)") if value else ""
    return value


@dataclass(frozen=True, slots=True)
class TestResult:
    sent: bool
    message: str


def mail_settings_test(*, organisation: Organisation, actor: User, to: str) -> TestResult:
    """Send a test message now, through the channel the organisation has saved, and say what
    happened (the error in full when it fails), so a manager can check the settings work. It is
    not kept as the organisation's mail and is never tried again; the attempt is audited."""
    _check_actor(actor, organisation)
    to = _address(to, field="to", what="The address")
    if not to:
        raise MailSettingsError("Enter the address to send the test message to.", field="to")
    mail_settings = MailSettings.objects.filter(organisation=organisation).first()
    message = channels.Outgoing(
        to=to,
        subject=f"Test message from {organisation.name}'s complaints system",
        text=(
            f"This message was sent by {actor.get_full_name() or actor.get_username()} to check "
            f"{organisation.name}'s mail settings. It needs no reply."
        ),
        html="",
    )
    try:
        channels.send(message, mail_settings)
    except channels.SendFailed as failure:
        result = TestResult(False, str(failure))
    else:
        result = TestResult(True, f"Test message sent to {to}.")
    audit.record(
        action="mail_settings.test",
        actor=actor,
        organisation=organisation,
        target=mail_settings,
        after={"channel": channels.channel_of(mail_settings), "sent": result.sent},
    )
    return result
