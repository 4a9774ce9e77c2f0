"""The language model's decompressed copy in the cache folder: made once, and a damaged copy
never breaks language detection."""

from __future__ import annotations

import os
import stat

import pytest

from summariser import language

GERMAN = "Die Forschenden haben eine neue Methode entwickelt, die deutlich schneller ist."


@pytest.fixture
def fresh_model():
    language._langid_model.cache_clear()
    language._langid.cache_clear()
    yield
    language._langid_model.cache_clear()
    language._langid.cache_clear()


def test_first_use_keeps_a_decompressed_copy_in_the_cache_folder(fresh_model, isolated_home):
    assert language.detect_language(GERMAN, default="en") == "de"
    copies = list((isolated_home / "cache" / "langid").glob("py3langid-*.npz"))
    assert len(copies) == 1 and copies[0].stat().st_size > 1_000_000
    assert not list(copies[0].parent.glob("*.part"))


def test_a_damaged_copy_is_replaced_and_detection_still_works(fresh_model, isolated_home):
    copy = language._langid_copy_path()
    copy.parent.mkdir(parents=True)
    copy.write_bytes(b"not a numpy archive")
    assert language.detect_language(GERMAN, default="en") == "de"
    assert language.document_language("This is plainly an English sentence about a study.")[0] == "en"
    assert copy.stat().st_size > 1_000_000


def test_an_unwritable_cache_folder_falls_back_to_the_library_model(fresh_model, isolated_home, monkeypatch):
    blocked = isolated_home / "blocked"
    blocked.write_text("a file where the cache folder should be")
    monkeypatch.setenv("SUMMARISER_CACHE_DIR", str(blocked))
    assert language.detect_language(GERMAN, default="en") == "de"


def test_a_truncated_copy_is_replaced(fresh_model, isolated_home):
    language.detect_language(GERMAN, default="en")
    copy = language._langid_copy_path()
    copy.write_bytes(copy.read_bytes()[:5000])
    language._langid_model.cache_clear()
    language._langid.cache_clear()
    assert language.detect_language(GERMAN, default="en") == "de"
    assert copy.stat().st_size > 1_000_000


def test_the_copy_is_readable_as_the_umask_allows(fresh_model, isolated_home):
    old = os.umask(0o022)
    try:
        language.detect_language(GERMAN, default="en")
    finally:
        os.umask(old)
    assert stat.S_IMODE(language._langid_copy_path().stat().st_mode) == 0o644
