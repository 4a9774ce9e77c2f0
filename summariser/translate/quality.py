"""Cheap checks on each translation for the ways MT fails on noisy input.

Marian models can loop ("the the the ...") or stop early on odd input. A translation much
longer or shorter than its source, one that repeats an n-gram, or one with a number its source
does not have, is flagged for the reader.
"""

from __future__ import annotations

from collections import Counter

from ..faithfulness import numbers_missing

MIN_WORDS = 4
MAX_RATIO = 2.2
MIN_RATIO = 0.4
NGRAM = 3
MAX_REPEATS = 2


def flags_for(source: str, output: str) -> tuple[str, ...]:
    flags: list[str] = []
    src, out = source.split(), output.split()
    if not out:
        return ("empty",)
    if len(src) >= MIN_WORDS:
        ratio = len(out) / len(src)
        if ratio > MAX_RATIO:
            flags.append("too_long")
        elif ratio < MIN_RATIO:
            flags.append("too_short")
    grams = Counter(tuple(w.lower() for w in out[i : i + NGRAM]) for i in range(len(out) - NGRAM + 1))
    if grams and max(grams.values()) > MAX_REPEATS:
        flags.append("repetition")
    if numbers_missing(output, source):
        flags.append("number_changed")
    return tuple(flags)
