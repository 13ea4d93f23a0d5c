"""The service request pages' forms: they parse and check what was typed, and nothing else.

Each form's field names are the keyword arguments of the one service it feeds, so a view passes
``form.cleaned_data`` straight to it. The templates draw the GOV.UK inputs from the bound fields,
which keep whatever was typed when a form comes back with errors.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from putright.cases.models import Channel, RequestStatus
from putright.organisations.models import ServiceArea, User
from putright.staff.forms import (
    DateInputField,
    StaffChoiceField,
    _handler,
    _text,
    _textarea,
    handler_label,
)


def _version() -> forms.IntegerField:
    lost = "This form has lost track of the service request: open the request again"
    return forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={"required": lost, "invalid": lost, "min_value": lost},
    )


class RequestForm(forms.Form):
    """A service request as recorded by staff, from any channel."""

    service_area = forms.ModelChoiceField(
        queryset=ServiceArea.objects.none(),
        label="Service area",
        error_messages={
            "required": "Select the service area the request is about",
            "invalid_choice": "Select a service area from the list",
        },
    )
    channel = forms.ChoiceField(
        choices=Channel.choices,
        label="How the request was made",
        error_messages={
            "required": "Select how the request was made",
            "invalid_choice": "Select how the request was made",
        },
    )
    received = DateInputField(
        label="Date received", required_message="Enter the date the request was received"
    )
    name = _text("Enter the individual's name", max_length=200, label="Name")
    email = forms.EmailField(
        required=False,
        label="Email address",
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )
    phone = _text(max_length=40, label="Phone number")
    address = _textarea(label="Address")
    category = _text(max_length=100, label="Category")
    description = _textarea("Enter what the individual is asking for", label="The request")
    handler = _handler()
    target_date = DateInputField(label="Target date", required=False)

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


class RequestActionForm(forms.Form):
    """A step on one service request. ``version`` is the request's when the form was drawn, so a
    step taken on a request that changed since is refused instead of overwriting the change."""

    version = _version()

    def __init__(self, *args: Any, handlers: QuerySet[User] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("handler")
        if isinstance(field, StaffChoiceField) and handlers is not None:
            field.queryset = handlers


class AssignForm(RequestActionForm):
    handler = _handler("Select the handler", label="Handler")
    target_date = DateInputField(label="New target date", required=False)


class UpdateForm(RequestActionForm):
    note = _textarea("Enter the update", label="Update")


class RespondForm(RequestActionForm):
    response = _textarea("Enter the response given to the individual", label="Response")
    responded_on = DateInputField(
        label="Date of the response", required_message="Enter the date of the response"
    )


class ReviewForm(RequestActionForm):
    review_by = DateInputField(
        label="Review by", required_message="Enter the date to review the request by"
    )


class CompleteForm(RequestActionForm):
    completed_on = DateInputField(
        label="Date done", required_message="Enter the date the request was done"
    )


class CancelForm(RequestActionForm):
    reason = _textarea("Enter the reason for cancelling the request", label="Reason")


class ComplainForm(RequestActionForm):
    dissatisfied_on = DateInputField(
        label="Date the individual said they were dissatisfied",
        required_message="Enter the date the individual said they were dissatisfied",
    )
    description = _textarea("Enter the complaint in the individual's words", label="The complaint")
    outcome_sought = _textarea(label="Outcome sought")


class RequestFilterForm(forms.Form):
    """The queue's filters, read from the query string; all optional. Service area and handler are
    ids (0 for 'not assigned'), as ``request_queue`` takes them."""

    status = forms.ChoiceField(
        choices=[
            ("", "Being worked on"),
            *((s.value, s.label) for s in RequestStatus),
            ("overdue", "Past the target date"),
            ("review_due", "Due a review"),
            ("all", "Any status"),
        ],
        required=False,
        label="Status",
    )
    service_area = forms.TypedChoiceField(
        coerce=int, empty_value=None, required=False, label="Service area"
    )
    handler = forms.TypedChoiceField(coerce=int, empty_value=None, required=False, label="Handler")

    def __init__(
        self,
        *args: Any,
        service_areas: QuerySet[ServiceArea],
        handlers: QuerySet[User],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service_area"].choices = [  # type: ignore[attr-defined]
            ("", "Any service area"),
            *((str(area.pk), area.name) for area in service_areas),
        ]
        self.fields["handler"].choices = [  # type: ignore[attr-defined]
            ("", "Anyone"),
            ("0", "Not assigned"),
            *((str(user.pk), handler_label(user)) for user in handlers),
        ]

    def filters(self) -> dict[str, Any]:
        """The valid filters, as keyword arguments of ``request_queue``."""
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in ("", None)}
