"""The API tokens page's form: it parses and checks what was typed, and nothing else."""

from __future__ import annotations

from django import forms

from putright.integrations.models import Scope
from putright.staff.forms import _text


class ApiTokenForm(forms.Form):
    name = _text("Enter what the token is for", max_length=100, label="Name")
    scopes = forms.MultipleChoiceField(
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        label="What the token may do",
        error_messages={
            "required": "Select at least one thing the token may do",
            "invalid_choice": "Select only the things listed",
        },
    )
