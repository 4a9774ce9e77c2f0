"""The root command: the Typer app every command registers on, and `main`.

This is the one place errors become lines and exit codes. (Not named `app.py`: the package
exports the Typer object as `summariser.cli.app`, and a submodule of the same name would make
`import summariser.cli.app` hand back the object instead of the module.)

Errors from the core arrive as `SummariserError` and are printed as `Error:` / `Hint:` lines with
the class's exit code; anything else prints one line, with the traceback only under `--debug` or
`SUMMARISER_DEBUG=1` (and always under pytest).
"""

from __future__ import annotations

import os
import sys

import click
import typer
from typer.core import TyperGroup

from ..errors import SummariserError


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
