"""The complaint form's pages, in order, and the answers kept in the session between them.

Each page's answers are kept as they were typed (the form's raw values), once they pass its
checks, under the organisation's key in the session: an error on a later page, a refused file or a
Change link never loses them. Sending rebuilds every page's form from what was kept, so the
answers are checked again exactly as the pages checked them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms as django_forms
from django.contrib.sessions.backends.base import SessionBase

from putright.organisations.models import Organisation
from putright.public import forms
from putright.public.services import Submission, journey_key


@dataclass(frozen=True, slots=True)
class Step:
    """One page of the form: its address, its form, its template and its name on the check page."""

    slug: str
    form: type[django_forms.Form]
    template: str
    summary: str


#: The pages after the start page, one question each.
STEPS: tuple[Step, ...] = (
    Step("service", forms.ServiceForm, "public/steps/service.html", "Service"),
    Step("what-happened", forms.WhatForm, "public/steps/what_happened.html", "What happened"),
    Step("when", forms.WhenForm, "public/steps/when.html", "When it happened"),
    Step("put-right", forms.PutRightForm, "public/steps/put_right.html", "What would put it right"),
    Step("who", forms.WhoForm, "public/steps/who.html", "Who it is for"),
    Step("your-name", forms.NameForm, "public/steps/your_name.html", "Your name"),
    Step("contact", forms.ContactForm, "public/steps/contact.html", "How to contact you"),
    Step("adjustments", forms.AdjustmentsForm, "public/steps/adjustments.html", "Changes you need"),
)
BY_SLUG = {step.slug: step for step in STEPS}
#: The start page (kind) and the files page are kept under these keys too.
START = "start"
FILES = "files"
ORDER = (START, *(s.slug for s in STEPS), FILES)


def _key(organisation: Organisation) -> str:
    return f"putright_public_journey_{organisation.pk}"


class Journey:
    """One resident's answers on one organisation's form, in their session."""

    def __init__(self, session: SessionBase, organisation: Organisation) -> None:
        self.session = session
        self.organisation = organisation
        stored = session.get(_key(organisation)) or {}
        self.data: dict[str, Any] = {
            "key": stored.get("key") or journey_key(),
            "answers": dict(stored.get("answers") or {}),
            "sent": stored.get("sent"),
        }

    def save(self) -> None:
        self.session[_key(self.organisation)] = self.data
        self.session.modified = True

    @property
    def key(self) -> str:
        return str(self.data["key"])

    @property
    def answers(self) -> dict[str, dict[str, Any]]:
        return self.data["answers"]  # type: ignore[no-any-return]

    @property
    def kind(self) -> str:
        return str(self.answers.get(START, {}).get("kind", ""))

    def keep(self, slug: str, raw: dict[str, Any]) -> None:
        self.answers[slug] = raw
        self.save()

    def raw(self, slug: str) -> dict[str, Any] | None:
        return self.answers.get(slug)

    def first_missing(self) -> str | None:
        """The first page not yet answered, or None when every page has been."""
        return next((slug for slug in ORDER if slug not in self.answers), None)

    def form_for(self, step: Step, data: Any = None) -> django_forms.Form:
        kwargs: dict[str, Any] = {}
        if step.form is forms.ServiceForm:
            kwargs["organisation"] = self.organisation
        return step.form(data, **kwargs)

    def cleaned(self) -> tuple[dict[str, Any], str | None]:
        """Every page's checked answers, and the first page whose answers no longer pass."""
        values: dict[str, Any] = {}
        kind = forms.KindForm(self.raw(START))
        if not kind.is_valid():
            return values, START
        values.update(kind.cleaned_data)
        for step in STEPS:
            form = self.form_for(step, self.raw(step.slug))
            if not form.is_bound or not form.is_valid():
                return values, step.slug
            values.update(form.cleaned_data)
        if FILES not in self.answers:
            return values, FILES
        return values, None

    def submission(self) -> Submission:
        values, missing = self.cleaned()
        if missing is not None:
            raise ValueError(f"The page {missing} is not answered.")
        someone_else = values["who"] == "someone_else"
        return Submission(
            kind=values["kind"],
            service_area=values["service_area"],
            what_happened=values["what_happened"],
            put_right=values["put_right"],
            name=values["name"],
            contact_method=values["contact_method"],
            issue_date=values["issue_date"],
            for_someone_else=someone_else,
            relationship=values["relationship"] if someone_else else "",
            their_name=values["their_name"] if someone_else else "",
            consent=bool(values["consent"]) if someone_else else False,
            adjustments=values["adjustments"] if values["needs"] == "yes" else "",
            email=values["email"],
            phone=values["phone"],
            address=values["address"],
            postcode=values["postcode"],
        )

    def finish(self, reference: str, kind: str) -> None:
        """Forget the answers once sent, keeping only what the confirmation page shows."""
        self.data = {
            "key": journey_key(),
            "answers": {},
            "sent": {"reference": reference, "kind": kind},
        }
        self.save()

    def restart(self) -> None:
        self.data = {"key": self.key, "answers": {}, "sent": None}
        self.save()


def raw_values(form: django_forms.Form) -> dict[str, Any]:
    """What was typed in a form's fields, as it came (date parts included), for the session."""
    kept: dict[str, Any] = {}
    for name, field in form.fields.items():
        if isinstance(field.widget, django_forms.MultiWidget):
            for part in ("day", "month", "year"):
                kept[f"{name}_{part}"] = form.data.get(f"{name}_{part}", "")
        elif isinstance(field, django_forms.FileField):
            continue
        else:
            value = form.data.get(name)
            if value is not None:
                kept[name] = value
    return kept
