"""What a written response must contain, per Code profile and stage.

Each stage of a profile may have a ``contents`` rule listing the elements its response must contain
(the stage, the decision, the reasons, any remedy, how to escalate, ...), with the clause it comes
from. A stage without such a rule prescribes nothing. The plain-language label of each element is
``CONTENT_ELEMENTS`` in the profile schema, so a handler reads 'the details of any remedy offered to
put things right', not a key.

Letters (acknowledgement, extension notice, exclusion letter, responses, updates, a remedy that
cannot be delivered) have their own required elements, drawn from the profile's rules by
``letter_contents`` and checked against a letter's parts by ``letter_gaps``; ``staff_names_in``
finds staff named in a letter where the Code forbids it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass

from putright.policy.schema import CONTENT_ELEMENTS, Profile


@dataclass(frozen=True, slots=True)
class ContentItem:
    """One element a response must contain, its label for a reader, and the clause requiring it."""

    key: str
    label: str
    clause: str


def required_contents(profile: Profile, stage_number: int) -> tuple[ContentItem, ...]:
    """The elements a response at this stage must contain, in the order the Code lists them.

    They come from the stage's ``contents`` rule and each cites its clause (for example a stage 1
    response under the HOS Code states the stage, the decision, the reasons, any remedy, any
    outstanding actions and how to escalate: HOS 6.9). A stage with no such rule requires nothing.
    """
    rule = profile.stage(stage_number).contents
    if rule is None:
        return ()
    return tuple(ContentItem(key, CONTENT_ELEMENTS[key], rule.clause) for key in rule.required)


def missing_contents(
    profile: Profile, stage_number: int, provided: Collection[str]
) -> tuple[ContentItem, ...]:
    """The required elements of a response at this stage that ``provided`` does not cover.

    ``provided`` holds keys of ``CONTENT_ELEMENTS``; an unknown key is refused with ``ValueError``
    so that a misspelt element is never silently taken as missing. The requirement and its clause
    are those of ``required_contents``.
    """
    unknown = sorted(set(provided) - CONTENT_ELEMENTS.keys())
    if unknown:
        known = ", ".join(CONTENT_ELEMENTS)
        raise ValueError(f"unknown content element {unknown[0]!r}; known: {known}")
    return tuple(
        item for item in required_contents(profile, stage_number) if item.key not in provided
    )


def in_words(items: Iterable[ContentItem]) -> str:
    """The labels of some elements as one phrase: 'the complaint stage, ... and X'."""
    labels = [item.label for item in items]
    if len(labels) <= 1:
        return "".join(labels)
    return f"{', '.join(labels[:-1])} and {labels[-1]}"


# --- Letters ------------------------------------------------------------------------------------

#: The letters the system writes. Stored: the values never change.
LETTER_KINDS: tuple[str, ...] = (
    "acknowledgement",
    "extension",
    "exclusion",
    "response",
    "final_response",
    "update",
    "remedy_not_delivered",
)


@dataclass(frozen=True, slots=True)
class LetterGap:
    """A required element a letter lacks: what it is, the clause requiring it, and what is
    wrong ('is empty', or what the part must name)."""

    key: str
    label: str
    clause: str
    detail: str


def _items(keys: Iterable[str], clause: str) -> Iterator[ContentItem]:
    for key in keys:
        yield ContentItem(key, CONTENT_ELEMENTS[key], clause)


def _letter_items(profile: Profile, kind: str, stage_number: int) -> Iterator[ContentItem]:
    stage = profile.stage(stage_number)
    if kind == "acknowledgement":
        if stage.acknowledge is not None:
            yield from _items(["stage"], stage.acknowledge.clause)
        rule = stage.definition_on_acknowledgement
        if rule is not None and rule.value:
            yield from _items(["definition"], rule.clause)
    elif kind == "extension":
        if stage.extension is not None:
            yield from _items(["extension_reason", "new_date"], stage.extension.clause)
            details = stage.extension.ombudsman_details
            if details is not None and details.value:
                yield from _items(["ombudsman"], details.clause)
    elif kind == "exclusion":
        explain = profile.exclusions.explain_with_ombudsman if profile.exclusions else None
        if explain is not None and explain.value:
            yield from _items(["reasons", "ombudsman"], explain.clause)
    elif kind in {"response", "final_response"}:
        yield from required_contents(profile, stage_number)
    elif kind == "update":
        if profile.keep_informed is not None and profile.keep_informed.value:
            yield from _items(["progress", "next_update"], profile.keep_informed.clause)
    elif kind == "remedy_not_delivered":
        rule = profile.remedy_not_delivered
        if rule is not None and rule.value:
            yield from _items(["reasons", "alternative", "ombudsman"], rule.clause)
    else:
        raise ValueError(f"unknown letter kind {kind!r}; known: {', '.join(LETTER_KINDS)}")


def letter_contents(profile: Profile, kind: str, stage_number: int) -> tuple[ContentItem, ...]:
    """The elements a letter of this kind at this stage must contain, each citing its rule.

    Every requirement comes from a rule the profile already has: an acknowledgement states the
    stage (the acknowledgement clause, e.g. HOS 6.2) and, where the Code asks for it, the
    complaint definition (e.g. HOS 6.13); an extension notice gives the reason and the new date
    (e.g. HOS 6.4) and the Ombudsman's details (HOS 6.5); an exclusion letter the reasons and the
    right to go to the Ombudsman (HOS 2.4); a response what the stage's contents rule lists (HOS
    6.9, 6.18); an update the progress and the next update (HOS 5.10); a remedy that cannot be
    delivered the reason, the alternative and the Ombudsman (LGSCO section 7). A rule the
    profile does not have requires nothing. An element named twice is listed once, with the
    first rule that asks for it.
    """
    seen: dict[str, ContentItem] = {}
    for item in _letter_items(profile, kind, stage_number):
        seen.setdefault(item.key, item)
    return tuple(seen.values())


def letter_gaps(
    required: Iterable[ContentItem],
    parts: Mapping[str, str],
    mentions: Mapping[str, Collection[str]] | None = None,
) -> tuple[LetterGap, ...]:
    """The required elements a letter's parts do not give, in the order required.

    ``parts`` maps each element's key to the text of the letter's part for it. An element is
    given when its part has text and, where ``mentions`` lists words for it (the Ombudsman's
    name and website, the new date as written), the part contains at least one of them, so an
    Ombudsman paragraph emptied of the Ombudsman does not count.
    """
    mentions = mentions or {}
    gaps = []
    for item in required:
        text = " ".join(parts.get(item.key, "").split())
        words = [w for w in mentions.get(item.key, ()) if w.strip()]
        if not text:
            gaps.append(LetterGap(item.key, item.label, item.clause, "is missing"))
        elif words and not any(" ".join(w.split()).lower() in text.lower() for w in words):
            named = " or ".join(f"'{w}'" for w in words)
            gaps.append(LetterGap(item.key, item.label, item.clause, f"must name {named}"))
    return tuple(gaps)


_WORD = re.compile(r"[^\W\d_]+(?:['\N{RIGHT SINGLE QUOTATION MARK}-][^\W\d_]+)*")


def staff_names_in(text: str, names: Iterable[str]) -> tuple[str, ...]:
    """The staff names that appear in a letter's text, each once, in the order given.

    A name is found when the whole name appears (in any case), or its last word (the surname,
    three letters or more) appears as a word with a capital first letter, as in 'Mr Hughes'.
    This is for a Code that says letters must not identify staff except in exceptional
    circumstances (joint draft 5.6); a name found is a warning a handler may override.
    """
    words = set(_WORD.findall(text))
    flat = " ".join(text.split()).lower()
    found = []
    for name in names:
        parts = _WORD.findall(name)
        if not parts:
            continue
        whole = " ".join(parts).lower()
        surname = parts[-1]
        pattern = rf"(?<![^\W\d_]){re.escape(whole)}(?![^\W\d_])"
        if (
            re.search(pattern, flat)
            or (len(surname) >= 3 and surname[:1].upper() + surname[1:] in words)
        ) and name not in found:
            found.append(name)
    return tuple(found)
