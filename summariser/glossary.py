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

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.term, *self.variants)


@lru_cache(maxsize=1)
def entries() -> tuple[Entry, ...]:
    raw = json.loads(resources.files("summariser").joinpath("data/glossary.json").read_text("utf-8"))
    return tuple(
        Entry(e["term"], tuple(e.get("variants", ())), e.get("plain"), e["explain"])
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
        if entry.plain is None:
            return match.group(0)
        used.append(entry)
        return entry.plain

    return pattern.sub(swap, text), tuple(dict.fromkeys(used))
