"""The `summarise` command: one release in, Markdown or the JSON record out."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ..errors import InputError
from .options import (
    BackendOpt, BeamsOpt, CacheOpt, MaxBytesOpt, ModelOpt, NoCacheOpt, QuantOpt, ThreadsOpt, WordsOpt,
    html_hint, read_input, settings_from,
)
from .root import app


@app.command()
def summarise(
    file: str = typer.Argument("-", help="release file (.txt, .md, .html), or - for stdin"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="write here instead of stdout"),
    fmt: str = typer.Option("md", "--format", "-f", help="md or json (the full record)"),
    model: Optional[str] = ModelOpt,
    backend: Optional[str] = BackendOpt,
    beams: Optional[int] = BeamsOpt,
    quantize: Optional[str] = QuantOpt,
    threads: Optional[int] = ThreadsOpt,
    max_summary_words: Optional[int] = WordsOpt,
    cache: Optional[Path] = CacheOpt,
    no_cache: bool = NoCacheOpt,
    max_bytes: Optional[int] = MaxBytesOpt,
) -> None:
    """Summarise one release: translation, lay summary and FAQ draft."""
    from ..pipeline import summarise_text
    from ..render import render
    from ..store import write_output, write_stdout
    from ..translate.cache import open_translator

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
