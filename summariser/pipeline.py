"""The pipeline, top to bottom: ingest → clean → split → translate → summarise → FAQ → check.

`run_documents` is the one engine: it reads and prepares documents, loads the translator only
when one has German sentences (English input needs no model), splits again with the model's
own token counts, translates the German sentences of a group of documents in one call (so the
translator's length-sorted batches span documents), retries one by one when a group fails,
and finishes each. `summarise_text` runs it on one release; `batch` on a folder, group by group.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, replace
from typing import Callable, Iterable, Iterator, Sequence, TypeVar

from . import __version__, faithfulness
from .clean import clean, require_body
from .errors import InputError, SummariserError
from .faq import draft_faq
from .faq import with_term_items
from . import jargon
from .ingest import from_bytes
from .kinds import classify
from .records import HEADLINE_SECTIONS, MESSAGE_SECTIONS, Aligned, CleanDoc, Result, Section, Sentence, Source
from .settings import Settings
from .language import release_language
from .split import detect_language, document_language, split
from .summarise import summarise
from .translate import Progress, Translator, token_counter
from .translate.quality import flags_for

# Bumped when a rule changes what comes out, so batch results made by older rules are redone.
RULES_VERSION = "rules:4"
# Documents translated together: larger groups batch better; a batch writes each group's results
# when it is done, so smaller ones lose less to an interruption. 32 releases of ~25 sentences
# make ~40 full batches.
GROUP_RELEASES = 32
GROUP_SENTENCES = 1000


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
    body = " ".join(b.text for b in doc.blocks if b.section in MESSAGE_SECTIONS)
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
    outputs = iter(translator.translate(texts, on_progress) if texts and translator is not None else [])
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
    title = next((s.en for s in aligned if s.section == Section.TITLE), None)
    headline = " ".join(s.en + " " + s.de for s in aligned if s.section in HEADLINE_SECTIONS)
    body = " ".join(s.en + " " + s.de for s in aligned if s.section == Section.BODY)
    kind = classify(headline, body)
    summary = summarise(aligned, kind, settings.summary)
    summary = replace(summary, terms=jargon.notes(summary.lines, aligned))
    faq = draft_faq(aligned, kind, settings.faq)
    faq = with_term_items(faq, summary.terms, settings.faq.max_items)
    reference = faithfulness.release_reference(aligned, prepared.metadata.values())
    summary, faq = faithfulness.check_drafts(summary, faq, reference)
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
    """One release, end to end. `load` is called for a translator only if one is needed.

    Whatever stopped the release is raised, as `run_documents` would have reported it.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    document = Document(name, lambda: from_bytes(raw, name=name, max_bytes=settings.max_input_bytes, fmt=fmt))
    [outcome] = next(run_documents([document], settings, load, translator=translator))
    if isinstance(outcome.made, Failure):
        raise outcome.made.error
    return outcome.made


# ------------------------------------------------------------------------------- the engine

@dataclass(frozen=True, slots=True)
class Document:
    """A document for `run_documents`: `key` names it to the caller; `read` gives its source,
    so that reading is part of its own work and a document that cannot be read fails alone."""

    key: str
    read: Callable[[], Source]


@dataclass(frozen=True, slots=True)
class Failure:
    """Why a document was not made; `error` is what was raised, for a caller that raises it."""

    reason: str
    error: Exception


@dataclass(frozen=True, slots=True)
class Outcome:
    """A document's result or failure. `seconds`: reading, preparing and finishing it plus its
    share (by sentences to translate) of its group's translation time."""

    key: str
    made: Result | Failure
    seconds: float


def run_documents(
    documents: Iterable[Document],
    settings: Settings,
    load: Callable[[], Translator] | None = None,
    *,
    translator: Translator | None = None,
    group_releases: int = GROUP_RELEASES,
    group_sentences: int = GROUP_SENTENCES,
    on_group: Callable[[int], None] | None = None,
    on_progress: Progress | None = None,
) -> Iterator[list[Outcome]]:
    """The outcomes of `documents`, one list per group, in the order the documents came.

    Documents are read and prepared as they are needed, and gathered into groups of up to
    `group_releases` documents or `group_sentences` sentences to translate. `translator`, if
    given, is used; else `load` (default: the model in `settings`) is called once, when the
    first group with German sentences is reached, and what was prepared before it is split again
    with the model's token counts. `on_group(n)` hears of each group before its n sentences are
    translated; `on_progress(n)` as n more are done.

    The error ladder: what concerns one document (it cannot be read or decoded, is empty,
    breaks the translator on its own, fails to finish) is that document's `Failure`, and the
    others go on. What concerns the run is raised: the model cannot be loaded, the translator
    raises a `SummariserError` (its cache cannot be written), Ctrl-C.
    """
    engine = _Engine(settings, load or _default_loader(settings), translator, on_group, on_progress)
    consumed: list[_Work | Outcome] = []  # documents taken since the last group was given out

    def works() -> Iterator[_Work]:
        for document in documents:
            item = engine.prepare(document)
            consumed.append(item)
            if isinstance(item, _Work):
                yield item

    for group in group_by_size(works(), lambda w: len(w.prepared.to_translate), group_releases, group_sentences):
        engine.run_group(group)
        yield [item if isinstance(item, Outcome) else item.done() for item in consumed]
        consumed.clear()
    if consumed:  # documents after the last group that all failed
        yield [item for item in consumed if isinstance(item, Outcome)]


T = TypeVar("T")


def group_by_size(items: Iterable[T], sentences: Callable[[T], int], max_releases: int,
                  max_sentences: int) -> Iterator[list[T]]:
    """Consecutive groups of up to `max_releases` items, closed early at `max_sentences` sentences."""
    group: list[T] = []
    count = 0
    for item in items:
        group.append(item)
        count += sentences(item)
        if len(group) >= max_releases or count >= max_sentences:
            yield group
            group, count = [], 0
    if group:
        yield group


def failure_reason(exc: Exception) -> str:
    """A document's failure reason for an error that concerns that document alone."""
    if isinstance(exc, SummariserError):
        return exc.message
    return f"unexpected {type(exc).__name__}: {exc}"


@dataclass(slots=True)
class _Work:
    key: str
    prepared: Prepared
    measured: bool  # split with the model's token counts
    seconds: float
    outcome: Outcome | None = None  # set once its group has run

    def done(self) -> Outcome:
        assert self.outcome is not None, "a document taken into a group that has not run"
        return self.outcome


class _Engine:
    """The translator, loaded once on first need, and the steps of one group."""

    def __init__(self, settings: Settings, load: Callable[[], Translator], translator: Translator | None,
                 on_group: Callable[[int], None] | None, on_progress: Progress | None) -> None:
        self.settings = settings
        self.load = load
        self.translator = translator
        self.on_group = on_group or (lambda count: None)
        self.on_progress = on_progress

    def prepare(self, document: Document) -> _Work | Outcome:
        started = time.perf_counter()
        try:
            source = document.read()
            count = token_counter(self.translator)
            prepared = prepare(source, self.settings, count)
        except Exception as exc:  # noqa: BLE001 - one odd document must not stop the others
            return Outcome(document.key, Failure(failure_reason(exc), exc), time.perf_counter() - started)
        return _Work(document.key, prepared, count is not None, time.perf_counter() - started)

    def run_group(self, group: list[_Work]) -> None:
        """Sets each work's outcome."""
        if any(w.prepared.to_translate for w in group) and self.translator is None:
            self.translator = self.load()  # a model that cannot be loaded stops the run
        for w in group:
            if w.prepared.to_translate and not w.measured and self.translator is not None:
                started = time.perf_counter()
                try:
                    w.prepared = measure_with(w.prepared, self.settings, token_counter(self.translator))
                    w.measured = True
                except Exception as exc:  # noqa: BLE001 - one odd document must not stop the others
                    w.outcome = Outcome(w.key, Failure(failure_reason(exc), exc), w.seconds)
                w.seconds += time.perf_counter() - started
        todo = [w for w in group if w.outcome is None]
        sentences = sum(len(w.prepared.to_translate) for w in todo)
        self.on_group(sentences)
        started = time.perf_counter()
        translated = self.translate([w.prepared for w in todo])
        share = (time.perf_counter() - started) / max(sentences, 1)
        mt_signature = self.translator.signature() if self.translator is not None else "mt:none"
        for w, aligned in zip(todo, translated, strict=True):
            w.seconds += share * len(w.prepared.to_translate)
            if isinstance(aligned, Failure):
                w.outcome = Outcome(w.key, aligned, w.seconds)
                continue
            started = time.perf_counter()
            try:
                made: Result | Failure = finish(w.prepared, aligned, self.settings, mt_signature)
            except Exception as exc:  # noqa: BLE001 - one odd document must not stop the others
                made = Failure(failure_reason(exc), exc)
            w.outcome = Outcome(w.key, made, w.seconds + time.perf_counter() - started)

    def translate(self, prepared: list[Prepared]) -> list[list[Aligned] | Failure]:
        """Aligned sentences per document, in one call; if that call fails, each document is
        tried alone, so one that breaks the translator does not take the others down with it."""
        try:
            return [*translate_all(prepared, self.translator, self.on_progress)]
        except SummariserError:
            raise
        except Exception as exc:  # noqa: BLE001 - retried one by one below to find the culprit
            if len(prepared) == 1:
                return [_translation_failed(exc)]
        out: list[list[Aligned] | Failure] = []
        for one in prepared:
            try:
                out.append(translate_all([one], self.translator, self.on_progress)[0])
            except SummariserError:
                raise
            except Exception as exc:  # noqa: BLE001 - becomes this document's failure
                out.append(_translation_failed(exc))
        return out


def _translation_failed(exc: Exception) -> Failure:
    return Failure(f"translation failed: {type(exc).__name__}: {exc}", exc)


def _default_loader(settings: Settings) -> Callable[[], Translator]:
    from .translate import load_translator

    return lambda: load_translator(settings.translate, settings.cache_path)
