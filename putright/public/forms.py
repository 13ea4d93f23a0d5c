"""The public pages' forms, one question a page: they parse and check what was typed, and nothing
else. Messages follow the GOV.UK Design System's error message patterns."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from putright.organisations.models import ServiceArea
from putright.people.models import ContactMethod
from putright.public.models import Rating
from putright.public.services.journey import COMPLAINT, SERVICE_REQUEST
from putright.staff.forms import DateInputField

TEXT_LIMIT = 5000

KIND_CHOICES = [
    (COMPLAINT, "Make a complaint"),
    (SERVICE_REQUEST, "Ask for a service"),
]
WHO_CHOICES = [("myself", "Myself"), ("someone_else", "Someone else")]
YES_NO = [("yes", "Yes"), ("no", "No")]
CONTACT_CHOICES = [
    (ContactMethod.EMAIL.value, "Email"),
    (ContactMethod.PHONE.value, "Phone"),
    (ContactMethod.TEXT.value, "Text message"),
    (ContactMethod.LETTER.value, "Letter"),
]


def _textarea(required: str, label: str, *, limit: int = TEXT_LIMIT) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=bool(required),
        max_length=limit,
        widget=forms.Textarea,
        error_messages={
            "required": required,
            "max_length": f"{label} must be {limit:,} characters or fewer",
        },
    )


def _text(required: str, label: str, *, limit: int = 200) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=bool(required),
        max_length=limit,
        error_messages={
            "required": required,
            "max_length": f"{label} must be {limit} characters or fewer",
        },
    )


class KindForm(forms.Form):
    kind = forms.ChoiceField(
        label="What do you want to do?",
        choices=KIND_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether you want to make a complaint or ask for a service",
            "invalid_choice": "Select whether you want to make a complaint or ask for a service",
        },
    )


class ServiceForm(forms.Form):
    service_area = forms.ModelChoiceField(
        queryset=ServiceArea.objects.none(),
        label="Which service is it about?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the service it is about",
            "invalid_choice": "Select the service it is about",
        },
    )

    def __init__(self, *args: Any, organisation: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["service_area"]
        field.queryset = ServiceArea.objects.filter(organisation=organisation).order_by("name")  # type: ignore[attr-defined]


class WhatForm(forms.Form):
    what_happened = _textarea("Enter what happened", "What happened")


class WhenForm(forms.Form):
    issue_date = DateInputField(label="When it happened", required=False)

    def clean_issue_date(self) -> date | None:
        value: date | None = self.cleaned_data.get("issue_date")
        if value is not None and value > timezone.localdate():
            raise forms.ValidationError("When it happened must be today or in the past")
        return value


class PutRightForm(forms.Form):
    put_right = _textarea("Enter what would put it right", "What would put it right")


class WhoForm(forms.Form):
    who = forms.ChoiceField(
        label="Who is it for?",
        choices=WHO_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether it is for you or for someone else",
            "invalid_choice": "Select whether it is for you or for someone else",
        },
    )
    their_name = _text("", "Their full name")
    relationship = _text("", "Your relationship to them", limit=100)
    consent = forms.BooleanField(required=False, label="I have their permission to act for them")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("who") == "someone_else":
            if not (data.get("their_name") or "").strip():
                self.add_error("their_name", "Enter the full name of the person it is for")
            if not data.get("consent"):
                self.add_error(
                    "consent",
                    "Confirm you have their permission: you can only act for someone with it",
                )
        return data


class NameForm(forms.Form):
    name = _text("Enter your full name", "Your full name")


class ContactForm(forms.Form):
    contact_method = forms.ChoiceField(
        label="How should we contact you?",
        choices=CONTACT_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how we should contact you",
            "invalid_choice": "Select how we should contact you",
        },
    )
    email = forms.EmailField(
        label="Email address",
        required=False,
        max_length=254,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )
    phone = _text("", "Phone number", limit=40)
    address = _textarea("", "Postal address", limit=500)
    postcode = _text("", "Postcode", limit=10)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        method = data.get("contact_method")
        if method == ContactMethod.EMAIL and not data.get("email") and "email" not in self.errors:
            self.add_error(
                "email", "Enter your email address, or choose another way to contact you"
            )
        if method in (ContactMethod.PHONE, ContactMethod.TEXT) and not data.get("phone"):
            self.add_error("phone", "Enter your phone number, or choose another way to contact you")
        if method == ContactMethod.LETTER and not (data.get("address") or "").strip():
            self.add_error(
                "address", "Enter your postal address, or choose another way to contact you"
            )
        return data


class AdjustmentsForm(forms.Form):
    needs = forms.ChoiceField(
        label="Do you need us to change anything so you can take part?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select yes if you need us to change anything",
            "invalid_choice": "Select yes if you need us to change anything",
        },
    )
    adjustments = _textarea("", "What do you need?", limit=2000)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("needs") == "yes" and not (data.get("adjustments") or "").strip():
            self.add_error("adjustments", "Enter what you need us to change")
        return data


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Add a file",
        required=True,
        error_messages={
            "required": "Select a file to add",
            "empty": "The selected file is empty",
            "invalid": "Select a file to add",
        },
    )


class SendForm(forms.Form):
    """The check-answers page's button, and a field people never see: bots fill it."""

    website = forms.CharField(required=False, label="Leave this blank")


class TrackForm(forms.Form):
    reference = _text("Enter your complaint reference", "Complaint reference", limit=40)
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter the email address you gave us",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )
    website = forms.CharField(required=False, label="Leave this blank")


class InformationForm(forms.Form):
    text = _textarea("", "What do you want to add?")
    file = forms.FileField(label="Add a file (optional)", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("text") or "").strip() and not data.get("file") and not self.errors:
            self.add_error("text", "Enter the information you want to add, or add a file")
        return data


class ConfirmForm(forms.Form):
    """A step that needs nothing but the case's version the page was shown with."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)


def _rating(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=Rating.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": f"Select how satisfied you are with {label[0].lower()}{label[1:]}",
            "invalid_choice": f"Select how satisfied you are with {label[0].lower()}{label[1:]}",
        },
    )


class SurveyForm(forms.Form):
    ease = _rating("How easy it was to complain")
    kept_informed = _rating("How we kept you informed")
    respect = _rating("How fairly and respectfully we treated you")
    overall = _rating("How we handled your complaint overall")
    comment = _textarea("", "Anything else you want to tell us about how we handled it", limit=2000)
