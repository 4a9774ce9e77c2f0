"""General plain words (utilise → use) swapped in where the swap keeps grammar and meaning.

The list (`data/plain_words.json`) holds only swaps that fit wherever the word stands: the same
word class and number. For verbs, the -ed form is ambiguous (past "demonstrated that" → "showed
that"; participle "was demonstrated" → "was shown"), so the word before and after decides. A
word inside a name (a capitalised run such as a journal title) is left alone.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from .sentence import AUXILIARIES

_PARTICIPLE_BEFORE = AUXILIARIES | frozenset("be been being having 's".split())
# A preposition after an -ed verb marks a participle ("demonstrated in mice"), not a past tense.
_PREPOSITIONS = frozenset("in by at on with for to during after before from among within under over".split())


@lru_cache(maxsize=1)
def _table() -> tuple[re.Pattern[str], dict[str, tuple[str, ...]]]:
    raw = json.loads(resources.files("summariser").joinpath("data/plain_words.json").read_text("utf-8"))
    swaps: dict[str, tuple[str, ...]] = {w: (p,) for w, p in raw["words"].items()}
    for (base, third, ed, ing), (p_base, p_third, p_past, p_part, p_ing) in raw["verbs"]:
        swaps.update({base: (p_base,), third: (p_third,), ing: (p_ing,), ed: (p_past, p_part)})
    alternatives = sorted(swaps, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, alternatives)) + r")(?![\w-])", re.IGNORECASE)
    return pattern, swaps


def replace(text: str) -> str:
    pattern, swaps = _table()
    out: list[str] = []
    position = 0
    for match in pattern.finditer(text):
        word = match.group(1)
        before = re.findall(r"[\w']+", text[: match.start()])
        after = re.findall(r"[\w']+", text[match.end():])
        if word[0].isupper() and before or _in_name(before, after) or _quoted(text, match.start()):
            continue
        forms = swaps[word.lower()]
        plain = forms[0]
        if len(forms) == 2:
            previous = before[-1].lower() if before else ""
            following = after[0].lower() if after else ""
            # "was demonstrated", "the effect demonstrated in mice": participle; else past tense.
            participle = previous in _PARTICIPLE_BEFORE or following in _PREPOSITIONS or following.endswith("ly") or not following
            plain = forms[1] if participle else forms[0]
        if word[0].isupper():
            plain = plain[:1].upper() + plain[1:]
        head = _fix_article(text[position: match.start()], plain)
        out += [head, plain]
        position = match.end()
    out.append(text[position:])
    return "".join(out)


def _quoted(text: str, position: int) -> bool:
    """Inside quotation marks: a title or someone's words, kept as written."""
    before = text[:position]
    return before.count('"') % 2 == 1 or before.count("“") > before.count("”")


def _in_name(before: list[str], after: list[str]) -> bool:
    """A capitalised word on both sides means the word is part of a title or name."""
    return bool(before and after and before[-1][:1].isupper() and after[0][:1].isupper() and len(before) > 1)


def _fix_article(head: str, plain: str) -> str:
    """'an' before a consonant and 'a' before a vowel once the next word has changed."""
    vowel = plain[:1].lower() in "aeiou"
    return re.sub(r"\b([Aa])(n?)(\s+)$", lambda m: m.group(1) + ("n" if vowel else "") + m.group(3), head)
