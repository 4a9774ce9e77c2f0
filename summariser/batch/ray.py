"""Batch on Ray: `summariser batch IN -o OUT --executor ray [--ray-address ADDRESS]`.

The driver (this process) does what `batch.run_batch` does for every executor: it lists the
releases, decides which are current (resume), reads each one's bytes, writes every result
atomically, emits the progress events and keeps `report.json`. Ray workers do the expensive
middle: each worker is an actor that loads the translator once, on first need, and takes
chunks of releases as bytes; decoding, cleaning, splitting, translation, summary and FAQ run in
the worker (`pipeline.run_documents`, as the local executor), and `Result` records come back.

- A chunk holds up to `group_releases` releases in input order. The worker translates them in
  groups formed by the local rule, so with the same inputs and settings the batches, and so
  the results, are the local executor's.
- A worker that dies (killed, out of memory, its node lost) is replaced by a new actor and its
  chunks are run again. A chunk whose worker died twice is split into single releases; a
  release that kills a worker on its own is a failed row. Only the driver writes, and only once
  a chunk has come back whole, so a re-run chunk is never written twice.
- Each worker wraps its translator in the translation cache under its own node's cache folder
  (`--cache` / `SUMMARISER_CACHE_DIR`), shared by the workers of that node and not across nodes.

Ray is imported only here, and this module only when `--executor ray` is chosen.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections import deque
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from ..errors import BackendUnavailable, SummariserError
from ..ingest import HTML_SUFFIXES, from_bytes, read_bounded
from ..pipeline import Document, Failure, failure_reason, run_documents
from ..records import Result
from ..settings import Settings
from ..translate import Translator
from ..translate.registry import planned_signature
from .report import Tally
from .run import Made, Make, Todo

# A chunk whose worker died this often is split into single releases, each given one more try.
MAX_DEATHS = 2
# Chunks queued on each worker beyond the one it runs, so it never waits for the driver.
AHEAD = 1
# A local instance needs little shared memory: releases and results are a few kB each.
LOCAL_OBJECT_STORE_BYTES = 100 * 1024 * 1024
CONNECT_SECONDS = 5.0


class ClusterError(SummariserError):
    """The Ray cluster cannot be reached or started."""

    exit_code = 4


@dataclass(frozen=True, slots=True)
class Item:
    """One release on its way to a worker: its bytes, not its path, as nodes share no disk."""

    rel: str
    name: str
    fmt: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Done:
    """A chunk's outcome: a `Result` or a failure reason per release, with worker seconds."""

    outcomes: tuple[tuple[str, Result | str, float], ...]
    sentences: int
    cache_hits: int
    cache_misses: int
    signature: str | None  # the translator's, when the worker loaded it


class BatchWorker:
    """One Ray actor: the translator loaded once, on first need; chunks of releases in, results out."""

    def __init__(self, settings: Settings, threads: int) -> None:
        from ..translate import open_translator

        if settings.translate.threads == 0:  # all of the node's cores would oversubscribe it
            settings = replace(settings, translate=replace(settings.translate, threads=threads))
        self.settings = settings
        self.stack = ExitStack()
        self.load = self.stack.enter_context(open_translator(settings))
        self.translator: Translator | None = None

    def loaded(self) -> Translator:
        if self.translator is None:
            self.translator = self.load()
        return self.translator

    def run(self, items: list[Item], max_releases: int, max_sentences: int) -> Done:
        hits, misses = self._cache_counts()
        sentences = 0

        def count(n: int) -> None:
            nonlocal sentences
            sentences += n

        documents = [Document(item.rel, partial(from_bytes, item.data, name=item.name,
                                                max_bytes=self.settings.max_input_bytes, fmt=item.fmt))
                     for item in items]
        outcomes: dict[str, tuple[Result | str, float]] = {}
        for group in run_documents(documents, self.settings, self.loaded, translator=self.translator,
                                   group_releases=max_releases, group_sentences=max_sentences,
                                   on_group=count):
            for o in group:
                outcomes[o.key] = (o.made.reason if isinstance(o.made, Failure) else o.made, o.seconds)
        after_hits, after_misses = self._cache_counts()
        return Done(
            outcomes=tuple((item.rel, *outcomes[item.rel]) for item in items),
            sentences=sentences, cache_hits=after_hits - hits, cache_misses=after_misses - misses,
            signature=self.translator.signature() if self.translator is not None else None,
        )

    def _cache_counts(self) -> tuple[int, int]:
        return getattr(self.translator, "hits", 0), getattr(self.translator, "misses", 0)


@dataclass(slots=True)
class _Chunk:
    items: list[Item]
    todos: list[Todo]
    read_seconds: list[float]
    deaths: int = 0

    def alone(self) -> list[_Chunk]:
        return [_Chunk([i], [t], [r], MAX_DEATHS - 1) for i, t, r in zip(self.items, self.todos, self.read_seconds, strict=True)]


class _Pool:
    """The actors, started on first need, and the model signature the first of them loaded."""

    def __init__(self, executor: RayExecutor, settings: Settings, tally: Tally) -> None:
        self.executor = executor
        self.settings = settings
        self.tally = tally
        self.actors: list[Any] = []
        self.mt_signature: str | None = None
        self.started_ray = False
        self.remote: Any = None

    def start(self) -> None:
        if self.actors:
            return
        ray = _ray()
        if not ray.is_initialized():
            self.started_ray = True
            _init(ray, self.executor.address)
        cpus = self.executor.cpus_per_worker
        count = self.executor.workers or max(1, int(ray.cluster_resources().get("CPU", 1)) // cpus)
        self.remote = ray.remote(num_cpus=cpus, max_restarts=0)(self.executor.worker)
        self.actors = [self.new_actor() for _ in range(count)]
        where = "a local Ray instance" if self.started_ray else f"the Ray cluster at {self.executor.address or 'auto'}"
        self.tally.notice(f"Started {count} Ray worker{'s' * (count != 1)} on {where}; each loads the model once.")

    def new_actor(self) -> Any:
        return self.remote.remote(self.settings, self.executor.cpus_per_worker)

    def close(self) -> None:
        if not self.actors and not self.started_ray:
            return
        ray = _ray()
        for actor in self.actors:
            ray.kill(actor, no_restart=True)
        self.actors = []
        if self.started_ray:
            ray.shutdown()


class RayExecutor:
    """Runs a batch's releases on Ray actors (see the module docstring).

    `address`: a running cluster's (`ray start --head` prints it; "auto" finds the local one);
    None starts a private instance on this machine for the run. `workers`: actors to start
    (default: the cluster's CPUs / `cpus_per_worker`). `worker`: the actor class.
    """

    def __init__(self, address: str | None = None, workers: int | None = None, cpus_per_worker: int = 1,
                 worker: type = BatchWorker) -> None:
        self.address = address
        self.workers = workers
        self.cpus_per_worker = cpus_per_worker
        self.worker = worker

    @contextmanager
    def open(self, settings: Settings, tally: Tally) -> Iterator[Make]:
        _ray()  # a missing extra is reported before anything is read
        pool = _Pool(self, settings, tally)
        try:
            yield partial(self._make, pool)
        finally:
            pool.close()

    def _make(self, pool: _Pool, todo: Iterator[Todo], max_releases: int, max_sentences: int) -> Iterator[list[Made]]:
        ray = _ray()
        unread: list[Made] = []
        planned = self._chunks(pool, todo, max_releases, unread)
        retry: deque[_Chunk] = deque()
        pending: dict[Any, tuple[_Chunk, int, Any]] = {}  # ref -> (chunk, actor slot, actor)
        while True:
            while not pool.actors or len(pending) < len(pool.actors) * (1 + AHEAD):
                chunk = retry.popleft() if retry else next(planned, None)
                if chunk is None:
                    break
                pool.start()
                loads = [0] * len(pool.actors)
                for _, busy, _ in pending.values():
                    loads[busy] += 1
                slot = loads.index(min(loads))
                actor = pool.actors[slot]
                pending[actor.run.remote(chunk.items, max_releases, max_sentences)] = (chunk, slot, actor)
            if unread:
                yield unread[:]
                unread.clear()
            if not pending:
                return
            (ref,), _ = ray.wait(list(pending), num_returns=1)
            chunk, slot, actor = pending.pop(ref)
            try:
                done = _get(ref)
            except ray.exceptions.RayActorError as exc:
                if pool.actors[slot] is actor:  # its other chunks fail too; replace it once
                    ray.kill(actor, no_restart=True)
                    pool.actors[slot] = pool.new_actor()
                failed = self._after_death(chunk, retry, exc)
                if failed:
                    yield failed
                continue
            yield self._made(pool, chunk, done)

    def _chunks(self, pool: _Pool, todo: Iterator[Todo], max_releases: int, unread: list[Made]) -> Iterator[_Chunk]:
        """Releases as planned by the driver; a chunk is read only when a worker can take it.
        A release that cannot be read goes to `unread`."""
        chunk = _Chunk([], [], [])
        for item in todo:
            started = time.perf_counter()
            try:
                data = read_bounded(item.path, pool.settings.max_input_bytes, regular_only=True)
            except Exception as exc:  # noqa: BLE001 - one odd file must not stop the batch
                unread.append(Made(item, failure_reason(exc), time.perf_counter() - started))
                continue
            fmt = "html" if item.path.suffix.lower() in HTML_SUFFIXES else "text"
            chunk.items.append(Item(item.rel.as_posix(), item.path.name, fmt, data))
            chunk.todos.append(item)
            chunk.read_seconds.append(time.perf_counter() - started)
            if len(chunk.items) >= max_releases:
                yield chunk
                chunk = _Chunk([], [], [])
        if chunk.items:
            yield chunk

    def _made(self, pool: _Pool, chunk: _Chunk, done: Done) -> list[Made]:
        tally = pool.tally
        if done.signature is not None and pool.mt_signature is None:
            pool.mt_signature = tally.translator = done.signature
            try:
                planned = planned_signature(pool.settings.translate)
            except OSError:
                planned = None
            if planned != done.signature:
                tally.notice(f"The Ray workers loaded {done.signature}, which this machine plans as {planned}: "
                             "their results will be made again by the next run. Give this machine the same model.")
        other_model = done.signature not in (None, pool.mt_signature)
        tally.cache_hits += done.cache_hits
        tally.cache_misses += done.cache_misses
        tally.translating(done.sentences)  # after the fact: workers send no events
        tally.translated(done.sentences)
        made = []
        for (_rel, outcome, seconds), todo, read_s in zip(done.outcomes, chunk.todos, chunk.read_seconds, strict=True):
            if isinstance(outcome, Result) and other_model and not outcome.signature.startswith("mt:none|"):
                outcome = (f"its worker loaded another model ({done.signature}, not {pool.mt_signature}): "
                           "every node needs the same model files")
            made.append(Made(todo, outcome, read_s + seconds))
        return made

    def _after_death(self, chunk: _Chunk, retry: deque[_Chunk], exc: BaseException) -> list[Made]:
        """Queue a dead worker's chunk again; what was made of releases that keep killing workers."""
        chunk.deaths += 1
        if chunk.deaths < MAX_DEATHS:
            retry.append(chunk)
            return []
        if len(chunk.items) > 1:
            retry.extend(chunk.alone())
            return []
        cause = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return [Made(chunk.todos[0], f"the Ray worker making it died {chunk.deaths} times ({cause})", chunk.read_seconds[0])]


def _ray() -> Any:
    try:
        import ray
    except ImportError:
        raise BackendUnavailable(
            "--executor ray needs Ray, which is not installed",
            hint="pip install 'summariser[ray]' (on the driver and on every node), or use --executor local",
        ) from None
    return ray


def _init(ray: Any, address: str | None) -> None:
    quiet = {"logging_level": logging.WARNING, "log_to_driver": False}
    if address:
        _check_reachable(address)
    try:
        if address:
            ray.init(address=address, **quiet)
        else:
            ray.init(num_cpus=_cores(), object_store_memory=LOCAL_OBJECT_STORE_BYTES,
                     include_dashboard=False, **quiet)
    except Exception as exc:  # noqa: BLE001 - Ray raises several kinds; all mean "no cluster"
        where = f"the Ray cluster at {address}" if address else "a local Ray instance"
        raise ClusterError(
            f"cannot connect to {where}: {type(exc).__name__}: {exc}",
            hint="start one with `ray start --head` and pass the address it prints to --ray-address",
        ) from None


def _check_reachable(address: str) -> None:
    """Fail in seconds on a `host:port` nobody answers at (Ray itself retries for minutes)."""
    host, _, port = address.split("://")[-1].rpartition(":")
    if not host or not port.isdigit():
        return  # "auto" and other forms are Ray's to resolve
    try:
        socket.create_connection((host, int(port)), timeout=CONNECT_SECONDS).close()
    except OSError as exc:
        raise ClusterError(
            f"no Ray cluster answers at {address}: {exc.strerror or exc}",
            hint="start one with `ray start --head` and pass the address it prints to --ray-address",
        ) from None


def _cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def _get(ref: Any) -> Any:
    """`ray.get`, with a worker's own error raised as itself (a `SummariserError` keeps its exit code)."""
    ray = _ray()
    try:
        return ray.get(ref)
    except ray.exceptions.RayTaskError as exc:
        cause = exc.cause if isinstance(exc.cause, BaseException) else None
        if cause is not None:
            raise cause from None
        raise
