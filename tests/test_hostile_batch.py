"""`batch` and the translation cache against hostile folders, racing reviewers and damaged files."""

from __future__ import annotations

import errno
import json
import logging
import os
import sqlite3
from pathlib import Path

import pytest
from fake_translator import FakeTranslator
from hostile import ENGLISH, unblock_later

from summariser.batch import find as batch_find
from summariser import review as core
from summariser.batch import output_stems, run_batch
from summariser.cli import app
from summariser.errors import InputError, ModelLoadError
from summariser.settings import Settings
from summariser.store import load_result
from summariser.translate.cache import DB_NAME, CachedTranslator, TranslationCache

GERMAN = (
    "Neue Studie zu Bienen im Regen\n\nForschende der Universität Würzfeld haben das Verhalten "
    "von Honigbienen bei Regen untersucht. Die Tiere fanden auch unter dichten Wolken den Weg zurück.\n"
)


class HookedTranslator(FakeTranslator):
    """The shared fake translator with two hooks: `during` runs while a batch is translating;
    `drop` leaves out the last translations, as a broken backend would."""

    def __init__(self, during=None, drop: int = 0) -> None:
        self.during = during
        self.drop = drop

    def translate(self, texts, on_progress=None):
        if self.during is not None:
            self.during()
        return super().translate(texts, on_progress)[: len(texts) - self.drop]


def _settings() -> Settings:
    return Settings.load(environ={})


def _folder(tmp_path: Path, files: dict[str, str]) -> Path:
    inputs = tmp_path / "in"
    for name, text in files.items():
        (inputs / name).parent.mkdir(parents=True, exist_ok=True)
        (inputs / name).write_text(text, encoding="utf-8")
    return inputs


def _rows(out: Path) -> dict[str, dict]:
    return {r["path"]: r for r in json.loads((out / "report.json").read_text(encoding="utf-8"))["releases"]}


# --- item 1: output folder = input folder, or results landing on releases --------------------

def test_output_folder_equal_to_the_input_folder_is_refused_and_nothing_is_written(tmp_path):
    inputs = _folder(tmp_path, {"a.md": ENGLISH, "b.md": ENGLISH})
    with pytest.raises(InputError, match="is the input folder"):
        run_batch(inputs, inputs, _settings())
    assert sorted(p.name for p in inputs.iterdir()) == ["a.md", "b.md"]
    assert (inputs / "a.md").read_text(encoding="utf-8") == ENGLISH


def test_output_folder_given_by_another_path_to_the_input_is_refused(tmp_path):
    inputs = _folder(tmp_path, {"a.md": ENGLISH})
    (tmp_path / "alias").symlink_to(inputs)
    with pytest.raises(InputError, match="is the input folder"):
        run_batch(inputs, tmp_path / "alias", _settings())


# --- item 13: output names never collide -----------------------------------------------------

def test_releases_whose_output_names_would_meet_each_get_their_own_result(tmp_path):
    inputs = _folder(tmp_path, {"b.txt": ENGLISH, "b.html": f"<html><body><p>{ENGLISH}</p></body></html>",
                                "b.txt.txt": ENGLISH.replace("river", "lake")})
    out = tmp_path / "out"
    report = run_batch(inputs, out, _settings())
    assert [d.status for d in report.docs] == ["ok", "ok", "ok"]
    outputs = [d.output for d in report.docs]
    assert len(set(outputs)) == 3
    names = {load_result(out / o).source_name for o in outputs}
    assert names == {"b.txt", "b.html", "b.txt.txt"}


def test_output_stems_are_unique_even_ignoring_case():
    stems = output_stems([Path("A.txt"), Path("a.txt"), Path("b.txt"), Path("b.md"), Path("b.txt.txt")])
    keys = [s.as_posix().casefold() for s in stems.values()]
    assert len(set(keys)) == len(keys)


# --- items 4, 5: pipes, devices and links leaving the folder ---------------------------------

def test_links_leaving_the_folder_are_skipped_unless_asked(tmp_path):
    secret = tmp_path / "elsewhere" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text(ENGLISH.replace("river", "secret"), encoding="utf-8")
    inputs = _folder(tmp_path, {"a.txt": ENGLISH})
    (inputs / "p.txt").symlink_to(secret)
    (inputs / "alias.txt").symlink_to(inputs / "a.txt")  # stays inside: read
    out = tmp_path / "out"
    run_batch(inputs, out, _settings())
    rows = _rows(out)
    assert rows["p.txt"]["status"] == "skipped" and "--follow-links" in rows["p.txt"]["reason"]
    assert rows["alias.txt"]["status"] == "ok"
    assert not any("secret" in p.read_text(encoding="utf-8") for p in out.glob("*.md"))
    run_batch(inputs, tmp_path / "out2", _settings(), follow_links=True)
    assert _rows(tmp_path / "out2")["p.txt"]["status"] == "ok"


def test_a_pipe_named_like_a_release_gets_a_row_and_does_not_block(tmp_path):
    inputs = _folder(tmp_path, {"a.txt": ENGLISH})
    os.mkfifo(inputs / "fifo.txt")
    out = tmp_path / "out"
    timer = unblock_later(inputs / "fifo.txt")  # should the run block on it, the test fails instead
    try:
        report = run_batch(inputs, out, _settings())
    finally:
        timer.cancel()
    assert report.exit_code == 0
    assert _rows(out)["fifo.txt"]["status"] == "skipped"
    assert "pipe" in _rows(out)["fifo.txt"]["reason"]


# --- item 14: output inside the input folder; unreadable folders -----------------------------

def test_output_folder_holding_releases_inside_the_input_folder_is_refused(tmp_path):
    inputs = _folder(tmp_path, {"a.txt": ENGLISH, "2024/b.txt": ENGLISH})
    with pytest.raises(InputError, match="would be left out"):
        run_batch(inputs, inputs / "2024", _settings())


def test_a_new_output_folder_inside_the_input_folder_works_and_is_not_read_back(tmp_path):
    inputs = _folder(tmp_path, {"a.md": ENGLISH})
    run_batch(inputs, inputs / "out", _settings())
    again = run_batch(inputs, inputs / "out", _settings())
    assert [(d.path, d.status) for d in again.docs] == [("a.md", "skipped")]


def test_an_unreadable_folder_gets_a_failed_row(tmp_path, monkeypatch):
    inputs = _folder(tmp_path, {"a.txt": ENGLISH, "locked/b.txt": ENGLISH})
    real_walk = os.walk

    def walk(top, onerror=None, **kwargs):  # as for a folder without read permission (root reads all)
        for folder, dirs, files in real_walk(top, onerror=onerror, **kwargs):
            if Path(folder).name == "locked":
                onerror(PermissionError(errno.EACCES, "Permission denied", folder))
                dirs[:] = []
                continue
            yield folder, dirs, files

    monkeypatch.setattr(batch_find.os, "walk", walk)
    out = tmp_path / "out"
    report = run_batch(inputs, out, _settings())
    row = _rows(out)["locked"]
    assert row["status"] == "failed" and "Permission denied" in row["reason"]
    assert report.exit_code == 1


# --- item 6: a review saved while the batch translates is kept -------------------------------

def test_a_review_saved_during_translation_is_not_overwritten(tmp_path):
    inputs = _folder(tmp_path, {"bienen.txt": GERMAN})
    out = tmp_path / "out"
    run_batch(inputs, out, _settings(), load=lambda: HookedTranslator())
    result_path = out / "bienen.json"
    item = load_result(result_path).faq[0].id
    (inputs / "bienen.txt").write_text(GERMAN + "Die Studie erscheint im Frühjahr.\n", encoding="utf-8")

    def reviewer_saves() -> None:
        core.decide(result_path, item, "reject", "Bea")

    report = run_batch(inputs, out, _settings(), load=lambda: HookedTranslator(during=reviewer_saves))
    decided = next(x for x in load_result(result_path).faq if x.id == item)
    assert decided.status == "rejected" and decided.reviewer == "Bea"
    row = _rows(out)["bienen.txt"]
    assert row["status"] == "skipped" and "reviewed during this run" in row["reason"]
    assert report.exit_code == 0


# --- item 17: the report of a run that stopped says so ---------------------------------------

def test_a_run_stopped_by_a_missing_model_reports_its_exit_code(tmp_path):
    inputs = _folder(tmp_path, {"bienen.txt": GERMAN})
    out = tmp_path / "out"

    def missing():
        raise ModelLoadError("cannot load model 'nowhere'")

    with pytest.raises(ModelLoadError):
        run_batch(inputs, out, _settings(), load=missing)
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["exit_code"] == 4 and report["interrupted"] is True
    assert "cannot load model" in report["error"]
    # Every release found has a row: the report does not look like an empty folder.
    assert [(row["path"], row["status"]) for row in report["releases"]] == [("bienen.txt", "failed")]
    assert report["releases"][0]["reason"] == "not made: the run stopped (cannot load model 'nowhere')"


# --- item 10 and the cache's alignment -------------------------------------------------------

def _filled_cache(path: Path, rows: int = 2000) -> None:
    with TranslationCache(path) as db:
        db.put_many([(f"k{i}", "s" * 200, "t" * 200, "sig") for i in range(rows)])
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


def _damage_pages(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for offset in range(4096 * 2, len(data), 4096):
        data[offset + 8 : offset + 400] = b"\xa5" * 392
    path.write_bytes(bytes(data))


def test_a_file_that_is_not_a_database_is_moved_aside_and_replaced(tmp_path, caplog):
    path = tmp_path / DB_NAME
    path.write_bytes(b"this is no sqlite file\n" * 100)
    with caplog.at_level(logging.WARNING, logger="summariser"), TranslationCache(path) as db:
        db.put_many([("k", "Quelle", "source", "sig")])
        assert db.get_many(["k"]) == {"k": "source"}
    assert db.recovered is not None and db.recovered.read_bytes().startswith(b"this is no sqlite")
    assert "was damaged" in caplog.text and str(db.recovered) in caplog.text


def test_damaged_pages_found_mid_run_start_a_fresh_cache(tmp_path):
    path = tmp_path / DB_NAME
    _filled_cache(path)
    _damage_pages(path)
    with TranslationCache(path) as db:
        found = db.get_many([f"k{i}" for i in range(2000)])
        db.put_many([("new", "Quelle", "source", "sig")])
        assert db.get_many(["new"]) == {"new": "source"}
    assert db.recovered is not None
    assert all(v == "t" * 200 for v in found.values())


def test_cache_info_finds_damaged_pages_and_cache_clear_recovers(runner, tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    _filled_cache(cache / DB_NAME)
    _damage_pages(cache / DB_NAME)
    info = runner.invoke(app, ["cache", "info", "--cache", str(cache)])
    assert info.exit_code == 0, info.output
    assert "state: damaged; moved to" in info.output and "translations: 0" in info.output
    (cache / DB_NAME).write_bytes(b"garbage" * 100)
    cleared = runner.invoke(app, ["cache", "clear", "--cache", str(cache)])
    assert cleared.exit_code == 0, cleared.output
    assert "was damaged" in cleared.output
    assert runner.invoke(app, ["cache", "info", "--cache", str(cache)]).output.count("state: ok") == 1


def test_a_backend_returning_too_few_translations_stores_nothing(tmp_path):
    with TranslationCache(tmp_path / DB_NAME) as db:
        cached = CachedTranslator(HookedTranslator(drop=1), db)
        with pytest.raises(ValueError, match="returned 2 translations for 3 sentences"):
            cached.translate(["eins", "zwei", "drei"])
        assert db.count() == 0
