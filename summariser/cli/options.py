"""The options several commands share, declared once, and what a command turns them into.

A command lists the options it takes as parameters with these defaults and hands its
`locals()` to `settings_from`, so an option that several commands share has one name, one
help text and one place where it becomes a `Settings` field.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ..settings import DEFAULT_MODEL, Settings, SummarySettings, TranslateSettings

_T = TranslateSettings()
_S = SummarySettings()

ModelOpt = typer.Option(None, "--model", "-m", help=f"Hugging Face id or local model folder (env SUMMARISER_MODEL; default {DEFAULT_MODEL})")
BackendOpt = typer.Option(None, "--backend", help=f"translation backend (default {_T.backend}: ctranslate2 int8 when installed, else transformers; any registered backend's name runs that one; see README, Speed)")
BeamsOpt = typer.Option(None, "--beams", help=f"beam size; 1 is faster and a little worse (default {_T.beams})")
QuantOpt = typer.Option(None, "--quantize", help="int8 or float32 weights; default: the backend's own")
WordsOpt = typer.Option(None, "--max-summary-words", help=f"upper bound for the lay summary (default {_S.max_words})")
CacheOpt = typer.Option(None, "--cache", help="folder for the translation cache (env SUMMARISER_CACHE_DIR)")
NoCacheOpt = typer.Option(False, "--no-cache", help="translate everything again; read and write no cache")
ThreadsOpt = typer.Option(None, "--threads", help="CPU threads for translation (default: every core this process may use; 1 helps when other work keeps the machine busy)")
MaxBytesOpt = typer.Option(None, "--max-bytes", help="largest release accepted, in bytes (default 2000000)")
# `review` and `serve` declare their parameters with Annotated, so this one is a type, not a default.
Reviewer = Annotated[
    str | None,
    typer.Option("--reviewer", help="Name recorded with each decision (default: $SUMMARISER_REVIEWER, else your login name)."),
]


def settings_from(**options: object) -> Settings:
    """`Settings` from a command's options; an option the command lacks or left unset changes nothing."""
    overrides = {
        "translate.model": options.get("model"),
        "translate.backend": options.get("backend"),
        "translate.beams": options.get("beams"),
        "translate.quantize": options.get("quantize"),
        "translate.threads": options.get("threads"),
        "summary.max_words": options.get("max_summary_words"),
        "cache_dir": options.get("cache"),
        "max_input_bytes": options.get("max_bytes"),
        "use_cache": False if options.get("no_cache") else None,
    }
    return Settings.load(overrides)


def read_input(file: str, max_bytes: int) -> tuple[bytes, str]:
    """The bytes of a FILE argument (`-` is stdin) and its name; asks for the text on a terminal."""
    from ..ingest import read_named

    if file == "-" and sys.stdin.isatty():
        typer.echo("Paste the release, then press Ctrl-D:", err=True)
    return read_named(file, max_bytes)


def html_hint(name: str) -> str | None:
    """`html` for a file named as HTML, else None (the reader looks at the text itself)."""
    from ..ingest import HTML_SUFFIXES

    return "html" if name.lower().endswith(HTML_SUFFIXES) else None

