"""The default backend `auto`: ctranslate2 (int8) when installed, else transformers.

What a user notices: the first run says where it converts the model, later runs do not; the
result names the backend that actually ran, so a batch made with `auto` is current for
`--backend ctranslate2` and redone for `--backend transformers`; the fast path does not import
transformers at all. Uses the tiny real Marian model (conversion takes a second or two).
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from summariser.cli import app
from summariser.settings import Settings, TranslateSettings
from summariser.translate import load_translator, resolve_backend

from tiny_model import sample_lines

pytest.importorskip("ctranslate2")

GERMAN = {
    "moore.txt": "Moore speichern mehr Kohlenstoff als gedacht\n\nForschende der Universität Lindenhain haben "
    "zwölf Moore in Norddeutschland vermessen. Die Böden speichern dort fast doppelt so viel Kohlenstoff wie "
    "bisher angenommen.\n",
    "sprechstunde.txt": "Neue Sprechstunde für seltene Erkrankungen\n\nDas Klinikum Auental bietet ab März "
    "eine Sprechstunde für Kinder mit seltenen Stoffwechselerkrankungen an. Eltern können sich telefonisch "
    "anmelden.\n",
}


@pytest.fixture(autouse=True)
def short_noise(monkeypatch):
    """The tiny model's random weights never stop on their own: cap the output length."""
    monkeypatch.setenv("SUMMARISER_MAX_LENGTH_RATIO", "0.25")


def test_default_is_auto_and_resolves_to_ctranslate2_when_installed(monkeypatch):
    settings = Settings.load({}, environ={}).translate
    assert settings.backend == "auto"
    assert resolve_backend(settings).backend == "ctranslate2"
    assert resolve_backend(TranslateSettings(backend="transformers")).backend == "transformers"
    monkeypatch.setitem(sys.modules, "ctranslate2", None)  # as if it were not installed
    assert resolve_backend(settings).backend == "transformers"


def test_auto_signature_is_the_backend_that_ran(tiny_model, monkeypatch):
    auto = load_translator(TranslateSettings(model=str(tiny_model), beams=1))
    explicit = load_translator(TranslateSettings(model=str(tiny_model), backend="ctranslate2", beams=1))
    assert auto.signature() == explicit.signature()
    assert "|backend:ct2-int8|" in auto.signature()
    monkeypatch.setitem(sys.modules, "ctranslate2", None)
    fallback = load_translator(TranslateSettings(model=str(tiny_model), beams=1))
    assert "|backend:transformers-fp32|" in fallback.signature()


def test_first_run_says_where_it_converts_later_runs_do_not(runner, samples, tiny_model, tmp_path, isolated_home):
    release = str(samples / "de_kurzmeldung.txt")
    first = runner.invoke(app, ["summarise", release, "--model", str(tiny_model), "--beams", "1",
                                "-o", str(tmp_path / "a.md")])
    assert first.exit_code == 0, first.output
    assert "Converting tiny-marian to CTranslate2 int8 (first use only) into" in first.stderr
    target = next((isolated_home / "cache" / "ct2").iterdir())
    assert str(target) in first.stderr and "Converted in" in first.stderr
    assert "backend:ct2-int8" in (tmp_path / "a.md").read_text(encoding="utf-8")

    second = runner.invoke(app, ["summarise", release, "--model", str(tiny_model), "--beams", "1",
                                 "-o", str(tmp_path / "b.md")])
    assert second.exit_code == 0, second.output
    assert "Convert" not in second.stderr
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == (tmp_path / "b.md").read_text(encoding="utf-8")


def test_batch_made_with_auto_is_current_for_ctranslate2_and_redone_for_transformers(runner, tiny_model, tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for name, text in GERMAN.items():
        (src / name).write_text(text, encoding="utf-8")
    common = ["batch", str(src), "-o", str(out), "--model", str(tiny_model), "--beams", "1", "-q"]

    def statuses(*extra):
        result = runner.invoke(app, [*common, *extra])
        assert result.exit_code == 0, result.output
        report = json.loads((out / "report.json").read_text(encoding="utf-8"))
        return {r["path"]: r["status"] for r in report["releases"]}, report["translator"]

    first, translator = statuses()
    assert first == {"moore.txt": "ok", "sprechstunde.txt": "ok"}
    assert "backend:ct2-int8" in translator
    assert statuses("--backend", "ctranslate2")[0] == {"moore.txt": "skipped", "sprechstunde.txt": "skipped"}
    redone, translator = statuses("--backend", "transformers")
    assert redone == {"moore.txt": "ok", "sprechstunde.txt": "ok"}
    assert "backend:transformers-fp32" in translator
    assert statuses()[0] == {"moore.txt": "ok", "sprechstunde.txt": "ok"}  # back to ct2: redone again


def test_fast_path_tokenises_exactly_like_marian_tokenizer(tiny_model):
    from transformers import MarianTokenizer

    from summariser.translate.pieces import MarianPieces

    reference = MarianTokenizer.from_pretrained(str(tiny_model))
    pieces = MarianPieces(tiny_model, 512)
    texts = sample_lines() + ["Ein </s> mitten im <unk> Satz <pad>", ">>en<< Guten Tag", "", "  ",
                              "Temperatur 21 ℃, ½ Liter, 🧪 Labor", "Wort " * 700]
    for text in texts:
        expected = reference(text, add_special_tokens=True, truncation=True, max_length=512)["input_ids"]
        assert pieces.encode(text) == expected, text
        assert pieces.tokens(expected) == reference.convert_ids_to_tokens(expected)
    rng = random.Random(3)
    for _ in range(200):
        ids = [rng.randrange(len(pieces.vocab)) for _ in range(rng.randint(0, 25))]
        assert pieces.decode(pieces.tokens(ids)) == reference.batch_decode([ids], skip_special_tokens=True)[0].strip()


def test_converted_model_translates_without_importing_torch_or_transformers(tiny_model, isolated_home):
    settings = TranslateSettings(model=str(tiny_model), beams=1, max_length_ratio=0.25)
    load_translator(settings).translate(["Das ist ein Satz."])  # converts (needs torch) once
    code = (
        "import sys\n"
        "from summariser.settings import TranslateSettings\n"
        "from summariser.translate import load_translator\n"
        f"t = load_translator(TranslateSettings(model={str(tiny_model)!r}, beams=1, max_length_ratio=0.25))\n"
        "print(t.translate(['Das ist ein Satz.']))\n"
        "print(sorted(m for m in ('torch', 'transformers') if m in sys.modules))\n"
    )
    env = {"SUMMARISER_CACHE_DIR": str(isolated_home / "cache"), "PATH": "/usr/bin:/bin",
           "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
