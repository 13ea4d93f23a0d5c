"""The forms deciding on a reasonable adjustment asked for on the web form: they parse what was
typed, and nothing else. Field names are the keyword arguments of
``public.services.adjustment_request_agree`` and ``adjustment_request_decline``."""

from __future__ import annotations

from django import forms

from putright.staff.forms import DateInputField, _textarea


class AgreeForm(forms.Form):
    description = _textarea("Enter what was agreed", label="What was agreed")
    agreed_on = DateInputField(label="Date agreed", required_message="Enter the date agreed")
    review_by = DateInputField(
        label="Review by", required_message="Enter the date the adjustment will be reviewed by"
    )


class DeclineForm(forms.Form):
    reason = _textarea(
        "Enter why it was not agreed: it is explained to the person",
        label="Why it was not agreed",
    )
    decided_on = DateInputField(
        label="Date decided", required_message="Enter the date it was decided"
    )
