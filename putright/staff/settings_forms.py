"""The settings pages' forms: they parse and check what was typed, and nothing else.

Each form's field names are the keyword arguments of the one service it feeds, so a view passes
``form.cleaned_data`` straight to it; the bound fields keep whatever was typed when a form comes
back with errors.
"""

from __future__ import annotations

from typing import Any

from django import forms

from putright.policy import load_profiles
from putright.staff.forms import DateInputField, _text


def profile_choices() -> list[tuple[str, str]]:
    """Every Code profile, by name, as (id, 'name (id)')."""
    profiles = sorted(load_profiles().values(), key=lambda p: p.name)
    return [(p.id, f"{p.name} ({p.id})") for p in profiles]


class ServiceAreaForm(forms.Form):
    name = _text("Enter the name of the service area", max_length=200, label="Name")
    profile = forms.ChoiceField(
        label="Code profile",
        error_messages={
            "required": "Select the Code profile its complaints are handled under",
            "invalid_choice": "Select a Code profile from the list",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["profile"].choices = [  # type: ignore[attr-defined]
            ("", "Choose a Code profile"),
            *profile_choices(),
        ]


class ClosureDayForm(forms.Form):
    day = DateInputField(
        label="Date closed", required_message="Enter the date the organisation is closed"
    )
    reason = _text("Enter why the organisation is closed", max_length=200, label="Reason")


class ExclusionReasonForm(forms.Form):
    label = _text("Enter the reason", max_length=200, label="Reason")


class OutcomeOptionForm(forms.Form):
    label = _text("Enter the outcome", max_length=100, label="Outcome")
    key = _text(max_length=40, label="Key")


class LetterheadForm(forms.Form):
    address = forms.CharField(
        required=False, max_length=500, widget=forms.Textarea, label="Postal address"
    )
    letter_sign_off = _text(
        "Enter who letters are signed by, such as Complaints team",
        max_length=200,
        label="Letters are signed by",
    )
    logo = forms.FileField(required=False, label="Logo")
    remove_logo = forms.BooleanField(required=False, label="Take the logo off letters")

    def clean_logo(self) -> bytes | None:
        upload = self.cleaned_data.get("logo")
        if not upload:
            return None
        if upload.size > 512 * 1024:
            raise forms.ValidationError("The logo is larger than 512 KB: choose a smaller image")
        return bytes(upload.read())


class ContactDetailsForm(forms.Form):
    """The complaints team's contact details on the public pages; every field may be left empty."""

    phone = _text(max_length=40, label="Phone number")
    email = _text(max_length=254, label="Email address")
    address = forms.CharField(
        required=False, max_length=500, widget=forms.Textarea, label="Postal address"
    )
    opening_hours = _text(max_length=200, label="Opening hours")
    policy_url = _text(max_length=200, label="Complaints policy web address")
