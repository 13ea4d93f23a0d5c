"""The people pages' forms: they parse and check what was typed, and nothing else.

Each form's field names are the keyword arguments of the one service it feeds, so a view passes
``form.cleaned_data`` straight to it; the bound fields keep whatever was typed when a form comes
back with errors.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from putright.organisations.models import ServiceArea
from putright.people.models import ContactMethod, RestrictionReview
from putright.staff.forms import DateInputField, _text, _textarea

EMAIL_MESSAGE = "Enter an email address in the correct format, like name@example.com"


def _email() -> forms.EmailField:
    return forms.EmailField(
        required=False, label="Email address", error_messages={"invalid": EMAIL_MESSAGE}
    )


class PeopleSearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label="Search for a person")


class IndividualForm(forms.Form):
    """An individual's details and contact preference; disabilities only where the page offers
    them (a role that needs them, and an organisation with a Code that keeps them)."""

    name = _text("Enter the individual's name", max_length=200, label="Name")
    email = _email()
    phone = _text(max_length=40, label="Phone number")
    address = _textarea(label="Address")
    postcode = _text(max_length=10, label="Postcode")
    contact_preference = forms.ChoiceField(
        required=False,
        choices=[("", "No preference given"), *ContactMethod.choices],
        label="How they prefer to be contacted",
        error_messages={"invalid_choice": "Select how they prefer to be contacted"},
    )
    contact_notes = _textarea(label="When and how to get in touch")
    disabilities = _textarea(label="Disabilities they have disclosed")
    service_area = forms.ModelChoiceField(
        queryset=ServiceArea.objects.none(),
        required=False,
        label="The Code the disabilities are recorded under",
        error_messages={"invalid_choice": "Select a service area from the list"},
    )

    def __init__(
        self,
        *args: Any,
        service_areas: QuerySet[ServiceArea],
        with_disabilities: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if with_disabilities:
            self.fields["service_area"].queryset = service_areas  # type: ignore[attr-defined]
        else:
            del self.fields["disabilities"]
            del self.fields["service_area"]


class RepresentativeForm(forms.Form):
    name = _text("Enter the representative's name", max_length=200, label="Name")
    relationship = _text(max_length=100, label="Relationship to the individual")
    email = _email()
    phone = _text(max_length=40, label="Phone number")
    address = _textarea(label="Address")
    consent_given = forms.BooleanField(
        required=False, label="The individual has consented to them acting for them"
    )
    consent_date = DateInputField(label="Date consent was given", required=False)
    consent_evidence = _textarea(label="How consent was given")


class AdjustmentForm(forms.Form):
    description = _textarea("Enter what was agreed", label="What was agreed")
    agreed_on = DateInputField(label="Date agreed", required_message="Enter the date agreed")
    review_by = DateInputField(
        label="Review by", required_message="Enter the date the adjustment will be reviewed by"
    )


class AdjustmentReviewForm(forms.Form):
    reviewed_on = DateInputField(
        label="Date reviewed", required_message="Enter the date of the review"
    )
    end = forms.BooleanField(required=False, label="End the adjustment: it is no longer needed")
    review_by = DateInputField(label="Next review by", required=False)


class RestrictionForm(forms.Form):
    restriction = _textarea("Enter what is restricted", label="What is restricted")
    reason = _textarea("Enter the behaviour that led to the restriction", label="Reason")
    evidence = _textarea("Enter the evidence of the behaviour", label="Evidence")
    proportionality = _textarea(
        "Enter why the restriction is proportionate", label="Why it is proportionate"
    )
    starts = DateInputField(
        label="Starts", required_message="Enter the date the restriction starts"
    )
    review_by = DateInputField(
        label="Review by", required_message="Enter the date the restriction will be reviewed by"
    )


class RestrictionReviewForm(forms.Form):
    reviewed_on = DateInputField(
        label="Date reviewed", required_message="Enter the date of the review"
    )
    decision = forms.ChoiceField(
        choices=RestrictionReview.Decision.choices,
        widget=forms.RadioSelect,
        label="Decision",
        error_messages={
            "required": "Select whether to keep, change or end the restriction",
            "invalid_choice": "Select whether to keep, change or end the restriction",
        },
    )
    changed_to = _textarea(label="What the restriction is changed to")
    notes = _textarea("Enter the reasons for the decision", label="Reasons for the decision")
    next_review_by = DateInputField(label="Next review by", required=False)
