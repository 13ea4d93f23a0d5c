"""The staff pages' forms: they parse and check what was typed, and nothing else.

Each case form's field names are the keyword arguments of the service it feeds, so a view passes
``form.cleaned_data`` straight to that one service. Templates render the GOV.UK inputs by hand
from the bound fields, which keep whatever was typed when a form comes back with errors.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from putright.cases.models import OPEN_STATUSES, Channel, Complaint
from putright.organisations.models import ServiceArea, User
from putright.policy import Profile
from putright.policy.schema import CONTENT_ELEMENTS


class SignInForm(AuthenticationForm):
    """Django's sign-in form in GOV.UK words; the template renders the GOV.UK inputs."""

    error_messages = {
        "invalid_login": "Enter a correct username and password",
        "inactive": "This account has been switched off: ask your complaints lead",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"


# --- GOV.UK date input: three fields, day, month and year -----------------------------------------

DATE_PARTS = ("day", "month", "year")


class DateInputWidget(forms.MultiWidget):
    """Reads ``<name>_day``, ``<name>_month`` and ``<name>_year``; the template draws them."""

    def __init__(self) -> None:
        super().__init__(widgets=dict.fromkeys(DATE_PARTS, forms.TextInput))

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class DateBoundField(forms.BoundField):
    """A date field as its three parts, as typed or from the initial date."""

    @property
    def parts(self) -> dict[str, str]:
        value = self.value()
        if isinstance(value, date):
            values: Sequence[Any] = (value.day, value.month, value.year)
        elif isinstance(value, list | tuple):
            values = value
        else:
            values = ("", "", "")
        return {
            part: "" if v is None else str(v) for part, v in zip(DATE_PARTS, values, strict=False)
        }

    @property
    def anchor(self) -> str:
        """Where the error summary links to: the first part in error."""
        wrong = self.error_parts
        first = next((p for p in DATE_PARTS if p in wrong), DATE_PARTS[0])
        return f"{self.auto_id}_{first}"

    @property
    def error_parts(self) -> set[str]:
        """The parts to mark as wrong: the missing ones, or all three."""
        if not self.errors:
            return set()
        parts = self.parts
        missing = {p for p in DATE_PARTS if not parts[p].strip()}
        return missing if missing and len(missing) < len(DATE_PARTS) else set(DATE_PARTS)


class DateInputField(forms.MultiValueField):
    """A date typed as day, month and year, with the GOV.UK Design System's error messages."""

    widget = DateInputWidget

    def __init__(self, *, label: str, required_message: str = "", **kwargs: Any) -> None:
        self.required_message = required_message or f"Enter the {label.lower()}"
        parts = tuple(forms.CharField(required=False) for _ in DATE_PARTS)
        super().__init__(fields=parts, require_all_fields=False, label=label, **kwargs)

    def compress(self, data_list: Any) -> date | None:  # pragma: no cover - clean() does it all
        return None

    def clean(self, value: Any) -> date | None:
        parts = [str(v if v is not None else "").strip() for v in (value or ("", "", ""))]
        if not any(parts):
            if self.required:
                raise ValidationError(self.required_message, code="required")
            return None
        missing = [name for name, part in zip(DATE_PARTS, parts, strict=False) if not part]
        if missing:
            raise ValidationError(
                f"{self.label} must include a {' and a '.join(missing)}", code="incomplete"
            )
        day, month, year = parts
        if not (day.isdigit() and month.isdigit() and year.isdigit()) or len(year) != 4:
            raise ValidationError(f"{self.label} must be a real date", code="invalid")
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(f"{self.label} must be a real date", code="invalid") from None

    def get_bound_field(self, form: forms.BaseForm, field_name: str) -> DateBoundField:
        return DateBoundField(form, self, field_name)


# --- Field helpers ------------------------------------------------------------------------------


def handler_label(user: User) -> str:
    """How a member of staff is named in lists: their full name, else their username."""
    return user.get_full_name() or user.get_username()


class StaffChoiceField(forms.ModelChoiceField):
    """Staff listed by name."""

    def label_from_instance(self, obj: Any) -> str:
        return handler_label(obj)


def _text(required: str = "", *, max_length: int | None = None, label: str = "") -> forms.CharField:
    messages = {"required": required} if required else {}
    if max_length:
        messages["max_length"] = f"{label} must be {max_length} characters or fewer"
    return forms.CharField(
        required=bool(required), max_length=max_length, error_messages=messages, label=label
    )


def _textarea(required: str = "", *, label: str = "") -> forms.CharField:
    field = _text(required, label=label)
    field.widget = forms.Textarea()
    return field


def _handler(required: str = "", *, label: str = "Handler") -> StaffChoiceField:
    return StaffChoiceField(
        queryset=User.objects.none(),
        required=bool(required),
        label=label,
        error_messages={
            "required": required,
            "invalid_choice": "Select a handler from the list",
        },
    )


def _version() -> forms.IntegerField:
    return forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "required": "This form has lost track of the case: open the case again",
            "invalid": "This form has lost track of the case: open the case again",
            "min_value": "This form has lost track of the case: open the case again",
        },
    )


# --- Forms ---------------------------------------------------------------------------------------


class CaseForm(forms.Form):
    """A form whose errors may also be the Code's refusals, each with its clause."""

    def add_refusals(self, refusals: Iterable[Any]) -> None:
        for refusal in refusals:
            citation = getattr(refusal, "citation", "")
            self.add_error(None, f"{refusal.reason} ({citation})" if citation else refusal.reason)

    def _choose_from(self, name: str, queryset: QuerySet[Any] | None) -> None:
        if queryset is not None:
            self.fields[name].queryset = queryset  # type: ignore[attr-defined]


class ComplaintForm(CaseForm):
    """A complaint as logged by staff, from any channel."""

    service_area = forms.ModelChoiceField(
        queryset=ServiceArea.objects.none(),
        label="Service area",
        error_messages={
            "required": "Select the service area the complaint is about",
            "invalid_choice": "Select a service area from the list",
        },
    )
    channel = forms.ChoiceField(
        choices=Channel.choices,
        label="How the complaint was made",
        error_messages={
            "required": "Select how the complaint was made",
            "invalid_choice": "Select how the complaint was made",
        },
    )
    received = DateInputField(
        label="Date received", required_message="Enter the date the complaint was received"
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
    description = _textarea("Enter the complaint in the individual's words", label="The complaint")
    outcome_sought = _textarea(label="Outcome sought")
    handler = _handler()

    def __init__(
        self,
        *args: Any,
        service_areas: QuerySet[ServiceArea],
        handlers: QuerySet[User],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._choose_from("service_area", service_areas)
        self._choose_from("handler", handlers)


class ActionForm(CaseForm):
    """A step on one complaint. ``version`` is the complaint's when the form was drawn, so a step
    taken on a case that changed since is refused instead of overwriting the change."""

    version = _version()

    def __init__(
        self,
        *args: Any,
        complaint: Complaint,
        profile: Profile,
        handlers: QuerySet[User] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.complaint = complaint
        self.profile = profile
        if "handler" in self.fields:
            self._choose_from("handler", handlers)


class AcknowledgeForm(ActionForm):
    acknowledged = DateInputField(
        label="Date acknowledged", required_message="Enter the date the complaint was acknowledged"
    )
    definition = _textarea(label="Complaint definition")
    handler = _handler(label="Handler for this stage")


class ExtendForm(ActionForm):
    days = forms.IntegerField(
        min_value=1,
        max_value=365,
        label="Extra working days",
        error_messages={
            "required": "Enter the number of extra working days",
            "invalid": "Extra working days must be a whole number, like 10",
            "min_value": "Extra working days must be 1 or more",
            "max_value": "Extra working days must be 365 or fewer",
        },
    )
    reason = _textarea("Enter the reason for the extension", label="Reason for the extension")
    ombudsman_details_given = forms.BooleanField(
        required=False, label="The individual has been given the Ombudsman's details"
    )
    granted_on = DateInputField(
        label="Date granted", required_message="Enter the date the extension was granted"
    )


class RespondForm(ActionForm):
    responded = DateInputField(
        label="Date of the response", required_message="Enter the date of the response"
    )
    outcome = forms.ChoiceField(
        widget=forms.RadioSelect,
        label="Outcome",
        error_messages={
            "required": "Select the outcome of the complaint",
            "invalid_choice": "Select the outcome of the complaint",
        },
    )
    contents = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="The response contains",
        error_messages={"invalid_choice": "Select only the elements listed"},
    )
    decision = _textarea("Enter the decision on the complaint", label="Decision")
    reasons = _textarea("Enter the reasons for the decision", label="Reasons")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.own_outcomes = False
        outcomes = self.profile.outcomes.values
        self.fields["outcome"].choices = [  # type: ignore[attr-defined]
            (value, value.replace("_", " ").capitalize()) for value in outcomes
        ]
        self.fields["contents"].choices = [  # type: ignore[attr-defined]
            (key, CONTENT_ELEMENTS[key]) for key in self.required_contents
        ]

    def offer_outcomes(self, choices: Sequence[tuple[str, str]], *, own: bool) -> None:
        """Offer the outcomes the response may record: the organisation's own list where the
        Code leaves it to the organisation and it has set one (e.g. LGSCO 6.7), else the Code's."""
        self.own_outcomes = own
        self.fields["outcome"].choices = list(choices)  # type: ignore[attr-defined]

    @property
    def required_contents(self) -> tuple[str, ...]:
        """The elements the Code requires in a response at the complaint's current stage."""
        stages = {s.number: s for s in self.profile.stages}
        stage = stages.get(self.complaint.stage)
        return stage.contents.required if stage and stage.contents else ()

    @property
    def outcome_citation(self) -> str:
        citation = self.profile.cite(self.profile.outcomes.clause)
        if self.own_outcomes:
            return f"Your organisation's outcomes: the Code leaves the list to it ({citation})"
        return f"The outcomes the Code allows ({citation})"

    @property
    def contents_clause(self) -> str:
        stages = {s.number: s for s in self.profile.stages}
        stage = stages.get(self.complaint.stage)
        if stage is None or stage.contents is None:
            return ""
        citation = self.profile.cite(stage.contents.clause)
        return f"Select each one the response contains: the Code requires them all ({citation})"


class EscalateForm(ActionForm):
    requested = DateInputField(
        label="Date requested", required_message="Enter the date the next stage was requested"
    )


class ExcludeForm(ActionForm):
    reason = _text(
        "Enter the reason for not accepting the complaint", max_length=200, label="Reason"
    )
    evidence = _textarea(label="Evidence for the decision")
    ombudsman_details_given = forms.BooleanField(
        required=False,
        label="The individual has been told of their right to go to the Ombudsman",
    )
    safeguarding = forms.BooleanField(
        required=False, label="The complaint is about safeguarding or health and safety"
    )
    decided = DateInputField(
        label="Date decided", required_message="Enter the date of the decision"
    )

    def offer_reasons(self, reasons: Sequence[str]) -> None:
        """Offer the organisation's own exclusion reasons, where it has set them (HOS 2.4)."""
        if reasons:
            self.fields["reason"] = forms.ChoiceField(
                label="Reason",
                choices=[("", "Choose a reason"), *((r, r) for r in reasons)],
                error_messages={"required": "Choose the reason for not accepting the complaint"},
            )


class WithdrawForm(ActionForm):
    withdrawn = DateInputField(
        label="Date withdrawn", required_message="Enter the date the complaint was withdrawn"
    )


class CloseForm(ActionForm):
    closed = DateInputField(label="Date closed", required_message="Enter the date of closing")


class AssignForm(ActionForm):
    handler = _handler("Select the handler", label="Handler")


class CaseFilterForm(CaseForm):
    """The team view's filters and search, read from the query string; all optional. Service
    area and handler are ids (0 for 'not assigned'), as ``selectors.team_queue`` takes them."""

    q = forms.CharField(required=False, max_length=200, label="Search")
    service_area = forms.TypedChoiceField(
        coerce=int, empty_value=None, required=False, label="Service area"
    )
    stage = forms.TypedChoiceField(
        choices=[("", "Any stage"), ("1", "Stage 1"), ("2", "Stage 2"), ("3", "Stage 3")],
        coerce=int,
        empty_value=None,
        required=False,
        label="Stage",
    )
    handler = forms.TypedChoiceField(coerce=int, empty_value=None, required=False, label="Handler")
    status = forms.ChoiceField(
        choices=[
            ("", "Any status"),
            *((s.value, s.label) for s in OPEN_STATUSES),
            ("overdue", "Overdue"),
            ("due_today", "Due today"),
            ("at_risk", "At risk"),
            ("on_track", "On track"),
        ],
        required=False,
        label="Status",
    )

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
