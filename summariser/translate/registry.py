"""The translation backends by name: where each lives, what installs it, what it accepts.

This is the one list of backend names (settings checks `--backend` against it). A backend's
module is imported on first use only, so `summariser --help` never imports torch or
ctranslate2. Adding a backend is its own module with a class that has
`load(settings, cache_dir=None, on_notice=None)`, plus one `register` line here; tests register
a fake one the same way.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from ..errors import BackendUnavailable, SettingsError
from ..settings import Settings, TranslateSettings
from .cache import DB_NAME, CachedTranslator, TranslationCache
from .protocol import Notice, Translator
from .signature import planner

AUTO = "auto"


class Loads(Protocol):
    """A backend class (or any object) that builds a translator from the settings."""

    def load(self, settings: TranslateSettings, cache_dir: Path | None = None,
             on_notice: Notice | None = None) -> Translator: ...


@dataclass(frozen=True, slots=True)
class Backend:
    """`where`: "package.module:Class", imported on first use, or the class itself. `extra`:
    what `pip install` needs to provide it. `quantize`: the `--quantize` values it accepts.
    `plans`: what its translator's `signature()` will be for settings, worked out without
    loading the model or importing the backend's libraries; `batch` decides from it whether a
    result is current. Without it, a backend's results are made again on every run."""

    name: str
    where: str | Loads
    extra: str = "summariser"
    quantize: tuple[str, ...] = ("default",)
    plans: Callable[[TranslateSettings], str] | None = None

    def loader(self) -> Loads:
        if not isinstance(self.where, str):
            return self.where
        module_name, _, attribute = self.where.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            raise backend_unavailable(self.name, exc.name or module_name) from exc
        return getattr(module, attribute)


_BACKENDS: dict[str, Backend] = {}


def register(name: str, where: str | Loads, extra: str = "summariser",
             quantize: tuple[str, ...] = ("default",),
             plans: Callable[[TranslateSettings], str] | None = None) -> Backend:
    """Make `name` a backend that `--backend` accepts (replacing one of that name)."""
    if name == AUTO:
        raise ValueError(f"{AUTO!r} names the choice between backends, not a backend")
    backend = Backend(name, where, extra, quantize, plans)
    _BACKENDS[name] = backend
    return backend


@contextmanager
def registered(name: str, where: str | Loads, **kwargs) -> Iterator[Backend]:
    """`register` for the length of a `with` block; an earlier backend of that name comes back."""
    before = _BACKENDS.get(name)
    try:
        yield register(name, where, **kwargs)
    finally:
        if before is None:
            _BACKENDS.pop(name, None)
        else:
            _BACKENDS[name] = before


# The backend modules read their options from these entries, which stay as they are while a
# test registers something else under the same name.
TRANSFORMERS = register("transformers", "summariser.translate.marian:MarianTranslator",
                        quantize=("default", "float32", "int8"), plans=planner("transformers"))
CTRANSLATE2 = register("ctranslate2", "summariser.translate.ct2:CT2Translator", extra="summariser[ct2]",
                       quantize=("default", "int8", "int8_float32", "int16", "float32"),
                       plans=planner("ctranslate2"))


def backend_names() -> tuple[str, ...]:
    """What `--backend` accepts: `auto` and every registered backend."""
    return (AUTO, *_BACKENDS)


def get_backend(name: str) -> Backend:
    try:
        return _BACKENDS[name]
    except KeyError:
        raise SettingsError(f"unknown backend {name!r}",
                            hint=f"choose one of: {', '.join(backend_names())}") from None


def resolve_backend(settings: TranslateSettings) -> TranslateSettings:
    """`auto` made concrete: ctranslate2 where it is installed (int8: 3-4x as fast, a third
    of the memory), else transformers. Looked up without importing either."""
    if settings.backend != AUTO:
        return settings
    found = importlib.util.find_spec("ctranslate2") is not None
    return replace(settings, backend="ctranslate2" if found else "transformers")


def planned_signature(settings: TranslateSettings) -> str | None:
    """What the translator `settings` describe would sign with, once loaded (`auto` resolved);
    None for a backend that registered no planner, whose results are never taken as current."""
    settings = resolve_backend(settings)
    plans = get_backend(settings.backend).plans
    return plans(settings) if plans is not None else None


def load_translator(settings: TranslateSettings, cache_dir: Path | None = None,
                    on_notice: Notice | None = None) -> Translator:
    """The backend `settings.backend` names (`auto` resolved); `cache_dir` keeps what a backend
    derives once (ctranslate2's converted model), and `on_notice` hears about that work."""
    settings = resolve_backend(settings)
    return get_backend(settings.backend).loader().load(settings, cache_dir=cache_dir, on_notice=on_notice)


def backend_unavailable(backend: str, missing: str) -> BackendUnavailable:
    extra = get_backend(backend).extra
    return BackendUnavailable(
        f"the {backend} backend needs the package {missing!r}, which is not installed",
        hint=f"install it with: pip install '{extra}'  (or use --backend transformers)",
    )


@contextmanager
def open_translator(settings: Settings, on_notice: Notice | None = None) -> Iterator[Callable[[], Translator]]:
    """Yield a loader that builds the translator (cached unless --no-cache) on first call;
    `on_notice` hears about one-off work while it loads (a model conversion)."""
    opened: list[TranslationCache] = []
    loaded: list[Translator] = []

    def load() -> Translator:
        if not loaded:
            translator = load_translator(settings.translate, settings.cache_path, on_notice=on_notice)
            if settings.use_cache:
                cache = TranslationCache(settings.cache_path / DB_NAME)
                opened.append(cache)
                translator = CachedTranslator(translator, cache)
            loaded.append(translator)
        return loaded[0]

    try:
        yield load
    finally:
        for cache in opened:
            cache.close()
