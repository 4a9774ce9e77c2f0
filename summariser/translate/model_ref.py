"""A model given as a local folder or a Hugging Face hub id, and the one place the hub is asked.

Every backend finds a hub model the same way: the local hub cache first, then (once) the hub
itself, failing in seconds when no hub answers. Batch planning asks the local hub cache only
(`revision`), never the hub. huggingface_hub is imported only when a hub id is used.
"""

from __future__ import annotations

import hashlib
import os
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlparse

from ..errors import ModelLoadError

HUB_PROBE_SECONDS = 3.0
FINGERPRINT_BYTES = 1 << 20

T = TypeVar("T")


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

    @property
    def is_hub(self) -> bool:
        """A hub id: no such folder here, and not written like a path either."""
        return self.path is None and not self.looks_local

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

    def revision(self) -> str | None:
        """The commit the local hub cache holds for this hub id, read without loading or
        downloading anything; None when it holds none (or this is a folder)."""
        if not self.is_hub:
            return None
        try:
            from huggingface_hub import constants

            ref = Path(constants.HF_HUB_CACHE) / f"models--{self.spec.replace('/', '--')}" / "refs" / "main"
            return ref.read_text(encoding="utf-8").strip() or None
        except (ImportError, OSError, UnicodeDecodeError):
            return None

    def from_hub(self, fetch: Callable[..., T]) -> T:
        """`fetch(local_files_only=True)` from the local hub cache; if that fails, `fetch()`
        from the hub, once a hub has answered (seconds, not minutes of retries)."""
        try:
            return fetch(local_files_only=True)
        except Exception:  # noqa: BLE001 - not cached (or incomplete): the hub is the next place to look
            self.check_reachable()
            return fetch()

    def snapshot(self, required: Sequence[tuple[str, ...]], patterns: Sequence[str] | None = None) -> Path:
        """The local hub cache's folder of this model, with one of each of `required`'s names;
        downloaded once (only the files matching `patterns`, if given) when it is not there."""
        from huggingface_hub import snapshot_download

        def fetch(local_files_only: bool = False) -> Path:
            if local_files_only:
                folder = Path(snapshot_download(self.spec, local_files_only=True))
                if not all(any((folder / name).is_file() for name in names) for names in required):
                    raise FileNotFoundError(f"{folder} lacks some of the model's files")
                return folder
            return Path(snapshot_download(self.spec, allow_patterns=list(patterns) if patterns else None))

        return self.from_hub(fetch)

    def check_folder(self, required: Sequence[tuple[str, ...]]) -> Path:
        """The folder, once it has one of each of `required`'s names; else a clear message
        naming what is missing, before any library gives a cryptic one."""
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
        return self.path

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
