"""The run loop: plan the releases, let an executor make the ones to do, write each result,
keep the report.

The driver (`run_batch`) lists the releases (`find`), settles those it does not make again
(`plan`), writes every result (`write`), emits the events and keeps `report.json` (`report`),
whatever the executor: so skipping, atomic writes, resume and the report are the same for all.
An `Executor` makes the releases still to do, from their paths to `Result`s or failure reasons:
`LocalExecutor` in this process through `pipeline.run_documents`, `batch.ray.RayExecutor` on
Ray workers (imported only when chosen).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Protocol

from ..errors import InputError, OutputError, SummariserError
from ..ingest import read_path
from ..pipeline import GROUP_RELEASES, GROUP_SENTENCES, Document, Failure, run_documents
from ..records import Result
from ..settings import Settings
from ..translate import Translator
from .find import SUFFIXES, check_output, check_overlap, output_stems, scan_releases
from .plan import Planner
from .report import (
    DocReport,
    Event,
    OnEvent,
    RunReport,
    Tally,
    error_code,
    error_text,
    result_stats,
    write_report,
)
from .write import write_result


@dataclass(frozen=True, slots=True)
class Todo:
    """A release to make: `rel` to the input folder, read at `path`, its result at `out`
    (`.md` and `.json` are added); `seconds` spent deciding to make it."""

    rel: Path
    path: Path
    out: Path
    seconds: float


@dataclass(frozen=True, slots=True)
class Made:
    """What an executor made of a release: its result or the reason it failed."""

    todo: Todo
    outcome: Result | str
    seconds: float


# Releases to make in, one list of what was made per finished group out.
Make = Callable[[Iterator[Todo], int, int], Iterator[list[Made]]]


class Executor(Protocol):
    """Where the releases still to do are read, prepared, translated and finished."""

    def open(self, settings: Settings, tally: Tally) -> AbstractContextManager[Make]:
        """For the length of a run: what makes releases in groups of up to the given numbers of
        releases and sentences. It tells `tally` its events, the translator and the counts."""
        ...


class LocalExecutor:
    """Everything in this process: one translator, loaded on first need; groups one after
    another. `load` gives the translator (default: the model in the settings, behind the
    translation cache)."""

    def __init__(self, load: Callable[[], Translator] | None = None) -> None:
        self.load = load

    @contextmanager
    def open(self, settings: Settings, tally: Tally) -> Iterator[Make]:
        with ExitStack() as stack:
            load = self.load
            if load is None:
                from ..translate import open_translator

                load = stack.enter_context(open_translator(settings, on_notice=tally.notice))
            yield _Local(settings, tally, load).make


class _Local:
    def __init__(self, settings: Settings, tally: Tally, load: Callable[[], Translator]) -> None:
        self.settings = settings
        self.tally = tally
        self.load = load
        self.translator: Translator | None = None

    def loaded(self) -> Translator:
        if self.translator is None:
            self.tally.on_event(Event("load"))
            self.translator = self.load()
            self.tally.translator = self.translator.signature()
        return self.translator

    def make(self, todo: Iterator[Todo], max_releases: int, max_sentences: int) -> Iterator[list[Made]]:
        taken: dict[str, Todo] = {}

        def documents() -> Iterator[Document]:
            for item in todo:
                taken[item.rel.as_posix()] = item
                read = partial(read_path, item.path, self.settings.max_input_bytes, regular_only=True)
                yield Document(item.rel.as_posix(), read)

        try:
            for outcomes in run_documents(documents(), self.settings, self.loaded, group_releases=max_releases,
                                          group_sentences=max_sentences, on_group=self.tally.translating,
                                          on_progress=self.tally.translated):
                self.count()
                yield [Made(taken.pop(o.key), o.made.reason if isinstance(o.made, Failure) else o.made, o.seconds)
                       for o in outcomes]
        finally:
            self.count()

    def count(self) -> None:
        self.tally.cache_hits = getattr(self.translator, "hits", 0)
        self.tally.cache_misses = getattr(self.translator, "misses", 0)


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
    """Summarise every release under `input_dir` into `out_dir` (see the package docstring).

    `load` returns the translator (called at most once, and only if a release needs one); by
    default the model in `settings` is loaded behind the translation cache
    (`translate.open_translator`). A `SummariserError` about one release becomes that
    release's failed row; one that concerns the whole run (the output folder, the model) is
    raised. `report.json` is written after each group, and also when the run is interrupted.
    `executor` makes the releases (default: `LocalExecutor`, in this process;
    `batch.ray.RayExecutor` on a Ray cluster); `load` replaces the local executor's translator.
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
    if load is not None and (executor is None or isinstance(executor, LocalExecutor)):
        executor = LocalExecutor(load)
    run = _Run(input_dir, out_dir, settings, force, Tally(on_event or (lambda event: None)))
    with (executor or LocalExecutor()).open(settings, run.tally) as make:
        run.tally.on_event(Event("start", len(releases) + len(listing.rows)))
        for rel, status, reason in listing.rows:
            run.emit(DocReport(path=rel.as_posix(), status=status, reason=reason))
        interrupted = True
        error: BaseException | None = None
        try:
            for made in make(run.todo(releases), group_releases, group_sentences):
                for one in made:
                    run.emit(run.write(one))
                write_report(out_dir, run.report(interrupted=True))
            interrupted = False
        except BaseException as exc:
            error = exc
            if not isinstance(exc, KeyboardInterrupt):
                run.unfinished(releases, exc)
            raise
        finally:
            report = run.report(interrupted, error)
            try:
                write_report(out_dir, report)
            except OutputError:
                if not interrupted:
                    raise  # else the interruption itself is what the caller must see
    run.tally.on_event(Event("end", report=report))
    return report


@dataclass(slots=True)
class _Run:
    """One run's rows: planned, made and written, and the report made of them."""

    input_dir: Path
    out_dir: Path
    settings: Settings
    force: bool
    tally: Tally
    started: float = field(default_factory=time.perf_counter)
    docs: list[DocReport] = field(default_factory=list)
    planner: Planner = field(init=False)

    def __post_init__(self) -> None:
        self.planner = Planner(self.settings, self.force)

    def todo(self, releases: list[Path]) -> Iterator[Todo]:
        """The releases to make, in order, planned as they are asked for; the rows of those
        settled (up to date, reviewed, unusable result) go out at once."""
        stems = output_stems(releases)
        for rel in releases:
            started = time.perf_counter()
            out = self.out_dir / stems[rel]
            settled = self.planner.settle(self.input_dir / rel, out)
            seconds = time.perf_counter() - started
            if settled is None:
                yield Todo(rel, self.input_dir / rel, out, seconds)
            else:
                self.emit(self.row(rel, settled.status, settled.reason, seconds, settled.existing, settled.output))

    def write(self, made: Made) -> DocReport:
        """Write a made result and give its row; a failure's row."""
        todo, seconds = made.todo, made.todo.seconds + made.seconds
        if isinstance(made.outcome, str):
            return self.row(todo.rel, "failed", made.outcome, seconds)
        started = time.perf_counter()
        status, reason = write_result(todo.out, made.outcome, self.force)
        seconds += time.perf_counter() - started
        if status != "ok":
            return self.row(todo.rel, status, reason, seconds)
        return self.row(todo.rel, "ok", "", seconds, made.outcome, todo.out.with_name(todo.out.name + ".json"))

    def row(self, rel: Path, status: str, reason: str, seconds: float, result: Result | None = None,
            out: Path | None = None) -> DocReport:
        stats = result_stats(result) if result is not None else {}
        return DocReport(
            path=rel.as_posix(), status=status, reason=reason, seconds=seconds,
            doc_key=result.doc_key if result is not None else None,
            output=out.relative_to(self.out_dir).as_posix() if out is not None else None,
            **stats,
        )

    def emit(self, doc: DocReport) -> None:
        self.docs.append(doc)
        self.tally.on_event(Event("done", doc=doc))

    def unfinished(self, releases: list[Path], error: BaseException) -> None:
        """When the whole run stops, each release it did not reach gets a row saying so, so the
        report accounts for every release found (a re-run makes them)."""
        reached = {doc.path for doc in self.docs}
        why = error.message if isinstance(error, SummariserError) else f"{type(error).__name__}: {error}"
        self.docs.extend(DocReport(path=rel.as_posix(), status="failed", reason=f"not made: the run stopped ({why})")
                         for rel in releases if rel.as_posix() not in reached)

    def report(self, interrupted: bool = False, error: BaseException | None = None) -> RunReport:
        return RunReport(
            input_dir=str(self.input_dir),
            out_dir=str(self.out_dir),
            docs=tuple(sorted(self.docs, key=lambda d: d.path)),
            seconds=time.perf_counter() - self.started,
            sentences=self.tally.sentences,
            translator=self.tally.translator,
            cache_hits=self.tally.cache_hits,
            cache_misses=self.tally.cache_misses,
            interrupted=interrupted,
            finished_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            error=error_text(error),
            error_code=error_code(error),
        )
