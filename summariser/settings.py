"""One frozen settings object, built once from CLI > environment > TOML file > defaults.

The defaults live here and nowhere else: the typer options read them from these classes.
Nothing is read at import time.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from .errors import SettingsError

DEFAULT_MODEL = "Helsinki-NLP/opus-mt-de-en"
ENV_PREFIX = "SUMMARISER_"


@dataclass(frozen=True, slots=True)
class TranslateSettings:
    model: str = DEFAULT_MODEL
    backend: str = "auto"  # ctranslate2 when it is installed, else transformers (translate.resolve_backend)
    beams: int = 4
    # Batches are sized by source tokens, not sentence count, so a batch of short sentences is
    # as cheap to pad as one of long sentences.
    batch_tokens: int = 1024
    max_sentence_tokens: int = 400
    # Output length cap relative to the source: guards against runaway repetition on noisy input.
    max_length_ratio: float = 1.6
    quantize: str = "default"
    threads: int = 0
    # Set by benchmarks so that runs with random weights compare; 0 means "until end of sentence".
    fixed_output_ratio: float = 0.0

    def signature(self) -> str:
        """What shapes a translation beyond the translator's own signature (model, backend, beam)."""
        fixed = f"|fixed:{self.fixed_output_ratio}" if self.fixed_output_ratio > 0 else ""
        return f"maxtok:{self.max_sentence_tokens}|ratio:{self.max_length_ratio}{fixed}"


@dataclass(frozen=True, slots=True)
class SummarySettings:
    max_words: int = 80
    min_sentences: int = 2
    max_sentences: int = 4
    target_grade: float = 9.0

    def signature(self) -> str:
        return f"words:{self.max_words}|sents:{self.min_sentences}-{self.max_sentences}|grade:{self.target_grade}"


@dataclass(frozen=True, slots=True)
class FaqSettings:
    min_items: int = 5
    max_items: int = 8
    max_answer_sentences: int = 2

    def signature(self) -> str:
        return f"items:{self.min_items}-{self.max_items}|ans:{self.max_answer_sentences}"


@dataclass(frozen=True, slots=True)
class Settings:
    translate: TranslateSettings = field(default_factory=TranslateSettings)
    summary: SummarySettings = field(default_factory=SummarySettings)
    faq: FaqSettings = field(default_factory=FaqSettings)
    max_input_bytes: int = 2_000_000
    cache_dir: Path | None = None
    use_cache: bool = True

    @classmethod
    def load(
        cls,
        overrides: Mapping[str, Any] | None = None,
        environ: Mapping[str, str] | None = None,
        config_file: Path | None = None,
    ) -> Settings:
        """Build settings from a flat mapping of `section.key` (or top-level `key`) values.

        Precedence: `overrides` (CLI options that were given) > `SUMMARISER_*` environment
        variables (e.g. `SUMMARISER_MODEL`, `SUMMARISER_BEAMS`) > a TOML file
        (`SUMMARISER_CONFIG`) > the defaults above. Unknown keys are errors.
        """
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        path = config_file or (Path(environ[f"{ENV_PREFIX}CONFIG"]) if f"{ENV_PREFIX}CONFIG" in environ else None)
        if path is not None:
            values.update(_read_toml(path))
        for key in _all_keys():
            env_name = ENV_PREFIX + key.split(".")[-1].upper()
            if env_name in environ:
                values[key] = environ[env_name]
        for key, value in (overrides or {}).items():
            if value is not None:
                values[_qualify(key)] = value
        return _build(values)

    @property
    def cache_path(self) -> Path:
        if self.cache_dir is not None:
            return self.cache_dir
        return default_cache_dir()

    def signature(self) -> str:
        return "|".join(
            (self.translate.signature(), self.summary.signature(), self.faq.signature())
        )


def default_cache_dir() -> Path:
    env = os.environ.get(f"{ENV_PREFIX}CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "summariser"


_SECTIONS = {"translate": TranslateSettings, "summary": SummarySettings, "faq": FaqSettings}
_TOP_LEVEL = {f.name for f in dataclasses.fields(Settings)} - set(_SECTIONS)


def _all_keys() -> list[str]:
    keys = [f"{name}.{f.name}" for name, klass in _SECTIONS.items() for f in dataclasses.fields(klass)]
    return keys + sorted(_TOP_LEVEL)


def _qualify(key: str) -> str:
    if "." in key or key in _TOP_LEVEL:
        return key
    matches = [k for k in _all_keys() if k.endswith("." + key)]
    if len(matches) != 1:
        raise SettingsError(f"unknown setting {key!r}", hint="see `summariser --help`")
    return matches[0]


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"cannot read config file {path}: {exc}") from exc
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            flat.update({f"{key}.{k}": v for k, v in value.items()})
        else:
            flat[key] = value
    return {_qualify(k): v for k, v in flat.items()}


def _coerce(name: str, kind: Any, value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip()
        try:
            if kind in ("int", int):
                return int(text)
            if kind in ("float", float):
                return float(text)
            if kind in ("bool", bool):
                if text.lower() in ("1", "true", "yes", "on"):
                    return True
                if text.lower() in ("0", "false", "no", "off"):
                    return False
                raise ValueError(text)
        except ValueError:
            raise SettingsError(f"invalid value {value!r} for setting {name!r}") from None
        if "Path" in str(kind):
            return Path(text)
    return _check_type(name, kind, value)


def _check_type(name: str, kind: Any, value: Any) -> Any:
    """A TOML or CLI value of the wrong type (`beams = 2.7`, `model = 5`) is an error here,
    not a crash deep in the core."""
    kind = str(kind)
    ok = {
        "int": isinstance(value, int) and not isinstance(value, bool),
        "float": isinstance(value, (int, float)) and not isinstance(value, bool),
        "bool": isinstance(value, bool),
        "str": isinstance(value, str),
    }.get(kind, True)
    if not ok:
        raise SettingsError(f"invalid value {value!r} for setting {name!r}: expected {_KIND_NAMES.get(kind, kind)}")
    if "Path" in kind and isinstance(value, str):
        return Path(value)
    if "Path" in kind and not isinstance(value, (Path, type(None))):
        raise SettingsError(f"invalid value {value!r} for setting {name!r}: expected a folder path")
    return float(value) if kind == "float" else value


_KIND_NAMES = {"int": "a whole number", "float": "a number", "bool": "true or false", "str": "text"}

# (lowest, highest) accepted value of each numeric setting. Upper bounds keep a typo from
# asking for more memory or threads than any machine has (beams=100000 needs tens of GB).
BOUNDS: dict[str, tuple[float, float]] = {
    "translate.beams": (1, 16),
    "translate.batch_tokens": (16, 1_000_000),
    "translate.max_sentence_tokens": (16, 512),
    "translate.max_length_ratio": (0.1, 10),
    "translate.threads": (0, 1024),
    "translate.fixed_output_ratio": (0, 10),
    "summary.max_words": (20, 1000),
    "summary.min_sentences": (1, 50),
    "summary.max_sentences": (1, 50),
    "summary.target_grade": (0, 30),
    "faq.min_items": (0, 100),
    "faq.max_items": (0, 100),
    "faq.max_answer_sentences": (1, 50),
    "max_input_bytes": (1, 1_000_000_000),
}


def _number(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:g}"


def _check_bounds(settings: Settings) -> None:
    for key, (low, high) in BOUNDS.items():
        section, _, name = key.rpartition(".")
        value = getattr(getattr(settings, section) if section else settings, name)
        if not low <= value <= high:
            raise SettingsError(
                f"{name} must be between {_number(low)} and {_number(high)}, not {value!r}",
                hint=f"set it on the command line, with {ENV_PREFIX}{name.upper()} or in the config file",
            )
    if not settings.translate.model.strip():
        raise SettingsError("the model must not be empty", hint="give a hub id or a local model folder")


def _build(values: dict[str, Any]) -> Settings:
    unknown = set(values) - set(_all_keys())
    if unknown:
        raise SettingsError(f"unknown setting(s): {', '.join(sorted(unknown))}")
    sections = {}
    for name, klass in _SECTIONS.items():
        kwargs = {
            f.name: _coerce(f"{name}.{f.name}", f.type, values[f"{name}.{f.name}"])
            for f in dataclasses.fields(klass)
            if f"{name}.{f.name}" in values
        }
        sections[name] = klass(**kwargs)
    top = {
        f.name: _coerce(f.name, f.type, values[f.name])
        for f in dataclasses.fields(Settings)
        if f.name in values
    }
    settings = Settings(**sections, **top)
    _validate(settings)
    return settings


def _validate(settings: Settings) -> None:
    # The registry is the one list of backend names (tests add to it); it imports no backend.
    from .translate.registry import backend_names

    t = settings.translate
    if t.backend not in backend_names():
        raise SettingsError(
            f"unknown backend {t.backend!r}", hint=f"choose one of: {', '.join(backend_names())}"
        )
    if t.beams < 1:
        raise SettingsError("beams must be at least 1")
    if t.batch_tokens < t.max_sentence_tokens:
        raise SettingsError("batch_tokens must be at least max_sentence_tokens")
    s = settings.summary
    if not 1 <= s.min_sentences <= s.max_sentences:
        raise SettingsError("summary sentence bounds must satisfy 1 <= min <= max")
    if s.max_words < 20:
        raise SettingsError("max_words must be at least 20")
    if settings.faq.min_items > settings.faq.max_items:
        raise SettingsError("faq min_items must not exceed max_items")
    _check_bounds(settings)
