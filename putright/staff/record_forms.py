"""Forms for the full record of a complaint: each parses and checks what was typed, and nothing
else. Field names are the keyword arguments of the one service each form feeds."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from putright.cases.models import AdditionalIssue, Channel, Direction
from putright.staff.forms import CaseForm, DateInputField, _text, _textarea, _version


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files, none required; each is checked by its content by the service."""

    widget = MultipleFileInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(f, initial) for f in files if f]


def _channel(label: str = "How") -> forms.ChoiceField:
    return forms.ChoiceField(
        choices=Channel.choices,
        label=label,
        error_messages={
            "required": "Select how it was sent or received",
            "invalid_choice": "Select how it was sent or received",
        },
    )


class CorrespondenceForm(CaseForm):
    direction = forms.ChoiceField(
        choices=Direction.choices,
        widget=forms.RadioSelect,
        label="Received or sent",
        error_messages={
            "required": "Select whether it was received or sent",
            "invalid_choice": "Select whether it was received or sent",
        },
    )
    channel = _channel()
    date = DateInputField(label="Date", required_message="Enter the date it was sent or received")
    summary = _text("Enter a summary", max_length=300, label="Summary")
    party = _text(max_length=200, label="Who it was with, if not the individual")
    body = _textarea(label="What it said")
    files = MultipleFileField(label="Attachments")


class DocumentForm(CaseForm):
    file = forms.FileField(
        label="File",
        error_messages={
            "required": "Choose a file to upload",
            "empty": "The file is empty",
            "invalid": "Choose a file to upload",
        },
    )
    description = _text(max_length=300, label="Description")


class ClarificationForm(CaseForm):
    question = _textarea("Enter the question", label="Question")
    asked_on = DateInputField(label="Date asked", required_message="Enter the date it was asked")


class ClarificationAnswerForm(CaseForm):
    answer = _textarea("Enter the answer", label="Answer")
    answered_on = DateInputField(
        label="Date answered", required_message="Enter the date it was answered"
    )


class ResponsibilityForm(CaseForm):
    responsible_for = _textarea(label="The parts the organisation is responsible for")
    not_responsible_for = _textarea(
        label="The parts it is not responsible for, and who is responsible for them"
    )
    version = _version()


class KeepInformedForm(CaseForm):
    interval_days = forms.IntegerField(
        min_value=1,
        max_value=60,
        label="Working days between updates",
        error_messages={
            "required": "Enter the number of working days between updates",
            "invalid": "Working days between updates must be a whole number, like 5",
            "min_value": "Working days between updates must be 1 or more",
            "max_value": "Working days between updates must be 60 or fewer",
        },
    )
    agreed_on = DateInputField(
        label="Date agreed", required_message="Enter the date the interval was agreed"
    )
    note = _textarea(label="Note")


class UpdateSentForm(CaseForm):
    sent_on = DateInputField(label="Date sent", required_message="Enter the date it was sent")
    channel = _channel("How it was sent")
    summary = _text("Enter a summary of the update", max_length=300, label="Summary")
    body = _textarea(label="What it said")


class AdditionalIssueForm(CaseForm):
    received = DateInputField(
        label="Date raised", required_message="Enter the date the issue was raised"
    )
    description = _textarea("Describe the issue", label="The issue")
    handling = forms.ChoiceField(
        choices=AdditionalIssue.Handling.choices,
        widget=forms.RadioSelect,
        label="How it is handled",
        error_messages={
            "required": "Select how the issue is handled",
            "invalid_choice": "Select how the issue is handled",
        },
    )
    reason = _textarea(label="Why it is handled this way")
    version = _version()


class TimeLimitForm(CaseForm):
    issue_date = DateInputField(
        label="When the issue happened, or the individual became aware of it",
        required_message="Enter the date of the issue",
    )
    accept = forms.TypedChoiceField(
        choices=[("yes", "Accept the complaint"), ("no", "Do not accept the complaint")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        label="Decision",
        error_messages={
            "required": "Select whether the complaint is accepted",
            "invalid_choice": "Select whether the complaint is accepted",
        },
    )
    discretion_note = _textarea(label="Why discretion was or was not used")
    reason = forms.ChoiceField(required=False, label="Reason for not accepting it")
    ombudsman_details_given = forms.BooleanField(
        required=False,
        label="The individual has been told of their right to go to the Ombudsman",
    )
    version = _version()

    def __init__(self, *args: Any, reasons: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = [  # type: ignore[attr-defined]
            ("", "The time limit (the default wording)"),
            *((label, label) for label in reasons),
        ]
