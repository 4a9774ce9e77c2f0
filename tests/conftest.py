"""Shared fixtures: an isolated cache per test, a tiny real Marian model per session, a CLI runner,
a fake backend registered like the real ones."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fake_translator import FakeTranslator
from summariser.translate import Backend, registered
from tiny_model import build_tiny_marian

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch):
    """No test reads or writes the user's cache, config or hub downloads."""
    monkeypatch.setenv("SUMMARISER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    for name in ("SUMMARISER_MODEL", "SUMMARISER_BEAMS", "SUMMARISER_CONFIG", "SUMMARISER_BACKEND"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory) -> Path:
    return build_tiny_marian(tmp_path_factory.mktemp("models") / "tiny-marian")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def samples() -> Path:
    return SAMPLES


@pytest.fixture
def register_backend() -> Iterator[Callable[..., Backend]]:
    """`register_backend(name, Class)` for one test: earlier backends of that name come back after."""
    with ExitStack() as stack:
        yield lambda name, where, **options: stack.enter_context(registered(name, where, **options))


@pytest.fixture
def fake_backend(register_backend) -> str:
    """`--backend fake`: the deterministic FakeTranslator, through the same registry as the
    real backends, with its planned signature (so `batch` can resume it); its name, for
    settings and the command line."""
    return register_backend("fake", FakeTranslator, plans=lambda settings: FakeTranslator().signature()).name
