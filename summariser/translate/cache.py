"""A translation cache in SQLite that wraps any backend.

Keys hash the translator's signature (model, revision, backend, beams, quantisation) with the
normalised source sentence, so a cached translation is reused only where the same model and
settings would have produced it. One lookup per batch, misses translated together, inserted
in one transaction. WAL mode and a busy timeout let parallel runs share the file.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import time
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Self

from ..errors import OutputError
from .protocol import Progress, TokenCounter, Translator, token_counter

DB_NAME = "translations.sqlite"
_LOOKUP_CHUNK = 500


def normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def mt_key(signature: str, text: str) -> str:
    return hashlib.sha256(f"{signature}\n{normalise(text)}".encode()).hexdigest()


# SQLite's result codes for a damaged file: SQLITE_CORRUPT and SQLITE_NOTADB.
_CORRUPT_CODES = (11, 26)
log = logging.getLogger("summariser")


def is_corruption(exc: BaseException) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _CORRUPT_CODES
    text = str(exc).lower()
    return isinstance(exc, sqlite3.DatabaseError) and ("malformed" in text or "not a database" in text)


class TranslationCache:
    """`recovered` names where a damaged cache file was moved, when that happened on opening."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.recovered: Path | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                self._open()
            except sqlite3.DatabaseError as exc:
                if not is_corruption(exc):
                    raise
                self.recover()
        except (OSError, sqlite3.Error) as exc:
            raise OutputError(
                f"cannot open the translation cache {path}: {exc}",
                hint="point --cache at a writable folder, or use --no-cache",
            ) from exc

    def _open(self) -> None:
        self.db = sqlite3.connect(self.path, timeout=30)
        try:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute(
                "CREATE TABLE IF NOT EXISTS translations ("
                " key TEXT PRIMARY KEY, source TEXT NOT NULL, target TEXT NOT NULL,"
                " signature TEXT NOT NULL, created REAL NOT NULL)"
            )
            self.db.commit()
        except BaseException:
            self.db.close()
            raise

    def recover(self) -> Path:
        """Move the damaged file (and its journal) aside, start an empty cache, and say so.

        A cache only saves time, so losing it is better than stopping every German release;
        the old file is kept for anyone who wants to look at it.
        """
        try:
            self.db.close()
        except (AttributeError, sqlite3.Error):
            pass
        stamp = time.strftime("%Y%m%dT%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        os.replace(self.path, aside)
        for suffix in ("-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        self._open()
        self.recovered = aside
        log.warning("Warning: the translation cache %s was damaged; moved it to %s and started an empty one",
                    self.path, aside)
        return aside

    def check(self) -> bool:
        """A full page check (slow on a large file: for `cache info`, not for every run)."""
        try:
            rows = self.db.execute("PRAGMA quick_check").fetchall()
        except sqlite3.DatabaseError as exc:
            if is_corruption(exc):
                return False
            raise
        return rows == [("ok",)]

    def get_many(self, keys: Sequence[str]) -> dict[str, str]:
        try:
            return self._get_many(keys)
        except sqlite3.DatabaseError as exc:
            if not is_corruption(exc):
                raise
            self.recover()  # damage in a page the open did not touch: nothing is known
            return {}

    def _get_many(self, keys: Sequence[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for start in range(0, len(keys), _LOOKUP_CHUNK):
            chunk = keys[start : start + _LOOKUP_CHUNK]
            marks = ",".join("?" * len(chunk))
            found.update(self.db.execute(f"SELECT key, target FROM translations WHERE key IN ({marks})", chunk))
        return found

    def put_many(self, rows: Sequence[tuple[str, str, str, str]]) -> None:
        try:
            self._put_many(rows)
        except sqlite3.DatabaseError as exc:
            if not is_corruption(exc):
                raise
            self.recover()
            self._put_many(rows)

    def _put_many(self, rows: Sequence[tuple[str, str, str, str]]) -> None:
        now = time.time()
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO translations (key, source, target, signature, created) VALUES (?, ?, ?, ?, ?)",
                [(*row, now) for row in rows],
            )

    def count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM translations").fetchone()[0]

    def clear(self) -> int:
        try:
            with self.db:
                removed = self.db.execute("DELETE FROM translations").rowcount
            self.db.execute("VACUUM")
        except sqlite3.DatabaseError as exc:
            if not is_corruption(exc):
                raise
            self.recover()
            return 0
        return removed

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


class CachedTranslator:
    """Same protocol as the backend it wraps; repeated sentences are translated once."""

    def __init__(self, inner: Translator, cache: TranslationCache) -> None:
        self.inner = inner
        self.cache = cache
        self.hits = 0
        self.misses = 0

    def signature(self) -> str:
        return self.inner.signature()

    @property
    def count_tokens(self) -> TokenCounter | None:
        """The wrapped backend's token counter, where it has one."""
        return token_counter(self.inner)

    def translate(self, texts: Sequence[str], on_progress: Progress | None = None) -> list[str]:
        signature = self.inner.signature()
        keys = [mt_key(signature, t) for t in texts]
        known = self.cache.get_many(list(dict.fromkeys(keys)))
        todo: dict[str, str] = {}
        for key, text in zip(keys, texts, strict=True):
            if key not in known:
                todo.setdefault(key, normalise(text))
        self.misses += len(todo)
        self.hits += len(texts) - sum(1 for k in keys if k in todo)
        if on_progress and len(texts) > len(todo):
            on_progress(len(texts) - len(todo))
        if todo:
            todo_keys = list(todo)
            outputs = self.inner.translate([todo[k] for k in todo_keys], on_progress)
            if len(outputs) != len(todo_keys):
                # Stored misaligned, every later run would reuse the wrong translations.
                raise ValueError(f"the translator returned {len(outputs)} translations for {len(todo_keys)} sentences")
            self.cache.put_many([(k, todo[k], out, signature) for k, out in zip(todo_keys, outputs, strict=True)])
            known.update(zip(todo_keys, outputs, strict=True))
        return [known[k] for k in keys]

