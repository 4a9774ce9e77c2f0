"""The team's lay glossary: plain words for jargon in summaries, explanations for the FAQ.

The glossary is data (`data/glossary.json`), curated by people, so its wording is checked by a
person once rather than generated per release. Its entries carry no facts about any study.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class Entry:
    term: str
    variants: tuple[str, ...]
    plain: str | None
    explain: str
    # Forms whose plain words differ from `plain` (a plural), or None where no plain word fits.
    plain_forms: tuple[tuple[str, str | None], ...] = ()

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.term, *self.variants)

    def plain_for(self, form: str) -> str | None:
        """Plain words for this form of the term, or None where only an explanation fits."""
        return {f.lower(): p for f, p in self.plain_forms}.get(form.lower(), self.plain)


@lru_cache(maxsize=1)
def entries() -> tuple[Entry, ...]:
    raw = json.loads(resources.files("summariser").joinpath("data/glossary.json").read_text("utf-8"))
    return tuple(
        Entry(e["term"], tuple(e.get("variants", ())), e.get("plain"), e["explain"],
              tuple(e.get("plain_forms", {}).items()))
        for e in raw["entries"]
    )


@lru_cache(maxsize=1)
def _pattern() -> tuple[re.Pattern[str], dict[str, Entry]]:
    by_form = {form.lower(): entry for entry in entries() for form in entry.forms}
    alternatives = sorted(by_form, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, alternatives)) + r")(?![\w-])", re.IGNORECASE)
    return pattern, by_form


def find_terms(text: str) -> list[Entry]:
    """Glossary entries used in `text`, in order of first use, each once."""
    pattern, by_form = _pattern()
    found = [by_form[m.group(1).lower()] for m in pattern.finditer(text)]
    return list(dict.fromkeys(found))


def plainify(text: str) -> tuple[str, tuple[Entry, ...]]:
    """Replace jargon that has a plain equivalent; return the new text and the entries used."""
    pattern, by_form = _pattern()
    used: list[Entry] = []

    def swap(match: re.Match[str]) -> str:
        entry = by_form[match.group(1).lower()]
        plain = entry.plain_for(match.group(1))
        if plain is None or not _fits(match.string, match.start(), match.end(), plain):
            return match.group(0)
        used.append(entry)
        return plain

    return pattern.sub(swap, text), tuple(dict.fromkeys(used))


# Words after which a noun phrase can start, and words that can follow one: a phrase of several
# plain words ("analysis of genetic material") only replaces a whole noun phrase, never a
# modifier inside one ("genome analysis data", "brain metastasis").
_PHRASE_BEFORE = frozenset(
    """a an the of in on at with for from to and or by as into this that these those their its his
    her our no any some more less than is are was were be been has have had cause causes caused
    reduce reduced prevent prevented treat treated against without found develop developed
    showed reported""".split()
)
_PHRASE_AFTER = frozenset(
    """of in on at with for from to and or by as is are was were has have had can could may might
    will would should that which who than after before during among""".split()
)


def _fits(text: str, start: int, end: int, plain: str) -> bool:
    """Plain words replace the term only outside names and, if several, as a whole phrase."""
    before = re.findall(r"[\w'’-]+|[^\w\s]", text[:start])
    after = re.findall(r"[\w'’-]+|[^\w\s]", text[end:])
    previous = before[-1] if before else ""
    following = after[0] if after else ""
    if text[start].isupper() and before and previous not in ".!?":
        return False  # part of a name or title ("Journal of Cardiovascular …")
    if previous[:1].isupper() and following[:1].isupper():
        return False
    if " " not in plain:
        return True
    starts_phrase = not previous or not previous[0].isalnum() or previous.lower() in _PHRASE_BEFORE
    ends_phrase = not following or not following[0].isalnum() or following.lower() in _PHRASE_AFTER
    return starts_phrase and ends_phrase
