"""The `summarise` command: one release in, Markdown or the JSON record out."""

from __future__ import annotations

from pathlib import Path

import typer

from ..errors import InputError
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
    html_hint,
    read_input,
    settings_from,
)


def summarise(
    file: str = typer.Argument("-", help="release file (.txt, .md, .html), or - for stdin"),
    output: Path | None = typer.Option(None, "--output", "-o", help="write here instead of stdout"),
    fmt: str = typer.Option("md", "--format", "-f", help="md or json (the full record)"),
    model: str | None = ModelOpt,
    backend: str | None = BackendOpt,
    beams: int | None = BeamsOpt,
    quantize: str | None = QuantOpt,
    threads: int | None = ThreadsOpt,
    max_summary_words: int | None = WordsOpt,
    cache: Path | None = CacheOpt,
    no_cache: bool = NoCacheOpt,
    max_bytes: int | None = MaxBytesOpt,
) -> None:
    """Summarise one release: translation, lay summary and FAQ draft."""
    from ..pipeline import summarise_text
    from ..render import render
    from ..store import write_output, write_stdout
    from ..translate import open_translator

    if fmt not in ("md", "json"):
        raise typer.BadParameter(f"{fmt!r} is not one of 'md', 'json'", param_hint="'--format'")
    settings = settings_from(**locals())
    _refuse_output_over_input(file, output)
    data, name = read_input(file, settings.max_input_bytes)
    with open_translator(settings, on_notice=lambda message: typer.echo(message, err=True)) as load:
        result = summarise_text(data, settings, name=name, fmt=html_hint(name), load=load)
    text = render(result, fmt)
    if output is None:
        write_stdout(text)
    else:
        write_output(output, text)
        typer.echo(f"wrote {output}", err=True)


def _refuse_output_over_input(file: str, output: Path | None) -> None:
    if output is not None and file != "-" and Path(file).exists() and output.exists() and output.samefile(file):
        raise InputError(f"{output} is the release itself; it would be overwritten by its summary",
                         hint="choose another file with -o/--output")
