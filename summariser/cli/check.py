"""The `check` command: a release and one or more drafts in, flagged claims and an exit code out.

The work is done by `summariser/check.py`; this module reads the files, opens the translator
and prints.
"""

from __future__ import annotations

import sys
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
    html_hint,
    read_input,
    settings_from,
)


def check_cmd(
    release: str = typer.Argument(..., help="the release (German or English; .txt, .md, .html), or - for stdin"),
    drafts: list[str] = typer.Argument(..., help="summary or FAQ to check (Markdown, plain text or our JSON record), or - for stdin"),
    fmt: str = typer.Option("text", "--format", "-f", help="text or json"),
    model: str | None = ModelOpt,
    backend: str | None = BackendOpt,
    beams: int | None = BeamsOpt,
    quantize: str | None = QuantOpt,
    threads: int | None = ThreadsOpt,
    cache: Path | None = CacheOpt,
    no_cache: bool = NoCacheOpt,
    max_bytes: int | None = MaxBytesOpt,
) -> None:
    """Check a summary or FAQ written elsewhere against the release it claims to summarise.

    Prints, per draft sentence, the numbers, dates, names and content words the release does not
    contain, each with the nearest release sentence (German and English), then one line per draft.

    Exit code 0 when nothing is flagged, 1 when something is, 2 for a usage or input error.
    """
    from ..check import check_draft, read_draft, read_release, report_json, report_text
    from ..translate import open_translator

    if fmt not in ("text", "json"):
        raise typer.BadParameter(f"{fmt!r} is not one of 'text', 'json'", param_hint="'--format'")
    if [release, *drafts].count("-") > 1:
        raise InputError("only one of the files can be - (stdin)")
    settings = settings_from(**locals())
    data, name = read_input(release, settings.max_input_bytes)
    # Every draft is read before the translator opens: a bad draft is reported in a moment,
    # not after a model has loaded and the release has been translated.
    draft_sentences = []
    for draft in drafts:
        raw, draft_name = read_input(draft, settings.max_input_bytes)
        sentences = read_draft(raw.decode("utf-8", errors="replace"), draft_name)
        if not sentences:
            raise InputError(f"{draft_name} has no sentences to check", hint="give the summary or FAQ as text, Markdown or our JSON record")
        draft_sentences.append((sentences, draft_name))
    with open_translator(settings) as load:
        source = read_release(data, name, settings, load, fmt=html_hint(name))
    reports = [check_draft(source, sentences, draft_name) for sentences, draft_name in draft_sentences]
    sys.stdout.write(report_json(source, reports) if fmt == "json" else report_text(reports))
    raise typer.Exit(1 if any(r.flagged for r in reports) else 0)
