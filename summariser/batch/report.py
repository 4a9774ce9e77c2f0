"""What a batch run tells: `Event`s as it goes, a `DocReport` per release, the `RunReport`
(written to `OUT/report.json` after every group and at the end)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..errors import OutputError, SummariserError
from ..records import MESSAGE_SECTIONS, Result
from ..store import write_atomic

REPORT_NAME = "report.json"
REPORT_VERSION = 1
STATUSES = ("ok", "skipped", "failed")


@dataclass(frozen=True, slots=True)
class DocReport:
    """The outcome for one release. `path` is relative to the input folder.

    `words`: source words of the title and body; `seconds`: reading, preparing and writing
    this release plus its share (by sentence count) of its group's translation time;
    `flags`: faithfulness flags on summary lines and FAQ answers; `needs_input`: FAQ items the
    release does not answer.
    """

    path: str
    status: str
    reason: str = ""
    words: int = 0
    seconds: float = 0.0
    flags: int = 0
    needs_input: int = 0
    doc_key: str | None = None
    output: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "seconds": round(self.seconds, 3)}


@dataclass(frozen=True, slots=True)
class RunReport:
    input_dir: str
    out_dir: str
    docs: tuple[DocReport, ...]
    seconds: float
    sentences: int = 0
    translator: str | None = None
    cache_hits: int = 0
    cache_misses: int = 0
    interrupted: bool = False
    finished_at: str = ""
    # Set when the whole run stopped (model missing, output unwritable, Ctrl-C): its exit code.
    error: str | None = None
    error_code: int = 0

    def with_status(self, status: str) -> tuple[DocReport, ...]:
        return tuple(d for d in self.docs if d.status == status)

    @property
    def ok(self) -> tuple[DocReport, ...]:
        return self.with_status("ok")

    @property
    def skipped(self) -> tuple[DocReport, ...]:
        return self.with_status("skipped")

    @property
    def failed(self) -> tuple[DocReport, ...]:
        return self.with_status("failed")

    @property
    def exit_code(self) -> int:
        """The stopped run's own code; else 0: nothing failed; 3: every release failed; 1: some failed."""
        if self.error_code:
            return self.error_code
        if not self.failed:
            return 0
        return 3 if len(self.failed) == len(self.docs) else 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "report_version": REPORT_VERSION,
            "input": self.input_dir,
            "output": self.out_dir,
            "finished_at": self.finished_at,
            "interrupted": self.interrupted,
            "seconds": round(self.seconds, 3),
            "translator": self.translator,
            "sentences_translated": self.sentences,
            "cache": {"hits": self.cache_hits, "misses": self.cache_misses},
            "totals": {status: len(self.with_status(status)) for status in STATUSES},
            "exit_code": self.exit_code,
            "error": self.error,
            "releases": [d.to_dict() for d in self.docs],
        }


@dataclass(frozen=True, slots=True)
class Event:
    """Progress for a front end.

    `start` (count: releases found), `load` (the model is being loaded), `notice` (message:
    one-off work while it loads, such as a model conversion), `translate` (count:
    sentences a group is about to translate), `translated` (count: n more sentences done),
    `done` (doc: one release finished, whatever its status), `end` (report).
    """

    kind: str
    count: int = 0
    message: str = ""
    doc: DocReport | None = None
    report: RunReport | None = None


OnEvent = Callable[[Event], None]


@dataclass(slots=True)
class Tally:
    """What an executor tells the driver as it goes: events for the front end, and the
    translator and counts the report names."""

    on_event: OnEvent
    sentences: int = 0
    translator: str | None = None  # the signature of the translator that ran, once one did
    cache_hits: int = 0
    cache_misses: int = 0

    def notice(self, message: str) -> None:
        self.on_event(Event("notice", message=message))

    def translating(self, sentences: int) -> None:
        self.sentences += sentences
        self.on_event(Event("translate", sentences))

    def translated(self, sentences: int) -> None:
        self.on_event(Event("translated", sentences))


def result_stats(result: Result) -> dict[str, int]:
    words = sum(len(s.de.split()) for s in result.sentences if s.section in MESSAGE_SECTIONS)
    flags = sum(len(line.flags) for line in result.summary.lines) + sum(len(i.flags) for i in result.faq)
    return {"words": words, "flags": flags, "needs_input": sum(1 for i in result.faq if i.needs_input)}


def write_report(out_dir: Path, report: RunReport) -> None:
    try:
        write_atomic(out_dir / REPORT_NAME, json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
    except OSError as exc:
        raise OutputError(f"cannot write {out_dir / REPORT_NAME}: {exc.strerror or exc}") from exc


def error_text(error: BaseException | None) -> str | None:
    if error is None:
        return None
    if isinstance(error, SummariserError):
        return error.message
    if isinstance(error, KeyboardInterrupt):
        return "interrupted"
    return f"{type(error).__name__}: {error}"


def error_code(error: BaseException | None) -> int:
    """The exit code the CLI gives for the error that stopped the run (see `cli.root._Group`)."""
    if error is None:
        return 0
    if isinstance(error, SummariserError):
        return error.exit_code
    return 130 if isinstance(error, KeyboardInterrupt) else 70
