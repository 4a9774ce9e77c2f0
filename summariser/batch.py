"""Batch: a folder of releases in, one result per release out, a run report, resume.

How a run goes:

1. The input folder is listed, then the output folder is created and probed with a throwaway
   file, before any release is read or any model loaded: an unwritable folder fails in a
   second, not after the model has loaded.
2. Releases (`.txt`, `.md`, `.html`, `.htm` under the input folder, recursively, hidden files
   and the output folder left out) are taken in sorted order and gathered into groups of up
   to `group_releases` releases or `group_sentences` sentences. The German sentences of a
   group are translated in one call, so the translator's length-sorted batches span releases
   (`pipeline.translate_all`); each group's results are written as soon as it is finished,
   which is the granularity of resume.
3. Each result is written to `OUT/<same sub-folder>/NAME.md` and `NAME.json` (atomically, the
   JSON last: the JSON is the record of truth and the thing resume looks at).

Resume: a release is skipped as up to date when its `NAME.json` loads, its `source_sha256`
is the SHA-256 of the input bytes, and its `doc_key` equals the one this run would give it
(`pipeline.doc_key(sha256, full_signature(settings, translator signature))`). The translator
signature (model, revision or folder hash, backend, beams) is only known for certain once the
model is loaded, so the signature a given translate configuration produced is remembered in
`OUT/.summariser/state.json`, keyed by a hash of the model spec (plus the folder fingerprint for
a local folder, or the hub cache's revision for a hub id) and the translate settings. With that
memo an up-to-date re-run checks every release without loading the model; without it (first
run into an old folder, or the memo deleted) the model is loaded once to decide. English
releases need no translator at all: their results carry `mt:none` in the signature. Results
whose settings part of the signature already differs are redone without asking the model.

Results a reviewer has worked on (any FAQ item not `draft`) are never overwritten without
`force`; neither is a result JSON that cannot be read. `force` redoes every release.

Nothing here prints: progress leaves as `Event`s through `on_event`, and the outcome is a
`RunReport` (also written to `OUT/report.json` after every group and at the end).

Where the releases to do are prepared, translated and finished is an `Executor`'s business:
`LocalExecutor` in this process (the default), `batch_ray.RayExecutor` on Ray workers. Listing,
planning (what is current), writing, events and the report stay here for both.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
import time
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any, Callable, ContextManager, Iterable, Iterator, Protocol, TypeVar

from .errors import InputError, OutputError, ReviewStateError, SummariserError
from .ingest import HTML_SUFFIXES, TEXT_SUFFIXES, read_bounded, read_path
from .pipeline import Prepared, doc_key, finish, full_signature, measure_with, prepare, translate_all
from .records import Result
from .render import markdown
from .settings import Settings
from .store import current_revision, load_result, load_result_revision, save_result, write_atomic
from .translate import ModelRef, Translator, resolve_backend, token_counter

SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES
REPORT_NAME = "report.json"
STATE_DIR = ".summariser"
STATE_NAME = "state.json"
REPORT_VERSION = 1
STATUSES = ("ok", "skipped", "failed")
# A group is translated together and written when it is done. Larger groups batch better;
# smaller ones lose less to an interruption. 32 releases of ~25 sentences make ~40 full batches.
GROUP_RELEASES = 32
GROUP_SENTENCES = 1000


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


# ------------------------------------------------------------------------------- folders

def check_output(out_dir: Path) -> None:
    """Create `out_dir` and prove it is writable, or raise a clear `OutputError`."""
    hint = "choose a folder you can write to with -o/--output"
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the output folder {out_dir}: {exc.strerror or exc}", hint=hint) from None
    if not out_dir.is_dir():
        raise OutputError(f"the output path {out_dir} is not a folder", hint=hint)
    try:
        fd, probe = tempfile.mkstemp(prefix=".probe-", dir=out_dir)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise OutputError(f"cannot write to the output folder {out_dir}: {exc.strerror or exc}", hint=hint) from None


@dataclass(frozen=True, slots=True)
class Listing:
    """Release files to read, and report rows (path, status, reason) for what cannot be read:
    folders that cannot be listed, pipes and devices, links that leave the input folder."""

    releases: list[Path]
    rows: list[tuple[Path, str, str]]


def find_releases(input_dir: Path, out_dir: Path | None = None, glob: str | None = None) -> list[Path]:
    """Release files under `input_dir`, sorted, relative to it (see `scan_releases`)."""
    return scan_releases(input_dir, out_dir, glob).releases


def scan_releases(input_dir: Path, out_dir: Path | None = None, glob: str | None = None,
                  follow_links: bool = False) -> Listing:
    """Release files under `input_dir`, sorted, relative to it.

    Hidden files and folders and anything inside `out_dir` (when it lies inside `input_dir`)
    are left out. `glob` is matched against the path relative to `input_dir` in `/` form,
    where `*` also crosses folders: `*.html`, `2024/*`, `*/pressemitteilungen/*.txt`.
    Only regular files are read: a pipe would block the run and a device never ends. A link
    to a file outside `input_dir` is not followed unless `follow_links`, so a link to
    `/etc/passwd` does not end up in the output.
    """
    if not input_dir.exists():
        raise InputError(f"{input_dir}: no such folder")
    if not input_dir.is_dir():
        raise InputError(f"{input_dir} is not a folder", hint="use `summariser summarise` for one file")
    skip = out_dir.resolve() if out_dir is not None else None
    root = input_dir.resolve()
    found: list[Path] = []
    rows: list[tuple[Path, str, str]] = []

    def unreadable(exc: OSError) -> None:
        relative = Path(exc.filename).relative_to(input_dir) if exc.filename else Path(".")
        rows.append((relative, "failed", f"folder cannot be read: {exc.strerror or exc}"))

    for folder, dirs, files in os.walk(input_dir, onerror=unreadable):
        # Hidden folders (.git, .summariser) and the output folder are not descended into.
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and Path(folder, d).resolve() != skip)
        for name in files:
            if name.startswith(".") or Path(name).suffix.lower() not in SUFFIXES:
                continue
            relative = Path(folder, name).relative_to(input_dir)
            if glob and not fnmatchcase(relative.as_posix(), glob):
                continue
            problem = _not_readable_release(Path(folder, name), root, follow_links)
            if problem:
                rows.append((relative, "skipped", problem))
            else:
                found.append(relative)
    return Listing(sorted(found, key=lambda p: p.as_posix()), sorted(rows, key=lambda r: r[0].as_posix()))


def _not_readable_release(path: Path, root: Path, follow_links: bool) -> str | None:
    """Why `path` is not read as a release, or None."""
    try:
        if path.is_symlink() and not follow_links:
            target = path.resolve()
            if not target.is_relative_to(root):
                return "a link to a file outside the input folder; use --follow-links to read it"
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "a broken link"
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    if not stat.S_ISREG(mode):
        kind = "a pipe (FIFO)" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a file"
        return f"{kind}, not a regular file"
    return None


def check_overlap(input_dir: Path, out_dir: Path, releases: list[Path]) -> None:
    """Refuse an output folder whose results would land on releases, or hide some of them.

    `-o` the input folder itself would overwrite each `NAME.md` release with its own summary;
    an output folder inside the input folder that already holds releases of its own would
    silently leave them out (the output folder is never read as input).
    """
    hint = "choose an output folder outside the input folder with -o/--output"
    source, target = input_dir.resolve(), out_dir.resolve()
    if source == target:
        raise InputError(f"the output folder {out_dir} is the input folder: results would overwrite releases", hint=hint)
    if target.is_relative_to(source) and target.is_dir() and not _made_by_us(target):
        hidden = scan_releases(target).releases
        if hidden:
            raise InputError(
                f"the output folder {out_dir} lies inside the input folder and holds {len(hidden)} "
                f"release(s) of its own (such as {hidden[0].as_posix()}), which would be left out",
                hint=hint,
            )
    inputs = {(source / rel).resolve() for rel in releases}
    for rel, stem in output_stems(releases).items():
        for suffix in (".md", ".json"):
            out = (target / stem.parent / (stem.name + suffix)).resolve()
            if out in inputs:
                raise InputError(f"the result {out} of {rel.as_posix()} would overwrite a release", hint=hint)


def _made_by_us(folder: Path) -> bool:
    return (folder / STATE_DIR).is_dir() or (folder / REPORT_NAME).is_file()


def output_stems(releases: list[Path]) -> dict[Path, Path]:
    """`sub/name.txt` -> `sub/name` (then `.md` and `.json` are added).

    Where two releases in one folder share a name (`a.txt`, `a.html`) both keep their suffix
    (`a.txt.json`, `a.html.json`), and a top-level release named `report` never takes the
    run report's place. Names that would still meet (`b.txt` beside `b.html` and `b.txt.txt`;
    or names differing only in case, one file on some file systems) get `~2`, `~3`, ...
    """
    by_stem: dict[Path, list[Path]] = {}
    for rel in releases:
        by_stem.setdefault(rel.parent / rel.stem, []).append(rel)
    stems = {}
    for stem, rels in by_stem.items():
        clash = len(rels) > 1 or stem == Path(Path(REPORT_NAME).stem)
        for rel in rels:
            stems[rel] = rel.parent / rel.name if clash else stem
    taken: set[str] = {Path(REPORT_NAME).stem}
    unique: dict[Path, Path] = {}
    for rel in sorted(stems, key=lambda p: p.as_posix()):
        base = stem = stems[rel]
        number = 1
        while stem.as_posix().casefold() in taken:
            number += 1
            stem = base.with_name(f"{base.name}~{number}")
        taken.add(stem.as_posix().casefold())
        unique[rel] = stem
    return unique


# ------------------------------------------------------------------------------- the run

@dataclass(slots=True)
class _Work:
    rel: Path
    out: Path  # output stem, absolute
    prepared: Prepared
    tokens_counted: bool
    seconds: float


@dataclass(slots=True)
class _Run:
    input_dir: Path
    out_dir: Path
    settings: Settings
    force: bool
    on_event: OnEvent
    load: Callable[[], Translator]
    memo: dict[str, str]
    started: float = field(default_factory=time.perf_counter)
    docs: list[DocReport] = field(default_factory=list)
    translator: Translator | None = None
    sentences: int = 0

    # -- translator, loaded once and only when needed

    def loaded(self) -> Translator:
        if self.translator is None:
            self.on_event(Event("load"))
            self.translator = self.load()
            signature = self.translator.signature()
            key = translate_key(self.settings)
            if self.memo.get(key) != signature:
                self.memo[key] = signature
                _write_state(self.out_dir, self.memo)
        return self.translator

    def mt_signature(self) -> str:
        if self.translator is not None:
            return self.translator.signature()
        return self.memo.get(translate_key(self.settings)) or self.loaded().signature()

    # -- per release

    def plan(self, rel: Path, stem: Path) -> DocReport | _Work:
        started = time.perf_counter()
        path = self.input_dir / rel
        out = self.out_dir / stem
        settled = self.settled(rel, stem, started)
        if settled is not None:
            return settled
        try:
            source = read_path(path, self.settings.max_input_bytes, regular_only=True)
            count = token_counter(self.translator)
            prepared = prepare(source, self.settings, count)
        except Exception as exc:  # noqa: BLE001 - one odd file must not stop the batch
            return self.row(rel, "failed", failure_reason(exc), started)
        return _Work(rel, out, prepared, count is not None, time.perf_counter() - started)

    def settled(self, rel: Path, stem: Path, started: float) -> DocReport | None:
        """The row for a release that is not made again (up to date, reviewed, unusable result), or None."""
        path = self.input_dir / rel
        out = self.out_dir / stem
        json_path = out.with_name(out.name + ".json")
        if not self.force and json_path.exists():
            try:
                existing = load_result(json_path)
            except ReviewStateError as exc:
                return self.row(rel, "failed", f"the existing result cannot be used ({exc.message}); "
                                "move it away or use --force to overwrite it", started, out=json_path)
            if self.current(path, existing):
                md_path = out.with_name(out.name + ".md")
                try:
                    if not md_path.exists():  # the JSON is the record; the Markdown is made from it
                        write_atomic(md_path, markdown(existing))
                except OSError as exc:
                    return self.row(rel, "failed", f"cannot write {md_path.name}: {exc.strerror or exc}", started)
                return self.row(rel, "skipped", "up to date", started, existing, json_path)
            decided = sum(1 for item in existing.faq if item.decided)
            if decided:
                return self.row(rel, "skipped", f"reviewed: {decided} decision{'s' * (decided != 1)}; "
                                "use --force to overwrite", started, existing, json_path)
        return None

    def current(self, path: Path, existing: Result) -> bool:
        tail = full_signature(self.settings, "")  # "|settings|rules|version"
        if not existing.signature.endswith(tail):
            return False
        try:
            sha = hashlib.sha256(read_bounded(path, self.settings.max_input_bytes, regular_only=True)).hexdigest()
        except InputError:
            return False
        if sha != existing.source_sha256:
            return False
        mt = "mt:none" if existing.signature.startswith("mt:none|") else self.mt_signature()
        return doc_key(sha, full_signature(self.settings, mt)) == existing.doc_key

    def row(self, rel: Path, status: str, reason: str, started: float, result: Result | None = None,
            out: Path | None = None, extra_seconds: float = 0.0) -> DocReport:
        stats = result_stats(result) if result is not None else {}
        return DocReport(
            path=rel.as_posix(), status=status, reason=reason,
            seconds=time.perf_counter() - started + extra_seconds,
            doc_key=result.doc_key if result is not None else None,
            output=out.relative_to(self.out_dir).as_posix() if out is not None else None,
            **stats,
        )

    # -- per group

    def run_group(self, group: list[_Work]) -> list[DocReport]:
        needs_mt = [w for w in group if w.prepared.to_translate]
        if needs_mt:
            translator = self.loaded()
            for w in needs_mt:
                if not w.tokens_counted:  # prepared before the model was loaded: split again
                    t0 = time.perf_counter()
                    w.prepared = measure_with(w.prepared, self.settings, token_counter(translator))
                    w.tokens_counted = True
                    w.seconds += time.perf_counter() - t0
        chunks = sum(len(w.prepared.to_translate) for w in group)
        self.on_event(Event("translate", chunks))
        t0 = time.perf_counter()
        outcome = self.translate(group)
        share = (time.perf_counter() - t0) / max(chunks, 1)
        self.sentences += chunks
        rows = []
        for w, aligned in zip(group, outcome, strict=True):
            t1 = time.perf_counter()
            translate_s = share * len(w.prepared.to_translate)
            if isinstance(aligned, str):
                rows.append(self.row(w.rel, "failed", aligned, t1, extra_seconds=w.seconds + translate_s))
                continue
            try:
                signature = self.translator.signature() if self.translator is not None else "mt:none"
                result = finish(w.prepared, aligned, self.settings, signature)
            except Exception as exc:  # noqa: BLE001 - one odd release must not stop the batch
                rows.append(self.row(w.rel, "failed", failure_reason(exc), t1, extra_seconds=w.seconds + translate_s))
                continue
            rows.append(self.write(w.rel, w.out, result, t1, w.seconds + translate_s))
        return rows

    def write(self, rel: Path, out: Path, result: Result, started: float, extra_seconds: float = 0.0) -> DocReport:
        """Write one finished result (Markdown, then the JSON) and give its row."""
        json_path = out.with_name(out.name + ".json")
        try:
            kept, revision = self.reviewed_meanwhile(json_path)
            if kept is not None:
                return self.row(rel, *kept, started, extra_seconds=extra_seconds)
            write_atomic(out.with_name(out.name + ".md"), markdown(result))
            # Last: a result JSON on disk means "done". A review saved since the file was read
            # above makes this a ConflictError, so the review is never overwritten.
            save_result(json_path, result, expected_revision=revision)
        except OSError as exc:
            return self.row(rel, "failed", f"cannot write the result: {exc.strerror or exc}", started,
                            extra_seconds=extra_seconds)
        except Exception as exc:  # noqa: BLE001 - one odd release must not stop the batch
            return self.row(rel, "failed", failure_reason(exc), started, extra_seconds=extra_seconds)
        return self.row(rel, "ok", "", started, result, json_path, extra_seconds=extra_seconds)

    def reviewed_meanwhile(self, json_path: Path) -> tuple[tuple[str, str] | None, str | None]:
        """(status, reason) when the result must not be written — a reviewer decided items while
        it was being made, or the file on disk was damaged meanwhile — and the revision of the
        file as read, so that the save refuses any change made after this one read."""
        if self.force:
            return None, current_revision(json_path)
        try:
            existing, revision = load_result_revision(json_path)
        except ReviewStateError as exc:
            if not json_path.exists():
                return None, None
            return ("failed", f"the existing result cannot be used ({exc.message}); move it away or use --force"), None
        decided = sum(1 for item in existing.faq if item.decided)
        if not decided:
            return None, revision
        return ("skipped", (f"reviewed during this run: {decided} decision{'s' * (decided != 1)} kept; "
                            "use --force to overwrite")), revision

    def translate(self, group: list[_Work]) -> list[list | str]:
        """Aligned sentences per release, or a failure reason (see `translate_group`)."""
        progress = lambda n: self.on_event(Event("translated", n))  # noqa: E731
        return translate_group([w.prepared for w in group], self.translator, progress)

    def report(self, interrupted: bool = False, error: BaseException | None = None) -> RunReport:
        inner = self.translator
        return RunReport(
            input_dir=str(self.input_dir),
            out_dir=str(self.out_dir),
            docs=tuple(sorted(self.docs, key=lambda d: d.path)),
            seconds=time.perf_counter() - self.started,
            sentences=self.sentences,
            translator=inner.signature() if inner is not None else None,
            cache_hits=getattr(inner, "hits", 0),
            cache_misses=getattr(inner, "misses", 0),
            interrupted=interrupted,
            finished_at=datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            error=_error_text(error),
            error_code=_error_code(error),
        )

    def emit(self, doc: DocReport) -> None:
        self.docs.append(doc)
        self.on_event(Event("done", doc=doc))

    def unfinished(self, releases: list[Path], error: BaseException) -> None:
        """When the whole run stops, each release it did not reach gets a row saying so, so the
        report accounts for every release found (a re-run makes them)."""
        reached = {doc.path for doc in self.docs}
        why = error.message if isinstance(error, SummariserError) else f"{type(error).__name__}: {error}"
        self.docs.extend(DocReport(path=rel.as_posix(), status="failed", reason=f"not made: the run stopped ({why})")
                         for rel in releases if rel.as_posix() not in reached)


class Executor(Protocol):
    """Where the releases still to do are prepared, translated and finished.

    The driver (`run_batch` with `_Run`) lists and plans releases, writes every result, emits
    the events and keeps the report, whatever the executor: so skipping, atomic writes, resume
    and the report are the same for all of them.
    """

    def open(self, settings: Settings, on_notice: Callable[[str], None] | None = None) -> ContextManager[Callable[[], Translator]]:
        """For the length of the run: a loader of the translator whose signature results carry.
        `on_notice` gets one-off messages a person should see (a model conversion, workers started)."""

    def run(self, run: _Run, releases: list[Path], max_releases: int, max_sentences: int) -> Iterator[list[DocReport]]:
        """Rows of the releases made, one list per finished group; rows of releases settled
        while planning go out through `run.emit` as they are planned."""


class LocalExecutor:
    """Everything in this process: one translator, groups one after another."""

    def open(self, settings: Settings, on_notice: Callable[[str], None] | None = None) -> ContextManager[Callable[[], Translator]]:
        from .translate import open_translator

        return open_translator(settings, on_notice=on_notice)

    def run(self, run: _Run, releases: list[Path], max_releases: int, max_sentences: int) -> Iterator[list[DocReport]]:
        for group in _groups(run, releases, max_releases, max_sentences):
            yield run.run_group(group)


def run_batch(
    input_dir: Path,
    out_dir: Path,
    settings: Settings,
    *,
    glob: str | None = None,
    force: bool = False,
    on_event: OnEvent | None = None,
    load: Callable[[], Translator] | None = None,
    group_releases: int = GROUP_RELEASES,
    group_sentences: int = GROUP_SENTENCES,
    follow_links: bool = False,
    executor: Executor | None = None,
) -> RunReport:
    """Summarise every release under `input_dir` into `out_dir` (see the module docstring).

    `load` returns the translator (called at most once, and only if a release needs one); by
    default the model in `settings` is loaded behind the translation cache
    (`translate.open_translator`). A `SummariserError` about one release becomes that
    release's failed row; one that concerns the whole run (the output folder, the model) is
    raised. `report.json` is written after each group, and also when the run is interrupted.
    `executor` runs the groups (default: `LocalExecutor`, in this process; `batch_ray.RayExecutor`
    on a Ray cluster); `load` replaces the local executor's translator.
    """
    input_dir, out_dir = Path(input_dir), Path(out_dir)
    listing = scan_releases(input_dir, out_dir, glob, follow_links)
    releases = listing.releases
    check_overlap(input_dir, out_dir, releases)
    if not releases and not listing.rows:
        kinds = ", ".join(SUFFIXES)
        raise InputError(
            f"no releases under {input_dir}" + (f" matching {glob!r}" if glob else ""),
            hint=f"a release is a file ending in {kinds}",
        )
    check_output(out_dir)  # before any release is read or any model loaded
    emit = on_event or (lambda event: None)
    executor = executor or LocalExecutor()
    with ExitStack() as stack:
        if load is None or not isinstance(executor, LocalExecutor):
            notice = lambda message: emit(Event("notice", message=message))  # noqa: E731
            load = stack.enter_context(executor.open(settings, on_notice=notice))
        run = _Run(input_dir, out_dir, settings, force, emit, load, _read_state(out_dir))
        emit(Event("start", len(releases) + len(listing.rows)))
        for rel, status, reason in listing.rows:
            run.emit(DocReport(path=rel.as_posix(), status=status, reason=reason))
        interrupted = True
        error: BaseException | None = None
        try:
            for docs in executor.run(run, releases, group_releases, group_sentences):
                for doc in docs:
                    run.emit(doc)
                _write_report(out_dir, run.report(interrupted=True))
            interrupted = False
        except BaseException as exc:
            error = exc
            if not isinstance(exc, KeyboardInterrupt):
                run.unfinished(releases, exc)
            raise
        finally:
            report = run.report(interrupted, error)
            try:
                _write_report(out_dir, report)
            except OutputError:
                if not interrupted:
                    raise  # else the interruption itself is what the caller must see
    emit(Event("end", report=report))
    return report


def _groups(run: _Run, releases: list[Path], max_releases: int, max_sentences: int) -> Iterator[list[_Work]]:
    """Plan releases in order; up-to-date, reviewed and unreadable ones are reported at once."""
    stems = output_stems(releases)

    def planned() -> Iterator[_Work]:
        for rel in releases:
            work = run.plan(rel, stems[rel])
            if isinstance(work, DocReport):
                run.emit(work)
            else:
                yield work

    return group_by_size(planned(), lambda w: len(w.prepared.to_translate), max_releases, max_sentences)


T = TypeVar("T")


def group_by_size(items: Iterable[T], sentences: Callable[[T], int], max_releases: int,
                  max_sentences: int) -> Iterator[list[T]]:
    """Consecutive groups of up to `max_releases` items, closed early at `max_sentences` sentences."""
    group: list[T] = []
    count = 0
    for item in items:
        group.append(item)
        count += sentences(item)
        if len(group) >= max_releases or count >= max_sentences:
            yield group
            group, count = [], 0
    if group:
        yield group


def translate_group(prepared: list[Prepared], translator: Translator | None,
                    progress: Callable[[int], None] | None = None) -> list[list | str]:
    """Aligned sentences per release; a string (the reason) for a release that failed.

    The group is translated in one call. If that call fails, each release is tried alone,
    so one release that breaks the translator does not take the others down with it.
    """
    try:
        return list(translate_all(prepared, translator, progress))
    except SummariserError:
        raise
    except Exception as exc:  # noqa: BLE001 - retried one by one below to find the culprit
        if len(prepared) == 1:
            return [f"translation failed: {type(exc).__name__}: {exc}"]
    out: list[list | str] = []
    for one in prepared:
        try:
            out.append(translate_all([one], translator, progress)[0])
        except SummariserError:
            raise
        except Exception as exc:  # noqa: BLE001 - becomes this release's failure reason
            out.append(f"translation failed: {type(exc).__name__}: {exc}")
    return out


def failure_reason(exc: Exception) -> str:
    """A release's failed-row reason for an error that concerns that release alone."""
    if isinstance(exc, SummariserError):
        return exc.message
    return f"unexpected {type(exc).__name__}: {exc}"


# ------------------------------------------------------------------------------- helpers

def result_stats(result: Result) -> dict[str, int]:
    words = sum(len(s.de.split()) for s in result.sentences if s.section in ("title", "heading", "body"))
    flags = sum(len(line.flags) for line in result.summary.lines) + sum(len(i.flags) for i in result.faq)
    return {"words": words, "flags": flags, "needs_input": sum(1 for i in result.faq if i.needs_input)}


def translate_key(settings: Settings) -> str:
    """What decides the translator's signature, knowable without loading the model."""
    ref = ModelRef(settings.translate.model)
    if ref.path is not None:
        model = f"{ref.path.resolve()}@{ref.fingerprint()}"
    else:
        model = f"{ref.spec}@{_hub_revision(ref.spec)}"
    # The backend (with `auto` resolved: installing ctranslate2 changes what runs), beams and
    # quantisation shape the translator's signature too.
    t = resolve_backend(settings.translate)
    decoding = f"{t.backend}|{t.quantize}|{t.beams}"
    return hashlib.sha256(f"{model}\n{decoding}\n{t.signature()}".encode()).hexdigest()[:16]


def _hub_revision(spec: str) -> str:
    """The revision the local hub cache points at, so a re-downloaded model is noticed."""
    try:
        from huggingface_hub.constants import HF_HUB_CACHE

        ref = Path(HF_HUB_CACHE) / f"models--{spec.replace('/', '--')}" / "refs" / "main"
        return ref.read_text(encoding="utf-8").strip()
    except Exception:  # noqa: BLE001 - no cache entry: the spec alone keys the memo
        return "-"


def _read_state(out_dir: Path) -> dict[str, str]:
    try:
        data = json.loads((out_dir / STATE_DIR / STATE_NAME).read_text(encoding="utf-8"))
        memo = data.get("mt_signatures", {})
        return {str(k): str(v) for k, v in memo.items()} if isinstance(memo, dict) else {}
    except (OSError, ValueError, AttributeError):
        return {}  # no memo: the model is loaded once to decide what is current


def _write_state(out_dir: Path, memo: dict[str, str]) -> None:
    text = json.dumps({"state_version": 1, "mt_signatures": memo}, indent=2, sort_keys=True) + "\n"
    try:
        write_atomic(out_dir / STATE_DIR / STATE_NAME, text)
    except OSError:
        pass  # only a shortcut for the next run; the result files stay the record of truth


def _write_report(out_dir: Path, report: RunReport) -> None:
    try:
        write_atomic(out_dir / REPORT_NAME, json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
    except OSError as exc:
        raise OutputError(f"cannot write {out_dir / REPORT_NAME}: {exc.strerror or exc}") from exc


def _error_text(error: BaseException | None) -> str | None:
    if error is None:
        return None
    if isinstance(error, SummariserError):
        return error.message
    if isinstance(error, KeyboardInterrupt):
        return "interrupted"
    return f"{type(error).__name__}: {error}"


def _error_code(error: BaseException | None) -> int:
    """The exit code the CLI gives for the error that stopped the run (see `cli._Group`)."""
    if error is None:
        return 0
    if isinstance(error, SummariserError):
        return error.exit_code
    return 130 if isinstance(error, KeyboardInterrupt) else 70
