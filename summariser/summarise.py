"""Summarise: a short lay summary built from the release's own sentences.

The summary is extractive on purpose: each line is a translated sentence of the release,
made plainer (jargon swapped for the glossary's plain words, bracketed asides and reference
codes dropped), and it records the sentence id it rests on. It cannot state what the release
does not; the faithfulness check proves that afterwards.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from typing import Sequence

from . import glossary, roles
from .kinds import CUES
from .records import HEADLINE_SECTIONS, Aligned, Kind, Section, Summary, SummaryLine
from .settings import SummarySettings
from .simplify import simplify, simplify_lines
from .textutil import tidy

_QUOTE_START = re.compile(r"^\s*[\"“„‚'«»]")
_SPEECH = re.compile(r"\b(says|said|say|explains|explained|emphasises|emphasizes|adds|added|notes|noted|sagt|sagte|betont|erklärt)\b|\bso (?-i:[A-ZÄÖÜ])", re.IGNORECASE)
_PARENS = re.compile(r"\s*\([^()]{0,80}\)")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?])")
_WORD = re.compile(r"[A-Za-zÄÖÜäöüß]{3,}")
_STOP = frozenset(
    "the and for with from that this have has been were will into than their them they also "
    "which what when where about after before more most over such only other some these those "
    "der die das und für mit von den dem des ein eine einer eines ist sind wird werden auch "
    "nach bei aus zum zur sich nicht".split()
)


def words(text: str) -> int:
    return len(text.split())


def plain_sentence(text: str) -> str:
    text, _ = glossary.plainify(_PARENS.sub("", tidy(text)))
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", " ".join(text.split()))
    return text[:1].upper() + text[1:]


def summarise(sentences: Sequence[Aligned], kind: Kind, settings: SummarySettings) -> Summary:
    body = [s for s in sentences if s.section == Section.BODY]
    chosen = [(sentence, plain_sentence(sentence.en)) for sentence in select(sentences, kind, settings)]
    lines = tuple(SummaryLine(text=text, evidence=(s.id,)) for s, text in chosen)
    lines = _saying_who(simplify_lines(lines, sentences, settings), lines, sentences, settings)
    summary_text = " ".join(line.text for line in lines)
    return Summary(
        lines=lines,
        words=words(summary_text),
        grade=grade(summary_text),
        source_grade=grade(" ".join(s.en for s in body)),
    )


def _saying_who(simplified: tuple[SummaryLine, ...], lines: tuple[SummaryLine, ...],
                sentences: Sequence[Aligned], settings: SummarySettings) -> tuple[SummaryLine, ...]:
    """Shortening cuts attributions ("…, a study by X has found"); when that leaves no line
    saying who did the work, a chosen line keeps its attribution, unless that makes the
    summary much harder to read than the target (a long list of institutions)."""
    if any(roles.names_who(line.text) for line in simplified):
        return simplified
    kept = simplify_lines(lines, sentences, settings, keep_who=True)
    before = grade(" ".join(line.text for line in simplified))
    after = grade(" ".join(line.text for line in kept))
    if after is not None and after <= max(before or 0.0, settings.target_grade) + _WHO_GRADE_SLACK:
        return kept
    return simplified


def select(sentences: Sequence[Aligned], kind: Kind, settings: SummarySettings) -> list[Aligned]:
    """The sentences of the summary, in the order it tells them: the news first.

    First the sentence that states this work's result, then who found it if that sentence does
    not say, then the key figure or what it means, then the best of the rest. Background,
    earlier work, quotes, notes after the end marker and boilerplate are left out; so is a line
    whose subject points back to a sentence the summary does not hold, and a repeated sentence.
    """
    body = [s for s in sentences if s.section == Section.BODY]
    quoted = quoted_ids(body)
    reads = [r for r in roles.read(sentences, quoted) if not r.end_matter and r.sentence.section == Section.BODY]
    usable = [r for r in reads if r.sentence.id not in quoted and _usable(r.sentence.en)] or reads
    if not usable:
        return body[:1]
    title = roles.title_words(sentences)
    headline = " ".join(s.en for s in sentences if s.section in HEADLINE_SECTIONS)
    rank = {r.sentence.id: i for i, r in enumerate(reads)}
    order = [s.id for s in body]
    general = {r.sentence.id: _score(r.sentence, body, headline, kind, settings) for r in usable}

    def news(r: roles.Read) -> float:
        return roles.news_score(r, rank[r.sentence.id], title)

    steps = (
        news,
        lambda r: (r.of("attribution") + r.has("result")) if r.of("attribution") >= 2 and not r.has("funding") else 0.0,
        lambda r: (r.of("figure") + r.has("result") + r.has("meaning")) if not r.background and r.has("figure", "meaning") else 0.0,
        # The rest of the room: not a line only about a person or an institution ("X is also the
        # chair of …"), which says nothing about the work.
        lambda r: 0.0 if r.background or (r.has("attribution") and not r.has(*_TELLING)) else general[r.sentence.id] + 0.5 * r.has("result"),
    )
    plain = {r.sentence.id: _Plain.of(r.sentence) for r in usable}

    def hardness(r: roles.Read) -> float:
        """How far the line, as the summary will print it, is above the target grade."""
        return max(0.0, plain[r.sentence.id].grade - settings.target_grade)

    chosen: list[Aligned] = []
    kept_by_role: set[str] = set()  # the news, who and the key figure: not dropped for being hard
    seen_text: set[str] = set()
    budget = settings.max_words
    for step, scorer in enumerate(steps):
        if step == 1 and chosen and roles.names_who(plain[chosen[0].id].text if chosen[0].id in plain else chosen[0].en):
            continue
        rows = sorted(((scorer(r), -rank[r.sentence.id], r) for r in usable), key=lambda row: row[:2], reverse=True)
        if step > 0:
            # Among lines that do the same job, the plainer one reads better in a lay summary.
            rows = sorted(((score - _PLAIN_WEIGHT * hardness(r) if score > 0 else score, order_, r) for score, order_, r in rows),
                          key=lambda row: row[:2], reverse=True)
        if step == 0:
            rows = _plainest_news(rows, hardness)
        for score, _, r in rows:
            if len(chosen) >= settings.max_sentences:
                break
            if score <= 0 and not (step == 0 and not chosen):
                break
            sentence = r.sentence
            form = plain[sentence.id]
            key = " ".join(plain_sentence(sentence.en).lower().split())
            if key in seen_text or sentence.id in {c.id for c in chosen}:
                continue
            earlier = [s for s in body if order.index(s.id) < order.index(sentence.id)]
            if roles.points_back(sentence, earlier, chosen, headline):
                continue
            if form.words > budget and chosen:
                continue
            # Past the news and its support, a line a general reader would stumble on is left
            # out: a shorter summary is better than a harder one.
            if step == len(steps) - 1 and len(chosen) >= settings.min_sentences and hardness(r) > _HARD_EXTRA:
                continue
            # A line that does a job (who, the key figure) may be harder, as long as the summary
            # with it still reads near the target.
            if 0 < step < len(steps) - 1 and hardness(r) > _HARD_EXTRA and _whole(chosen + [sentence], plain) > settings.target_grade + _ROLE_SLACK:
                continue
            if step > 0 and hardness(r) > _HARD_SUPPORT:
                continue
            chosen.append(sentence)
            if step < len(steps) - 1:
                kept_by_role.add(sentence.id)
            seen_text.add(key)
            budget -= form.words
            # The first steps each add one line; the last fills what room is left.
            if step < len(steps) - 1:
                break
    # The minimum number of lines holds even where every other line is hard: the plainest
    # lines that are not background, fit the room and stand on their own fill it.
    for r in sorted(usable, key=hardness):
        if len(chosen) >= settings.min_sentences:
            break
        sentence = r.sentence
        key = " ".join(plain_sentence(sentence.en).lower().split())
        earlier = [s for s in body if order.index(s.id) < order.index(sentence.id)]
        if (r.background or key in seen_text or plain[sentence.id].words > budget
                or roles.points_back(sentence, earlier, chosen, headline)):
            continue
        chosen.append(sentence)
        seen_text.add(key)
        budget -= plain[sentence.id].words
    return _without_hard_lines(chosen, kept_by_role, plain, body, headline, settings)


def _without_hard_lines(chosen: list[Aligned], kept: set[str], plain: dict[str, _Plain], body: Sequence[Aligned],
                        headline: str, settings: SummarySettings) -> list[Aligned]:
    """A shorter summary rather than a harder one: while the whole reads above the target grade,
    the hardest line that only fills room goes if it is harder than the rest, down to the minimum
    number of lines and never leaving a line that points back to the one removed. The news always
    stays; who did it and the key figure go only where the whole reads well above the target."""
    order = [s.id for s in body]

    def whole(lines: list[Aligned]) -> float:
        return _whole(lines, plain)

    def resolved(lines: list[Aligned]) -> bool:
        return not any(
            roles.points_back(s, [b for b in body if order.index(b.id) < order.index(s.id)], lines[:i], headline)
            for i, s in enumerate(lines) if s.id in order
        )

    while len(chosen) > max(1, settings.min_sentences) and whole(chosen) > settings.target_grade:
        current = whole(chosen)
        # A line that does a job (who, the key figure) goes only when the whole is well above the target.
        removable = [i for i in range(1, len(chosen)) if chosen[i].id in plain
                     and (chosen[i].id not in kept or current > settings.target_grade + _ROLE_SLACK)]
        options = [chosen[:i] + chosen[i + 1:] for i in removable]
        options = [lines for lines in options if whole(lines) < current and resolved(lines)]
        if not options:
            break
        chosen = min(options, key=whole)
    return chosen


def _whole(lines: Sequence[Aligned], plain: dict[str, _Plain]) -> float:
    """The grade of the summary these lines make, as printed."""
    return grade(" ".join(plain[s.id].text for s in lines if s.id in plain)) or 0.0


_TELLING = ("result", "figure", "meaning", "method", "next", "risk", "availability", "publication", "funding")
# Grades above the target that a supporting line (who, figure) and an extra line may have.
_HARD_SUPPORT = 4.0
_HARD_EXTRA = 1.0
# How much a grade above the target costs a supporting line against its role score.
_PLAIN_WEIGHT = 0.3
# How far above the target a summary may read before a line that does a job is dropped.
_ROLE_SLACK = 1.0
# How far above the target (or the shortened summary, if harder) saying who may take it.
_WHO_GRADE_SLACK = 1.0
# News candidates this close to the best are equally good; the plainest of them is told.
_NEWS_TIE = 0.5


def _plainest_news(rows, hardness):
    """The news candidates in order, the plainest first among those about as good as the best."""
    if not rows or rows[0][0] <= 0:
        return rows
    best, result = rows[0][0], rows[0][2].of("result")
    # Equally good: close in score and stating a result at least as clearly as the best.
    close = [row for row in rows if row[0] >= best - _NEWS_TIE and row[2].of("result") >= result]
    close.sort(key=lambda row: (hardness(row[2]), -row[0]))
    return close + [row for row in rows if row not in close]


@dataclass(frozen=True, slots=True)
class _Plain:
    """A sentence as the summary would print it: plain-worded, shortened and split."""

    text: str
    words: int
    grade: float

    @classmethod
    def of(cls, sentence: Aligned) -> _Plain:
        text = " ".join(simplify(plain_sentence(sentence.en)))
        return cls(text, words(text), grade(text) or 0.0)


def quoted_ids(body: Sequence[Aligned]) -> set[str]:
    """Sentences that hold a quotation, also the middle and end of a multi-sentence one.

    Counted in the release's own text: where it uses German „…“, “ closes a quote; elsewhere
    “ opens one and ” closes it; a straight " toggles. A term or title in quotation marks
    ("so-called “open” operations") is not a quotation: a sentence counts when the quote runs
    over its boundary, when a speech verb introduces it, or when quoted words are most of it.
    """
    german = any("„" in s.de for s in body)
    quoted: set[str] = set()
    depth = 0
    paragraph = None
    for sentence in body:
        block = sentence.id.split(".")[0]
        if block != paragraph:
            depth, paragraph = 0, block
        starts_inside = depth > 0
        has_quote = starts_inside
        inside_chars = total_chars = 0
        for ch in sentence.de:
            if ch in "„»" or (ch == "“" and not german):
                depth, has_quote = depth + 1, True
            elif ch in "”«" or (ch == "“" and german):
                depth, has_quote = max(0, depth - 1), True
            elif ch == '"':
                depth, has_quote = (0 if depth else 1), True
            elif not ch.isspace():
                total_chars += 1
                inside_chars += depth > 0
        crosses = starts_inside or depth > 0
        spoken = has_quote and _SPEECH.search(sentence.de + " " + sentence.en) is not None
        if crosses or spoken or (has_quote and inside_chars > total_chars / 2):
            quoted.add(sentence.id)
    return quoted


def _usable(text: str) -> bool:
    """Quotes are opinion, lead-ins end in a colon, fragments are too short to stand alone."""
    stripped = text.strip()
    return (
        words(stripped) >= 6
        and not _QUOTE_START.match(stripped)
        and not (_SPEECH.search(stripped) and re.search(r"[\"“”„]", stripped))
        and not stripped.endswith((":", "?"))
    )


def _content_words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)} - _STOP


def _score(sentence: Aligned, body: Sequence[Aligned], headline: str, kind: Kind,
           settings: SummarySettings) -> float:
    rank = next(i for i, s in enumerate(body) if s.id == sentence.id)
    lead = 1.5 / (1 + rank) ** 0.7
    head = _content_words(headline)
    overlap = len(_content_words(sentence.en) & head) / (len(head) ** 0.5 or 1)
    cues = sum(1 for cue in CUES.get(kind, ()) if re.search(cue, sentence.en + " " + sentence.de, re.IGNORECASE))
    length = words(sentence.en)
    too_long = max(0, length - 30) / 15
    # Hard sentences make a hard summary: prefer those a general reader can follow.
    difficulty = max(0.0, (grade(sentence.en) or 0.0) - settings.target_grade) / 10
    return lead + overlap + 0.3 * cues + (0.2 if re.search(r"\d", sentence.en) else 0) - too_long - difficulty


def grade(text: str) -> float | None:
    """Flesch-Kincaid grade of English text (textstat 0.7.3 counts syllables offline)."""
    if words(text) < 5:
        return None
    with warnings.catch_warnings():
        # textstat 0.7.3 imports pkg_resources, which warns on import; the warning is not ours.
        warnings.simplefilter("ignore")
        import textstat

    return round(float(textstat.flesch_kincaid_grade(text)), 1)
