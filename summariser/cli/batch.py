"""The `batch` and `cache` commands: options in, a progress bar and a table, exit code out.

The work is done by `batch.run_batch`; this module only shows its events and its report.
`SummariserError`s are raised, never printed here: `root.py` prints them once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

from .options import (
    BackendOpt,
    BeamsOpt,
    CacheOpt,
    MaxBytesOpt,
    ModelOpt,
    NoCacheOpt,
    QuantOpt,
    ThreadsOpt,
    WordsOpt,
    settings_from,
)


def batch(
    input_dir: Path = typer.Argument(..., help="folder of releases (.txt, .md, .html, .htm), read recursively"),
    output: Path = typer.Option(..., "--output", "-o", help="folder for NAME.md, NAME.json and report.json (mirrors the input tree)"),
    glob: str | None = typer.Option(None, "--glob", help="only paths (relative to INPUT_DIR) matching this pattern; * also crosses folders, e.g. '2024/*.html'"),
    force: bool = typer.Option(False, "--force", help="redo every release, even up-to-date ones and results a reviewer has worked on"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress bar and no table; failures still go to stderr"),
    follow_links: bool = typer.Option(False, "--follow-links", help="also read links to files outside INPUT_DIR (by default they are skipped with a row in the report)"),
    model: str | None = ModelOpt,
    backend: str | None = BackendOpt,
    beams: int | None = BeamsOpt,
    quantize: str | None = QuantOpt,
    threads: int | None = ThreadsOpt,
    max_summary_words: int | None = WordsOpt,
    cache: Path | None = CacheOpt,
    no_cache: bool = NoCacheOpt,
    max_bytes: int | None = MaxBytesOpt,
    executor: str = typer.Option("local", "--executor", help="where releases are made: local (this process) or ray (Ray workers; needs the `ray` extra)"),
    ray_address: str | None = typer.Option(None, "--ray-address", help="with --executor ray: join the Ray cluster at this address (`ray start --head` prints it); without it a local Ray instance is started"),
) -> None:
    """Summarise every release in a folder: one model load, shared batches, resumable.

    Releases whose result is current are skipped, so an interrupted run picks up where it stopped.

    Exit code 0 when nothing failed, 1 when some releases failed, 3 when all of them failed.
    """
    from rich.console import Console

    from ..batch import run_batch

    settings = settings_from(**locals())
    runner = _executor(executor, ray_address)
    console = Console(highlight=False)
    with _progress(console, enabled=not quiet and console.is_terminal) as on_event:
        report = run_batch(input_dir, output, settings, glob=glob, force=force, on_event=on_event,
                           follow_links=follow_links, executor=runner)
    if not quiet:
        console.print(_table(report))
        totals = ", ".join(f"{len(report.with_status(s))} {s}" for s in ("ok", "skipped", "failed"))
        console.print(f"{totals} in {report.seconds:.1f} s; report: {Path(output) / 'report.json'}")
    if report.failed:
        typer.echo(f"{len(report.failed)} release(s) failed:", err=True)
        for doc in report.failed:
            typer.echo(f"  {doc.path}: {doc.reason}", err=True)
    raise typer.Exit(report.exit_code)


def _executor(name: str, ray_address: str | None):
    """The executor `--executor` names; Ray's module (and Ray) is imported only for `ray`."""
    if name not in ("local", "ray"):
        raise typer.BadParameter(f"{name!r} is not one of 'local', 'ray'", param_hint="'--executor'")
    if name == "local":
        if ray_address:
            raise typer.BadParameter("needs --executor ray", param_hint="'--ray-address'")
        return None
    from ..batch.ray import RayExecutor

    return RayExecutor(address=ray_address)


@contextmanager
def _progress(console: Console, enabled: bool) -> Iterator[Callable]:
    """An `on_event` callback that drives a rich progress bar (or does nothing)."""
    if not enabled:
        # A model conversion takes a while even when no bar is shown: say so on stderr.
        yield lambda event: typer.echo(event.message, err=True) if event.kind == "notice" else None
        return
    # rich's widgets are imported when a bar is shown, not for `--help`.
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    progress = Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("releases"),
        TextColumn("{task.fields[rate]}"), TimeRemainingColumn(), console=console, transient=True,
    )
    releases = progress.add_task("starting", total=None, rate="")
    sentences = progress.add_task("sentences", total=None, visible=False)

    def on_event(event) -> None:
        if event.kind == "start":
            progress.update(releases, total=event.count, description="reading")
        elif event.kind == "load":
            progress.update(releases, description="loading model")
        elif event.kind == "notice":
            typer.echo(event.message, err=True)  # rich shows it above the bar
        elif event.kind == "translate":
            progress.update(releases, description="translating" if event.count else "summarising")
        elif event.kind == "translated":
            progress.advance(sentences, event.count)
            speed = progress.tasks[sentences].speed
            progress.update(releases, rate=f"{speed:.1f} sentences/s" if speed else "")
        elif event.kind == "done":
            progress.advance(releases)

    with progress:
        yield on_event


def _table(report) -> Table:
    from rich.console import JustifyMethod
    from rich.table import Table

    table = Table(title=f"{report.input_dir} → {report.out_dir}", title_justify="left")
    columns: tuple[tuple[str, JustifyMethod], ...] = (
        ("release", "left"), ("status", "left"), ("words", "right"), ("s", "right"),
        ("flags", "right"), ("needs input", "right"), ("note", "left"),
    )
    for name, justify in columns:
        table.add_column(name, justify=justify, overflow="fold")
    style = {"ok": "green", "skipped": "dim", "failed": "red"}
    for doc in report.docs:
        done = doc.status != "failed"
        table.add_row(
            doc.path, f"[{style[doc.status]}]{doc.status}[/]", str(doc.words) if done else "",
            f"{doc.seconds:.1f}", str(doc.flags) if done else "", str(doc.needs_input) if done else "",
            doc.reason,
        )
    return table


cache_app = typer.Typer(help="Inspect or empty the translation cache.", no_args_is_help=True)


def _cache_db(cache: Path | None) -> Path:
    from ..translate.cache import DB_NAME

    return settings_from(cache=cache).cache_path / DB_NAME


@cache_app.command("info")
def cache_info(cache: Path | None = CacheOpt) -> None:
    """Where the translation cache is, how many translations it holds and its size."""
    from ..translate.cache import TranslationCache

    path = _cache_db(cache)
    if not path.exists():
        typer.echo(f"no translation cache at {path}")
        return
    with TranslationCache(path) as db:
        if db.recovered is None and not db.check():
            db.recover()
        rows = db.count()
    size = sum(p.stat().st_size for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists())
    state = f"damaged; moved to {db.recovered}, now empty" if db.recovered else "ok"
    typer.echo(f"cache: {path}\nstate: {state}\ntranslations: {rows}\nsize: {size / 1_000_000:.1f} MB")


@cache_app.command("clear")
def cache_clear(cache: Path | None = CacheOpt) -> None:
    """Delete every cached translation (the next run translates everything again)."""
    from ..translate.cache import TranslationCache

    path = _cache_db(cache)
    if not path.exists():
        typer.echo(f"no translation cache at {path}; nothing to clear")
        return
    with TranslationCache(path) as db:
        removed = db.clear()
    if db.recovered:
        typer.echo(f"the cache {path} was damaged: moved it to {db.recovered}; the cache is now empty")
        return
    typer.echo(f"removed {removed} cached translation{'s' * (removed != 1)} from {path}")
