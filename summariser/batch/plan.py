"""Which releases a batch run makes again, decided from the result files alone.

A release is left as it is when its `NAME.json` loads, its `source_sha256` is the SHA-256 of
the input bytes, and its `doc_key` is the one this run would give it
(`pipeline.doc_key(sha256, full_signature(settings, translator signature))`). The translator
signature is planned from the settings and the model's files (`translate.signature`), so a
re-run of a finished folder loads no model. English releases carry `mt:none` in place of it.
Results a reviewer has worked on (any FAQ item not `draft`) are never remade without `force`;
neither is a result JSON that cannot be read.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, ReviewStateError
from ..ingest import read_bounded
from ..pipeline import doc_key, full_signature
from ..records import Result
from ..render import markdown
from ..settings import Settings
from ..store import load_result, write_atomic
from ..translate.registry import planned_signature


def is_current(existing: Result, source_sha256: str, settings: Settings, mt_signature: str | None) -> bool:
    """Whether `existing` is what this run would make of a source with `source_sha256`.
    `mt_signature`: the translator's (None: not known, so no translated result is current)."""
    if existing.source_sha256 != source_sha256:
        return False
    mt = "mt:none" if existing.signature.startswith("mt:none|") else mt_signature
    return mt is not None and doc_key(source_sha256, full_signature(settings, mt)) == existing.doc_key


@dataclass(frozen=True, slots=True)
class Settled:
    """A release not made again: its row's status and reason, the result on disk if it counts,
    and that result's JSON path."""

    status: str
    reason: str
    existing: Result | None = None
    output: Path | None = None


class Planner:
    """Settles the releases of one run; the translator signature is planned once, on first need."""

    def __init__(self, settings: Settings, force: bool) -> None:
        self.settings = settings
        self.force = force
        self._mt: tuple[str | None] | None = None

    def mt_signature(self) -> str | None:
        if self._mt is None:
            try:
                self._mt = (planned_signature(self.settings.translate),)
            except OSError:  # a model folder that cannot be read: its results are made again
                self._mt = (None,)
        return self._mt[0]

    def settle(self, source: Path, out: Path) -> Settled | None:
        """Why the release at `source` (result stem `out`) is not made again, or None."""
        json_path = out.with_name(out.name + ".json")
        if self.force or not json_path.exists():
            return None
        try:
            existing = load_result(json_path)
        except ReviewStateError as exc:
            return Settled("failed", f"the existing result cannot be used ({exc.message}); "
                           "move it away or use --force to overwrite it", output=json_path)
        if self.current(source, existing):
            md_path = out.with_name(out.name + ".md")
            try:
                if not md_path.exists():  # the JSON is the record; the Markdown is made from it
                    write_atomic(md_path, markdown(existing))
            except OSError as exc:
                return Settled("failed", f"cannot write {md_path.name}: {exc.strerror or exc}")
            return Settled("skipped", "up to date", existing, json_path)
        decided = sum(1 for item in existing.faq if item.decided)
        if decided:
            return Settled("skipped", f"reviewed: {decided} decision{'s' * (decided != 1)}; "
                           "use --force to overwrite", existing, json_path)
        return None

    def current(self, source: Path, existing: Result) -> bool:
        if not existing.signature.endswith(full_signature(self.settings, "")):
            return False  # other settings, rules or version: the source need not be read
        try:
            data = read_bounded(source, self.settings.max_input_bytes, regular_only=True)
        except InputError:
            return False
        mt = None if existing.signature.startswith("mt:none|") else self.mt_signature()
        return is_current(existing, hashlib.sha256(data).hexdigest(), self.settings, mt)
