"""The `serve` command. The web stack (`summariser/web/`) is imported only when the command
runs, so other commands start as fast without it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import BackendUnavailable, ReviewStateError, SettingsError
from .options import Reviewer


def serve(
    out_dir: Annotated[Path, typer.Argument(help="An output folder of result JSONs (from `summariser batch`).")],
    reviewer: Reviewer = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on; anything but 127.0.0.1/localhost is reachable from other machines.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on (default: a free one).")] = 0,
    no_open: Annotated[bool, typer.Option("--no-open", help="Do not open the page in a browser.")] = False,
) -> None:
    """Review FAQ drafts in the browser: a local page with approve, edit, reject and export."""
    if not out_dir.is_dir():
        raise ReviewStateError(f"{out_dir}: not a folder", hint="pass the output folder of `summariser batch`")
    from ..review import default_reviewer

    name = default_reviewer(reviewer)
    try:
        from ..web.server import serve as run_server
    except ImportError as exc:
        raise BackendUnavailable(
            f"the review page needs the web extra ({exc.name} is not installed)",
            hint="pip install 'summariser[web]'",
        ) from None
    try:
        run_server(out_dir, name, host, port, open_browser=not no_open, echo=lambda line: typer.echo(line))
    except OSError as exc:
        raise SettingsError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
