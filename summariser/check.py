"""Check a summary or FAQ written elsewhere against the release it claims to summarise.

The release goes through the same stages as `summarise` up to translation (same translator,
same cache), so its claims can be looked up in the German text and in its English translation.
The draft is read as our own JSON record, a Markdown FAQ (`**question**` or `### question`
lines) or plain text, and split into sentences as `summarise` splits the release; each sentence
is checked with the one faithfulness checker, and every claim it flags comes with the release
sentence nearest to the draft sentence, in German and English, so a person can judge it.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from . import faithfulness, glossary
from .errors import InputError
from .pipeline import summarise_text
from .records import Aligned, Flag, Status
from .settings import Settings
from .split import sentences_of
from .translate import Translator

_QUESTION_BOLD = re.compile(r"^\s*\*\*(.+?)\*\*\s*(.*)$")
_HEADING = re.compile(r"^\s*#{1,6}\s+(.*)$")
_LIST_MARK = re.compile(r"^\s*(?:[-*+•]\s+|\d{1,3}[.)]\s+|[QA]\s*[:.]\s+)", re.IGNORECASE)
_RULE = re.compile(r"^\s*(?:[-*_—–=]\s*){1,}$")
_MARKUP = re.compile(r"\*\*|__|(?<!\w)[*_](?=\w)|(?<=\w)[*_](?!\w)|`")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_QUOTE_MARK = re.compile(r"^\s*(?:>\s*)+")
# Evidence ids as `summarise` writes them after a summary line: "[p3.s1]", "[p4.s3, p4.s4]".
_EVIDENCE_IDS = re.compile(r"\[\s*p\d+\.s\d+(?:\s*,\s*p\d+\.s\d+)*\s*\]")
# A line wholly in italics is a note about the draft (word count, review status), not a claim.
_ITALIC_LINE = re.compile(r"^\s*([*_])(?![\s*_]).*(?<![\s*_])\1\s*$")
# Lines `summarise` writes about its own run: source, signature, the checker's own warnings.
_OWN_NOTE = re.compile(r"^\s*(?:\*(?:Source|Signature):\*|[-*+]\s+⚠)")
_EVIDENCE_LABEL = re.compile(r"^\s*Evidence:\s*$")
# Where `summarise` says a term's explanation came from, after the explanation.
_SOURCE_NOTE = re.compile(r"\s*\(from the (?:team glossary|release\b[^)]*)\)\s*$")


@dataclass(frozen=True, slots=True)
class DraftSentence:
    """One sentence of the draft; `part` says where it stands ("text", "question 3", "summary")."""

    part: str
    text: str


@dataclass(frozen=True, slots=True)
class Claim:
    """Something the release does not support, with the release sentence nearest to its draft sentence."""

    flag: Flag
    nearest: Aligned | None

    def to_dict(self) -> dict[str, Any]:
        nearest = None if self.nearest is None else {"id": self.nearest.id, "de": self.nearest.de, "en": self.nearest.en}
        return {**self.flag.to_dict(), "nearest": nearest}


@dataclass(frozen=True, slots=True)
class CheckedSentence:
    part: str
    text: str
    claims: tuple[Claim, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"part": self.part, "text": self.text, "claims": [c.to_dict() for c in self.claims]}


@dataclass(frozen=True, slots=True)
class DraftReport:
    name: str
    sentences: tuple[CheckedSentence, ...]

    @property
    def flagged(self) -> tuple[CheckedSentence, ...]:
        return tuple(s for s in self.sentences if s.claims)

    @property
    def summary_line(self) -> str:
        return f"{self.name}: {len(self.sentences)} sentence(s) checked, {len(self.flagged)} flagged"

    def to_dict(self) -> dict[str, Any]:
        return {
            "draft": self.name,
            "checked": len(self.sentences),
            "flagged": len(self.flagged),
            "sentences": [s.to_dict() for s in self.sentences],
        }


@dataclass(frozen=True, slots=True)
class Release:
    """The release's sentences, German and English side by side, and its metadata lines."""

    name: str
    sentences: tuple[Aligned, ...]
    metadata: tuple[str, ...]


def read_release(
    data: bytes, name: str, settings: Settings, load: Callable[[], Translator], fmt: str | None = None
) -> Release:
    """Clean, split and (for German) translate the release: `summarise`'s own engine, so the
    claims are looked up in exactly the sentences a summary of it would rest on."""
    result = summarise_text(data, settings, name=name, fmt=fmt, load=load)
    # What the reader recorded about the bytes is no part of what the release says.
    said = {k: v for k, v in result.metadata.items() if k not in ("encoding", "format")}
    return Release(name, result.sentences, tuple(str(v) for v in said.values()))


def read_draft(text: str, name: str) -> list[DraftSentence]:
    """The draft's sentences: from our JSON record, or from Markdown / plain text."""
    if text.lstrip().startswith("{"):
        return _record_sentences(text, name)
    sentences: list[DraftSentence] = []
    questions = 0
    in_evidence = False
    for line in text.splitlines():
        if not line.strip() or _RULE.match(line) or _OWN_NOTE.match(line):
            continue
        if _QUOTE_MARK.match(line) and in_evidence:
            continue  # our own quotes of the release's sentences: checking them proves nothing
        in_evidence = bool(_EVIDENCE_LABEL.match(line))
        if in_evidence:
            continue
        if _ITALIC_LINE.match(line):
            if questions and _plain(line).split(" · ")[0] == Status.REJECTED:
                # A reviewer rejected this item, so it is no claim of the draft any more.
                sentences = [s for s in sentences if s.part not in (f"question {questions}", f"answer {questions}")]
            continue
        line = _SOURCE_NOTE.sub("", _EVIDENCE_IDS.sub("", _QUOTE_MARK.sub("", line)))
        question = _QUESTION_BOLD.match(line)
        heading = _HEADING.match(line)
        if question:
            questions += 1
            sentences.extend(DraftSentence(f"question {questions}", s) for s in _sentences(_plain(question.group(1))))
            rest = question.group(2)
            part = f"answer {questions}"
        elif heading:
            title = _plain(heading.group(1))
            if not title.endswith("?"):
                continue  # a section label such as "Background", not a claim
            questions += 1
            sentences.extend(DraftSentence(f"question {questions}", s) for s in _sentences(title))
            continue
        else:
            rest = line
            part = f"answer {questions}" if questions else "text"
        sentences.extend(DraftSentence(part, s) for s in _sentences(_plain(rest)))
    return sentences


def _sentences(text: str) -> list[str]:
    """Sentences split as `summarise` splits the release, so "No. 6" or "Prof. Dr." stay whole."""
    return [s.strip() for s in sentences_of(text) if _has_words(s)] if _has_words(text) else []


def check_draft(release: Release, sentences: Sequence[DraftSentence], name: str) -> DraftReport:
    reference = faithfulness.release_reference(release.sentences, release.metadata)
    nearest = _Nearest(release.sentences)
    # The team glossary's wording for the terms the release uses (the term in any of its forms,
    # its explanation, its plain words) is ours to write, as `summarise` does in its FAQ and
    # summary; the release need not contain it.
    entries = glossary.find_terms(" ".join(s.en for s in release.sentences))
    allowed = [" ".join(e.forms) for e in entries] + [e.explain for e in entries] + [e.plain for e in entries if e.plain]
    checked = []
    for sentence in sentences:
        flags = faithfulness.check(sentence.text, reference, allowed=allowed)
        if sentence.part.startswith("question"):
            # A question asserts nothing with its wording; only its numbers and names can be invented.
            flags = tuple(f for f in flags if f.kind != "word")
        best = nearest.to(sentence.text) if flags else None
        checked.append(CheckedSentence(sentence.part, sentence.text, tuple(Claim(f, best) for f in flags)))
    return DraftReport(name, tuple(checked))


def report_json(release: Release, reports: Sequence[DraftReport]) -> str:
    data = {
        "release": release.name,
        "flagged": any(r.flagged for r in reports),
        "drafts": [r.to_dict() for r in reports],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def report_text(reports: Sequence[DraftReport]) -> str:
    out: list[str] = []
    for report in reports:
        for sentence in report.flagged:
            out.append(f"{report.name} · {sentence.part}: {sentence.text}")
            for kind in ("number", "date", "name", "word"):
                values = [c.flag.value for c in sentence.claims if c.flag.kind == kind]
                if values:
                    out.append(f"  not in the release ({_KIND_LABEL[kind]}): {', '.join(dict.fromkeys(values))}")
            near = sentence.claims[0].nearest
            if near is not None:
                out.append(f"  nearest release sentence ({near.id}): {near.en}")
                if near.translated:
                    out.append(f"    German: {near.de}")
            out.append("")
        out.append(report.summary_line)
    return "\n".join(out) + "\n"


_KIND_LABEL = {"number": "numbers", "date": "dates", "name": "names", "word": "content words"}


class _Nearest:
    """The release sentence sharing the most (rarer) words with a draft sentence."""

    def __init__(self, sentences: Sequence[Aligned]) -> None:
        self.sentences = [s for s in sentences if _has_words(s.en)]
        self.bags = [_stems(s.en) | _stems(s.de) for s in self.sentences]
        counts = Counter(w for bag in self.bags for w in bag)
        total = len(self.bags) or 1
        self.idf = {w: math.log(1 + total / n) for w, n in counts.items()}

    def to(self, text: str) -> Aligned | None:
        words = _stems(text)
        scored = [(sum(self.idf[w] for w in words & bag), -i) for i, bag in enumerate(self.bags)]
        if not scored:
            return None
        _, index = max(scored)
        return self.sentences[-index]


def _stems(text: str) -> set[str]:
    return {faithfulness.stem(w) for w in re.findall(r"[^\W_]+", text) if len(w) > 2}


def _plain(text: str) -> str:
    text = _LINK.sub(r"\1", text)
    text = _LIST_MARK.sub("", text)
    text = _MARKUP.sub("", text)
    return _LIST_MARK.sub("", text).strip()


def _has_words(text: str) -> bool:
    return re.search(r"[^\W\d_]{2,}", text) is not None


def _record_sentences(text: str, name: str) -> list[DraftSentence]:
    try:
        data = json.loads(text)
        lines = [line["text"] for line in data["summary"]["lines"]]
        # A rejected item is no claim of the record any more.
        faq = [
            (number, item["question"], item["answer"])
            for number, item in enumerate(data["faq"], start=1)
            if item.get("status") != Status.REJECTED
        ]
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(
            f"{name} looks like JSON but is not a summariser record ({exc})",
            hint="give a record made by `summariser summarise --format json`, or Markdown / plain text",
        ) from None
    sentences = [DraftSentence("summary", s) for line in lines for s in _sentences(line)]
    for number, question, answer in faq:
        sentences += [DraftSentence(f"question {number}", s) for s in _sentences(question)]
        sentences += [DraftSentence(f"answer {number}", s) for s in _sentences(answer)]
    return sentences
