"""FAQ draft: the questions this release answers best, answered with the release's own sentences.

Each kind of release has a bank of the questions its readers ask (`faq_questions.py`). Every sentence is first read
for what it does (`roles`: this work's result, earlier work, a plan, a funder, boilerplate …),
and each question takes the sentence that does what the question asks. Sentences are handed out
best match first, so one sentence answers one question unless nothing else answers another.
The draft asks the 5–8 questions the release answers best; the must-haves it leaves open (who,
where published, contact) stay in with "The release does not say." and `needs_input`, so the
reviewer sees the gap instead of a made-up answer. A question about a term is answered from the
team's glossary and marked with origin `glossary`.
"""

from __future__ import annotations

from typing import Sequence

from . import glossary, roles
from .faq_questions import QUESTIONS, Context, Question
from .records import MESSAGE_SECTIONS, Aligned, FaqItem, Kind, Origin, Section, TermNote
from .roles import Read
from .settings import FaqSettings
from .summarise import quoted_ids
from .textutil import tidy

NOT_SAID = "The release does not say."

# ------------------------------------------------------------------------------------ drafting

def draft_faq(sentences: Sequence[Aligned], kind: Kind, settings: FaqSettings) -> tuple[FaqItem, ...]:
    bank = QUESTIONS.get(kind, QUESTIONS[Kind.GENERAL])
    body = [s for s in sentences if s.section == Section.BODY]
    reads = roles.read(sentences, quoted_ids(body))
    message = [r for r in reads if not r.end_matter]
    context = Context(
        rank={r.sentence.id: i for i, r in enumerate(message)},
        title_words=roles.title_words(sentences),
    )
    answers, confidence = _assign(bank, reads, context, settings.max_answer_sentences)
    chosen = _choose(bank, answers, confidence, sentences, settings)
    items: list[FaqItem] = []
    for question in bank:
        if question not in chosen:
            continue
        if question.whole_section:
            evidence = tuple(s for s in sentences if s.section == question.whole_section and not s.de.rstrip().endswith(":"))
        else:
            evidence = answers.get(question, ())
        if evidence:
            answer = ("\n" if question.whole_section else " ").join(tidy(s.en) for s in evidence)
            items.append(_item(len(items), question.text, answer, evidence, Origin.RELEASE))
        else:
            items.append(_item(len(items), question.text, NOT_SAID, (), Origin.NONE, needs_input=True))
    for entry in _terms(sentences):
        if len(items) >= settings.max_items:
            break
        evidence = tuple(s for s in body if glossary.find_terms(s.en).count(entry))[:1]
        items.append(_item(len(items), f"What does “{entry.term}” mean?", entry.explain, evidence, Origin.GLOSSARY))
    return tuple(items[: settings.max_items])


def _candidates(question: Question, reads: Sequence[Read], context: Context) -> list[tuple[float, Read]]:
    pool = reads if question.notes else [r for r in reads if not r.end_matter]
    scored = [(question.score(r, context), r) for r in pool]
    # An answer that opens with "This …" or "Dadurch …" leans on a sentence the reader does not
    # see: among sentences that answer, one that stands alone comes first.
    answering = [(s - 0.5 * roles.opens_with_pointer(r.sentence), r) for s, r in scored if s >= question.threshold]
    return sorted(answering, key=lambda sr: (-sr[0], sr[1].position))


def _assign(bank: Sequence[Question], reads: Sequence[Read], context: Context,
            limit: int) -> tuple[dict[Question, tuple[Aligned, ...]], dict[Question, float]]:
    """Hand out sentences best match first, each to one question.

    A question's match is its score over its threshold, so questions with different scales
    compete fairly. A question left without a sentence takes its best one even if another
    question has it: "nothing else answers" beats an empty answer.
    """
    candidates = {q: _candidates(q, reads, context) for q in bank if not q.whole_section}
    pairs = sorted(
        ((score / q.threshold, -r.position, q, r) for q, rows in candidates.items() for score, r in rows),
        key=lambda row: row[:2], reverse=True,
    )
    taken: set[str] = set()
    answers: dict[Question, list[Read]] = {}
    for _, _, question, r in pairs:
        if question in answers or r.sentence.id in taken:
            continue
        answers[question] = [r]
        taken.add(r.sentence.id)
    for question, rows in candidates.items():
        # Only a must-have, or a question the sentence answers squarely ("when" and "where" in
        # one line), takes a sentence another answer holds: an optional question is better left
        # out than answered twice with the same vague words.
        if question not in answers and rows and (question.must or rows[0][0] >= 2 * question.threshold):
            answers[question] = [rows[0][1]]
    # A second sentence joins when it answers nearly as well and no other answer uses it
    # ("how studied" over two sentences: the design, then the participants).
    for question, chosen in answers.items():
        rows = candidates[question]
        best = rows[0][0] if rows else 0.0
        for score, r in rows:
            if len(chosen) >= limit:
                break
            if r.sentence.id not in taken and score >= max(question.threshold, 0.75 * best):
                chosen.append(r)
                taken.add(r.sentence.id)
    for question in bank:
        if question.lead and question not in answers:
            first = next((r for r in reads if not r.end_matter), None)
            if first:
                answers[question] = [first]
    confidence = {q: q.reliability * min(rows[0][0] / q.threshold, 3.0) for q, rows in candidates.items() if rows and q in answers}
    ordered = {q: tuple(r.sentence for r in sorted(rs, key=lambda r: r.position)) for q, rs in answers.items()}
    return ordered, confidence


def _choose(bank: Sequence[Question], answers: dict[Question, tuple[Aligned, ...]], confidence: dict[Question, float],
            sentences: Sequence[Aligned], settings: FaqSettings) -> set[Question]:
    """The must-haves and what the release is about, then the questions it answers best."""
    chosen = {q for q in bank if q.must or (q.lead and q in answers)}
    answered = sorted((q for q in bank if q in confidence), key=lambda q: -confidence[q])
    for question in answered:
        if len(chosen) >= settings.max_items:
            break
        chosen.add(question)
    # Too few answered: ask the next questions of the bank so the gaps show.
    for question in bank:
        if len(chosen) >= settings.min_items:
            break
        chosen.add(question)
    return chosen


def _item(index: int, question: str, answer: str, evidence: Sequence[Aligned], origin: Origin,
          needs_input: bool = False) -> FaqItem:
    return FaqItem(
        id=f"q{index + 1}", question=question, answer=answer,
        evidence=tuple(s.id for s in evidence), origin=origin, needs_input=needs_input,
    )


def _terms(sentences: Sequence[Aligned]) -> list[glossary.Entry]:
    text = " ".join(s.en for s in sentences if s.section in MESSAGE_SECTIONS)
    return glossary.find_terms(text)


def with_term_items(items: Sequence[FaqItem], terms: Sequence[TermNote], max_items: int) -> tuple[FaqItem, ...]:
    """Add "What does … mean?" for summary words the glossary does not explain: answered in the
    release's own defining words, or left to the reviewer (`needs_input`). An unanswered term
    takes the place of a trailing glossary item when the draft is full: the gap matters more."""
    out = list(items)
    asked = {item.question.lower() for item in out}
    for term in terms:
        question = f"What does “{term.term}” mean?"
        if term.origin == Origin.GLOSSARY or question.lower() in asked:
            continue
        if len(out) >= max_items:
            spare = next((i for i in range(len(out) - 1, -1, -1) if out[i].origin == Origin.GLOSSARY), None)
            if spare is None or term.origin != Origin.NONE:
                continue
            del out[spare]
        answer = NOT_SAID if term.explanation is None else term.explanation[:1].upper() + term.explanation[1:]
        out.append(FaqItem(id="", question=question, answer=answer, evidence=term.evidence,
                           origin=Origin.RELEASE if term.origin == Origin.RELEASE else Origin.NONE,
                           needs_input=term.origin == Origin.NONE))
        asked.add(question.lower())
    return tuple(item.with_changes(id=f"q{i + 1}") for i, item in enumerate(out))
