"""`batch.plan.is_current`: whether a result on disk is what this run would make, decided from
the result, the input's hash, the settings and the planned translator signature alone."""

from __future__ import annotations

import hashlib
from dataclasses import replace

from fake_translator import FakeTranslator

from summariser.batch import is_current
from summariser.pipeline import summarise_text
from summariser.settings import Settings


def test_a_result_is_current_only_for_the_same_input_settings_and_translator(samples):
    data = (samples / "de_kurzmeldung.txt").read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    settings, translator = Settings(), FakeTranslator()
    result = summarise_text(data, settings, translator=translator, name="kurz.txt")

    assert is_current(result, sha, settings, translator.signature())
    assert not is_current(result, sha, settings, "model:other@1|backend:ct2-int8|beam:4")
    assert not is_current(result, sha, settings, None)  # no translator could be planned
    assert not is_current(result, hashlib.sha256(data + b"\n").hexdigest(), settings, translator.signature())
    shorter = replace(settings, summary=replace(settings.summary, max_words=60))
    assert not is_current(result, sha, shorter, translator.signature())


def test_an_english_result_needs_no_translator_to_be_current(samples):
    data = (samples / "en_finding_institute.txt").read_bytes()
    result = summarise_text(data, Settings(), name="bees.txt")
    assert is_current(result, hashlib.sha256(data).hexdigest(), Settings(), None)
