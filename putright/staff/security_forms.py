"""Forms of the staff security pages: the second factor, and the security events' filters."""

from __future__ import annotations

from typing import Any

from django import forms

from putright.security.selectors import EVENT_KINDS
from putright.staff.forms import DateInputField


class CodeForm(forms.Form):
    """A code from the authenticator app, or a backup code."""

    code = forms.CharField(
        label="Code",
        max_length=32,
        error_messages={"required": "Enter the code from your authenticator app"},
    )

    def clean_code(self) -> str:
        return "".join(str(self.cleaned_data["code"]).split()).lower()


class EnrolForm(forms.Form):
    code = forms.CharField(
        label="Code from the app",
        max_length=10,
        error_messages={"required": "Enter the 6-digit code your authenticator app shows"},
    )

    def clean_code(self) -> str:
        code = "".join(str(self.cleaned_data["code"]).split())
        if not code.isdigit() or len(code) != 6:
            raise forms.ValidationError("Enter the 6-digit code your authenticator app shows")
        return code


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of event",
        required=False,
        choices=[("", "All security events"), *((k, v[0]) for k, v in EVENT_KINDS.items())],
    )
    username = forms.CharField(label="Username", required=False, max_length=150)
    start = DateInputField(label="From", required=False)
    end = DateInputField(label="To", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", "The end date must be the same as or after the start date")
        return data
