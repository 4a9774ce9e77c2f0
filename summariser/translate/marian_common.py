"""What both Marian backends share, so they see the same tokens and stop at the same length.

The transformers backend (marian.py) and the ctranslate2 backend (ct2.py) group sentences into
the same token batches and give each batch the same length limits; a third backend running a
Marian model would use these too. Nothing here imports torch, transformers or ctranslate2.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator, Sequence
from typing import Any

from ..settings import TranslateSettings

# The files a Marian model folder needs; each tuple names alternatives.
MARIAN_FILES = (
    ("config.json",),
    ("model.safetensors", "pytorch_model.bin"),
    ("source.spm",),
    ("target.spm",),
    ("vocab.json",),
)


class MarianTokens:
    """Tokenising with the model's `MarianTokenizer`, for the backend that loads one."""

    tokenizer: Any
    max_positions: int

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=True)["input_ids"])

    def encode(self, texts: Sequence[str]) -> list[list[int]]:
        return self.tokenizer(list(texts), add_special_tokens=True, truncation=True,
                              max_length=self.max_positions)["input_ids"]


def token_batches(lengths: Sequence[int], budget: int) -> Iterator[list[int]]:
    """Group indices into batches whose padded size (rows x longest) stays within `budget`.

    Indices are sorted by length first, so each batch holds sentences of similar length and
    almost no padding is computed.
    """
    order = sorted(range(len(lengths)), key=lambda i: lengths[i], reverse=True)
    batch: list[int] = []
    longest = 0
    for index in order:
        size = max(lengths[index], 1)
        if batch and max(longest, size) * (len(batch) + 1) > budget:
            yield batch
            batch, longest = [], 0
        batch.append(index)
        longest = max(longest, size)
    if batch:
        yield batch


def new_token_limits(longest: int, settings: TranslateSettings, max_positions: int) -> tuple[int, int]:
    """(fewest, most) new tokens, end-of-sentence included, for a batch whose longest source
    has `longest` tokens. Both backends use this, so they stop at the same length.

    The cap, a multiple of the source, keeps runaway repetition short; benchmarks fix the
    length (`fixed_output_ratio`) so that runs with random weights compare.
    """
    limit = max_positions - 2
    if settings.fixed_output_ratio > 0:
        fixed = min(limit, max(1, round(longest * settings.fixed_output_ratio)))
        return fixed, fixed
    return 0, min(limit, math.ceil(longest * settings.max_length_ratio) + 8)


def set_threads(threads: int) -> int:
    """Threads for intra-op parallelism: the cores this process may use unless told otherwise."""
    if threads > 0:
        return threads
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)
