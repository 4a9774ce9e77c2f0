"""Reading and writing result files: atomic writes, and clear errors for damaged or foreign files.

The result JSON of a release is the record of truth for it, review decisions included, so every
write goes to a temporary file in the same folder and is renamed over the old one: a kill at any
moment leaves either the old file or the new one, never half of one.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from .errors import ConflictError, OutputError, ReviewStateError
from .records import FAQ_STATUSES, FORMAT_VERSION, Result


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def result_json(result: Result) -> str:
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"


def write_output(path: Path, text: str) -> None:
    """`write_atomic` with a user-facing error instead of an OSError."""
    try:
        write_atomic(path, text)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc


def revision_of(data: bytes) -> str:
    """The revision of a result file: the sha256 of its bytes, so any change by anyone shows."""
    return hashlib.sha256(data).hexdigest()


def current_revision(path: Path) -> str | None:
    """The revision of the file on disk now, or None when there is no file."""
    try:
        return revision_of(path.read_bytes())
    except FileNotFoundError:
        return None


def save_result(path: Path, result: Result, expected_revision: str | None = None) -> str:
    """Write `result` atomically and return its new revision.

    With `expected_revision` (the revision the caller loaded), refuse with `ConflictError` when
    the file on disk is no longer that revision, so a concurrent change is never overwritten.
    """
    if expected_revision is not None and current_revision(path) != expected_revision:
        raise conflict(path)
    text = result_json(result)
    write_output(path, text)
    return revision_of(text.encode("utf-8"))


def conflict(path: Path) -> ConflictError:
    return ConflictError(
        f"{path}: changed on disk since it was loaded (another review, a batch run or another "
        "browser tab saved it); this decision was not saved",
        hint="reload the release and decide again",
    )


def load_result(path: Path) -> Result:
    """Read a result JSON, naming the file and the problem when it cannot be used."""
    return load_with_revision(path)[0]


def load_with_revision(path: Path) -> tuple[Result, str]:
    """`load_result` and the revision of the bytes it read (for `save_result`)."""
    try:
        blob = path.read_bytes()
        raw = blob.decode("utf-8")
    except FileNotFoundError:
        raise ReviewStateError(f"{path}: no such result file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ReviewStateError(f"{path}: cannot be read ({exc})") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ReviewStateError(
            f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})",
            hint="restore the file from the batch output or re-run `summariser summarise`",
        ) from None
    check_result_dict(data, path)
    try:
        return Result.from_dict(data), revision_of(blob)
    except (KeyError, TypeError, ValueError) as exc:
        raise ReviewStateError(f"{path}: not a summariser result ({exc})") from None


def check_result_dict(data: Any, path: Path) -> None:
    if not isinstance(data, dict) or "format_version" not in data:
        raise ReviewStateError(f"{path}: not a summariser result (no format_version)")
    version = data["format_version"]
    if version != FORMAT_VERSION:
        newer = isinstance(version, int) and version > FORMAT_VERSION
        raise ReviewStateError(
            f"{path}: result format version {version!r} is not supported "
            f"(this summariser reads version {FORMAT_VERSION})",
            hint="upgrade summariser" if newer else "re-run `summariser summarise` on the release",
        )
    faq = data.get("faq")
    if not isinstance(faq, list):
        raise ReviewStateError(f"{path}: 'faq' must be a list")
    seen: set[str] = set()
    for position, item in enumerate(faq, 1):
        where = f"{path}: FAQ item {position}"
        if not isinstance(item, dict):
            raise ReviewStateError(f"{where} is not an object")
        for key in ("id", "question", "answer", "status", "evidence"):
            if key not in item:
                raise ReviewStateError(f"{where} has no {key!r}")
        if item["status"] not in FAQ_STATUSES:
            raise ReviewStateError(
                f"{where} has status {item['status']!r}",
                hint=f"status must be one of: {', '.join(FAQ_STATUSES)}",
            )
        if item["id"] in seen:
            raise ReviewStateError(f"{where} repeats the id {item['id']!r}")
        seen.add(item["id"])
        if item["status"] == "approved" and item.get("needs_input"):
            raise ReviewStateError(
                f"{where} ({item['id']}) is approved but still needs input",
                hint="an item the release does not answer must be edited or rejected",
            )
        if item["status"] in ("approved", "edited") and not str(item["answer"]).strip():
            raise ReviewStateError(f"{where} ({item['id']}) is {item['status']} with an empty answer")
