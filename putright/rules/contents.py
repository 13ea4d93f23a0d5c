"""What a written response must contain, per Code profile and stage.

Each stage of a profile may have a ``contents`` rule listing the elements its response must contain
(the stage, the decision, the reasons, any remedy, how to escalate, ...), with the clause it comes
from. A stage without such a rule prescribes nothing. The plain-language label of each element is
``CONTENT_ELEMENTS`` in the profile schema, so a handler reads 'the details of any remedy offered to
put things right', not a key.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
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
