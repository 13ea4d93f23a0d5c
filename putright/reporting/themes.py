"""What complaints are about: themes from their categories and from their own words, for a
period beside the period of the same length just before it, so rising themes stand out.

The words are counted, not guessed: each complaint's description is split into words, common
words (``STOP_WORDS``), numbers, words of two letters and the complainants' own names are dropped,
and every remaining word and pair of neighbouring words counts once per complaint. A term is a
theme when at least ``MIN_COMPLAINTS`` complaints of the period use it; it is rising when its
share of the period's complaints is at least ``RISING_RATIO`` times its share of the previous
period's (or it is new and used by at least ``MIN_COMPLAINTS``). A category rises by the same
rule. Nothing is learnt or downloaded: the same complaints always give the same themes, and each
can be explained by the complaints that use it.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, QuerySet

from putright.cases.models import Complaint, Learning
from putright.organisations.models import Organisation, ServiceArea

#: A term is a theme when this many complaints of the period use it.
MIN_COMPLAINTS = 3
#: Rising: the share of complaints using it at least this many times the previous period's.
RISING_RATIO = 1.5
#: The most themes of each kind shown.
MOST_THEMES = 25
#: The most complaints read for their words per period, the most recent first.
MOST_TEXTS = 20_000

_APOSTROPHE = "\u2019"
_WORD = re.compile(rf"[a-z][a-z'{_APOSTROPHE}-]*[a-z]|[a-z]")

#: Common English words, and words every complaint uses, which say nothing of what it is about.
_STOP_WORDS = """
    a about above after again against all also am an and any are aren't as at be because been
    before being below between both but by can can't cannot could couldn't did didn't do does
    doesn't doing don't down during each even ever every few for from further get got had
    hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself him
    himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself just
    let's like me more most mustn't my myself no nor not now of off on once only or other
    ought our ours ourselves out over own same shan't she she'd she'll she's should shouldn't
    so some still such than that that's the their theirs them themselves then there there's
    these they they'd they'll they're they've this those through to too under until up upon us
    very was wasn't we we'd we'll we're we've were weren't what what's when when's where
    where's which while who who's whom why why's will with won't would wouldn't yet you you'd
    you'll you're you've your yours yourself yourselves ago already always another anyone
    anything around asked away back came come coming day days done every going gone keep kept
    know last later let made make many may might month months much must need needed never new
    next one ones please put really said say see seems since someone something soon take taken
    tell thank thanks think time times today told took two unless us use used want wanted way
    week weeks went whether without year years yesterday complain complained complaining
    complaint complaints council councils dear regards sincerely
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())


@dataclass(frozen=True)
class Theme:
    """One theme: a category or a term, with how many complaints it covers now and before."""

    kind: str  # "category" or "term"
    value: str
    count: int
    previous: int
    share: float
    previous_share: float
    rising: bool

    @property
    def change(self) -> int:
        return self.count - self.previous


@dataclass(frozen=True)
class Themes:
    start: date
    end: date
    previous_start: date
    previous_end: date
    complaints: int
    previous_complaints: int
    categories: list[Theme]
    terms: list[Theme]
    texts_capped: bool

    @property
    def rising(self) -> list[Theme]:
        return [t for t in (*self.categories, *self.terms) if t.rising]


def previous_period(start: date, end: date) -> tuple[date, date]:
    """The period of the same number of days that ends the day before ``start``."""
    days = (end - start).days
    previous_end = start - timedelta(days=1)
    return previous_end - timedelta(days=days), previous_end


def words(text: str, names: frozenset[str] = frozenset()) -> list[str]:
    """The words of a text that can carry a theme: lower case, no stop words, no numbers, no
    words of fewer than three letters, none of ``names``."""
    return [
        w
        for w in _WORD.findall(text.lower().replace(_APOSTROPHE, "'"))
        if len(w) > 2 and w not in STOP_WORDS and w not in names and "'" not in w
    ]


def terms_of(text: str, names: frozenset[str] = frozenset()) -> set[str]:
    """Every term of a text, once: its words and its pairs of neighbouring words."""
    found = words(text, names)
    return {*found, *(f"{a} {b}" for a, b in itertools.pairwise(found) if a != b)}


def name_words(names: list[str]) -> frozenset[str]:
    """The words of people's names, never a theme: 'Pat Example' gives 'pat' and 'example'."""
    return frozenset(w for name in names for w in _WORD.findall(name.lower()) if len(w) > 1)


def _complaints(
    organisation: Organisation, start: date, end: date, service_area: ServiceArea | None
) -> QuerySet[Complaint]:
    found = Complaint.objects.filter(organisation=organisation, received__range=(start, end))
    if service_area is not None:
        found = found.filter(service_area=service_area)
    return found


def _texts(complaints: QuerySet[Complaint]) -> tuple[list[tuple[int, str, str]], bool]:
    rows = list(
        complaints.order_by("-received", "-pk").values_list("pk", "description", "name")[
            : MOST_TEXTS + 1
        ]
    )
    return rows[:MOST_TEXTS], len(rows) > MOST_TEXTS


def _is_rising(count: int, total: int, previous: int, previous_total: int) -> bool:
    if count < MIN_COMPLAINTS or not total:
        return False
    if not previous or not previous_total:
        return True
    return (count / total) >= RISING_RATIO * (previous / previous_total)


def _theme(kind: str, value: str, counts: tuple[int, int, int, int]) -> Theme:
    count, total, previous, previous_total = counts
    return Theme(
        kind=kind,
        value=value,
        count=count,
        previous=previous,
        share=round(100 * count / total, 1) if total else 0.0,
        previous_share=round(100 * previous / previous_total, 1) if previous_total else 0.0,
        rising=_is_rising(count, total, previous, previous_total),
    )


def complaint_themes(
    *,
    organisation: Organisation,
    start: date,
    end: date,
    service_area: ServiceArea | None = None,
    words: bool = True,
) -> Themes:
    """The themes of the organisation's complaints received from ``start`` to ``end``, beside
    the period of the same length before it; rising themes first. Without ``words``, the
    categories only (two queries, for the figures page)."""
    if start > end:
        raise ValueError(f"The period starts on {start} after it ends on {end}.")
    before_start, before_end = previous_period(start, end)
    now = _complaints(organisation, start, end, service_area)
    before = _complaints(organisation, before_start, before_end, service_area)
    total, previous_total = now.count(), before.count()

    categories_now = _category_counts(now)
    categories_before = _category_counts(before)
    categories = [
        _theme("category", value, (n, total, categories_before.get(value, 0), previous_total))
        for value, n in categories_now.items()
    ]

    texts_now, capped_now = _texts(now) if words else ([], False)
    texts_before, capped_before = _texts(before) if words else ([], False)
    terms_now = _term_counts(texts_now)
    terms_before = _term_counts(texts_before)
    read_now, read_before = len(texts_now), len(texts_before)
    terms = [
        _theme("term", value, (n, read_now, terms_before.get(value, 0), read_before))
        for value, n in terms_now.items()
        if n >= MIN_COMPLAINTS
    ]
    # A pair that always goes with one of its words says the same: keep the pair, which says
    # more, and drop the word only when every complaint using the word uses the pair.
    pairs = [t for t in terms if " " in t.value]
    covered = {w for p in pairs for w in p.value.split() if terms_now.get(w) == p.count}
    terms = [t for t in terms if t.value not in covered]
    order = lambda t: (not t.rising, -t.count, t.value)  # noqa: E731
    return Themes(
        start=start,
        end=end,
        previous_start=before_start,
        previous_end=before_end,
        complaints=total,
        previous_complaints=previous_total,
        categories=sorted(categories, key=order)[:MOST_THEMES],
        terms=sorted(terms, key=order)[:MOST_THEMES],
        texts_capped=capped_now or capped_before,
    )


def _category_counts(complaints: QuerySet[Complaint]) -> dict[str, int]:
    rows = complaints.exclude(category="").values("category").annotate(n=Count("pk")).order_by()
    return {row["category"]: row["n"] for row in rows}


def _term_counts(texts: list[tuple[int, str, str]]) -> Counter[str]:
    """How many complaints use each term; each complainant's own name is never a term."""
    names = name_words([name for _, _, name in texts])
    counts: Counter[str] = Counter()
    for _, description, _ in texts:
        counts.update(terms_of(description, names))
    return counts


def theme_complaints(
    *,
    organisation: Organisation,
    start: date,
    end: date,
    kind: str,
    value: str,
    service_area: ServiceArea | None = None,
) -> QuerySet[Complaint]:
    """The complaints of the period that a theme covers: those of the category, or those whose
    description uses the term (as ``complaint_themes`` counts it), the most recent first."""
    found = _complaints(organisation, start, end, service_area)
    if kind == "category":
        return found.filter(category=value).order_by("-received", "-pk")
    if kind != "term":
        raise ValueError(f"Unknown kind of theme {kind!r}.")
    texts, _ = _texts(found)
    names = name_words([name for _, _, name in texts])
    using = [pk for pk, description, _ in texts if value in terms_of(description, names)]
    return Complaint.objects.filter(pk__in=using).order_by("-received", "-pk")


def theme_learning(complaints: QuerySet[Complaint]) -> QuerySet[Learning]:
    """The learning recorded from any of these complaints."""
    return Learning.objects.filter(complaints__in=complaints).distinct().order_by("-created")
