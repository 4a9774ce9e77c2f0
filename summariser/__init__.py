"""summariser: German press releases in, English translation, lay summary and FAQ draft out.

The public API is what the CLI uses: `summarise_text` for one release, `run_batch` for a
folder, and `Settings`. Heavy libraries (torch, transformers) load only when a translation
is needed.
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["Settings", "summarise_text", "run_batch", "__version__"]


def __getattr__(name: str):
    if name == "Settings":
        from .settings import Settings

        return Settings
    if name == "summarise_text":
        from .pipeline import summarise_text

        return summarise_text
    if name == "run_batch":
        from .batch import run_batch

        return run_batch
    raise AttributeError(name)
