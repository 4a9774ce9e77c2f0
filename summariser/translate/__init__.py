"""Translation backends behind one small protocol, loaded lazily from a registry.

torch, transformers and ctranslate2 are imported inside the backend modules on first use, so
`summariser --help` and the review/export commands start without them.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import math
import os
import socket
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterator, Protocol, Sequence
from urllib.parse import urlparse

from ..errors import BackendUnavailable, ModelLoadError
from ..settings import TranslateSettings

Progress = Callable[[int], None]
# One-line messages about slow one-off work (a model conversion), for the front end to show.
Notice = Callable[[str], None]
HUB_PROBE_SECONDS = 3.0
FINGERPRINT_BYTES = 1 << 20
MARIAN_FILES = (
    ("config.json",),
    ("model.safetensors", "pytorch_model.bin"),
    ("source.spm",),
    ("target.spm",),
    ("vocab.json",),
)

# Backend name -> "module:Class" (relative to this package) and the pip extra that provides it.
REGISTRY: dict[str, tuple[str, str]] = {
    "transformers": ("marian:MarianTranslator", "summariser"),
    "ctranslate2": ("ct2:CT2Translator", "summariser[ct2]"),
}


class Translator(Protocol):
    def signature(self) -> str:
        """What ran: model, revision, backend and decoding settings (keys the cache)."""

    def count_tokens(self, text: str) -> int:
        """Source tokens the model sees for `text`, end-of-sentence marker included."""

    def translate(self, texts: Sequence[str], on_progress: Progress | None = None) -> list[str]:
        """One English text per input text, in order. `on_progress(n)` after n more are done."""


def resolve_backend(settings: TranslateSettings) -> TranslateSettings:
    """`auto` made concrete: ctranslate2 where it is installed (int8: 3-4x as fast, a third
    of the memory), else transformers. Looked up without importing either."""
    if settings.backend != "auto":
        return settings
    found = importlib.util.find_spec("ctranslate2") is not None
    return replace(settings, backend="ctranslate2" if found else "transformers")


def load_translator(settings: TranslateSettings, cache_dir: Path | None = None,
                    on_notice: Notice | None = None) -> Translator:
    """The backend `settings.backend` names (`auto` resolved); `cache_dir` keeps what a backend
    derives once (ctranslate2's converted model), and `on_notice` hears about that work."""
    settings = resolve_backend(settings)
    module_name, _, class_name = REGISTRY[settings.backend][0].partition(":")
    module = importlib.import_module(f"{__name__}.{module_name}")
    return getattr(module, class_name).load(settings, cache_dir=cache_dir, on_notice=on_notice)


def backend_unavailable(backend: str, missing: str) -> BackendUnavailable:
    extra = REGISTRY[backend][1]
    return BackendUnavailable(
        f"the {backend} backend needs the package {missing!r}, which is not installed",
        hint=f"install it with: pip install '{extra}'  (or use --backend transformers)",
    )


@dataclass(frozen=True, slots=True)
class ModelRef:
    """A model given as a hub id or a local folder."""

    spec: str

    @property
    def path(self) -> Path | None:
        path = Path(self.spec).expanduser()
        return path if path.exists() else None

    @property
    def looks_local(self) -> bool:
        return self.spec.startswith((".", "/", "~")) or os.sep in self.spec.strip("/").split("/", 2)[-1]

    def name(self) -> str:
        return self.path.name if self.path else self.spec

    def fingerprint(self, revision: str | None = None) -> str:
        """A short hash that changes when the model's files change (local) or revision (hub)."""
        if self.path is None:
            return revision or "hub"
        digest = hashlib.sha256()
        for file in sorted(self.path.iterdir()):
            if file.is_file():
                size = file.stat().st_size
                digest.update(f"{file.name}:{size}".encode())
                with file.open("rb") as handle:
                    # Small files whole; of weights, the head and tail, which differ between
                    # two fine-tunings of one architecture, without reading hundreds of MB.
                    digest.update(handle.read(FINGERPRINT_BYTES))
                    if size > 2 * FINGERPRINT_BYTES:
                        handle.seek(-FINGERPRINT_BYTES, os.SEEK_END)
                        digest.update(handle.read())
        return digest.hexdigest()[:12]

    def hub_revision(self) -> str | None:
        """The revision the local hub cache's `main` points at (None: not cached), read without
        loading anything: what a load from that cache would use."""
        try:
            from huggingface_hub.constants import HF_HUB_CACHE

            ref = Path(HF_HUB_CACHE) / f"models--{self.spec.replace('/', '--')}" / "refs" / "main"
            return ref.read_text(encoding="utf-8").strip() or None
        except (ImportError, OSError, UnicodeDecodeError):
            return None

    def check_folder(self, required: Sequence[tuple[str, ...]]) -> None:
        """A clear message naming what is missing, before any library gives a cryptic one."""
        if self.path is None:
            raise ModelLoadError(
                f"model folder {self.spec} does not exist",
                hint="pass a folder with config.json, the weights, source.spm, target.spm and "
                "vocab.json (see models/README.md)",
            )
        if not self.path.is_dir():
            raise ModelLoadError(f"model path {self.path} is not a folder")
        missing = [" or ".join(names) for names in required
                   if not any((self.path / name).is_file() for name in names)]
        if missing:
            raise ModelLoadError(
                f"model folder {self.path} is incomplete: missing {', '.join(missing)}",
                hint="see models/README.md to prepare a model folder for offline use",
            )

    def check_reachable(self) -> None:
        """Fail in seconds, not minutes of retries, when no hub answers."""
        if os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes"):
            raise self.load_error(OSError("HF_HUB_OFFLINE is set"))
        host = urlparse(os.environ.get("HF_ENDPOINT", "https://huggingface.co")).hostname or ""
        try:
            socket.create_connection((host, 443), timeout=HUB_PROBE_SECONDS).close()
        except OSError as exc:
            raise self.load_error(OSError(f"{host} is not reachable: {exc}")) from exc

    def load_error(self, exc: BaseException) -> ModelLoadError:
        reason = " ".join(str(exc).split())[:300] or type(exc).__name__
        if self.path is not None:
            return ModelLoadError(
                f"cannot load the model folder {self.path}: {reason}",
                hint="the folder needs config.json, the weights (model.safetensors or "
                "pytorch_model.bin), source.spm, target.spm and vocab.json; "
                "see models/README.md to prepare one",
            )
        return ModelLoadError(
            f"cannot load model {self.spec!r}: it is not a local folder and no download was "
            f"possible ({reason})",
            hint="download it once where the hub is reachable (models/download.py), then pass "
            "--model PATH/TO/FOLDER or set SUMMARISER_MODEL",
        )


class MarianTokens:
    """Tokenising shared by both backends: each sees exactly the tokens the other sees."""

    tokenizer: object
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
