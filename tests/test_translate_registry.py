"""The backend registry and the model reference, as a user of `--backend` and `--model` meets them.

A backend is its own module plus one `register` line: registered here, the fake translator runs
from the command line like the real backends, with no other file touched.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fake_translator import FakeTranslator

from summariser.cli import app
from summariser.errors import ModelLoadError, SettingsError
from summariser.settings import Settings
from summariser.translate import MARIAN_FILES, ModelRef, registered

GOLDEN = Path(__file__).resolve().parent / "golden"
GERMAN = "de_befund_herz.txt"


class CountlessTranslator:
    """A backend that cannot count tokens (as a remote service might not): signature and
    translations only, the two things the protocol asks for."""

    @classmethod
    def load(cls, settings, cache_dir=None, on_notice=None) -> CountlessTranslator:
        return cls()

    def signature(self) -> str:
        return "mt:countless:1"

    def translate(self, texts, on_progress=None) -> list[str]:
        return FakeTranslator().translate(texts, on_progress)


def test_a_registered_backend_runs_from_the_command_line(runner, samples, fake_backend, tmp_path):
    for fmt, suffix in (("json", ".json"), ("md", ".md")):
        out = tmp_path / f"result{suffix}"
        result = runner.invoke(app, ["summarise", str(samples / GERMAN), "--backend", fake_backend,
                                     "--format", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
        # The same bytes as the golden files, which call the fake translator directly.
        assert out.read_text(encoding="utf-8") == (GOLDEN / f"{Path(GERMAN).stem}{suffix}").read_text(encoding="utf-8")


def test_settings_accept_registered_backends_only_while_registered(fake_backend):
    assert Settings.load({"backend": fake_backend}).translate.backend == "fake"
    with registered("other", FakeTranslator):
        assert Settings.load({"backend": "other"}).translate.backend == "other"
    with pytest.raises(SettingsError) as info:
        Settings.load({"backend": "other"})
    assert info.value.message == "unknown backend 'other'"
    assert info.value.hint == "choose one of: auto, transformers, ctranslate2, fake"


def test_unknown_backend_on_the_command_line_lists_the_registered_ones(runner, samples, fake_backend):
    result = runner.invoke(app, ["summarise", str(samples / GERMAN), "--backend", "marian-nmt"])
    assert result.exit_code == SettingsError.exit_code
    assert "unknown backend 'marian-nmt'" in result.stderr
    assert "auto, transformers, ctranslate2, fake" in result.stderr


def test_a_backend_whose_package_is_missing_names_its_extra(runner, samples, register_backend):
    register_backend("remote", "summariser_remote_mt:RemoteTranslator", extra="summariser[remote]")
    result = runner.invoke(app, ["summarise", str(samples / GERMAN), "--backend", "remote"])
    assert result.exit_code == 4
    assert "the remote backend needs the package 'summariser_remote_mt'" in result.stderr
    assert "pip install 'summariser[remote]'" in result.stderr


def test_a_backend_without_token_counts_summarises_and_batches(runner, samples, register_backend, tmp_path):
    register_backend("countless", CountlessTranslator)
    out = tmp_path / "one.json"
    result = runner.invoke(app, ["summarise", str(samples / GERMAN), "--backend", "countless",
                                 "--format", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    record = json.loads(out.read_text(encoding="utf-8"))
    assert "mt:countless:1" in record["signature"]
    # The fake backend (golden file) writes the same words, but it could count tokens.
    golden = json.loads((GOLDEN / f"{Path(GERMAN).stem}.json").read_text(encoding="utf-8"))
    assert [s["en"] for s in record["sentences"]] == [s["en"] for s in golden["sentences"]]

    src = tmp_path / "in"
    src.mkdir()
    shutil.copyfile(samples / GERMAN, src / GERMAN)
    done = runner.invoke(app, ["batch", str(src), "-o", str(tmp_path / "out"), "--backend", "countless", "-q"])
    assert done.exit_code == 0, done.output
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert [r["status"] for r in report["releases"]] == ["ok"]


def _hub_cache(root: Path, spec: str, model: Path, commit: str) -> Path:
    """A local hub cache holding `model` as `spec` at `commit`, laid out as huggingface_hub does."""
    repo = root / f"models--{spec.replace('/', '--')}"
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "main").write_text(commit, encoding="utf-8")
    shutil.copytree(model, repo / "snapshots" / commit)
    return repo / "snapshots" / commit


def test_a_hub_model_in_the_local_cache_is_found_without_the_hub(tiny_model, tmp_path, monkeypatch):
    from huggingface_hub import constants

    commit = "0123456789abcdef0123456789abcdef01234567"
    folder = _hub_cache(tmp_path / "hub", "example/tiny-de-en", tiny_model, commit)
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(tmp_path / "hub"))
    ref = ModelRef("example/tiny-de-en")
    assert ref.is_hub
    assert ref.revision() == commit
    assert ref.snapshot(MARIAN_FILES) == folder

    (folder / "source.spm").unlink()  # an incomplete snapshot is not used; offline, no download
    with pytest.raises(ModelLoadError) as info:
        ref.snapshot(MARIAN_FILES)
    assert "HF_HUB_OFFLINE is set" in info.value.message
    assert "--model PATH/TO/FOLDER" in (info.value.hint or "")
    assert ModelRef("example/not-downloaded").revision() is None
    assert ModelRef(str(tiny_model)).revision() is None


def test_both_backends_load_a_hub_model_from_the_local_cache(tiny_model, tmp_path):
    """A hub id in the local cache loads offline in each backend, and ctranslate2's signature
    names the commit it loaded (a subprocess: transformers reads the cache location when imported)."""
    commit = "89abcdef0123456789abcdef0123456789abcdef"
    _hub_cache(tmp_path / "hub", "example/tiny-de-en", tiny_model, commit)
    backends = ["transformers"] + (["ctranslate2"] if _installed("ctranslate2") else [])
    code = (
        "from summariser.settings import TranslateSettings\n"
        "from summariser.translate import load_translator\n"
        f"for backend in {backends!r}:\n"
        "    t = load_translator(TranslateSettings(model='example/tiny-de-en', backend=backend, beams=1))\n"
        "    print(t.signature().split('|')[0])\n"
    )
    env = {**os.environ, "HF_HUB_CACHE": str(tmp_path / "hub"), "HF_HUB_OFFLINE": "1",
           "SUMMARISER_CACHE_DIR": str(tmp_path / "cache"),
           "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    models = dict(zip(backends, done.stdout.split(), strict=True))
    assert models["transformers"].startswith("model:example/tiny-de-en@")
    if "ctranslate2" in models:
        assert models["ctranslate2"] == f"model:example/tiny-de-en@{commit}"


def _installed(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


def test_a_backend_that_plans_its_signature_resumes_a_batch_without_loading(runner, samples, fake_backend,
                                                                            register_backend, tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    shutil.copyfile(samples / GERMAN, src / GERMAN)
    args = ["batch", str(src), "-o", str(out), "--backend", fake_backend, "-q"]
    assert runner.invoke(app, args).exit_code == 0
    loads: list[str] = []

    class CountingFake(FakeTranslator):
        @classmethod
        def load(cls, settings, cache_dir=None, on_notice=None) -> FakeTranslator:
            loads.append("load")
            return cls()

    register_backend(fake_backend, CountingFake, plans=lambda settings: FakeTranslator().signature())

    again = runner.invoke(app, args)

    assert again.exit_code == 0, again.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [(r["status"], r["reason"]) for r in report["releases"]] == [("skipped", "up to date")]
    assert loads == []


def test_a_backend_without_a_planner_is_made_again_on_every_run(runner, samples, register_backend, tmp_path):
    register_backend("unplanned", FakeTranslator)
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    shutil.copyfile(samples / GERMAN, src / GERMAN)
    args = ["batch", str(src), "-o", str(out), "--backend", "unplanned", "-q"]
    assert runner.invoke(app, args).exit_code == 0

    again = runner.invoke(app, args)

    assert again.exit_code == 0, again.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [r["status"] for r in report["releases"]] == ["ok"]
