"""The command line: options in, one core call, output and exit code out.

Only this module (and `cli_review`, `cli_batch`) imports typer and rich. Errors from the core arrive as
`SummariserError` and are printed as `Error:` / `Hint:` lines; anything else prints one line,
with the traceback only under `--debug` or `SUMMARISER_DEBUG=1`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

import click
import typer
from typer.core import TyperGroup

from .errors import InputError, SummariserError
from .settings import DEFAULT_MODEL, Settings, SummarySettings, TranslateSettings

class _Group(TyperGroup):
    """Turns the core's errors into `Error:`/`Hint:` lines and the class's exit code."""

    def parse_args(self, ctx, args):
        try:
            return super().parse_args(ctx, args)
        except _USAGE_ERRORS as exc:  # an option before the command: same message as after it
            _print_usage_error(exc, ctx)
            raise typer.Exit(exc.exit_code) from None

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except SummariserError as exc:
            _print_error(exc.message, exc.hint)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("Interrupted.", err=True)
            raise typer.Exit(130) from None
        except _USAGE_ERRORS as exc:
            _print_usage_error(exc, ctx)
            raise typer.Exit(exc.exit_code) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:  # noqa: BLE001 - the one place that turns surprises into one line
            if _debug():
                raise
            _print_error(f"unexpected {type(exc).__name__}: {exc}", "run again with SUMMARISER_DEBUG=1 for the traceback")
            raise typer.Exit(70) from None


# typer bundles its own copy of click, whose exceptions are not `click.ClickException`.
_USAGE_ERRORS = (click.ClickException, getattr(typer, "TyperException", click.ClickException))


def _print_usage_error(exc, group_ctx) -> None:
    """click's usage message (usage line, help hint) with our one `Error:` line."""
    if type(exc).__name__ == "NoArgsIsHelpError":  # typer has printed the help already
        return
    ctx = getattr(exc, "ctx", None) or group_ctx
    if ctx is not None:
        typer.echo(ctx.get_usage(), err=True)
        typer.echo(f"Try '{ctx.command_path} --help' for help.\n", err=True)
    _print_error(exc.format_message(), None)


app = typer.Typer(
    cls=_Group,
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Translate German press releases into English and draft a lay summary and FAQ.",
)



@app.callback()
def _root() -> None:
    """Translate German press releases into English and draft a lay summary and FAQ."""


_T = TranslateSettings()
_S = SummarySettings()

ModelOpt = typer.Option(None, "--model", "-m", help=f"Hugging Face id or local model folder (env SUMMARISER_MODEL; default {DEFAULT_MODEL})")
BackendOpt = typer.Option(None, "--backend", help=f"auto, transformers or ctranslate2 (default {_T.backend}: ctranslate2 int8 when installed, else transformers; see README, Speed)")
BeamsOpt = typer.Option(None, "--beams", help=f"beam size; 1 is faster and a little worse (default {_T.beams})")
QuantOpt = typer.Option(None, "--quantize", help="int8 or float32 weights; default: the backend's own")
WordsOpt = typer.Option(None, "--max-summary-words", help=f"upper bound for the lay summary (default {_S.max_words})")
CacheOpt = typer.Option(None, "--cache", help="folder for the translation cache (env SUMMARISER_CACHE_DIR)")
NoCacheOpt = typer.Option(False, "--no-cache", help="translate everything again; read and write no cache")
ThreadsOpt = typer.Option(None, "--threads", help="CPU threads for translation (default: every core this process may use; 1 helps when other work keeps the machine busy)")
MaxBytesOpt = typer.Option(None, "--max-bytes", help="largest release accepted, in bytes (default 2000000)")


def _settings(**options) -> Settings:
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
    from .pipeline import summarise_text
    from .render import render
    from .store import write_output, write_stdout
    from .translate import open_translator

    if fmt not in ("md", "json"):
        raise typer.BadParameter(f"{fmt!r} is not one of 'md', 'json'", param_hint="'--format'")
    settings = _settings(**locals())
    _refuse_output_over_input(file, output)
    data, name = _read_input(file, settings.max_input_bytes)
    fmt_hint = "html" if name.lower().endswith((".html", ".htm")) else None
    with open_translator(settings, on_notice=lambda message: typer.echo(message, err=True)) as load:
        result = summarise_text(data, settings, name=name, fmt=fmt_hint, load=load)
    text = render(result, fmt)
    if output is None:
        write_stdout(text)
    else:
        write_output(output, text)
        typer.echo(f"wrote {output}", err=True)


def _read_input(file: str, max_bytes: int) -> tuple[bytes, str]:
    if file == "-":
        if sys.stdin.isatty():
            typer.echo("Paste the release, then press Ctrl-D:", err=True)
        data = sys.stdin.buffer.read(max_bytes + 1)
        return data, "stdin"
    from .ingest import read_bounded

    path = Path(file)
    if not path.exists():
        raise InputError(f"{file}: no such file")
    if path.is_dir():
        raise InputError(f"{file} is a folder", hint="use `summariser batch` for a folder")
    return read_bounded(path, max_bytes), path.name


def _refuse_output_over_input(file: str, output: Path | None) -> None:
    if output is not None and file != "-" and Path(file).exists() and output.exists() and output.samefile(file):
        raise InputError(f"{output} is the release itself; it would be overwritten by its summary",
                         hint="choose another file with -o/--output")


def _debug() -> bool:
    return os.environ.get("SUMMARISER_DEBUG") == "1" or "PYTEST_CURRENT_TEST" in os.environ


def main() -> None:
    if "--debug" in sys.argv:
        sys.argv.remove("--debug")
        os.environ["SUMMARISER_DEBUG"] = "1"
    app()


def _print_error(message: str, hint: str | None) -> None:
    typer.echo(f"Error: {message}", err=True)
    if hint:
        typer.echo(f"Hint: {hint}", err=True)


# Commands that live in their own modules, registered last so they can reuse the options above.
from .cli_review import export_cmd, review  # noqa: E402

app.command("review")(review)
app.command("export")(export_cmd)

from .cli_batch import batch, cache_app  # noqa: E402

app.command("batch")(batch)
app.add_typer(cache_app, name="cache")

from .web.cli import serve  # noqa: E402

app.command("serve")(serve)

from .cli_check import check_cmd  # noqa: E402

app.command("check")(check_cmd)
