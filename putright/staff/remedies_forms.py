"""The putting-things-right pages' forms: they parse and check what was typed, and nothing else.

Each form's field names are the keyword arguments of the one service it feeds (less the objects
the view looks up), so a view passes ``form.cleaned_data`` straight to it. The templates draw the
GOV.UK inputs from the bound fields, which keep whatever was typed when a form comes back with
errors.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet

from putright.cases.models import Complaint, ReferralDecision, RemedyKind, RemedyStatus
from putright.organisations.models import ServiceArea, User
from putright.staff.forms import DateInputField, StaffChoiceField, _text, _textarea

#: The statuses staff move a remedy to; 'cannot be delivered' has its own form.
STATUS_CHOICES = [
    (s.value, s.label)
    for s in (
        RemedyStatus.ACCEPTED,
        RemedyStatus.DECLINED,
        RemedyStatus.IN_PROGRESS,
        RemedyStatus.COMPLETED,
    )
]


def _owner(*, required: bool = True) -> StaffChoiceField:
    return StaffChoiceField(
        queryset=User.objects.none(),
        required=required,
        label="Owner",
        error_messages={
            "required": "Select who owns it",
            "invalid_choice": "Select an owner from the list",
        },
    )


class RemedyForm(forms.Form):
    """A remedy offered to put things right, at any stage."""

    kind = forms.ChoiceField(
        choices=RemedyKind.choices,
        widget=forms.RadioSelect,
        label="Kind of remedy",
        error_messages={
            "required": "Select the kind of remedy",
            "invalid_choice": "Select the kind of remedy from the list",
        },
    )
    description = _textarea("Enter what will happen to put things right", label="What will happen")
    due = DateInputField(label="By when", required=False)
    amount = forms.DecimalField(
        required=False,
        min_value=Decimal(0),
        max_digits=10,
        decimal_places=2,
        label="Amount in pounds",
        error_messages={
            "invalid": "The amount must be a number of pounds, like 150.00",
            "min_value": "The amount must be 0 or more",
            "max_digits": "The amount must be less than £100,000,000",
            "max_decimal_places": "The amount must have no more than 2 decimal places (pence)",
        },
    )
    stage = forms.TypedChoiceField(
        coerce=int,
        label="Stage",
        error_messages={
            "required": "Select the stage at which the remedy is offered",
            "invalid_choice": "Select a stage the complaint has reached",
        },
    )

    def __init__(self, *args: Any, complaint: Complaint, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [  # type: ignore[attr-defined]
            (str(n), f"Stage {n}") for n in range(1, complaint.stage + 1)
        ]


class RemedyStatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=STATUS_CHOICES,
        widget=forms.RadioSelect,
        label="Status",
        error_messages={
            "required": "Select the remedy's new status",
            "invalid_choice": "Select the remedy's new status",
        },
    )
    completed_on = DateInputField(label="Date completed", required=False)


class CannotDeliverForm(forms.Form):
    reason = _textarea(
        "Enter why the remedy cannot be delivered", label="Why it cannot be delivered"
    )
    alternative = _textarea("Enter the alternative offered instead", label="Alternative offered")
    ombudsman_reminded = forms.BooleanField(
        required=False,
        label="The individual has been reminded that they can go to the Ombudsman",
    )


class ActionForm(forms.Form):
    """An action promised in a response and not yet done."""

    description = _textarea("Enter what is to be done", label="What is to be done")
    owner = _owner()
    due = DateInputField(label="Due by", required_message="Enter the date it is due by")

    def __init__(self, *args: Any, staff: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff  # type: ignore[attr-defined]


class ActionUpdateForm(forms.Form):
    note = _textarea("Enter the progress made", label="Progress")
    individual_told_on = DateInputField(label="Date the individual was told", required=False)


class ActionCompleteForm(forms.Form):
    completed_on = DateInputField(
        label="Date completed", required_message="Enter the date the action was completed"
    )


class ReferralForm(forms.Form):
    ombudsman = _text(max_length=200, label="Ombudsman")
    referred_on = DateInputField(
        label="Date referred", required_message="Enter the date the complaint was referred"
    )
    ombudsman_reference = _text(max_length=100, label="The Ombudsman's reference")


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[c for c in ReferralDecision.choices if c[0] != ReferralDecision.PENDING],
        widget=forms.RadioSelect,
        label="The Ombudsman's decision",
        error_messages={
            "required": "Select the Ombudsman's decision",
            "invalid_choice": "Select the Ombudsman's decision",
        },
    )
    decided_on = DateInputField(
        label="Date decided", required_message="Enter the date of the decision"
    )
    findings = _textarea(label="Findings")


class RecommendationForm(forms.Form):
    description = _textarea("Enter the recommendation", label="Recommendation")
    due = DateInputField(label="Due by", required=False)


class RecommendationDoneForm(forms.Form):
    carried_out_on = DateInputField(
        label="Date carried out", required_message="Enter the date it was carried out"
    )
    evidence = _textarea("Enter the evidence that it was carried out", label="Evidence")


def references(value: str) -> list[str]:
    """Complaint references typed one per line or separated by commas or spaces."""
    return list(dict.fromkeys(value.replace(",", " ").split()))


class LearningForm(forms.Form):
    """A service improvement from the learning of complaints, linked to them by reference."""

    title = _text("Enter a title", max_length=200, label="Title")
    description = _textarea("Describe the service improvement", label="Service improvement")
    service_area = forms.ModelChoiceField(
        queryset=ServiceArea.objects.none(),
        required=False,
        label="Service area",
        error_messages={"invalid_choice": "Select a service area from the list"},
    )
    owner = _owner(required=False)
    due = DateInputField(label="Due by", required=False)
    references = _textarea(label="Complaint references")

    def __init__(
        self,
        *args: Any,
        service_areas: QuerySet[ServiceArea],
        staff: QuerySet[User],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service_area"].queryset = service_areas  # type: ignore[attr-defined]
        self.fields["owner"].queryset = staff  # type: ignore[attr-defined]


class LinkForm(forms.Form):
    reference = _text("Enter the complaint's reference", max_length=40, label="Complaint reference")


class ImplementedForm(forms.Form):
    implemented_on = DateInputField(
        label="Date implemented", required_message="Enter the date the improvement was made"
    )


class LearningFilterForm(forms.Form):
    """The learning list's filters, read from the query string; all optional."""

    service_area = forms.TypedChoiceField(
        coerce=int, empty_value=None, required=False, label="Service area"
    )
    implemented = forms.TypedChoiceField(
        choices=[("", "Any"), ("no", "Not yet implemented"), ("yes", "Implemented")],
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
        label="Implemented",
    )

    def __init__(self, *args: Any, service_areas: QuerySet[ServiceArea], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service_area"].choices = [  # type: ignore[attr-defined]
            ("", "Any service area"),
            *((str(area.pk), area.name) for area in service_areas),
        ]
