"""Reading and writing result files: atomic writes, and clear errors for damaged or foreign files.

The result JSON of a release is the record of truth for it, review decisions included, so every
write goes to a temporary file in the same folder and is renamed over the old one: a kill at any
moment leaves either the old file or the new one, never half of one.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import secrets
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec

from .errors import ConflictError, OutputError, ReviewStateError
from .records import FORMAT_VERSION, PUBLISHABLE, Aligned, FaqItem, Kind, Result, Status, Summary

# A result of a long release is a few hundred kB; this bounds what a damaged file can cost.
MAX_RESULT_BYTES = 64_000_000


def write_atomic(path: Path, text: str) -> None:
    """Replace `path` with `text` so that a reader sees the old file or the new one, never half.

    Only a regular file (or nothing) is ever renamed over. A symlink is followed, so the link
    stays and its target is written; a device or pipe (`/dev/null`, `/dev/stdout`) is written
    through, since replacing it would break it for every other program. The new file gets the
    old file's mode, or the umask's default for a new one; a read-only file is refused.
    """
    try:
        st = os.stat(path)  # follows links, /proc's magic ones (/dev/stdout) included
    except FileNotFoundError:
        st = None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))
    if st is not None and not stat.S_ISREG(st.st_mode):
        _write_through(path, text)
        return
    target = Path(os.path.realpath(path))
    if st is not None and (not st.st_mode & 0o222 or not os.access(target, os.W_OK)):
        raise PermissionError(errno.EACCES, "the file is read-only; make it writable to replace it", str(path))
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    # 0o666 lets the kernel apply the umask, as for any file a program creates.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        if st is not None:
            os.fchmod(fd, stat.S_IMODE(st.st_mode))
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _write_through(target: Path, text: str) -> None:
    """Write into a device or pipe in place. A pipe nobody reads fails at once instead of hanging."""
    try:
        fd = os.open(target, os.O_WRONLY | os.O_NONBLOCK)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise OSError(errno.ENXIO, "a pipe with no reader", str(target)) from None
        raise
    os.set_blocking(fd, True)
    with os.fdopen(fd, "wb") as handle:
        handle.write(text.encode("utf-8"))


def write_stdout(text: str) -> None:
    """Write to stdout; a full disk or closed pipe becomes an `OutputError` (exit 5)."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError as exc:
        # Point stdout at /dev/null so the interpreter's own flush at exit fails no second time.
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        finally:
            os.close(devnull)
        raise OutputError(f"cannot write to standard output: {exc.strerror or exc}") from None


def result_json(result: Result) -> str:
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"


def write_output(path: Path, text: str) -> None:
    """`write_atomic` with a user-facing error instead of an OSError."""
    try:
        write_atomic(path, text)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc


def revision_of(data: bytes) -> str:
    """A result's revision: the SHA-256 of its file bytes."""
    return hashlib.sha256(data).hexdigest()


def current_revision(path: Path) -> str | None:
    """The revision of the file at `path` now, or None when there is none."""
    try:
        with open(path, "rb") as handle:
            return revision_of(handle.read(MAX_RESULT_BYTES + 1))
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ReviewStateError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def save_result(path: Path, result: Result, expected_revision: str | None = None) -> str:
    """Write `result` to `path` and return the new revision.

    With `expected_revision` (from `load_result_revision`), raise `ConflictError` instead when
    the file on disk is no longer the one that was loaded, so nobody's decision is dropped.
    """
    text = result_json(result)
    if expected_revision is not None:
        now = current_revision(path)
        if now != expected_revision:
            raise conflict(path, deleted=now is None)
    write_output(path, text)
    return revision_of(text.encode("utf-8"))


def conflict(path: Path, deleted: bool = False) -> ConflictError:
    what = "was deleted" if deleted else "changed on disk (another review, a batch run or another browser tab saved it)"
    return ConflictError(
        f"{path} {what} since it was loaded; nothing was saved",
        hint="load it again (reload the page or run the command again) and repeat the decision",
    )


def load_result(path: Path) -> Result:
    """Read a result JSON, naming the file and the problem when it cannot be used."""
    return load_result_revision(path)[0]


def load_result_revision(path: Path) -> tuple[Result, str]:
    """A result and its revision (the SHA-256 of the bytes read), for `save_result`."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_RESULT_BYTES + 1)
    except FileNotFoundError:
        raise ReviewStateError(f"{path}: no such result file") from None
    except OSError as exc:
        raise ReviewStateError(f"{path}: cannot be read ({exc})") from None
    if len(data) > MAX_RESULT_BYTES:
        raise ReviewStateError(f"{path}: over {MAX_RESULT_BYTES:,} bytes, too large for a result file")
    return parse_result(data, path), revision_of(data)


def parse_result(data: bytes, path: Path) -> Result:
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ReviewStateError(f"{path}: cannot be read ({exc})") from None
    try:
        decoded = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ReviewStateError(
            f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})",
            hint="restore the file from the batch output or re-run `summariser summarise`",
        ) from None
    check_result_dict(decoded, path)
    try:
        wire = msgspec.convert(decoded, _Wire)
    except msgspec.ValidationError as exc:
        raise ReviewStateError(
            f"{path}: not a valid summariser result: {exc}",
            hint="restore the file from the batch output or re-run `summariser summarise`",
        ) from None
    return Result(
        source_name=wire.source.name, source_sha256=wire.source.sha256, title=wire.title,
        kind=wire.kind, lang=wire.lang, sentences=wire.sentences, summary=wire.summary, faq=wire.faq,
        signature=wire.signature, doc_key=wire.doc_key, metadata=wire.metadata,
    )


@dataclass(frozen=True, slots=True)
class _WireSource:
    name: str
    sha256: str


@dataclass(frozen=True, slots=True)
class _Wire:
    """The result JSON as `Result.to_dict` writes it. The nested records are checked as they are
    typed in `records.py`, so a field added there is checked here too."""

    format_version: int
    source: _WireSource
    title: str | None
    kind: Kind
    lang: str
    signature: str
    doc_key: str
    summary: Summary
    faq: tuple[FaqItem, ...]
    sentences: tuple[Aligned, ...]
    metadata: dict[str, Any] = field(default_factory=dict)


_STATUSES = tuple(status.value for status in Status)


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
        if item["status"] not in _STATUSES:
            raise ReviewStateError(
                f"{where} has status {item['status']!r}",
                hint=f"status must be one of: {', '.join(_STATUSES)}",
            )
        if item["id"] in seen:
            raise ReviewStateError(f"{where} repeats the id {item['id']!r}")
        seen.add(item["id"])
        if item["status"] == Status.APPROVED and item.get("needs_input"):
            raise ReviewStateError(
                f"{where} ({item['id']}) is approved but still needs input",
                hint="an item the release does not answer must be edited or rejected",
            )
        if item["status"] in PUBLISHABLE and not str(item["answer"]).strip():
            raise ReviewStateError(f"{where} ({item['id']}) is {item['status']} with an empty answer")
