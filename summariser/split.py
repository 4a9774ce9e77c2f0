"""Split: sentences with stable ids, their language, and the chunks the translator will see.

SoMaJo splits German sentences: of the splitters compared (README), it was the only one that
never split inside `Prof. Dr.`, `z. B.`, `Nr. 12` or dates like `24. November 2026`. A wrong
split ruins a translation while a missed split costs little, so one post-rule adds only the
missed split after a number or unit abbreviation followed by a sentence-opening word.
"""

from __future__ import annotations

import copy
import re
from functools import lru_cache
from typing import Callable

from .gender import normalise_gender
from .records import CleanDoc, Sentence

LINE_SECTIONS = ("contact", "publication", "link")
WHOLE_SECTIONS = ("title", "heading")

# Sentence openers that cannot follow an ordinal or a unit abbreviation inside a sentence.
_OPENERS = (
    "Der Die Das Dies Diese Dieser Dieses Wir Ich Sie Er Es Man Im Am Zum Zur Ein Eine Auch "
    "Außerdem Zudem Damit Dabei Daher Doch Aber Bisher Bis Nun Jetzt Heute Seit Mit Nach Bei "
    "Für In Laut So Zugleich Gleichzeitig Insgesamt Weitere Derzeit The This It We They"
).split()
_MISSED = re.compile(
    r"(?:(?<=\d\.)|(?<=Mio\.)|(?<=Mrd\.)|(?<=usw\.)|(?<=etc\.)|(?<=Tsd\.))\s+"
    r"(?=(?:" + "|".join(_OPENERS) + r")\b)"
)
_CLAUSE_BREAKS = (
    re.compile(r"(?<=;)\s+"),
    re.compile(r"(?<=:)\s+"),
    re.compile(r"(?<=,)\s+(?=(?:und|aber|denn|sondern|doch|während|wobei|weil|da|sodass|so dass|"
               r"die|der|das|welche|welcher|welches|wie|wenn|als|ob|um|and|but|which|while)\b)"),
    re.compile(r"(?<=[,–—-])\s+"),
)
_MIN_LETTERS_FOR_LANGID = 15


@lru_cache(maxsize=1)
def _tokenizer():
    from somajo import SoMaJo

    return SoMaJo("de_CMC", split_camel_case=False, split_sentences=True, character_offsets=True)


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


def detect_language(text: str, default: str = "de") -> str:
    """`de` or `en` for a sentence; too little text to tell gives `default`."""
    if sum(ch.isalpha() for ch in text) < _MIN_LETTERS_FOR_LANGID:
        return default
    return _langid(True)(text)[0]


def document_language(text: str) -> tuple[str, float]:
    """The language of a whole release among all the identifier knows, with its probability."""
    lang, probability = _langid(False)(text)
    return lang, float(probability)


def sentences_of(paragraph: str) -> list[str]:
    return list(_sentences_of(paragraph))


# Cached: the command splits once before the model loads and again with its token counts.
@lru_cache(maxsize=4096)
def _sentences_of(paragraph: str) -> tuple[str, ...]:
    out: list[str] = []
    for sentence in _tokenizer().tokenize_text([paragraph]):
        start, end = sentence[0].character_offset[0], sentence[-1].character_offset[1]
        out += [part for part in _MISSED.split(paragraph[start:end]) if part.strip()]
    return tuple(out)


def split(
    doc: CleanDoc,
    doc_lang: str,
    count_tokens: Callable[[str], int] | None = None,
    max_tokens: int = 400,
) -> tuple[Sentence, ...]:
    out: list[Sentence] = []
    for block in doc.blocks:
        if block.section in LINE_SECTIONS:
            texts = block.text.split("\n")
        elif block.section in WHOLE_SECTIONS:
            texts = [block.text]
        else:
            texts = sentences_of(block.text)
        for number, text in enumerate(texts, 1):
            lang = doc_lang if doc_lang == "en" or block.section in LINE_SECTIONS else detect_language(text, doc_lang)
            chunks = guard_length(normalise_gender(text), count_tokens, max_tokens) if lang == "de" else (text,)
            out.append(Sentence(f"p{block.index}.s{number}", text, block.section, lang, chunks))
    return tuple(out)


def guard_length(
    text: str, count_tokens: Callable[[str], int] | None, max_tokens: int
) -> tuple[str, ...]:
    """Split a sentence too long for the model at clause boundaries instead of truncating it.

    Without a tokenizer, two tokens a word is a safe over-estimate for German.
    """
    measure = count_tokens or (lambda s: 2 * len(s.split()) + 1)
    if measure(text) <= max_tokens:
        return (text,)
    for pattern in _CLAUSE_BREAKS:
        parts = [p for p in pattern.split(text) if p.strip()]
        if len(parts) > 1:
            return _pack(parts, measure, max_tokens)
    words = text.split()
    half = len(words) // 2
    return guard_length(" ".join(words[:half]), count_tokens, max_tokens) + guard_length(
        " ".join(words[half:]), count_tokens, max_tokens
    )


def _pack(parts: list[str], measure: Callable[[str], int], max_tokens: int) -> tuple[str, ...]:
    """Join neighbouring clauses back together while they fit, so chunks stay as long as allowed."""
    chunks: list[str] = []
    for part in parts:
        candidate = f"{chunks[-1]} {part}" if chunks else part
        if chunks and measure(candidate) <= max_tokens:
            chunks[-1] = candidate
        else:
            chunks.append(part)
    out: tuple[str, ...] = ()
    for chunk in chunks:
        out += guard_length(chunk, measure, max_tokens)
    return out
