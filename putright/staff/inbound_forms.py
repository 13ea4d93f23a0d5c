"""The mail in forms: they parse what was typed, and nothing else. Field names are the keyword
arguments of ``inbound.services``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from putright.inbound.models import ImapSecurity
from putright.organisations.models import ServiceArea, User
from putright.staff.forms import _handler, _text, _textarea


class MailboxForm(forms.Form):
    enabled = forms.BooleanField(required=False, label="Read this mailbox")
    host = _text("Enter the mail server's host name", max_length=255, label="Mail server")
    port = forms.IntegerField(
        required=False,
        label="Port",
        min_value=1,
        max_value=65535,
        error_messages={
            "invalid": "The port must be a number, such as 993",
            "min_value": "The port must be a number from 1 to 65535",
            "max_value": "The port must be a number from 1 to 65535",
        },
    )
    security = forms.ChoiceField(
        label="Connection security",
        choices=ImapSecurity.choices,
        initial=ImapSecurity.TLS,
        error_messages={"required": "Choose the connection security"},
    )
    username = _text("Enter the user name of the mailbox", max_length=255, label="User name")
    password = _text(max_length=255, label="Password")
    folder = _text(max_length=200, label="Folder")


class CaseKind:
    COMPLAINT = "complaint"
    SERVICE_REQUEST = "service_request"
    CHOICES = [
        (COMPLAINT, "A complaint"),
        (SERVICE_REQUEST, "A service request"),
    ]


class MakeCaseForm(forms.Form):
    """Make the message a complaint or a service request."""

    kind = forms.ChoiceField(
        label="What is it?",
        choices=CaseKind.CHOICES,
        error_messages={
            "required": "Choose whether it is a complaint or a service request",
            "invalid_choice": "Choose whether it is a complaint or a service request",
        },
    )
    service_area = forms.ModelChoiceField(
        queryset=ServiceArea.objects.none(),
        label="Service area",
        error_messages={
            "required": "Select the service area it is about",
            "invalid_choice": "Select a service area from the list",
        },
    )
    name = _text("Enter the individual's name", max_length=200, label="Name")
    email = forms.EmailField(
        required=False,
        label="Email address",
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )
    category = _text(max_length=100, label="Category")
    description = _textarea("Enter what the individual says", label="What they say")
    handler = _handler()

    def __init__(
        self,
        *args: Any,
        service_areas: QuerySet[ServiceArea],
        handlers: QuerySet[User],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service_area"].queryset = service_areas  # type: ignore[attr-defined]
        self.fields["handler"].queryset = handlers  # type: ignore[attr-defined]


class LinkForm(forms.Form):
    reference = _text(
        "Enter the reference of the complaint or service request",
        max_length=40,
        label="Reference of the complaint or service request",
    )


class DismissForm(forms.Form):
    reason = _textarea("Say why the message is not a case", label="Why it is not a case")
