"""The command line: options in, one core call, output and exit code out.

`root.py` holds the Typer app, its error handling and `main`; `options.py` the options several
commands share; each other module is one command group and registers itself on the app when
imported. This package imports them all, so `summariser.cli.app` has every command; no module
here imports the package back. Only this package imports typer and rich.
"""

from . import summarise, review, batch, serve, check  # noqa: F401 - imported to register; this order is --help's
from .root import app, main

__all__ = ["app", "main"]
