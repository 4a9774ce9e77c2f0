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
# An object after an -ed verb marks it as a past tense with that object, not a participle.
_OBJECT_START = frozenset("that the a an how what whether its their his her our this these those some no".split())


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
        if word[0].isupper() and before or _in_name(before, after):
            continue
        forms = swaps[word.lower()]
        plain = forms[0]
        if len(forms) == 2:
            previous = before[-1].lower() if before else ""
            following = after[0].lower() if after else ""
            plain = forms[0] if previous not in _PARTICIPLE_BEFORE and following in _OBJECT_START else forms[1]
        if word[0].isupper():
            plain = plain[:1].upper() + plain[1:]
        head = _fix_article(text[position: match.start()], plain)
        out += [head, plain]
        position = match.end()
    out.append(text[position:])
    return "".join(out)


def _in_name(before: list[str], after: list[str]) -> bool:
    """A capitalised word on both sides means the word is part of a title or name."""
    return bool(before and after and before[-1][:1].isupper() and after[0][:1].isupper() and len(before) > 1)


def _fix_article(head: str, plain: str) -> str:
    """'an' before a consonant and 'a' before a vowel once the next word has changed."""
    vowel = plain[:1].lower() in "aeiou"
    return re.sub(r"\b([Aa])(n?)(\s+)$", lambda m: m.group(1) + ("n" if vowel else "") + m.group(3), head)
