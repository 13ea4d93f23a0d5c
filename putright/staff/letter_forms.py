"""The letter drafting form: the subject, one box per part, and the confirmation that staff
named in the letter need to be."""

from __future__ import annotations

from typing import Any

from django import forms

from putright.letters.drafting import PARTS, part_label
from putright.letters.models import LetterKind


class KindForm(forms.Form):
    kind = forms.ChoiceField(
        label="Which letter do you want to write?",
        choices=LetterKind.choices,
        error_messages={
            "required": "Choose the letter to write",
            "invalid_choice": "Choose one of the letters listed",
        },
    )


class LetterForm(forms.Form):
    """The letter's subject and parts, each a box the handler edits."""

    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    subject = forms.CharField(
        max_length=300, error_messages={"required": "Give the letter a subject"}
    )
    names_confirmed = forms.BooleanField(
        required=False,
        label="Naming these members of staff is needed in this case (exceptional circumstances)",
    )

    def __init__(self, *args: Any, kind: str, required: set[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        for key in PARTS[kind]:
            field = forms.CharField(
                required=False, label=part_label(key), widget=forms.Textarea, max_length=10_000
            )
            field.part_key = key  # type: ignore[attr-defined]
            field.required_by_code = key in required  # type: ignore[attr-defined]
            self.fields[f"part_{key}"] = field

    def part_fields(self) -> list[forms.BoundField]:
        return [self[f"part_{key}"] for key in PARTS[self.kind]]

    def parts(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(f"part_{key}", "") for key in PARTS[self.kind]}
