"""Plainer summary lines: shorter by deletion only, plainer words where they fit exactly.

`shorten.py` removes the parts a lay reader does not need. Here, semicolons and coordinations
("…, but …") split a line where both halves stand alone, plain words replace hard ones
(`plainwords.py`), and the lines are kept within the summary's word and sentence limits.
Nothing is added except a full stop and a capital where a split needs them, so every number and
name left is the release's own.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Sequence

from . import plainwords
from .records import Aligned, SummaryLine
from .roles import names_who
from .settings import SummarySettings
from .sentence import finite_verbs, is_sentence, tokens
from .shorten import opens_clause, shorten, tidy_cut

_SEMICOLON = re.compile(r"\s*;\s+")
_COORDINATION = re.compile(r",\s+(and|but|yet|so|while|whereas)\s+(?=\S)")
# Without a comma, "and" splits only where neither half is inside a that-/which-clause.
_BARE_AND = re.compile(r"\s+(and)\s+(?=\S)")
_EMBEDDING = re.compile(r"\b(?:that|which|who|whom|whose|whether|if|when|because|while|although|as|than)\b", re.IGNORECASE)


def _inside_quote(text: str, position: int) -> bool:
    before = text[:position]
    return before.count('"') % 2 == 1 or before.count("“") > before.count("”") or before.count("„") > before.count("“")


def split(sentence: str) -> tuple[str, ...]:
    """Split at semicolons and coordinations where both halves are sentences on their own."""
    for pattern in (_SEMICOLON, _COORDINATION, _BARE_AND):
        for match in pattern.finditer(sentence):
            if pattern is _BARE_AND and _EMBEDDING.search(sentence):
                break
            if _inside_quote(sentence, match.start()) or ":" in sentence[: match.start()]:
                continue
            left = tidy_cut(sentence[: match.start()].rstrip(",;") + ".")
            conjunction = match.group(1).lower() if match.groups() else ""
            # "but"/"yet"/"so" carry meaning and open the second sentence; "and" does not.
            opener = conjunction.capitalize() + " " if conjunction in ("but", "yet", "so") else ""
            right_text = sentence[match.end():]
            right = tidy_cut(opener + right_text if opener else right_text)
            if re.search(r"\bnot (?:only|just|merely)\b", left, re.IGNORECASE):
                continue  # "not only X, but also Y" is one statement
            last_clause = re.split(r"[,;:]\s", sentence[: match.start()])[-1]
            if _EMBEDDING.search(last_clause):
                continue  # "…, often because X is high, and Y is low": Y belongs to the because-clause
            if (is_sentence(left) and is_sentence(right) and is_sentence(tidy_cut(right_text))
                    and opens_clause(right_text) and finite_verbs(tokens("It " + last_clause, punctuation=True))):
                return (*split(left), *split(right))
    return (sentence,)


def simplify(sentence: str, keep_who: bool = False) -> tuple[str, ...]:
    """Shortened, split and plain-worded sentences for one summary line (`keep_who`: see
    `shorten`)."""
    pieces = split(shorten(sentence, keep_who))
    return tuple(tidy_cut(plainwords.replace(shorten(piece, keep_who))) for piece in pieces)


def simplify_lines(lines: Sequence[SummaryLine], sentences: Sequence[Aligned], settings: SummarySettings,
                   keep_who: bool = False) -> tuple[SummaryLine, ...]:
    """The hook for summarise: each selected line made plainer, the whole kept within the
    settings' word limit and, where splits would exceed it, their sentence count.

    A split line becomes several lines with the same evidence; each keeps the sentence it was
    cut from in `original`, so a reviewer sees every deletion. With `keep_who`, the first line
    that names who did the work keeps that attribution when no shortened line names it.
    """
    by_id = {s.id: s for s in sentences}
    pieces = [simplify(line.text) for line in lines]
    who = None
    if keep_who and not any(names_who(text) for texts in pieces for text in texts):
        who = next((i for i, line in enumerate(lines) if names_who(line.text)), None)
        if who is not None:
            pieces[who] = simplify(lines[who].text, keep_who=True)
    # Too many sentences after splitting: undo the splits of the shortest lines first.
    for i in sorted(range(len(lines)), key=lambda i: len(lines[i].text)):
        if sum(map(len, pieces)) <= settings.max_sentences:
            break
        if len(pieces[i]) > 1:
            pieces[i] = (tidy_cut(plainwords.replace(shorten(lines[i].text, keep_who=i == who))),)
    out: list[SummaryLine] = []
    for line, texts in zip(lines, pieces, strict=True):
        source = by_id[line.evidence[0]].en if line.evidence and line.evidence[0] in by_id else line.text
        out += [replace(line, text=text, original=" ".join(source.split())) for text in texts]
    return within_words(out, settings.max_words)


def within_words(lines: Sequence[SummaryLine], max_words: int) -> tuple[SummaryLine, ...]:
    """Keep whole lines in order while they fit; a first line too long on its own is cut at the
    last clause boundary (else the last word) inside the limit and ends in an ellipsis."""
    kept: list[SummaryLine] = []
    budget = max_words
    for line in lines:
        count = len(line.text.split())
        if count <= budget:
            kept.append(line)
            budget -= count
        elif not kept:
            kept.append(replace(line, text=_cut_to(line.text, budget)))
            budget = 0
    return tuple(kept)


def _cut_to(text: str, limit: int) -> str:
    words = text.split()[: max(1, limit - 1)]
    head = " ".join(words)
    boundary = max(head.rfind(", "), head.rfind("; "))
    if boundary > len(head) // 2:
        head = head[:boundary]
    return head.rstrip(",;:-–— ") + " …"
