"""The data protection pages' forms: they parse and check what was typed, and nothing else."""

from __future__ import annotations

from typing import Any

from django import forms

from putright.staff.forms import _textarea


class RetentionRuleForm(forms.Form):
    scope = forms.ChoiceField(
        label="Which cases",
        error_messages={
            "required": "Select which cases the rule is for",
            "invalid_choice": "Select which cases the rule is for from the list",
        },
    )
    years = forms.IntegerField(
        label="Years",
        min_value=0,
        max_value=100,
        error_messages={
            "required": "Enter how many years the cases are kept after they close",
            "invalid": "Years must be a whole number, like 6",
            "min_value": "Years must be 0 or more",
            "max_value": "Years must be 100 or fewer",
        },
    )
    months = forms.IntegerField(
        label="Months",
        min_value=0,
        max_value=11,
        required=False,
        error_messages={
            "invalid": "Months must be a whole number, like 6",
            "min_value": "Months must be 0 or more",
            "max_value": "Months must be 11 or fewer: put whole years in years",
        },
    )

    def __init__(self, *args: Any, scopes: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = [("", "Choose which cases"), *scopes]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        years, months = data.get("years"), data.get("months") or 0
        if years is not None and years * 12 + months < 1:
            self.add_error("years", "Keep the cases for at least 1 month after they close")
        return data

    def service_values(self) -> dict[str, Any]:
        case_type, _, applies_to = self.cleaned_data["scope"].partition("|")
        months = self.cleaned_data["years"] * 12 + (self.cleaned_data.get("months") or 0)
        return {"case_type": case_type, "applies_to": applies_to, "months": months}


class ErasureForm(forms.Form):
    reason = _textarea(
        "Enter why the law allows this individual's data to be erased", label="Reason"
    )
    confirm = forms.BooleanField(
        label="I understand this cannot be undone",
        error_messages={"required": "Confirm that you understand this cannot be undone"},
    )
