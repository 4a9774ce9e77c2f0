"""The fast backend: the same Marian model run by CTranslate2 (int8 by default).

The model folder (or hub model) is converted once with CTranslate2's own converter and kept in
`<cache>/ct2/<model>-<fingerprint>-<quantization>/`. A conversion is written to a temporary
folder and renamed into place only when complete, so an interrupted one is never loaded.

Tokenisation and decoding give exactly the model's own `MarianTokenizer`'s tokens and text, with
SentencePiece alone (`pieces.py`: transformers is not imported on this path), and sentences are grouped
and length-limited exactly as in the transformers backend, so both backends see the same tokens
and return the same aligned texts (identical for greedy float32 decoding). `threads` single-threaded
workers (one per core by default) translate parts of the batches in parallel.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import time
import uuid
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import ModelLoadError, SettingsError
from ..settings import TranslateSettings, default_cache_dir
from .marian_common import MARIAN_FILES, new_token_limits, set_threads, token_batches
from .model_ref import ModelRef
from .pieces import MarianPieces, read_json
from .protocol import Notice, Progress
from .registry import CTRANSLATE2, backend_unavailable
from .signature import describe

DEFAULT_QUANTIZATION = "int8"
QUANTIZATIONS = tuple(q for q in CTRANSLATE2.quantize if q != "default")
MARKER = "summariser-ct2.json"  # written last, inside the temporary folder, before the rename
STALE_TMP_SECONDS = 6 * 3600
# One single-threaded worker per core, each on its own part of a batch: on 2 cores this is about
# 1.7x as fast with int8 as one worker with 2 threads, whose threads wait on each other at every
# step. An int8 worker is about as fast per sentence on 4 sentences at a time as on 64, so its
# parts stay small (earlier first output, less memory); float weights need larger parts to
# amortise reading them at each step. (benchmarks/translate.py, 2-core Xeon, opus-mt size.)
PART_ROWS = {"int8": 4, "int8_float32": 4, "int16": 16, "float32": 16}
# What a hub download for this backend needs: the Marian files plus the configs the converter reads.
HUB_PATTERNS = ("config.json", "generation_config.json", "tokenizer_config.json",
                "special_tokens_map.json", "model.safetensors", "source.spm", "target.spm",
                "vocab.json")


def resolve_quantization(value: str) -> str:
    if value == "default":
        return DEFAULT_QUANTIZATION
    if value not in QUANTIZATIONS:
        raise SettingsError(
            f"quantize {value!r} is not available for the ctranslate2 backend",
            hint=f"choose one of: default ({DEFAULT_QUANTIZATION}), {', '.join(QUANTIZATIONS)}",
        )
    return value


@dataclass(frozen=True, slots=True)
class SourceModel:
    """A Marian model resolved to a local folder: the given folder or a hub cache snapshot."""

    ref: ModelRef
    folder: Path
    revision: str | None = None

    @property
    def fingerprint(self) -> str:
        return self.ref.fingerprint(self.revision)

    @property
    def key(self) -> str:
        """Names the converted folder: model name, fingerprint (no path separators)."""
        return f"{self.ref.name().replace('/', '--')}-{self.fingerprint}"


def resolve_source(spec: str) -> SourceModel:
    ref = ModelRef(spec)
    if not ref.is_hub:
        return SourceModel(ref, ref.check_folder(MARIAN_FILES))
    try:
        folder = ref.snapshot(MARIAN_FILES, HUB_PATTERNS)
    except ModelLoadError:
        raise
    except Exception as exc:  # noqa: BLE001 - every loading failure becomes one message
        raise ref.load_error(exc) from exc
    ModelRef(str(folder)).check_folder(MARIAN_FILES)
    return SourceModel(ref, folder, revision=folder.name)


def import_ctranslate2():
    try:
        import ctranslate2
    except ImportError as exc:
        raise backend_unavailable("ctranslate2", "ctranslate2") from exc
    return ctranslate2


def ensure_converted(source: SourceModel, quantization: str, cache_dir: Path | None = None,
                     on_notice: Notice | None = None) -> Path:
    """The converted model folder for `source` at `quantization`, converting it once if needed.

    A conversion takes a while (seconds for opus-mt size, loading torch and the weights), so
    `on_notice` hears where it writes before it starts and how long it took when done.
    """
    ctranslate2 = import_ctranslate2()
    root = (cache_dir or default_cache_dir()) / "ct2"
    target = root / f"{source.key}-{quantization}"
    if (target / MARKER).is_file() and (target / "model.bin").is_file():
        return target
    if target.exists() and not (target / MARKER).is_file():
        _remove(target)  # not written by this code (ours are renamed in whole): never trust it
    root.mkdir(parents=True, exist_ok=True)
    _remove_stale_tmp(root, target.name)
    tmp = root / f".{target.name}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    notice = on_notice or (lambda message: None)
    notice(f"Converting {source.ref.name()} to CTranslate2 {quantization} (first use only) into {target} ...")
    started = time.perf_counter()
    try:
        from ctranslate2.converters import TransformersConverter
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            TransformersConverter(str(source.folder)).convert(
                str(tmp), quantization=quantization, force=True
            )
        marker = {
            "source": str(source.ref.spec),
            "folder": str(source.folder),
            "fingerprint": source.fingerprint,
            "quantization": quantization,
            "ctranslate2": getattr(ctranslate2, "__version__", "?"),
            "converted_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
        (tmp / MARKER).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")
    except BaseException as exc:
        _remove(tmp)
        if isinstance(exc, Exception):
            raise source.ref.load_error(exc) from exc
        raise
    try:
        os.rename(tmp, target)
    except OSError:
        # Another process finished the same conversion first: use theirs.
        _remove(tmp)
        if not (target / MARKER).is_file():
            raise
    size = sum(f.stat().st_size for f in target.iterdir() if f.is_file())
    notice(f"Converted in {time.perf_counter() - started:.0f} s ({size / 1e6:.0f} MB); "
           "later runs load it from there.")
    return target


def _remove(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def _remove_stale_tmp(root: Path, name: str) -> None:
    """Delete leftovers of interrupted conversions of `name` (dead process or very old)."""
    for tmp in root.glob(f".{name}.tmp-*"):
        pid_text = tmp.name.rsplit(".tmp-", 1)[-1].split("-", 1)[0]
        try:
            pid = int(pid_text) if pid_text.isdigit() else 0
            alive = pid > 0 and pid != os.getpid() and _pid_alive(pid)
            if not alive or time.time() - tmp.stat().st_mtime > STALE_TMP_SECONDS:
                _remove(tmp)
        except OSError:
            continue


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class CT2Translator:
    def __init__(self, translator, tokenizer: MarianPieces, settings: TranslateSettings, source: SourceModel,
                 quantization: str, model_dir: Path) -> None:
        self.translator = translator
        self.tokenizer = tokenizer
        self.settings = settings
        self.source = source
        self.quantization = quantization
        self.model_dir = model_dir
        self.workers = max(1, int(getattr(translator, "num_translators", 1)))
        config = read_json(source.folder / "config.json")
        generation = read_json(source.folder / "generation_config.json")
        # transformers forces </s> as the last of max_new_tokens; CTranslate2 just stops. One
        # token less here gives both backends the same words for the same limit.
        forced = generation.get("forced_eos_token_id", config.get("forced_eos_token_id"))
        self._forced_eos = forced is not None
        # Worked out once (a folder's fingerprint reads its files): it is asked for per batch.
        self._signature = describe(source.ref, source.revision, "ctranslate2", quantization, settings.beams)

    @classmethod
    def load(cls, settings: TranslateSettings, cache_dir: Path | None = None,
             on_notice: Notice | None = None) -> CT2Translator:
        """`cache_dir` holds the converted models under ct2/ (default: the user cache folder)."""
        ctranslate2 = import_ctranslate2()
        quantization = resolve_quantization(settings.quantize)
        source = resolve_source(settings.model)
        config = read_json(source.folder / "config.json")
        try:
            tokenizer = MarianPieces(source.folder, int(config.get("max_position_embeddings") or 512))
        except Exception as exc:  # noqa: BLE001
            raise source.ref.load_error(exc) from exc
        model_dir = ensure_converted(source, quantization, cache_dir, on_notice)
        try:
            translator = ctranslate2.Translator(
                str(model_dir), device="cpu", compute_type="default",
                inter_threads=set_threads(settings.threads), intra_threads=1,
                max_queued_batches=-1,  # queue every part at once, without blocking
            )
        except Exception as exc:  # noqa: BLE001
            reason = " ".join(str(exc).split())[:300] or type(exc).__name__
            raise ModelLoadError(
                f"cannot load the converted CTranslate2 model {model_dir}: {reason}",
                hint=f"delete {model_dir} and run again to convert the model afresh",
            ) from exc
        return cls(translator, tokenizer, settings, source, quantization, model_dir)

    @property
    def max_positions(self) -> int:
        return self.tokenizer.max_positions

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer.encode(text))

    def encode(self, texts: Sequence[str]) -> list[list[int]]:
        return [self.tokenizer.encode(text) for text in texts]

    def signature(self) -> str:
        return self._signature

    def translate(self, texts: Sequence[str], on_progress: Progress | None = None) -> list[str]:
        if not texts:
            return []
        encoded = self.encode(texts)
        lengths = [len(ids) for ids in encoded]
        # The same token batches as the transformers backend, so each sentence gets the same
        # length limit; each is cut into parts for the workers, all queued at once.
        jobs = []
        for batch in token_batches(lengths, self.settings.batch_tokens):
            limits = self._length_args(max(lengths[i] for i in batch))
            for part in _parts(batch, self.workers, PART_ROWS[self.quantization]):
                jobs.append((part, self.translator.translate_batch(
                    [self.tokenizer.tokens(encoded[i]) for i in part],
                    beam_size=self.settings.beams,
                    num_hypotheses=1,
                    max_input_length=0,  # already truncated like the transformers backend
                    asynchronous=True,
                    **limits,
                )))
        out: list[str] = [""] * len(texts)
        for part, pending in jobs:
            for index, result in zip(part, pending, strict=True):
                out[index] = self.tokenizer.decode(result.result().hypotheses[0])
            if on_progress:
                on_progress(len(part))
        return out

    def _length_args(self, longest: int) -> dict[str, int]:
        """The transformers backend's limits (new tokens, </s> included) in CTranslate2's terms."""
        fewest, most = new_token_limits(longest, self.settings, self.max_positions)
        limits = {"max_decoding_length": self._tokens(most)}
        if fewest:
            limits["min_decoding_length"] = self._tokens(fewest)
        return limits

    def _tokens(self, new_tokens: int) -> int:
        return max(1, new_tokens - 1) if self._forced_eos else new_tokens


def _parts(batch: list[int], workers: int, rows: int) -> list[list[int]]:
    """Cut a batch into parts of at most `rows` sentences, and into at least one part per
    worker, so that every worker has something to translate even for a short release."""
    count = min(len(batch), max(math.ceil(len(batch) / rows), workers))
    size, extra = divmod(len(batch), count)
    parts, start = [], 0
    for n in range(count):
        end = start + size + (n < extra)
        parts.append(batch[start:end])
        start = end
    return parts

