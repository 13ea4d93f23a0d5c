"""How plain a letter's language is, as a score and in words a handler can act on.

The Flesch reading ease (0 to 100, higher is easier) and the Flesch-Kincaid grade (the years of
school a reader needs) come from textstat. Plain English guidance aims for a reading ease of 60
or more, about the reading age of most adults in the UK.
"""

from __future__ import annotations

from dataclasses import dataclass

import textstat

#: Reading ease bands, from the easiest, with what each means for a reader.
_BANDS: tuple[tuple[float, str, str], ...] = (
    (80, "Very easy to read", "Most people will understand it on first reading."),
    (60, "Plain English", "Most adults will understand it easily."),
    (50, "Fairly hard to read", "Shorter sentences and everyday words would help many readers."),
    (30, "Hard to read", "Many readers will struggle: use shorter sentences and simpler words."),
    (-1000, "Very hard to read", "Rewrite it in short sentences and everyday words."),
)


@dataclass(frozen=True)
class Readability:
    """A text's reading ease and grade, with what they mean."""

    words: int
    sentences: int
    ease: float | None
    grade: float | None
    verdict: str
    advice: str

    @property
    def plain(self) -> bool:
        return self.ease is not None and self.ease >= 60

    @property
    def words_per_sentence(self) -> float | None:
        return round(self.words / self.sentences, 1) if self.sentences else None


def plain_language(text: str) -> Readability:
    """The reading ease and grade of a letter's text, with a verdict in plain words. A text too
    short to score (under 20 words) gets no score."""
    words = textstat.lexicon_count(text)
    if words < 20:
        return Readability(words, 0, None, None, "Too short to score", "Add the letter's text.")
    sentences = max(1, textstat.sentence_count(text))
    ease = round(float(textstat.flesch_reading_ease(text)), 1)
    grade = round(float(textstat.flesch_kincaid_grade(text)), 1)
    for floor, verdict, advice in _BANDS:
        if ease >= floor:
            return Readability(words, sentences, ease, grade, verdict, advice)
    return Readability(words, sentences, ease, grade, _BANDS[-1][1], _BANDS[-1][2])
