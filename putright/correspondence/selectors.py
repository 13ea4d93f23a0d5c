"""Reads for mail out, scoped to the user's organisation: another organisation's message or
settings are a 404, exactly as ones that do not exist."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from putright.cases.models import Complaint
from putright.correspondence.channels import channel_of
from putright.correspondence.models import (
    Channel,
    EmailStatus,
    MailSettings,
    OutboundEmail,
)
from putright.correspondence.services.mail_settings import is_housing_association
from putright.organisations.models import Organisation, User


def _organisation_of(user: User) -> int:
    if user.organisation_id is None:
        raise Http404("No organisation.")
    return user.organisation_id


def emails_for(user: User) -> QuerySet[OutboundEmail]:
    """The user's organisation's messages, newest first."""
    return OutboundEmail.objects.filter(organisation_id=_organisation_of(user)).order_by(
        "-created", "-pk"
    )


def email_get(user: User, pk: int) -> OutboundEmail:
    """One of the user's organisation's messages; 404 for another organisation's."""
    return get_object_or_404(emails_for(user).select_related("complaint"), pk=pk)


def emails_about(user: User, complaint: Complaint) -> list[OutboundEmail]:
    """The messages sent about a complaint, newest first (none of another organisation's)."""
    found = emails_for(user).filter(complaint=complaint).defer("text", "html")
    return list(found.annotate(attachment_count=Count("attachments"))[:200])


def failed_emails(user: User) -> QuerySet[OutboundEmail]:
    """The organisation's messages that were not sent, newest first."""
    return (
        emails_for(user)
        .filter(status=EmailStatus.FAILED)
        .select_related("complaint")
        .defer("text", "html")
    )


def failed_count(user: User) -> int:
    return failed_emails(user).count()


def masked(secret: str, *, show_end: bool) -> str:
    """A password or API key as the settings page shows it: never in full."""
    if not secret:
        return ""
    if show_end and len(secret) >= 12:
        return f"Set, ending in {secret[-4:]}"
    return "Set"


@dataclass(frozen=True, slots=True)
class MailSettingsView:
    """What the mail settings page shows of the organisation's settings."""

    organisation: Organisation
    settings: MailSettings | None
    channel: str
    channel_label: str
    password: str
    api_key: str
    notify_allowed: bool


def mail_settings_for(user: User) -> MailSettingsView:
    """The user's organisation's mail settings, with the password and API key masked."""
    organisation = Organisation.objects.get(pk=_organisation_of(user))
    found = MailSettings.objects.filter(organisation=organisation).first()
    channel = channel_of(found)
    return MailSettingsView(
        organisation=organisation,
        settings=found,
        channel=channel,
        channel_label=Channel(channel).label,
        password=masked(found.smtp_password, show_end=False) if found else "",
        api_key=masked(found.notify_api_key, show_end=True) if found else "",
        notify_allowed=not is_housing_association(organisation),
    )
