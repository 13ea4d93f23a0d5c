"""The mail settings forms: they parse what was typed, and nothing else. Field names are the
keyword arguments of ``correspondence.services.mail_settings_update``."""

from __future__ import annotations

from django import forms

from putright.correspondence.models import Channel, SmtpSecurity
from putright.staff.forms import _text


class MailSettingsForm(forms.Form):
    channel = forms.ChoiceField(
        label="How mail leaves",
        choices=Channel.choices,
        error_messages={"required": "Choose how mail leaves", "invalid_choice": "Choose one"},
    )
    smtp_host = _text(max_length=255, label="Mail server")
    smtp_port = forms.IntegerField(
        required=False,
        label="Port",
        min_value=1,
        max_value=65535,
        error_messages={
            "invalid": "The port must be a number, such as 587",
            "min_value": "The port must be a number from 1 to 65535",
            "max_value": "The port must be a number from 1 to 65535",
        },
    )
    smtp_security = forms.ChoiceField(
        label="Connection security",
        choices=SmtpSecurity.choices,
        initial=SmtpSecurity.STARTTLS,
        error_messages={"required": "Choose the connection security"},
    )
    smtp_username = _text(max_length=255, label="User name")
    smtp_password = _text(max_length=255, label="Password")
    from_email = _text(max_length=254, label="From address")
    from_name = _text(max_length=200, label="From name")
    reply_to = _text(max_length=254, label="Reply-to address")
    notify_api_key = _text(max_length=200, label="API key")
    notify_template_id = _text(max_length=60, label="Email template id")
    notify_reply_to_id = _text(max_length=60, label="Reply-to email address id")


class TestMessageForm(forms.Form):
    to = _text("Enter the address to send the test message to", max_length=254, label="Send to")
