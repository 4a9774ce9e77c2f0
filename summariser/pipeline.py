"""The pipeline, top to bottom: ingest → clean → split → translate → summarise → FAQ → check.

`prepare` and `finish` are separate so that `batch` can translate the sentences of many
releases in shared, length-sorted batches between the two. `summarise_text` runs one release.
The translator is loaded only when a release has German sentences: English input needs no model.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from typing import Callable, Sequence

from . import __version__, faithfulness
from .clean import clean, require_body
from .errors import InputError
from .faq import draft_faq
from .faq import with_term_items
from . import jargon
from .glossary import entries as glossary_entries
from .glossary import find_terms
from .ingest import from_bytes
from .kinds import classify
from .records import Aligned, CleanDoc, FaqItem, Result, Sentence, Source, Summary
from .settings import Settings
from .language import release_language
from .split import detect_language, document_language, split
from .summarise import summarise
from .translate import Progress, Translator, token_counter
from .translate.quality import flags_for

# Bumped when a rule changes what comes out, so batch results made by older rules are redone.
RULES_VERSION = "rules:3"


@dataclass(frozen=True, slots=True)
class Prepared:
    source: Source
    doc: CleanDoc
    metadata: dict[str, str]
    lang: str
    sentences: tuple[Sentence, ...]

    @property
    def to_translate(self) -> list[str]:
        return [chunk for s in self.sentences if s.translatable for chunk in s.chunks]


def prepare(source: Source, settings: Settings, count_tokens: Callable[[str], int] | None = None) -> Prepared:
    doc, metadata = clean(source.text)
    require_body(doc, source.name)
    body = " ".join(b.text for b in doc.blocks if b.section in ("title", "heading", "body"))
    lang = detect_language(body, default="de")
    other, probability = document_language(body)
    if other not in ("de", "en") and probability > 0.9 and len(body.split()) >= 8:
        raise InputError(
            f"{source.name} looks like a release in another language ({other}), not German or English",
            hint="summariser translates German releases; English ones are summarised as they are",
        )
    sentences = split(doc, lang, count_tokens, settings.translate.max_sentence_tokens)
    # Each sentence has its own language; the release's is what most of its body is in.
    lang = release_language(sentences, lang)
    return Prepared(source, doc, metadata, lang, sentences)


def measure_with(prepared: Prepared, settings: Settings, count_tokens: Callable[[str], int] | None) -> Prepared:
    """Split again with the model's own token counts, once the model is loaded.

    Only the long-sentence guard depends on them, so cleaning and language detection are kept.
    """
    sentences = split(prepared.doc, prepared.lang, count_tokens, settings.translate.max_sentence_tokens)
    return replace(prepared, sentences=sentences)


def translate_all(
    prepared: Sequence[Prepared], translator: Translator | None, on_progress: Progress | None = None
) -> list[list[Aligned]]:
    """Translate the German sentences of all releases in one call, so batches span releases."""
    texts = [chunk for p in prepared for chunk in p.to_translate]
    if texts and translator is None:
        raise ValueError("German sentences need a translator")
    outputs = iter(translator.translate(texts, on_progress) if texts else [])
    aligned_all = []
    for p in prepared:
        aligned = []
        for s in p.sentences:
            if s.translatable:
                parts = [next(outputs) for _ in s.chunks]
                en = " ".join(part for part in parts if part)
                flags = tuple(dict.fromkeys(f for chunk, part in zip(s.chunks, parts, strict=True) for f in flags_for(chunk, part)))
                aligned.append(Aligned(s.id, s.text, en, s.section, s.lang, True, flags))
            else:
                aligned.append(Aligned(s.id, s.text, s.text, s.section, s.lang, False))
        aligned_all.append(aligned)
    return aligned_all


def finish(prepared: Prepared, aligned: Sequence[Aligned], settings: Settings, mt_signature: str) -> Result:
    title = next((s.en for s in aligned if s.section == "title"), None)
    headline = " ".join(s.en + " " + s.de for s in aligned if s.section in ("title", "heading"))
    body = " ".join(s.en + " " + s.de for s in aligned if s.section == "body")
    kind = classify(headline, body)
    summary = summarise(aligned, kind, settings.summary)
    summary = replace(summary, terms=jargon.notes(summary.lines, aligned))
    faq = draft_faq(aligned, kind, settings.faq)
    faq = with_term_items(faq, summary.terms, settings.faq.max_items)
    reference = faithfulness.Reference.of([s.de for s in aligned] + [s.en for s in aligned] + list(prepared.metadata.values()))
    summary, faq = check_faithfulness(summary, faq, reference)
    signature = full_signature(settings, mt_signature if prepared.to_translate else "mt:none")
    return Result(
        source_name=prepared.source.name,
        source_sha256=prepared.source.sha256,
        title=title,
        kind=kind,
        lang=prepared.lang,
        sentences=tuple(aligned),
        summary=summary,
        faq=faq,
        signature=signature,
        doc_key=doc_key(prepared.source.sha256, signature),
        metadata={**prepared.metadata, "encoding": prepared.source.encoding, "format": prepared.source.fmt},
    )


def check_faithfulness(summary: Summary, faq: Sequence[FaqItem], reference: faithfulness.Reference) -> tuple[Summary, tuple[FaqItem, ...]]:
    # Summary lines may use the glossary's plain words, which carry no names or numbers.
    plain_words = [e.plain for e in glossary_entries() if e.plain]
    lines = tuple(
        replace(line, flags=faithfulness.check(line.text, reference, allowed=plain_words))
        for line in summary.lines
    )
    items = tuple(
        item.with_changes(flags=faithfulness.check(
            item.answer, reference, allowed=[e.explain for e in find_terms(item.question)] if item.origin == "glossary" else ()))
        for item in faq
    )
    return replace(summary, lines=lines), items


def full_signature(settings: Settings, mt_signature: str) -> str:
    return "|".join((mt_signature, settings.signature(), RULES_VERSION, f"version:{__version__}"))


def doc_key(source_sha256: str, signature: str) -> str:
    return hashlib.sha256(f"{source_sha256}\n{signature}".encode()).hexdigest()[:16]


def summarise_text(
    data: bytes | str,
    settings: Settings,
    translator: Translator | None = None,
    name: str = "stdin",
    fmt: str | None = None,
    load: Callable[[], Translator] | None = None,
) -> Result:
    """One release, end to end. `load` is called for a translator only if one is needed."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    source = from_bytes(raw, name=name, max_bytes=settings.max_input_bytes, fmt=fmt)
    prepared = prepare(source, settings, token_counter(translator))
    if prepared.to_translate and translator is None:
        translator = (load or _default_loader(settings))()
        prepared = measure_with(prepared, settings, token_counter(translator))
    aligned = translate_all([prepared], translator)[0]
    return finish(prepared, aligned, settings, translator.signature() if translator else "mt:none")


def _default_loader(settings: Settings) -> Callable[[], Translator]:
    from .translate import load_translator

    return lambda: load_translator(settings.translate, settings.cache_path)
