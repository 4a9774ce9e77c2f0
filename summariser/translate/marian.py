"""The reference backend: PyTorch MarianMT through `transformers`.

Marian models are sentence-level, so this takes sentences, never paragraphs. Sentences are
sorted by token length and grouped into batches by a token budget, so padding stays small;
generation is deterministic beam search under `torch.inference_mode`.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

from ..errors import ModelLoadError, SettingsError
from ..settings import TranslateSettings
from .marian_common import (
    MARIAN_FILES,
    MarianTokens,
    new_token_limits,
    set_threads,
    token_batches,
)
from .model_ref import ModelRef
from .protocol import Progress
from .registry import TRANSFORMERS, backend_unavailable
from .signature import describe

# "default" is float32 here: dynamic int8 is 1.4x faster but changed most beam-4 outputs of a
# test model (README, speed), so it is the user's choice, not a silent default.
QUANTIZATIONS = TRANSFORMERS.quantize


class MarianTranslator(MarianTokens):
    def __init__(self, model, tokenizer, settings: TranslateSettings, ref: ModelRef) -> None:
        self.model = model
        self.tokenizer = tokenizer
        self.settings = settings
        self.ref = ref
        self.max_positions = int(getattr(model.config, "max_position_embeddings", 512))
        # Worked out once (a folder's fingerprint reads its files): it is asked for per batch.
        # The hub cache's revision, read after the load: transformers 5 no longer records it
        # on the config, and planning (translate/signature.py) reads the same file.
        self._signature = describe(ref, ref.revision(), "transformers", settings.quantize, settings.beams)

    @classmethod
    def load(cls, settings: TranslateSettings, cache_dir=None, on_notice=None) -> MarianTranslator:
        """`cache_dir` and `on_notice` are unused: this backend derives nothing from the model."""
        if settings.quantize not in QUANTIZATIONS:
            raise SettingsError(
                f"the transformers backend has no quantisation {settings.quantize!r}",
                hint=f"choose one of: {', '.join(QUANTIZATIONS)}",
            )
        try:
            import torch
            from transformers import MarianMTModel, MarianTokenizer
            from transformers.utils import logging as hf_logging
        except ImportError as exc:
            raise backend_unavailable("transformers", exc.name or "transformers") from exc
        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
        torch.set_num_threads(set_threads(settings.threads))
        ref = ModelRef(settings.model)
        try:
            if ref.is_hub:
                tokenizer, model = ref.from_hub(
                    lambda **kwargs: _from_pretrained(ref, MarianTokenizer, MarianMTModel, **kwargs))
            else:
                ref.check_folder(MARIAN_FILES)
                tokenizer, model = _from_pretrained(ref, MarianTokenizer, MarianMTModel)
        except ModelLoadError:
            raise
        except Exception as exc:  # noqa: BLE001 - every loading failure becomes one message
            raise ref.load_error(exc) from exc
        model.eval()
        if settings.quantize == "int8":
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # torch.ao deprecation notices, not ours to act on
                model = torch.ao.quantization.quantize_dynamic(
                    model, {torch.nn.Linear}, dtype=torch.qint8
                )
        return cls(model, tokenizer, settings, ref)

    def signature(self) -> str:
        return self._signature

    def translate(self, texts: Sequence[str], on_progress: Progress | None = None) -> list[str]:
        import torch

        if not texts:
            return []
        encoded = self.encode(texts)
        lengths = [len(ids) for ids in encoded]
        out: list[str] = [""] * len(texts)
        pad_id = self.tokenizer.pad_token_id
        for batch in token_batches(lengths, self.settings.batch_tokens):
            longest = max(lengths[i] for i in batch)
            input_ids = torch.full((len(batch), longest), pad_id, dtype=torch.long)
            mask = torch.zeros((len(batch), longest), dtype=torch.long)
            for row, index in enumerate(batch):
                ids = encoded[index]
                input_ids[row, : len(ids)] = torch.tensor(ids)
                mask[row, : len(ids)] = 1
            with torch.inference_mode():
                generated = self.model.generate(
                    input_ids=input_ids,
                    attention_mask=mask,
                    num_beams=self.settings.beams,
                    do_sample=False,
                    **self._length_args(longest),
                )
            decoded = self.tokenizer.batch_decode(generated, skip_special_tokens=True)
            for index, text in zip(batch, decoded, strict=True):
                out[index] = text.strip()
            if on_progress:
                on_progress(len(batch))
        return out

    def _length_args(self, longest: int) -> dict[str, int]:
        fewest, most = new_token_limits(longest, self.settings, self.max_positions)
        return {"min_new_tokens": fewest, "max_new_tokens": most} if fewest else {"max_new_tokens": most}


def _from_pretrained(ref: ModelRef, tokenizer_class, model_class, **kwargs):
    source = str(ref.path) if ref.path else ref.spec
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return (
            tokenizer_class.from_pretrained(source, **kwargs),
            model_class.from_pretrained(source, **kwargs),
        )
