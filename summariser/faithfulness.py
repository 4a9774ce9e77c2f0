"""Check that a summary line or FAQ answer adds no fact the release does not contain.

Every number, date, person, institution and journal name in the text must appear in the
release, in German or in its translation. The check is deliberately literal: it cannot judge
meaning, but it reliably catches the invented figures, names and journals that drafts drift
into. German and English number formats are compared by their digit groups, so "3,5" in the
release matches "3.5" in the translation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from .records import Flag

_NUMBER = re.compile(r"\d+(?:[.,:/]\d+)*")
_MONTHS = (
    "january february march april may june july august september october november december "
    "januar februar märz mai juni juli oktober dezember"
).split()
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)

# Capitalised words that carry no fact of their own: sentence openers and function words
# that stand capitalised after a colon or in a title-cased question.
_NEUTRAL = frozenset(
    """i a an the this that these those it its he she they we you our their his her in on at
    for of to and or but with by from as is are was were be been will would can could may
    might should not no yes what who whom where when why how which there here more most
    also further according however""".split()
)


@dataclass(frozen=True, slots=True)
class Reference:
    """The release's own text, prepared once for repeated checks."""

    text: str
    lowered: str
    numbers: frozenset[tuple[str, ...]]

    @classmethod
    def of(cls, texts: Iterable[str]) -> Reference:
        joined = "\n".join(texts)
        return cls(joined, joined.lower(), frozenset(number_keys(joined)))


def check(text: str, reference: Reference, allowed: Iterable[str] = ()) -> tuple[Flag, ...]:
    """Flags for facts in `text` that the release does not contain.

    `allowed` is extra text the writer may use without evidence in the release, such as the
    team's glossary explanation of a term.
    """
    allowed_lower = " ".join(allowed).lower()
    flags: list[Flag] = []
    for match in _unknown_numbers(text, reference.numbers):
        if match.group() not in allowed_lower:
            kind = "date" if _near_month(text, match.start(), match.end()) else "number"
            flags.append(Flag(kind, match.group(), f"{match.group()!r} does not appear in the release"))
    for name in _names(text):
        lowered = name.lower()
        if lowered not in reference.lowered and lowered not in allowed_lower:
            kind = "date" if lowered in _MONTHS else "name"
            flags.append(Flag(kind, name, f"{name!r} does not appear in the release"))
    return tuple(dict.fromkeys(flags))


def numbers_missing(text: str, reference_text: str) -> list[str]:
    """Numbers in `text` that `reference_text` does not contain, in either language's format."""
    return [m.group() for m in _unknown_numbers(text, frozenset(number_keys(reference_text)))]


def _unknown_numbers(text: str, known: frozenset[tuple[str, ...]]) -> Iterable[re.Match[str]]:
    return (m for m in _NUMBER.finditer(text) if _digit_groups(m.group()) not in known)


def _digit_groups(number: str) -> tuple[str, ...]:
    return tuple(group.lstrip("0") or "0" for group in re.split(r"[.,:/]", number))


def number_keys(text: str) -> Iterable[tuple[str, ...]]:
    for match in _NUMBER.finditer(text):
        groups = _digit_groups(match.group())
        yield groups
        # "1.342" (German thousands) and "1342"/"1,342" (English) are the same number.
        yield ("".join(groups),)
        for i in range(1, len(groups)):
            yield groups[:i]


def _near_month(text: str, start: int, end: int) -> bool:
    window = text[max(0, start - 12) : end + 12].lower()
    return any(month in window for month in _MONTHS)


def _names(text: str) -> Iterable[str]:
    """Capitalised words and acronyms, except neutral words (sentence openers and the like)."""
    for match in _WORD.finditer(text):
        word = match.group().strip("'’-")
        if len(word) < 2 or not (word[0].isupper() or sum(c.isupper() for c in word) > 1):
            continue
        if word.lower() not in _NEUTRAL:
            yield word
