"""Language: German or English, decided per sentence in every release.

A release can mix both: an English article quoting the German original release below it, or a
German release quoting an English study title or statement. Each sentence is judged on its
own, so German in an English release is translated and English in a German one passes
through. A sentence too short to judge (a name, "Mehr dazu.") takes its paragraph's language,
and the release's language is what most of its body is written in.
"""

from __future__ import annotations

import copy
import re
from functools import lru_cache
from collections.abc import Sequence

from .records import Section, Sentence

_MIN_LETTERS_FOR_LANGID = 15
# Below this, a sentence's own evidence is weak: it follows its paragraph.
_MIN_LETTERS_ON_ITS_OWN = 40
# Quoted titles and statements are often in the other language ("Der Titel lautet „Deep …“.").
_QUOTED = re.compile(r"„[^“”\"]*[“”\"]|“[^”]*”|»[^«]*«|«[^»]*»|\"[^\"]*\"")
# Words frequent in one language and rare in the other, to settle what the identifier is unsure of.
_GERMAN_WORDS = frozenset(
    "der die das und ist nicht mit für von zu auf den dem des ein eine einen sich auch wird werden wurde "
    "sind bei nach über aus wie oder aber noch nur hat haben im zum zur dass können kann".split()
)
_ENGLISH_WORDS = frozenset(
    "the and of to is in for with that this are was were be by from has have on as it an which "
    "their they can will not or at who also".split()
)


@lru_cache(maxsize=1)
def _langid_model():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    # Decompressing the model takes about 0.6 s: done once, shared by both identifiers.
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@lru_cache(maxsize=2)
def _langid(restricted: bool):
    identifier = _langid_model()
    if restricted:
        # Restricted to the two languages a release can be in, short sentences and contact
        # lines are far less likely to be taken for a third language. A copy: restricting
        # replaces the copy's arrays and leaves the shared model whole.
        identifier = copy.copy(identifier)
        identifier.set_languages(["de", "en"])
    return identifier.classify


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def detect_language(text: str, default: str = "de") -> str:
    """`de` or `en` for a sentence or passage; too little text to tell gives `default`."""
    unquoted = _QUOTED.sub(" ", text)
    # A quoted title is judged by the sentence around it; a quoted statement by itself.
    if _letters(unquoted) >= max(_MIN_LETTERS_FOR_LANGID, _letters(text) // 2):
        text = unquoted
    if _letters(text) < _MIN_LETTERS_FOR_LANGID:
        return default
    lang, probability = _langid(True)(text)
    if probability >= 0.95:
        return lang
    words = re.findall(r"[a-zäöüß]+", text.lower())
    german = sum(w in _GERMAN_WORDS for w in words)
    english = sum(w in _ENGLISH_WORDS for w in words)
    if german != english:
        return "de" if german > english else "en"
    return lang


def document_language(text: str) -> tuple[str, float]:
    """The language of a whole release among all the identifier knows, with its probability."""
    lang, probability = _langid(False)(text)
    return lang, float(probability)


def paragraph_languages(sentences: Sequence[str], default: str) -> list[str]:
    """The language of each sentence of one paragraph; short ones follow the paragraph."""
    paragraph = detect_language(" ".join(sentences), default)
    return [
        detect_language(s, paragraph) if _letters(s) >= _MIN_LETTERS_ON_ITS_OWN else paragraph
        for s in sentences
    ]


def release_language(sentences: Sequence[Sentence], default: str) -> str:
    """What most of the body is written in, counted in letters."""
    counts = {"de": 0, "en": 0}
    for s in sentences:
        if s.section == Section.BODY and s.lang in counts:
            counts[s.lang] += _letters(s.text)
    if counts["de"] == counts["en"]:
        return default
    return "de" if counts["de"] > counts["en"] else "en"
