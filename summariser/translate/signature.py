"""A translator's signature, worked out from the settings and the model's files alone.

The signature says what translated: the model (a folder's fingerprint, or the hub revision),
the backend with the quantisation it runs, and the beams. It keys the translation cache and
starts every result's signature, which `batch` compares to decide whether a result is current.
The loaded backends return `describe`'s value too, so their `planner` (registered with them,
`registry.planned_signature`) gives the string a load would give without loading the model or
importing torch or ctranslate2.
"""

from __future__ import annotations

from collections.abc import Callable

from ..settings import TranslateSettings
from .model_ref import ModelRef


def describe(ref: ModelRef, revision: str | None, backend: str, quantize: str, beams: int) -> str:
    """`backend` ("transformers" or "ctranslate2") running `ref` at a hub `revision` (ignored for
    a folder, whose files are fingerprinted) with the `quantize` setting and `beams`."""
    return f"model:{ref.name()}@{ref.fingerprint(revision)}|backend:{_backend_label(backend, quantize)}|beam:{beams}"


def planner(backend: str) -> Callable[[TranslateSettings], str]:
    """The built-in `backend`'s planned signature for settings (backend already resolved):
    what its `signature()` will return once loaded, from the model's files and the settings."""
    def plan(settings: TranslateSettings) -> str:
        ref = ModelRef(settings.model)
        return describe(ref, ref.revision(), backend, settings.quantize, settings.beams)

    return plan


# What each backend runs for `quantize` (its own `default` resolved). ctranslate2's default is
# `ct2.DEFAULT_QUANTIZATION`, repeated here so that planning needs no backend module;
# tests/test_signature.py fails should the two part.
_QUANTISATION = {
    "transformers": {"default": "fp32", "float32": "fp32", "int8": "int8"},
    "ctranslate2": {"default": "int8"},
}
_LABEL = {"transformers": "transformers", "ctranslate2": "ct2"}


def _backend_label(backend: str, quantize: str) -> str:
    return f"{_LABEL[backend]}-{_QUANTISATION[backend].get(quantize, quantize)}"
