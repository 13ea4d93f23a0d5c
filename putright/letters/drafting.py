"""A letter's draft from the case's facts, and the checks made before it is sent.

A letter is a sequence of parts, one for each element a Code may require of it (the stage, the
decision, the reasons, how to go to the Ombudsman, ...), with an opening and a closing. Each part
is drafted from a template chosen for the profile and stage where one exists
(``letters/parts/<profile>/stage<n>/<kind>/<part>.txt``, then ``<profile>/<kind>/``, then
``<kind>/``, then the part alone), so a Code's own wording is a template, not code. The handler
edits each part; the completeness check (``rules.contents.letter_gaps``) reads the parts, so a
part emptied of what the Code asks for is named as missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.template.loader import render_to_string, select_template
from django.utils import timezone

from putright.cases.models import Complaint, KeepInformed, Remedy
from putright.letters.models import LetterKind
from putright.letters.readability import Readability, plain_language
from putright.policy import get_profile
from putright.policy.schema import CONTENT_ELEMENTS, OmbudsmanDetails, Profile
from putright.rules.calendar import calendar_for
from putright.rules.contents import ContentItem, LetterGap, letter_contents, letter_gaps
from putright.rules.contents import staff_names_in as find_staff_names

#: The parts of each kind of letter, in order. Each part other than the opening and closing is an
#: element of ``CONTENT_ELEMENTS``; a Code requires some of them (``letter_contents``).
PARTS: dict[str, tuple[str, ...]] = {
    LetterKind.ACKNOWLEDGEMENT: ("opening", "stage", "definition", "closing"),
    LetterKind.EXTENSION: ("opening", "extension_reason", "new_date", "ombudsman", "closing"),
    LetterKind.EXCLUSION: ("opening", "reasons", "ombudsman", "closing"),
    LetterKind.RESPONSE: (
        "opening",
        "stage",
        "definition",
        "decision",
        "reasons",
        "remedy",
        "outstanding_actions",
        "escalation",
        "closing",
    ),
    LetterKind.FINAL_RESPONSE: (
        "opening",
        "stage",
        "definition",
        "decision",
        "reasons",
        "remedy",
        "outstanding_actions",
        "ombudsman",
        "closing",
    ),
    LetterKind.UPDATE: ("opening", "progress", "next_update", "closing"),
    LetterKind.REMEDY_NOT_DELIVERED: ("opening", "reasons", "alternative", "ombudsman", "closing"),
}

#: The heading each part has in the letter (the opening and closing have none).
HEADINGS: dict[str, str] = {
    "stage": "Your complaint",
    "definition": "What we understand your complaint to be",
    "decision": "Our decision",
    "reasons": "Our reasons",
    "remedy": "Putting things right",
    "outstanding_actions": "What we still have to do",
    "escalation": "If you are not happy with our response",
    "ombudsman": "The Ombudsman",
    "extension_reason": "Why we need more time",
    "new_date": "When you will hear from us",
    "progress": "What we have done so far",
    "next_update": "Your next update",
    "alternative": "What we can offer instead",
}


def part_label(key: str) -> str:
    """What a part is, for the handler editing it."""
    if key == "opening":
        return "Opening"
    if key == "closing":
        return "Closing"
    return CONTENT_ELEMENTS[key][0].upper() + CONTENT_ELEMENTS[key][1:]


def long_date(day: date | None) -> str:
    """A date as letters write it: '5 January 2026'."""
    return f"{day.day} {day:%B %Y}" if day else ""


def letter_stage(complaint: Complaint, kind: str, profile: Profile) -> int:
    """The stage a letter is about: a stage 1 response is about stage 1, a final response about
    the last stage of the Code, every other letter about the complaint's current stage."""
    if kind == LetterKind.RESPONSE:
        return 1
    if kind == LetterKind.FINAL_RESPONSE:
        return profile.stages[-1].number
    return min(complaint.stage, profile.stages[-1].number)


@dataclass(frozen=True)
class Recipient:
    """Who a letter goes to: the individual, or their representative with consent."""

    name: str
    email: str
    address: str
    representative: bool


def recipient(complaint: Complaint) -> Recipient:
    """The representative acting with the individual's consent, else the individual, with the
    contact details on the case (those of the individual's record where the case has none)."""
    rep = complaint.representative
    if rep is not None and rep.active and rep.consent_given:
        return Recipient(rep.name, rep.email, rep.address, True)
    person = complaint.individual
    email = complaint.email or (person.email if person else "")
    address = complaint.address or (person.address if person else "")
    if person is not None and not complaint.address and person.postcode:
        address = f"{address}\n{person.postcode}".strip()
    return Recipient(complaint.name, email, address, False)


def ombudsman_for(profile: Profile) -> OmbudsmanDetails | None:
    """The Ombudsman the profile's letters name: the first of its details."""
    return profile.ombudsman_details[0] if profile.ombudsman_details else None


def facts(complaint: Complaint, kind: str, *, remedy: Remedy | None = None) -> dict[str, Any]:
    """What the part templates are drafted from: the case, the stage, the Ombudsman, the
    remedies and actions of the stage, the latest extension and the agreed updates."""
    profile = get_profile(complaint.profile)
    number = letter_stage(complaint, kind, profile)
    stage = next((s for s in complaint.stages.all() if s.number == number), None)
    extension = stage.extensions.order_by("-granted_on", "-pk").first() if stage else None
    remedies = list(complaint.remedies.filter(stage__lte=number))
    actions = list(complaint.outstanding_actions.filter(stage=number).exclude(status="done"))
    keep = complaint.keep_informed.filter(stage=number, ended_on__isnull=True).last()
    if remedy is None and kind == LetterKind.REMEDY_NOT_DELIVERED:
        remedy = complaint.remedies.filter(status="cannot_deliver").order_by("-updated").first()
    last = profile.stages[-1].number
    return {
        "complaint": complaint,
        "organisation": complaint.organisation,
        "profile": profile,
        "kind": kind,
        "stage_number": number,
        "final": number == last,
        "next_stage": number + 1 if number < last else None,
        "stage": stage,
        "outcome_words": _outcome_words(complaint, stage.outcome if stage else ""),
        "definition": (stage.definition if stage else "") or complaint.description,
        "respond_by": long_date(stage.final_respond_by if stage else None),
        "received": long_date(stage.received if stage else complaint.received),
        "extension": extension,
        "new_date": long_date(stage.extended_respond_by if stage else None),
        "remedies": remedies,
        "remedy": remedy,
        "actions": actions,
        "keep_informed": keep,
        "next_update": long_date(_next_update(complaint, keep)),
        "ombudsman": ombudsman_for(profile),
        "recipient": recipient(complaint),
    }


def _next_update(complaint: Complaint, keep: KeepInformed | None) -> date | None:
    """The date of the update after this one: the agreed interval from today (HOS 5.10)."""
    if keep is None:
        return None
    closures = complaint.organisation.closure_days.values_list("day", flat=True)
    calendar = calendar_for(complaint.organisation.division, closures)
    return calendar.add(timezone.localdate(), keep.interval_days)


def _outcome_words(complaint: Complaint, outcome: str) -> str:
    if not outcome:
        return ""
    own = complaint.organisation.outcome_options.filter(key=outcome).first()
    return (own.label if own else outcome.replace("_", " ")).lower()


def _part_template(profile: Profile, number: int, kind: str, key: str) -> str:
    names = [
        f"letters/parts/{profile.id}/stage{number}/{kind}/{key}.txt",
        f"letters/parts/{profile.id}/{kind}/{key}.txt",
        f"letters/parts/{kind}/{key}.txt",
        f"letters/parts/{key}.txt",
    ]
    return select_template(names).template.name


def draft_parts(context: dict[str, Any]) -> dict[str, str]:
    """Each part of the letter drafted from the facts; a part with nothing to say is empty."""
    profile, number, kind = context["profile"], context["stage_number"], context["kind"]
    parts = {}
    for key in PARTS[kind]:
        text = render_to_string(_part_template(profile, number, kind, key), context)
        paragraphs = [" ".join(p.split()) for p in text.strip().split("\n\n")]
        parts[key] = "\n\n".join(p for p in paragraphs if p)
    return parts


def draft_subject(context: dict[str, Any]) -> str:
    """The subject line: what the letter is, and the complaint's reference."""
    text = render_to_string("letters/subject.txt", context)
    return " ".join(text.split())


def mentions(context: dict[str, Any]) -> dict[str, list[str]]:
    """Words a part must contain to count: the Ombudsman's name or website, the new date."""
    found: dict[str, list[str]] = {}
    ombudsman = context["ombudsman"]
    if ombudsman is not None:
        found["ombudsman"] = [ombudsman.name, ombudsman.website_words]
    if context["new_date"]:
        found["new_date"] = [context["new_date"]]
    return found


@dataclass(frozen=True)
class LetterCheck:
    """What the handler sees before sending: what is required and what is missing, the staff
    named where the Code says not to name them, and how plain the language is."""

    required: tuple[ContentItem, ...]
    gaps: tuple[LetterGap, ...]
    staff_named: tuple[str, ...]
    naming_clause: str
    readability: Readability

    @property
    def complete(self) -> bool:
        return not self.gaps


def naming_forbidden(profile: Profile) -> bool:
    """Whether the Code says letters must not identify staff (joint draft 5.6)."""
    rule = profile.naming_staff_allowed
    return rule is not None and not rule.value


def letter_check(
    context: dict[str, Any], parts: dict[str, str], staff_names: list[str]
) -> LetterCheck:
    """Check a letter's parts against the profile: its required contents (``letter_contents``
    for the kind and stage, e.g. HOS 6.9 for a stage 1 response), the staff it names where the
    profile forbids it (joint draft 5.6), and its plain-language score."""
    profile: Profile = context["profile"]
    required = letter_contents(profile, context["kind"], context["stage_number"])
    gaps = letter_gaps(required, parts, mentions(context))
    text = "\n\n".join(v for v in parts.values() if v)
    named: tuple[str, ...] = ()
    clause = ""
    if naming_forbidden(profile):
        assert profile.naming_staff_allowed is not None  # noqa: S101 - checked above
        named = find_staff_names(text, staff_names)
        clause = profile.cite(profile.naming_staff_allowed.clause)
    return LetterCheck(required, gaps, named, clause, plain_language(text))
