"""A deterministic stand-in for MarianMT, for tests that check what the pipeline does with a
translation rather than the translation itself (golden outputs, batch planning).

It "translates" word by word with a small function-word table and keeps other words as they are,
so its output depends only on the input: golden files stay byte-identical on any machine, which a
tiny random Marian model cannot promise across CPUs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_WORDS = {
    "der": "the", "die": "the", "das": "the", "den": "the", "dem": "the", "des": "of the",
    "ein": "a", "eine": "a", "einen": "a", "einem": "a", "einer": "a", "und": "and", "oder": "or",
    "mit": "with", "von": "of", "für": "for", "in": "in", "im": "in the", "auf": "on", "an": "at",
    "ist": "is", "sind": "are", "hat": "has", "haben": "have", "wird": "will", "werden": "will be",
    "nicht": "not", "zu": "to", "bei": "at", "nach": "after", "aus": "from", "dass": "that",
    "sich": "itself", "es": "it", "sie": "they", "wir": "we", "auch": "also", "mehr": "more",
    "als": "than", "wie": "how", "neue": "new", "neuen": "new", "Studie": "study",
    "Forschende": "researchers", "Patienten": "patients", "Prozent": "percent",
}
_TOKEN = re.compile(r"\w+|[^\w\s]", re.UNICODE)


class FakeTranslator:
    """Registered as the backend `fake` by the `fake_backend` fixture (conftest.py)."""

    @classmethod
    def load(cls, settings=None, cache_dir=None, on_notice=None) -> FakeTranslator:
        """The registry's way to build a backend; nothing to load here."""
        return cls()

    def signature(self) -> str:
        return "mt:fake:1"

    def count_tokens(self, text: str) -> int:
        return len(_TOKEN.findall(text)) + 1

    def translate(self, texts: Sequence[str], on_progress=None) -> list[str]:
        out = [" ".join(_WORDS.get(word, word) for word in text.split()) for text in texts]
        if on_progress is not None:
            on_progress(len(texts))
        return out
