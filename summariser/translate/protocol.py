"""What every translation backend offers the pipeline: a signature and translations.

Counting a model's source tokens is optional (a remote service may not tell): where a backend
has `count_tokens`, the long-sentence guard measures with it; elsewhere it estimates from words.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

Progress = Callable[[int], None]
# One-line messages about slow one-off work (a model conversion), for the front end to show.
Notice = Callable[[str], None]
TokenCounter = Callable[[str], int]


class Translator(Protocol):
    def signature(self) -> str:
        """What ran: model, revision, backend and decoding settings (keys the cache)."""

    def translate(self, texts: Sequence[str], on_progress: Progress | None = None) -> list[str]:
        """One English text per input text, in order. `on_progress(n)` after n more are done."""


def token_counter(translator: Translator | None) -> TokenCounter | None:
    """The translator's `count_tokens(text)` (source tokens, end-of-sentence marker included),
    or None where it has none (or there is no translator)."""
    return getattr(translator, "count_tokens", None)
