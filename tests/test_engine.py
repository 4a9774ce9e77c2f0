"""`pipeline.run_documents`: the one engine behind `summarise` and `batch`.

What a user sees of it: one bad release fails alone with a reason while the others come out;
the model is loaded once, and only when a release has German sentences; a problem with the
translator itself stops the run instead of failing every release in turn.
"""

from __future__ import annotations

import pytest
from fake_translator import FakeTranslator

from summariser.errors import InputError, OutputError
from summariser.ingest import from_bytes
from summariser.pipeline import Document, Failure, run_documents, summarise_text
from summariser.records import Result
from summariser.settings import Settings

GERMAN = (
    "Neue Studie zu Bienen im Regen\n\nForschende der Universität Talheim haben das Verhalten von "
    "Honigbienen bei Regen untersucht. Die Tiere fanden auch unter dichten Wolken den Weg zurück in den Stock.\n"
)
BROKEN = (
    "Preis für junge Ärztin\n\nDie Stiftung Herzgesundheit verleiht ihren Nachwuchspreis an Dr. Anna Berg. "
    "Sie erforscht seltene Erkrankungen des Herzens bei Kindern.\n"
)


def _doc(key: str, text: str) -> Document:
    return Document(key, lambda: from_bytes(text.encode("utf-8"), name=key, max_bytes=100_000))


def _unreadable(key: str) -> Document:
    def read():
        raise InputError(f"{key}: no such file")

    return Document(key, read)


class Breaks(FakeTranslator):
    """Fails on any call that holds a sentence about the prize, as a model can on odd input."""

    def __init__(self) -> None:
        self.calls = 0

    def translate(self, texts, on_progress=None):
        self.calls += 1
        if any("Nachwuchspreis" in t for t in texts):
            raise RuntimeError("the model produced no output")
        return super().translate(texts, on_progress)


def _flat(groups) -> dict[str, Result | Failure]:
    return {o.key: o.made for group in groups for o in group}


def test_a_release_that_breaks_the_translator_fails_alone(samples):
    english = (samples / "en_finding_institute.txt").read_text(encoding="utf-8")
    translator = Breaks()
    docs = [_doc("a", GERMAN), _doc("b", BROKEN), _doc("c", english), _unreadable("d")]

    groups = list(run_documents(docs, Settings(), lambda: translator))

    made = _flat(groups)
    assert [o.key for group in groups for o in group] == ["a", "b", "c", "d"]
    assert isinstance(made["a"], Result) and "study" in made["a"].title
    assert isinstance(made["c"], Result)
    assert made["b"].reason == "translation failed: RuntimeError: the model produced no output"
    assert made["d"].reason == "d: no such file"
    assert translator.calls == 3  # the group once, then each German release alone


def test_the_model_is_loaded_once_and_only_for_german(samples):
    english = (samples / "en_finding_institute.txt").read_text(encoding="utf-8")
    loads = []

    def load():
        loads.append(1)
        return FakeTranslator()

    english_only = list(run_documents([_doc("e1", english), _doc("e2", english)], Settings(), load))
    assert loads == [] and all(isinstance(m, Result) for m in _flat(english_only).values())

    docs = [_doc(f"g{i}", GERMAN) for i in range(5)]
    groups = list(run_documents(docs, Settings(), load, group_releases=2))
    assert [len(group) for group in groups] == [2, 2, 1]
    assert loads == [1]
    # Documents prepared before the model was loaded are split again with its token counts,
    # so every group's result is the same as with the translator given from the start.
    given = _flat(run_documents([_doc("g", GERMAN)], Settings(), translator=FakeTranslator()))["g"]
    assert {m.doc_key for m in _flat(groups).values()} == {given.doc_key}
    assert all(m.sentences == given.sentences for m in _flat(groups).values())


def test_a_translator_that_cannot_work_stops_the_run():
    class CacheGone(FakeTranslator):
        def translate(self, texts, on_progress=None):
            raise OutputError("cannot write the translation cache")

    with pytest.raises(OutputError, match="translation cache"):
        list(run_documents([_doc("a", GERMAN), _doc("b", GERMAN)], Settings(), CacheGone))


def test_summarise_text_raises_what_stopped_its_release():
    with pytest.raises(RuntimeError, match="no output"):
        summarise_text(BROKEN, Settings(), translator=Breaks())
    with pytest.raises(InputError, match="empty"):
        summarise_text("   \n", Settings(), translator=FakeTranslator())
