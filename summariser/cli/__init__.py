"""The command line: options in, one core call, output and exit code out.

`root.py` holds the Typer app, its error handling and `main`; `options.py` the options several
commands share; each other module holds the commands of one group. The commands are registered
here, in the order `--help` lists them; they import `options`, never this package or `root`.
Only this package imports typer and rich.
"""

from .batch import batch, cache_app
from .check import check_cmd
from .review import export_cmd, review
from .root import app, main
from .serve import serve
from .summarise import summarise

app.command("summarise")(summarise)
app.command("review")(review)
app.command("export")(export_cmd)
app.command("batch")(batch)
app.add_typer(cache_app, name="cache")
app.command("serve")(serve)
app.command("check")(check_cmd)

__all__ = ["app", "main"]
