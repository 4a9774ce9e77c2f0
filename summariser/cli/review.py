"""The `review` and `export` commands: their options and what they call (prompts and panels: `review_ui.py`).

The rules live in `review.py` and the formats in `export.py`; this module only asks and shows.
`SummariserError`s are raised, never printed here: `root.py` prints them once.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ..errors import OutputError, ReviewStateError
from .options import Reviewer


class ExportFormat(str, Enum):
    md = "md"
    html = "html"
    jsonld = "jsonld"


def review(
    path: Annotated[Path, typer.Argument(help="A result JSON, or an output folder to walk.")],
    reviewer: Reviewer = None,
    list_items: Annotated[
        bool, typer.Option("--list", help="Print a table of the FAQ items and their status, and exit.")
    ] = False,
    set_: Annotated[
        list[str] | None,
        typer.Option("--set", metavar="ITEM=approve|reject", help="Decide an item without prompting (repeatable)."),
    ] = None,
    answer: Annotated[
        tuple[str, str] | None,
        typer.Option("--answer", metavar="ITEM TEXT", help="Replace an item's answer without prompting (status edited)."),
    ] = None,
) -> None:
    """Review drafted FAQ items: approve, edit, reject, or add your own.

    Every decision is saved at once; run the command again to resume at the first undecided item.
    With --set/--answer/--list it runs without prompting, for scripts.
    """
    from .review_ui import run

    run(path, reviewer, list_items, set_, answer)


def export_cmd(
    path: Annotated[Path, typer.Argument(help="A reviewed result JSON.")],
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="md (newsletter, CMS), html (standalone page) or jsonld (schema.org FAQPage).")
    ] = ExportFormat.md,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of standard output.")
    ] = None,
) -> None:
    """Export the lay summary and the approved and edited FAQ items (never drafts or rejected ones)."""
    from ..export import export as export_text
    from ..store import load_result, write_output, write_stdout

    if path.is_dir():
        raise ReviewStateError(f"{path}: is a folder; export takes one result JSON", hint="export each release's JSON file")
    text = export_text(load_result(path), fmt.value, source=str(path))
    if output is None:
        write_stdout(text)
        return
    _refuse_overwriting_a_result(path, output)
    write_output(output, text)
    typer.echo(f"Wrote {output}", err=True)


def _refuse_overwriting_a_result(source: Path, output: Path) -> None:
    """An export written over a result JSON (its own or another release's) would lose its review."""
    if not output.is_file():
        return
    try:
        existing = output.read_bytes()[:4096].decode("utf-8", "replace")
    except OSError:
        return
    if output.samefile(source) or '"format_version"' in existing:
        raise OutputError(
            f"{output} is a summariser result; exporting over it would lose its review decisions",
            hint="choose another file with -o/--output",
        )
