"""Split: sentences with stable ids, their language, and the chunks the translator will see.

SoMaJo splits German sentences: of the splitters compared (README), it was the only one that
never split inside `Prof. Dr.`, `z. B.`, `Nr. 12` or dates like `24. November 2026`. A wrong
split ruins a translation while a missed split costs little, so two post-rules mend it: one adds
the missed split after a number, unit abbreviation or Roman numeral followed by a sentence-opening
word ("18 bis 65 J. Bei …", "Ramses II. Die …"); one joins a piece that cannot start a sentence
to the abbreviation before it ("No. 6", "Cell Metab. 38(4), 512-527. DOI: …").

The language is decided per sentence (`language.py`), in German and English releases alike.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from .gender import normalise_gender
from .language import detect_language, document_language, paragraph_languages
from .records import HEADLINE_SECTIONS, CleanDoc, Section, Sentence

__all__ = ["detect_language", "document_language", "guard_length", "sentences_of", "split"]

LINE_SECTIONS = (Section.CONTACT, Section.PUBLICATION, Section.LINK, Section.TABLE)
WHOLE_SECTIONS = HEADLINE_SECTIONS

# Sentence openers that cannot follow an ordinal or a unit abbreviation inside a sentence.
_OPENERS = (
    "Der Die Das Dies Diese Dieser Dieses Wir Ich Sie Er Es Man Im Am Zum Zur Ein Eine Auch "
    "Außerdem Zudem Damit Dabei Daher Doch Aber Bisher Bis Nun Jetzt Heute Seit Mit Nach Bei "
    "Für In Laut So Zugleich Gleichzeitig Insgesamt Weitere Derzeit Danach Dann Später Anschließend "
    "Deshalb Trotzdem Allerdings Jedoch Somit The This It We They"
).split()
_ROMAN = "II III IV VI VII VIII IX XI XII XIII XIV XV XVI XVII XVIII XIX XX XXI".split()
_UNIT_ABBREVIATIONS = "Mio. Mrd. usw. etc. Tsd. J. Jh. Jhd. Std. Min. Mon. Wo. Proz. ff.".split()
_MISSED = re.compile(
    "(?:" + "|".join(
        [r"(?<=\d\.)"] + [rf"(?<=\b{re.escape(a)})" for a in _UNIT_ABBREVIATIONS]
        + [rf"(?<=\b{r}\.)" for r in _ROMAN]
    ) + r")\s+(?=(?:" + "|".join(_OPENERS) + r")\b)"
)
# A piece that starts like this continues the piece before it when that ends in an abbreviation.
_ABBREVIATION_END = re.compile(
    r"(?:\b(?:No|Nos|Nr|Fig|Figs|Vol|vol|pp|p|Ref|ca|approx|vs|Abb|Tab|Bd|Jg|Hrsg|S|Art|Sec|Eq|Suppl)"
    r"|\b[A-Z][a-z]{1,6}|\bet al)\.$"
)
_CONTINUATION = re.compile(
    r"^(?:\d+\s*\(\d+\)|\d+\s*[,:]\s*\d+|\d+\s*[-–]\s*\d+|[a-zäöüß(]|DOI\b|doi\b|PMID\b|https?://)"
)
_NUMBER_ABBREVIATION_END = re.compile(r"\b(?:No|Nos|Nr|Fig|Figs|Vol|vol|pp|p|Ref|Abb|Tab|Bd|Jg|S|Art|Sec|Eq)\.$")
_CLAUSE_BREAKS = (
    re.compile(r"(?<=;)\s+"),
    re.compile(r"(?<=:)\s+"),
    re.compile(r"(?<=,)\s+(?=(?:und|aber|denn|sondern|doch|während|wobei|weil|da|sodass|so dass|"
               r"die|der|das|welche|welcher|welches|wie|wenn|als|ob|um|and|but|which|while)\b)"),
    re.compile(r"(?<=[,–—-])\s+"),
)


@lru_cache(maxsize=1)
def _tokenizer():
    from somajo import SoMaJo

    return SoMaJo("de_CMC", split_camel_case=False, split_sentences=True, character_offsets=True)


def sentences_of(paragraph: str) -> list[str]:
    return list(_sentences_of(paragraph))


# Cached: the command splits once before the model loads and again with its token counts.
@lru_cache(maxsize=4096)
def _sentences_of(paragraph: str) -> tuple[str, ...]:
    out: list[str] = []
    for sentence in _tokenizer().tokenize_text([paragraph]):
        start, end = sentence[0].character_offset[0], sentence[-1].character_offset[1]
        out += [part for part in _MISSED.split(paragraph[start:end]) if part.strip()]
    return tuple(_join_continuations(out))


def _join_continuations(pieces: list[str]) -> list[str]:
    """Join "No." + "6 cancer hospital …" and "Cell Metab." + "38(4), 512-527." back together."""
    out: list[str] = []
    for piece in pieces:
        if out and _continues_previous(out[-1], piece):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out


def _continues_previous(previous: str, piece: str) -> bool:
    if _NUMBER_ABBREVIATION_END.search(previous) and piece[:1].isdigit():
        return True
    return bool(_ABBREVIATION_END.search(previous) and _CONTINUATION.match(piece))


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
        langs = [doc_lang] * len(texts) if block.section in LINE_SECTIONS else paragraph_languages(texts, doc_lang)
        for number, (text, lang) in enumerate(zip(texts, langs, strict=True), 1):
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
