"""Translations that loop, stop short or change a number are flagged."""

from __future__ import annotations

from summariser.translate.quality import flags_for

SOURCE = "Bei 47 Patienten, also bei ca. 3,5 Prozent, trat eine Neuropathie auf."


def test_faithful_translation_has_no_flags():
    assert flags_for(SOURCE, "In 47 patients, about 3.5 percent, neuropathy occurred.") == ()


def test_changed_number_is_flagged():
    assert flags_for(SOURCE, "In 74 patients, about 3.5 percent, neuropathy occurred.") == ("number_changed",)


def test_repetition_and_length_are_flagged():
    looping = "In 47 patients " + "the " * 30
    assert set(flags_for(SOURCE, looping)) == {"too_long", "repetition"}
    assert flags_for(SOURCE, "Neuropathy.") == ("too_short",)
    assert flags_for(SOURCE, "") == ("empty",)
