"""Typed records that flow between the pipeline stages.

Each stage takes records and returns new ones; nothing is mutated in place. `to_dict` gives the
JSON wire format; `store.parse_result` reads it back, checked against these types (msgspec).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from typing import Any, Literal

FORMAT_VERSION = 1


class Section(StrEnum):
    """Where a sentence came from in the release (`Sentence.section`), set by the cleaning stage.

    Only body sentences are summarised; each other label answers only its own question. The
    dateline ("TAMPA, Fla. —", "Leipzig, 3. März 2026 –") is not a sentence: it is kept in
    `Result.metadata["dateline"]`.
    """

    TITLE = "title"  # the release's title, never glued to text
    HEADING = "heading"  # its headings (and question lines)
    BODY = "body"  # the message: the only text summarised and drawn on for general answers
    CONTACT = "contact"  # whom to contact (names, phones, e-mails), shown as written
    PUBLICATION = "publication"  # where it was published: reference, citation, DOI
    FUNDING = "funding"  # who paid: funding and support notes, acknowledgements
    LINK = "link"  # further-information links and URL lists
    FOOTER = "footer"  # "About …" / "Über …" paragraphs about an institution
    # After an end marker ("###", "Leave a Reply") or a disclaimer, editor's note, conflict
    # statement or social-media line: never an answer.
    ENDMATTER = "endmatter"
    TABLE = "table"  # a table row or a line of code, shown as written: never summarised or an answer


# The title and headings: what the release says it is about.
HEADLINE_SECTIONS = (Section.TITLE, Section.HEADING)
# The release's own message: headline and body (what its language and its terms are read from).
MESSAGE_SECTIONS = (*HEADLINE_SECTIONS, Section.BODY)
# Contact, publication and link lines are names, numbers and addresses: shown as written.
TRANSLATED_SECTIONS = (*MESSAGE_SECTIONS, Section.FOOTER, Section.FUNDING, Section.ENDMATTER)


class Status(StrEnum):
    """The review decision on a FAQ item."""

    DRAFT = "draft"
    APPROVED = "approved"
    EDITED = "edited"
    REJECTED = "rejected"


# An item with one of these statuses is published; an edited one was written or changed by a person.
PUBLISHABLE = (Status.APPROVED, Status.EDITED)

# What a faithfulness flag found: a number, a date, a name, or one of several words the
# release never uses.
FlagKind = Literal["number", "date", "name", "word"]


class Origin(StrEnum):
    """Where a FAQ answer or a term's explanation comes from (`FaqItem.origin`, `TermNote.origin`)."""

    RELEASE = "release"  # sentences of the release (`evidence` names them)
    GLOSSARY = "glossary"  # the team's lay glossary, explaining a term the release uses
    NONE = "none"  # the release does not say: left to the reviewer
    REVIEWER = "reviewer"  # a question a reviewer added (FAQ items only)


class Kind(StrEnum):
    """What kind of release this is (`kinds.classify`); the kind picks the FAQ questions."""

    FINDING = "finding"
    TRIAL = "trial"
    APPOINTMENT = "appointment"
    EVENT = "event"
    GRANT = "grant"
    PARTNERSHIP = "partnership"
    # The cues do not tell one kind clearly from another: ask what every release can answer.
    GENERAL = "general"


@dataclass(frozen=True, slots=True)
class Source:
    name: str
    fmt: str
    text: str
    sha256: str
    encoding: str


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph of the release, labelled by the cleaning stage."""

    index: int
    text: str
    section: Section


@dataclass(frozen=True, slots=True)
class CleanDoc:
    title: str | None
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class Sentence:
    """One source sentence with a stable id such as `p2.s3`.

    `chunks` is what the translator sees: the sentence with gender forms normalised, split at
    clause boundaries when it is too long for the model. `lang` is `de` or `en`; English
    sentences are passed through untranslated.
    """

    id: str
    text: str
    section: Section
    lang: str
    chunks: tuple[str, ...]

    @property
    def translatable(self) -> bool:
        return self.lang == "de" and self.section in TRANSLATED_SECTIONS


@dataclass(frozen=True, slots=True)
class Aligned:
    """A source sentence and its English text side by side."""

    id: str
    de: str
    en: str
    section: Section
    lang: str
    translated: bool
    flags: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "flags": list(self.flags)}



@dataclass(frozen=True, slots=True)
class Flag:
    """A faithfulness problem: `kind` says what was found (`value`) that the release lacks."""

    kind: FlagKind
    value: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)



@dataclass(frozen=True, slots=True)
class SummaryLine:
    text: str
    evidence: tuple[str, ...]
    flags: tuple[Flag, ...] = ()
    # The release's sentence the line was shortened from, so a reviewer sees every deletion.
    original: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "evidence": list(self.evidence),
            "flags": [f.to_dict() for f in self.flags],
            **({"original": self.original} if self.original is not None else {}),
        }



@dataclass(frozen=True, slots=True)
class TermNote:
    """A word of the summary a general reader may not know, and where its explanation comes
    from: `release` (a sentence of the release defines it; `evidence` names it), `glossary`
    (the team's lay glossary) or `none` (left unexplained; the FAQ asks the reviewer)."""

    term: str
    explanation: str | None
    origin: Origin
    evidence: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"term": self.term, "explanation": self.explanation, "origin": self.origin,
                "evidence": list(self.evidence)}



@dataclass(frozen=True, slots=True)
class Summary:
    lines: tuple[SummaryLine, ...]
    words: int
    grade: float | None
    source_grade: float | None
    terms: tuple[TermNote, ...] = ()

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)

    @property
    def unexplained(self) -> tuple[str, ...]:
        return tuple(t.term for t in self.terms if t.origin == Origin.NONE)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "lines": [line.to_dict() for line in self.lines],
            "words": self.words,
            "grade": self.grade,
            "source_grade": self.source_grade,
            "terms": [t.to_dict() for t in self.terms],
            "unexplained": list(self.unexplained),
        }



@dataclass(frozen=True, slots=True)
class FaqItem:
    """A drafted question and answer, and the review decision taken on it.

    `origin` says where the answer comes from: `release` (sentences of the release),
    `glossary` (the team's lay glossary, explaining a term the release uses), `none`
    (the release does not say; `needs_input` is then set) or `reviewer` (a question a
    reviewer added).
    """

    id: str
    question: str
    answer: str
    evidence: tuple[str, ...]
    origin: Origin
    needs_input: bool = False
    flags: tuple[Flag, ...] = ()
    status: Status = Status.DRAFT
    draft_answer: str | None = None
    reviewer: str | None = None
    decided_at: str | None = None

    @property
    def decided(self) -> bool:
        return self.status != Status.DRAFT

    @property
    def publishable(self) -> bool:
        return self.status in PUBLISHABLE

    def to_dict(self) -> dict[str, Any]:
        return {
            **{k: getattr(self, k) for k in self.__slots__},
            "evidence": list(self.evidence),
            "flags": [f.to_dict() for f in self.flags],
        }


    def with_changes(self, **changes: Any) -> FaqItem:
        return replace(self, **changes)


@dataclass(frozen=True, slots=True)
class Result:
    """Everything known about one release: the record of truth, review decisions included."""

    source_name: str
    source_sha256: str
    title: str | None
    kind: Kind
    lang: str
    sentences: tuple[Aligned, ...]
    summary: Summary
    faq: tuple[FaqItem, ...]
    signature: str
    doc_key: str
    metadata: dict[str, Any] = field(default_factory=dict)

    def sentence(self, sentence_id: str) -> Aligned | None:
        return next((s for s in self.sentences if s.id == sentence_id), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format_version": FORMAT_VERSION,
            "source": {"name": self.source_name, "sha256": self.source_sha256},
            "title": self.title,
            "kind": self.kind,
            "lang": self.lang,
            "signature": self.signature,
            "doc_key": self.doc_key,
            "summary": self.summary.to_dict(),
            "faq": [item.to_dict() for item in self.faq],
            "sentences": [s.to_dict() for s in self.sentences],
            "metadata": self.metadata,
        }


    def with_faq(self, faq: tuple[FaqItem, ...]) -> Result:
        return replace(self, faq=faq)
