"""Words of the summary a general reader may not know, each with an explanation or a gap.

A word is jargon when it is rare in everyday English: its `wordfreq` Zipf frequency (a log
scale; 3 is about once per million words) is below `RARE_ZIPF`. wordfreq ships its frequency
lists inside the package, so this works offline. Names and codes (capitalised words, words with
digits) are not jargon; the team glossary's terms are jargon wherever they appear.

The explanation comes from the release where a sentence defines the term ("X, a protein that
…", "X, or …,", "X (…)", "X is a …"), else from the glossary; otherwise the word is reported
as unexplained and the FAQ asks the reviewer what it means.
"""

from __future__ import annotations

import re
from typing import Iterable, Sequence

from . import glossary
from .records import MESSAGE_SECTIONS, Aligned, Origin, SummaryLine, TermNote

RARE_ZIPF = 3.0
_WORD = re.compile(r"(?<![\w-])[a-z][a-z]+(?:-[a-z]+)*(?![\w-])")
_END = r"(?=[,;.!?)]|\s+[-–—])"


def zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en"))


def _stems(word: str) -> list[str]:
    """The word and what it may be an inflection of ("pooled" → "pool", "dosing" → "dose")."""
    stems = [word]
    for suffix, endings in (("ies", ("y",)), ("es", ("", "e")), ("s", ("",)), ("ed", ("", "e")),
                            ("ing", ("", "e")), ("ly", ("", "le"))):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stems += [word[: -len(suffix)] + ending for ending in endings]
    return stems


def rare_words(text: str) -> list[str]:
    """Lowercase words rarer than `RARE_ZIPF`, also as the word they inflect, in order of first
    use, each once (a plural after its singular is the same word)."""
    found: dict[str, str] = {}
    for word in _WORD.findall(text):
        stems = _stems(word)
        if len(word) >= 5 and all(zipf(stem) < RARE_ZIPF for stem in stems):
            found.setdefault(min(stems, key=len), word)
    return list(found.values())


def notes(lines: Sequence[SummaryLine], sentences: Sequence[Aligned]) -> tuple[TermNote, ...]:
    text = " ".join(line.text for line in lines)
    body = [s for s in sentences if s.section in MESSAGE_SECTIONS]
    entries = glossary.find_terms(text)
    covered = " ".join(form.lower() for entry in entries for form in entry.forms)
    terms: list[tuple[str, glossary.Entry | None]] = [(entry.term, entry) for entry in entries]
    terms += [(word, None) for word in rare_words(text) if word not in covered]
    out = []
    for term, entry in terms:
        forms = entry.forms if entry else (term,)
        defined = next(((s, d) for s in body for d in [_definition(forms, s.en)] if d), None)
        if defined:
            out.append(TermNote(term, defined[1], Origin.RELEASE, (defined[0].id,)))
        elif entry:
            out.append(TermNote(term, entry.explain, Origin.GLOSSARY))
        else:
            out.append(TermNote(term, None, Origin.NONE))
    return tuple(out)


def _definition(forms: Iterable[str], text: str) -> str | None:
    """The release's own words defining one of `forms` in `text`, if it has any."""
    for form in forms:
        term = re.escape(form)
        for pattern in (
            rf"(?<![\w-]){term},\s+((?:a|an|or|also called|also known as|known as|meaning|i\.e\.)\s[^,;()]{{3,160}}?){_END}",
            rf"(?<![\w-]){term}\s+\(((?:[a-z][\w'’-]*\s?){{2,12}})\)",
            rf"^(?:The\s+|An?\s+)?{term}\s+(?:is|are|means|refers to)\s+((?:a|an|the)\s[^;]{{3,200}}?)[.!?]?$",
            rf"(?<![\w-]){term},?\s+(?:which|that) (?:is|are|means)\s+((?:a|an)\s[^,;()]{{3,160}}?){_END}",
        ):
            match = re.search(pattern, text.strip(), re.IGNORECASE)
            if match:
                return match.group(1).strip()
    return None
