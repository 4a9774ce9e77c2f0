"""The translator signature a batch plans with is the one the loaded translator gives.

Results carry the signature; a re-run takes a result as current when this run would give it the
same one. Working it out must not load the model, or a re-run of a finished folder would.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from summariser.settings import Settings, TranslateSettings
from summariser.translate import open_translator
from summariser.translate.registry import planned_signature

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("backend, quantize", [
    ("transformers", "default"), ("transformers", "int8"),
    ("ctranslate2", "default"), ("ctranslate2", "float32"), ("auto", "default"),
])
def test_planned_signature_is_what_the_loaded_translator_signs_with(tiny_model, tmp_path, backend, quantize):
    if backend != "transformers":
        pytest.importorskip("ctranslate2")
    translate = TranslateSettings(model=str(tiny_model), backend=backend, quantize=quantize, beams=2, threads=1)
    planned = planned_signature(translate)

    with open_translator(Settings(translate=translate, cache_dir=tmp_path)) as load:
        loaded = load()  # behind the translation cache, as every run uses it

    assert planned == loaded.signature()
    assert planned.startswith("model:tiny-marian@") and planned.endswith("|beam:2")


def test_a_changed_model_folder_changes_the_planned_signature(tiny_model, tmp_path):
    copy = tmp_path / "tiny-marian"
    shutil.copytree(tiny_model, copy)
    translate = TranslateSettings(model=str(copy), backend="transformers")
    before = planned_signature(translate)
    (copy / "config.json").write_text((copy / "config.json").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert planned_signature(translate) != before


def test_a_hub_model_is_planned_at_the_revision_its_local_cache_points_at(tmp_path, monkeypatch):
    from huggingface_hub import constants

    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(tmp_path))
    translate = TranslateSettings(model="example-org/opus-mt-de-en", backend="ctranslate2", quantize="int16", beams=3)
    assert planned_signature(translate) == "model:example-org/opus-mt-de-en@hub|backend:ct2-int16|beam:3"

    refs = tmp_path / "models--example-org--opus-mt-de-en" / "refs"
    refs.mkdir(parents=True)
    (refs / "main").write_text("0123abcd\n", encoding="utf-8")
    assert planned_signature(translate) == "model:example-org/opus-mt-de-en@0123abcd|backend:ct2-int16|beam:3"


def test_planning_imports_no_backend_library(tiny_model):
    code = (
        "import sys\n"
        "from summariser.settings import TranslateSettings\n"
        "from summariser.translate.registry import planned_signature\n"
        f"print(planned_signature(TranslateSettings(model={str(tiny_model)!r})))\n"
        "print(sorted(m for m in ('torch', 'transformers', 'ctranslate2') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}).stdout.splitlines()
    assert out[0].startswith("model:tiny-marian@")
    assert out[1] == "[]"
