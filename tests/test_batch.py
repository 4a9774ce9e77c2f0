"""`summariser batch` and `summariser cache`: a folder in, mirrored results, a report, resume.

German releases go through the tiny real Marian model (its English is noise); English releases
need no model at all, which keeps most of these tests fast.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from summariser.batch import output_stems, run_batch
from summariser.cli import app as APP
from summariser.settings import Settings, TranslateSettings
from summariser.translate import load_translator, resolve_backend
from summariser.translate.cache import DB_NAME, TranslationCache
from summariser.translate.registry import get_backend


@pytest.fixture(autouse=True)
def short_noise(monkeypatch):
    """The tiny model's random weights never stop on their own: cap the output length."""
    monkeypatch.setenv("SUMMARISER_MAX_LENGTH_RATIO", "0.25")


GERMAN = {
    "bienen.txt": "Neue Studie zu Bienen im Regen\n\nForschende der Universität Würzfeld haben das Verhalten "
    "von Honigbienen bei Regen untersucht. Die Tiere fanden auch unter dichten Wolken den Weg zurück in den Stock.\n",
    "preis.txt": "Preis für junge Ärztin aus Kiel\n\nDie Stiftung Herzgesundheit verleiht ihren Nachwuchspreis "
    "an Dr. Anna Berg. Sie erforscht seltene Erkrankungen des Herzens bei Kindern.\n",
    "vortraege.txt": "Öffentliche Vorträge im Winter\n\nDie Universität lädt im Januar zu fünf öffentlichen "
    "Vorträgen über Klimaforschung ein. Der Eintritt ist frei, eine Anmeldung ist nicht nötig.\n",
}

# A standard paragraph many releases of one institute end with. (Under an "Über das Institut"
# heading it would be a footer, which is not translated at all.)
ABOUT = (
    "Das Institut für Meeresforschung Nordkap ist eine unabhängige Forschungseinrichtung mit rund "
    "300 Beschäftigten. Es untersucht die Ökosysteme der Nordsee und entwickelt Verfahren für den "
    "Schutz der Küsten.\n"
)
ABOUT_SENTENCES = (
    "Das Institut für Meeresforschung Nordkap ist eine unabhängige Forschungseinrichtung mit rund 300 Beschäftigten.",
    "Es untersucht die Ökosysteme der Nordsee und entwickelt Verfahren für den Schutz der Küsten.",
)

HTML = """<!DOCTYPE html><html><head><title>Bees navigate by polarised light</title>
<style>body { color: red }</style><script>var tracking = "TRACKER_SCRIPT";</script></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/news">Newsroom menu</a></li></ul></nav>
<div id="cookie-banner" class="cookie-consent"><p>We use cookies to improve your experience.</p>
<button>Accept all cookies</button></div>
<main><article><h1>Bees navigate by polarised light even under dense cloud cover</h1>
<p>Honeybees can orient themselves using patterns of polarised light even when the sky is almost
completely overcast. This is the main result of a study by scientists at the Institute for Sensory
Ecology, published this week.</p>
<p>The team led by Dr. Konstantin Weyrauch tracked 214 foragers from four colonies with miniature
radar transponders over two summers. On days with more than 90 percent cloud cover, 78 percent of
the bees still returned to the hive on a direct route.</p>
<p>"We were surprised at how robust this navigation system is," says Weyrauch.</p>
</article></main><footer>Imprint | Privacy</footer></body></html>
"""


def _report(out: Path) -> dict[str, dict]:
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return {row["path"]: row for row in data["releases"]}


def _english(folder: Path, samples: Path, *names: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copyfile(samples / "en_finding_institute.txt", folder / name)


def test_mixed_folder_with_bad_files_finishes_reports_them_and_exits_1(runner, samples, tiny_model, tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    (src / "2026" / "nov").mkdir(parents=True)
    shutil.copyfile(samples / "de_kurzmeldung.txt", src / "2026" / "nov" / "preis.txt")
    shutil.copyfile(samples / "en_finding_institute.txt", src / "bees.md")
    (src / "2026" / "bees-web.html").write_text(HTML, encoding="utf-8")
    (src / "2026" / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (src / "empty.md").write_text("  \n", encoding="utf-8")
    (src / "notes.pdf").write_bytes(b"%PDF-1.4")  # not a release: ignored

    result = runner.invoke(APP, ["batch", str(src), "-o", str(out), "--model", str(tiny_model), "--beams", "1"])

    assert result.exit_code == 1, result.output
    rows = _report(out)
    assert set(rows) == {"2026/nov/preis.txt", "bees.md", "2026/bees-web.html", "2026/broken.txt", "empty.md"}
    assert rows["2026/broken.txt"]["status"] == "failed" and "binary" in rows["2026/broken.txt"]["reason"]
    assert rows["empty.md"]["status"] == "failed" and "empty" in rows["empty.md"]["reason"]
    for name, stem in (("2026/nov/preis.txt", "2026/nov/preis"), ("bees.md", "bees"), ("2026/bees-web.html", "2026/bees-web")):
        assert rows[name]["status"] == "ok" and rows[name]["words"] > 50
        assert (out / f"{stem}.md").read_text(encoding="utf-8").startswith("# ")
        record = json.loads((out / f"{stem}.json").read_text(encoding="utf-8"))
        assert record["faq"] and record["doc_key"] == rows[name]["doc_key"]
    assert "## Translation" in (out / "2026/nov/preis.md").read_text(encoding="utf-8")
    web = (out / "2026/bees-web.md").read_text(encoding="utf-8")
    assert "214 foragers" in web
    assert "cookies" not in web and "TRACKER_SCRIPT" not in web and "Newsroom menu" not in web
    # The failures are listed at the end, after the table.
    tail = result.output[result.output.index("release(s) failed"):]
    assert "2026/broken.txt" in tail and "empty.md" in tail and "bees.md" not in tail


def test_resume_after_interruption_redoes_nothing_and_loses_nothing(runner, samples, tiny_model, tmp_path, register_backend):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for name, text in GERMAN.items():
        (src / name).write_text(text, encoding="utf-8")
    shutil.copyfile(samples / "en_finding_institute.txt", src / "zz_bees.txt")
    settings = Settings.load({"translate.model": str(tiny_model), "translate.beams": 1})

    class KilledDuringSecondGroup:
        def __init__(self, inner):
            self.inner, self.calls = inner, 0

        def signature(self):
            return self.inner.signature()

        def count_tokens(self, text):
            return self.inner.count_tokens(text)

        def translate(self, texts, on_progress=None):
            self.calls += 1
            if self.calls == 2:
                raise KeyboardInterrupt
            return self.inner.translate(texts, on_progress)

    translator = KilledDuringSecondGroup(load_translator(settings.translate))
    with pytest.raises(KeyboardInterrupt):
        run_batch(src, out, settings, load=lambda: translator, group_releases=2)

    first_group = ("bienen", "preis")
    assert sorted(p.stem for p in out.glob("*.json") if p.name != "report.json") == list(first_group)
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["interrupted"] is True
    mtimes = {stem: (out / f"{stem}.json").stat().st_mtime_ns for stem in first_group}

    result = runner.invoke(APP, ["batch", str(src), "-o", str(out), "--model", str(tiny_model), "--beams", "1"])

    assert result.exit_code == 0, result.output
    rows = _report(out)
    assert {p: r["status"] for p, r in rows.items()} == {
        "bienen.txt": "skipped", "preis.txt": "skipped", "vortraege.txt": "ok", "zz_bees.txt": "ok",
    }
    assert rows["preis.txt"]["reason"] == "up to date"
    assert {stem: (out / f"{stem}.json").stat().st_mtime_ns for stem in first_group} == mtimes

    # A fully up-to-date run decides from the result files alone: no model is loaded.
    class NoModel:
        @classmethod
        def load(cls, settings, cache_dir=None, on_notice=None):
            raise AssertionError("the model was loaded for an up-to-date run")

    # The real backend's planner stays: only loading its model is taken away.
    name = resolve_backend(settings.translate).backend
    register_backend(name, NoModel, plans=get_backend(name).plans)
    again = runner.invoke(APP, ["batch", str(src), "-o", str(out), "--model", str(tiny_model), "--beams", "1", "-q"])
    assert again.exit_code == 0, again.output
    assert {r["status"] for r in _report(out).values()} == {"skipped"}


def test_cache_translates_a_shared_paragraph_once(runner, samples, tiny_model, tmp_path, register_backend):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for name in ("bienen.txt", "preis.txt"):
        (src / name).write_text(GERMAN[name] + "\n" + ABOUT, encoding="utf-8")
    asked: list[str] = []

    class Counting:
        def __init__(self, inner):
            self.inner = inner

        def signature(self):
            return self.inner.signature()

        def count_tokens(self, text):
            return self.inner.count_tokens(text)

        def translate(self, texts, on_progress=None):
            asked.extend(texts)
            return self.inner.translate(texts, on_progress)

    name = resolve_backend(TranslateSettings()).backend  # what the default, auto, runs
    real = get_backend(name).loader()

    class CountingBackend:
        @classmethod
        def load(cls, settings, cache_dir=None, on_notice=None):
            return Counting(real.load(settings, cache_dir=cache_dir, on_notice=on_notice))

    register_backend(name, CountingBackend, plans=get_backend(name).plans)
    args = ["batch", str(src), "-o", str(out), "--model", str(tiny_model), "--beams", "1", "-q"]

    result = runner.invoke(APP, args)

    assert result.exit_code == 0, result.output
    for sentence in ABOUT_SENTENCES:
        assert asked.count(sentence) == 1
    assert len(asked) == len(set(asked))
    # Both results carry the paragraph's one translation.
    english = [{s["de"]: s["en"] for s in json.loads((out / f"{n}.json").read_text(encoding="utf-8"))["sentences"]}
               for n in ("bienen", "preis")]
    assert english[0][ABOUT_SENTENCES[0]] == english[1][ABOUT_SENTENCES[0]]

    # A new summary setting redoes both releases, but every sentence comes from the cache.
    asked.clear()
    rerun = runner.invoke(APP, args + ["--max-summary-words", "60"])
    assert rerun.exit_code == 0, rerun.output
    assert {r["status"] for r in _report(out).values()} == {"ok"}
    assert asked == []

    # --no-cache asks the model again.
    norun = runner.invoke(APP, args + ["--max-summary-words", "70", "--no-cache"])
    assert norun.exit_code == 0, norun.output
    assert set(ABOUT_SENTENCES) <= set(asked)


def test_result_a_reviewer_worked_on_is_not_overwritten_without_force(runner, samples, tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    _english(src, samples, "bees.txt", "other.txt")
    assert runner.invoke(APP, ["batch", str(src), "-o", str(out), "-q"]).exit_code == 0
    reviewed = out / "bees.json"
    record = json.loads(reviewed.read_text(encoding="utf-8"))
    item = next(i for i in record["faq"] if not i["needs_input"])
    item.update(status="approved", reviewer="Jana", decided_at="2026-11-25T10:00:00Z")
    reviewed.write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")
    before = reviewed.read_bytes()

    result = runner.invoke(APP, ["batch", str(src), "-o", str(out), "--max-summary-words", "60"])

    assert result.exit_code == 0, result.output
    rows = _report(out)
    assert rows["bees.txt"]["status"] == "skipped"
    assert rows["bees.txt"]["reason"].startswith("reviewed: 1 decision;") and "--force" in rows["bees.txt"]["reason"]
    assert rows["other.txt"]["status"] == "ok"  # the unreviewed one is redone with the new setting
    assert reviewed.read_bytes() == before

    forced = runner.invoke(APP, ["batch", str(src), "-o", str(out), "--max-summary-words", "60", "--force", "-q"])
    assert forced.exit_code == 0, forced.output
    rewritten = json.loads(reviewed.read_text(encoding="utf-8"))
    assert "words:60" in rewritten["signature"]
    assert {i["status"] for i in rewritten["faq"]} == {"draft"}


def test_damaged_result_is_reported_not_overwritten(runner, samples, tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    _english(src, samples, "bees.txt")
    out.mkdir()
    (out / "bees.json").write_text('{"format_version": 1, "faq": [', encoding="utf-8")

    result = runner.invoke(APP, ["batch", str(src), "-o", str(out), "-q"])

    assert result.exit_code == 3, result.output
    row = _report(out)["bees.txt"]
    assert row["status"] == "failed" and "not valid JSON" in row["reason"] and "--force" in row["reason"]
    assert (out / "bees.json").read_text(encoding="utf-8") == '{"format_version": 1, "faq": ['
    assert runner.invoke(APP, ["batch", str(src), "-o", str(out), "-q", "--force"]).exit_code == 0


def test_unwritable_output_fails_fast_before_the_model_loads(runner, samples, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copyfile(samples / "de_kurzmeldung.txt", src / "preis.txt")
    blocker = tmp_path / "file.txt"
    blocker.write_text("a file, not a folder", encoding="utf-8")

    result = runner.invoke(APP, ["batch", str(src), "-o", str(blocker / "sub"), "--model", str(tmp_path / "no-such-model")])

    assert result.exit_code == 5, result.output
    assert "Error: cannot create the output folder" in result.output
    assert "Hint:" in result.output and "model" not in result.output.lower()


def test_only_bad_files_exit_3_and_an_empty_folder_is_an_input_error(runner, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "empty.txt").write_text("", encoding="utf-8")
    assert runner.invoke(APP, ["batch", str(src), "-o", str(tmp_path / "out"), "-q"]).exit_code == 3
    (src / "empty.txt").unlink()
    result = runner.invoke(APP, ["batch", str(src), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "no releases under" in result.output


def test_glob_narrows_and_output_inside_input_is_not_read_back(runner, samples, tmp_path):
    src = tmp_path / "in"
    _english(src / "2025", samples, "a.txt")
    _english(src / "2026", samples, "b.txt", "c.md")
    out = src / "results"

    result = runner.invoke(APP, ["batch", str(src), "-o", str(out), "--glob", "2026/*.txt", "-q"])
    assert result.exit_code == 0, result.output
    assert set(_report(out)) == {"2026/b.txt"}
    again = runner.invoke(APP, ["batch", str(src), "-o", str(out), "-q"])
    assert again.exit_code == 0, again.output
    assert set(_report(out)) == {"2025/a.txt", "2026/b.txt", "2026/c.md"}  # results/*.md not taken as input


def test_output_names_mirror_the_tree_and_never_collide():
    stems = output_stems([Path("a.txt"), Path("a.html"), Path("sub/b.md"), Path("report.txt"), Path("sub/report.txt")])
    assert stems == {
        Path("a.txt"): Path("a.txt"), Path("a.html"): Path("a.html"), Path("sub/b.md"): Path("sub/b"),
        Path("report.txt"): Path("report.txt"), Path("sub/report.txt"): Path("sub/report"),
    }


def test_cache_info_and_clear(runner, samples, tiny_model, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "preis.txt").write_text(GERMAN["preis.txt"], encoding="utf-8")
    cache = tmp_path / "mtcache"
    args = ["batch", str(src), "-o", str(tmp_path / "out"), "--model", str(tiny_model), "--beams", "1",
            "--cache", str(cache), "-q"]
    assert runner.invoke(APP, args).exit_code == 0
    db = TranslationCache(cache / DB_NAME)
    stored = db.count()
    db.close()
    assert stored > 0

    info = runner.invoke(APP, ["cache", "info", "--cache", str(cache)])
    assert info.exit_code == 0 and f"translations: {stored}" in info.output
    cleared = runner.invoke(APP, ["cache", "clear", "--cache", str(cache)])
    assert cleared.exit_code == 0 and f"removed {stored} cached translations" in cleared.output
    db = TranslationCache(cache / DB_NAME)
    assert db.count() == 0
    db.close()


@pytest.mark.parametrize("backend", ["transformers", "ctranslate2"])
def test_a_finished_folder_is_checked_without_loading_the_model_until_the_model_changes(
        runner, samples, tiny_model, tmp_path, register_backend, backend):
    if backend == "ctranslate2":
        pytest.importorskip("ctranslate2")
    model, src, out = tmp_path / "tiny-marian", tmp_path / "in", tmp_path / "out"
    shutil.copytree(tiny_model, model)
    src.mkdir()
    for name in ("bienen.txt", "preis.txt"):
        (src / name).write_text(GERMAN[name], encoding="utf-8")
    shutil.copyfile(samples / "en_finding_institute.txt", src / "bees.txt")
    args = ["batch", str(src), "-o", str(out), "--model", str(model), "--backend", backend, "--beams", "1", "-q"]
    assert runner.invoke(APP, args).exit_code == 0
    loads: list[str] = []
    real = get_backend(backend).loader()

    class LoadCounting:
        @classmethod
        def load(cls, settings, cache_dir=None, on_notice=None):
            loads.append("load")
            return real.load(settings, cache_dir=cache_dir, on_notice=on_notice)

    register_backend(backend, LoadCounting, plans=get_backend(backend).plans)

    again = runner.invoke(APP, args)

    assert again.exit_code == 0, again.output
    assert {p: r["reason"] for p, r in _report(out).items()} == dict.fromkeys(("bees.txt", "bienen.txt", "preis.txt"), "up to date")
    assert loads == []
    # New model files: the German results are made again with it, the English one is still current.
    config = model / "config.json"
    config.write_text(config.read_text(encoding="utf-8") + "\n", encoding="utf-8")

    changed = runner.invoke(APP, args)

    assert changed.exit_code == 0, changed.output
    assert {p: r["status"] for p, r in _report(out).items()} == {"bees.txt": "skipped", "bienen.txt": "ok", "preis.txt": "ok"}
    assert loads == ["load"]
