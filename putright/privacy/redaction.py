"""Finding other people's names in free text, so a person can decide what to redact.

Pure Python: no Django, no database. Names are matched exactly (whole words, ignoring case and
spacing) against the names given, longest first; a simple pattern also catches titled names such
as "Mr Smith" or "Cllr J. Patel". Nothing is removed here: each find is a flag with where it
occurs, for a person to decide on (UK GDPR Article 15(4): another person's data is disclosed only
where that is reasonable).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

_APOSTROPHES = "'\u2019"
_WORD = re.compile(rf"[^\W\d_](?:[\w{_APOSTROPHES}.-]*\w)?")
TITLES = ("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Sir", "Dame", "Cllr", "Councillor")
_SURNAME = rf"[A-Z][a-zA-Z{_APOSTROPHES}-]+"
_TITLED = re.compile(
    r"\b(?:" + "|".join(TITLES) + rf")\.?\s+(?:[A-Z]\.\s*)*{_SURNAME}(?:\s+{_SURNAME})?"
)
_POSSESSIVE = re.compile(rf"[{_APOSTROPHES}]s$", re.IGNORECASE)
#: The most words a name is looked for in.
MAX_WORDS = 6


@dataclass(frozen=True, slots=True)
class Flag:
    """A name found in a text: what matched, what kind of person it is, and where."""

    name: str
    kind: str
    start: int
    end: int

    def as_json(self, where: str) -> dict[str, object]:
        return {
            "where": where,
            "text": self.name,
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
        }


def normalise(name: str) -> str:
    """A name as it is compared: words in lower case, one space between them."""
    return " ".join(w.casefold() for w in _WORD.findall(name))


@dataclass(frozen=True)
class NameIndex:
    """The names to look for (normalised name -> kind), and the names never flagged (the
    individual's own, in full and by surname after a title)."""

    names: Mapping[str, str]
    own: frozenset[str]

    @classmethod
    def build(cls, names: Iterable[tuple[str, str]], own: Iterable[str]) -> NameIndex:
        """``names`` are (name, kind) pairs; ``own`` the names of the person asking."""
        own_set = {normalise(n) for n in own if normalise(n)}
        for full in list(own_set):
            own_set.add(full.split()[-1])
        index: dict[str, str] = {}
        for name, kind in names:
            key = normalise(name)
            if key and key not in own_set and len(key.split()) <= MAX_WORDS:
                index.setdefault(key, kind)
        return cls(index, frozenset(own_set))


def find_names(text: str, index: NameIndex) -> list[Flag]:
    """Every other person's name in ``text``, in order, longest match first, never overlapping."""
    if not text:
        return []
    words = list(_WORD.finditer(text))
    flags: list[Flag] = []
    taken: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        for size in range(min(MAX_WORDS, len(words) - i), 0, -1):
            last = words[i + size - 1]
            key = " ".join(w.group().casefold() for w in words[i : i + size])
            kind = index.names.get(key)
            end = last.end()
            if kind is None and _POSSESSIVE.search(last.group()):
                # "Sam Advocate's note": the name without the possessive.
                kind = index.names.get(_POSSESSIVE.sub("", key))
                end = last.end() - 2
            if kind is not None:
                start = words[i].start()
                flags.append(Flag(text[start:end], kind, start, end))
                taken.append((start, end))
                i += size
                break
        else:
            i += 1
    for match in _TITLED.finditer(text):
        start, end = match.span()
        if any(s < end and start < e for s, e in taken):
            continue
        surname = normalise(match.group()).split()[-1]
        if surname in index.own:
            continue
        flags.append(Flag(match.group(), "titled name", start, end))
    return sorted(flags, key=lambda flag: flag.start)


def split_marked(text: str, flags: Iterable[Flag]) -> list[tuple[str, bool]]:
    """``text`` as pieces, each marked True where it is a flagged name, for showing it marked."""
    pieces: list[tuple[str, bool]] = []
    at = 0
    for flag in sorted(flags, key=lambda f: f.start):
        if flag.start < at:
            continue
        if flag.start > at:
            pieces.append((text[at : flag.start], False))
        pieces.append((text[flag.start : flag.end], True))
        at = flag.end
    if at < len(text):
        pieces.append((text[at:], False))
    return pieces
