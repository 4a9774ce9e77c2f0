"""FAQ draft: the questions this release answers best, answered with the release's own sentences.

Each kind of release has a bank of the questions its readers ask. Every sentence is first read
for what it does (`roles`: this work's result, earlier work, a plan, a funder, boilerplate …),
and each question takes the sentence that does what the question asks. Sentences are handed out
best match first, so one sentence answers one question unless nothing else answers another.
The draft asks the 5–8 questions the release answers best; the must-haves it leaves open (who,
where published, contact) stay in with "The release does not say." and `needs_input`, so the
reviewer sees the gap instead of a made-up answer. A question about a term is answered from the
team's glossary and marked with origin `glossary`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Sequence

from . import glossary, roles
from .records import Aligned, FaqItem
from .records import TermNote
from .roles import Read
from .settings import FaqSettings
from .summarise import quoted_ids
from .textutil import tidy

NOT_SAID = "The release does not say."

# What each question asks about, in the order the draft lists them. The benchmark scores by it.
CATEGORIES = ("news", "who", "method", "effect", "meaning", "risks", "availability", "next", "funding", "where")

Scorer = Callable[[Read, "Context"], float]


@dataclass(frozen=True, slots=True)
class Context:
    """What a scorer may know beyond the sentence: its rank in the message, the title's words."""

    rank: dict[str, int]
    title_words: frozenset[str]


@dataclass(frozen=True, slots=True)
class Question:
    text: str
    category: str
    score: Scorer
    # A sentence must score at least this to answer.
    threshold: float = 1.0
    # Stays in the draft, as "The release does not say.", when nothing answers it.
    must: bool = False
    # Notes after the end marker, citation and funding lines may answer it (who paid, where).
    notes: bool = False
    # The first sentence of the message answers when nothing else does ("what is this about").
    lead: bool = False
    whole_section: str | None = None
    # How often a sentence that matches this question's cues really answers it: a funding
    # statement is unmistakable, "what it means" is often a vague hope. Ranks questions for the
    # draft's few places.
    reliability: float = 1.0


# ------------------------------------------------------------------------------------ scorers

def _content(read: Read) -> bool:
    """Running text of the message: not notes, not background, not promotion."""
    return not read.end_matter and not read.background and not read.has("promotion")


def _news(read: Read, ctx: Context) -> float:
    if not _content(read):
        return 0.0
    return roles.news_score(read, ctx.rank.get(read.sentence.id, 99), ctx.title_words)


def _who(read: Read, ctx: Context) -> float:
    strength = read.of("attribution")
    if not strength or read.has("earlier") or (read.has("funding") and not read.has("result")):
        return 0.0
    # People and institutions named with the work are the answer; a bare "said" is weak.
    # The opening lines name the team behind the news; later ones often name collaborators.
    early = ctx.rank.get(read.sentence.id, 99) <= 2
    return strength + 0.5 * read.has("result") + 0.5 * early - 0.25 * read.end_matter


def _method(read: Read, ctx: Context) -> float:
    if read.end_matter or read.background or not read.has("method"):
        return 0.0
    # A sentence that reports an outcome is the result, not how it was found.
    return (read.of("method") + 0.5 * bool(re.search(r"\d", read.sentence.en))
            - 0.5 * read.quoted - 0.5 * read.has("result") - 0.5 * read.has("figure"))


def _effect(read: Read, ctx: Context) -> float:
    # A figure on its own may describe the setting; the effect is a figure of an outcome.
    if not _content(read) or not read.has("figure") or not (read.has("result") or read.of("figure") >= 2):
        return 0.0
    # Who took part ("a mean age of 52, 38 percent male") is the method, not the effect.
    return (read.of("figure") + 0.5 * read.has("result") - 0.5 * read.quoted
            - 0.5 * (read.has("method") and not read.has("result")))


def _meaning(read: Read, ctx: Context) -> float:
    if not _content(read) or not read.has("meaning"):
        return 0.0
    return read.of("meaning") + 0.5 * read.has("advice") - 0.5 * read.has("next")


def _risks(read: Read, ctx: Context) -> float:
    if read.end_matter or read.has("earlier", "context") or not read.has("risk"):
        return 0.0
    # Side effects of other treatments are background; the limits asked about are this work's.
    own = _OWN_WORK.search(read.sentence.en) or _OWN_WORK.search(read.sentence.de)
    return read.of("risk") + 1.0 * bool(own)


_OWN_WORK = re.compile(
    r"(?<!\w)(stud(y|ies)|trial|participants|patients in|volunteers|findings|results|researchers|authors|investigators|we|our|the team|"
    r"the (drug|treatment|therapy|vaccine|device|test|approach|method)|studie|teilnehmende|ergebnisse|forschende|wir|unsere?)(?!\w)",
    re.IGNORECASE,
)


def _availability(read: Read, ctx: Context) -> float:
    if not _content(read) or not read.has("availability"):
        return 0.0
    return float(read.of("availability"))


def _next(read: Read, ctx: Context) -> float:
    if read.end_matter or read.has("earlier", "context") or not read.has("next"):
        return 0.0
    return read.of("next") - 0.5 * read.has("general_future")


def _funding(read: Read, ctx: Context) -> float:
    if not read.has("funding") and read.sentence.section not in roles.FUNDING_SECTIONS:
        return 0.0
    return read.of("funding") + 2.0 * (read.sentence.section in roles.FUNDING_SECTIONS)


def _where(read: Read, ctx: Context) -> float:
    # Earlier work's journal is not where this work appeared.
    if read.has("earlier") and not read.has("contrast"):
        return 0.0
    citation = read.sentence.section in roles.PUBLICATION_SECTIONS
    if not read.has("publication") and not citation:
        return 0.0
    return read.of("publication") + 1.0 * citation


def _cues(*cues: str, require: str | None = None) -> Scorer:
    """A scorer for the kinds whose questions are about logistics: how many cues a sentence has."""
    patterns = tuple(re.compile(rf"(?<!\w)(?:{cue})", re.IGNORECASE) for cue in cues)
    required = re.compile(require, re.IGNORECASE) if require else None

    def score(read: Read, ctx: Context) -> float:
        text = read.sentence.en if read.sentence.de == read.sentence.en else f"{read.sentence.en} {read.sentence.de}"
        if read.end_matter or (required and not required.search(text)):
            return 0.0
        return float(sum(1 for p in patterns if p.search(text)))

    return score


_AMOUNT = r"\d[\d.,]*\s*(million|mio|millionen|billion|mrd|milliarden|euro|eur|€|dollar|\$)|€\s*\d"
_WHEN = (r"\b(19|20)\d{2}\b|\b(january|february|march|april|may|june|july|august|september|october|november|december|"
         r"januar|februar|märz|juni|juli|oktober|dezember)\b|\d{1,2}[:.]\d{2}\s*(uhr|h|a\.m\.|p\.m\.)?")
_COUNT = (r"\b\d[\d.,]*\b|\b(zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|zwanzig|hundert|"
          r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|hundred)\b")

# ------------------------------------------------------------------------------------ the bank

NEWS = Question("What did the researchers find?", "news", _news, threshold=0.5, lead=True)
ABOUT = Question("What is this about?", "news", _news, threshold=0.5, lead=True)
WHO = Question("Who did the research?", "who", _who, threshold=2.0, must=True)
WHO_BEHIND = Question("Who is behind it?", "who", _who, threshold=2.0, must=True)
METHOD = Question("How was it studied, and in whom?", "method", _method, threshold=1.5, reliability=0.8)
EFFECT = Question("How big is the effect?", "effect", _effect, threshold=1.0, reliability=0.7)
MATTERS = Question("Why does it matter?", "meaning", _meaning, threshold=1.0, reliability=0.4)
MEANING = Question("What does this mean for patients or the public?", "meaning", _meaning, threshold=1.0, reliability=0.4)
RISKS = Question("What are the risks, side effects or limits?", "risks", _risks, threshold=2.0, reliability=0.5)
AVAILABLE = Question("Is it available, and when?", "availability", _availability, threshold=1.0, reliability=0.4)
NEXT = Question("What happens next?", "next", _next, threshold=1.0, reliability=0.8)
FUNDING = Question("Who funded the research?", "funding", _funding, threshold=1.0, notes=True)
PUBLISHED = Question("Where were the results published?", "where", _where, threshold=1.0, must=True, notes=True)
CONTACT = Question("Whom can I contact for more information?", "contact", lambda read, ctx: 0.0, must=True, whole_section="contact")

QUESTIONS: dict[str, tuple[Question, ...]] = {
    "finding": (NEWS, WHO, METHOD, EFFECT, MEANING, RISKS, AVAILABLE, NEXT, FUNDING, PUBLISHED, CONTACT),
    # The kind could not be told: questions every release can answer.
    "general": (ABOUT, WHO_BEHIND, MATTERS, NEXT, FUNDING, PUBLISHED, CONTACT),
    "trial": (
        Question("What is the study testing?", "news",
                 _cues(r"test(s|ing|ed)?\b|untersucht|geprüft|prüfen", r"whether|\bob\b", r"effect|wirk|nutzen", r"compar|vergleich"),
                 lead=True),
        Question("Who can take part?", "method",
                 _cues(r"takes? part|participat|teilnehm|eligible|geeignet", r"aged|years old|jahren|alter", r"suffer|leiden|diagnos",
                       r"interested|interessierte", r"criteria|voraussetzung")),
        Question("How many people will take part, and for how long?", "method",
                 _cues(r"participants|teilnehmende|patient|proband|personen|people", r"weeks|months|years|wochen|monate|jahre",
                       r"group|gruppe", require=_COUNT)),
        Question("Who runs the study?", "who", _who, threshold=2.0, must=True),
        Question("How do I sign up?", "signup",
                 _cues(r"register|anmeld|sign up|melden", r"contact|kontakt|telefon|phone|e-mail", r"website|internet|online")),
        RISKS, FUNDING, NEXT, CONTACT,
    ),
    "appointment": (
        Question("Who has been appointed, and to what role?", "news",
                 _cues(r"appoint|beruf|ernannt|named|gewählt|elected", r"director|direktor|head|leitung|leiter|professor|president|präsident"),
                 lead=True),
        Question("When does the new role start?", "start",
                 _cues(r"start|beginn|ab |from|zum|übernimmt|takes", r"take (up|over)", require=_WHEN)),
        Question("What is their background?", "background",
                 _cues(r"studied|studierte|doctorate|promotion|phd|habilit", r"previously|zuvor|bisher|since|seit",
                       r"professor|group leader|gruppenleiter|postdoc", r"award|preis|grant")),
        Question("What will they work on?", "plans",
                 _cues(r"research|forsch", r"focus|schwerpunkt|widmen|befass", r"will|wird|soll|plan|geplant", r"department|abteilung|team")),
        CONTACT,
    ),
    "event": (
        Question("What is the event about?", "news",
                 _cues(r"lecture|vortrag|event|veranstaltung|ceremony|verleihung|series|reihe|day|tag", r"about|über|topic|thema"),
                 lead=True),
        Question("When does it take place?", "when",
                 _cues(r"takes? place|findet|statt|held|beginn|start", r"uhr|o'clock|p\.m\.|a\.m\.|\d{1,2}[:.]\d{2}", require=_WHEN)),
        Question("Where does it take place?", "venue",
                 _cues(r"\bin\b|\bim\b|\bat\b", r"hall|hörsaal|audimax|room|raum|saal|haus|building|gebäude|campus|street|straße|platz",
                       require=r"hall|hörsaal|audimax|room|raum|saal|haus|building|gebäude|campus|straße|street|\bplatz\b|online|livestream")),
        Question("Does it cost anything, and do I need to register?", "cost",
                 _cues(r"free\b|frei\b|kostenlos|cost|kosten|fee\b|gebühr|eintritt|admission", r"regist|anmeld|ticket|booking|buchung")),
        Question("Who is it for?", "audience",
                 _cues(r"public|öffentlich|everyone|alle|interested|interessierte|citizens|bürger|students|studierende|schüler|famil")),
        CONTACT,
    ),
    "grant": (
        Question("Who receives the funding, and for what?", "news",
                 _cues(r"fund|förder|grant|bewillig|receiv|erhält", r"project|projekt|centre|center|verbund|research|forschung"),
                 lead=True),
        Question("How much funding is there, and for how long?", "amount",
                 _cues(r"million|millionen|mio\b|euros?\b|€", r"years|jahre|period|laufzeit|zeitraum", require=_AMOUNT)),
        Question("Who is taking part?", "partners",
                 _cues(r"partner|beteiligt|involved|participat|together with|gemeinsam",
                       r"universit|institut|klinik|hospital|zentrum|centre|center|hochschule")),
        Question("What will the researchers do with it?", "plans",
                 _cues(r"investigat|untersuch|study|erforsch|develop|entwickel|aim|ziel", r"will|wollen|sollen|soll")),
        Question("Who leads the project?", "lead", _cues(r"spokes|sprecher|coordinat|koordin|led by|leitung|leitet|head", r"prof|dr\.")),
        CONTACT,
    ),
    "partnership": (
        Question("Who is working together?", "news",
                 _cues(r"cooperat|kooperation|partner|zusammenarbeit|collaborat|agreement|vertrag|together|gemeinsam",), lead=True),
        Question("What is the aim of the partnership?", "aim", _cues(r"aim|goal|ziel|develop|entwickel|want|wollen|purpose|zweck",)),
        Question("How long does it run, and what is invested?", "amount",
                 _cues(r"years|jahre|laufzeit|term\b|duration", r"million|millionen|euros?\b|invest", require=_COUNT)),
        Question("Who does what in the partnership?", "roles",
                 _cues(r"contribut|bring|übernimmt|responsib|verantwort|expertise|provid|liefert|stellt",)),
        NEXT,
        CONTACT,
    ),
}


def category(question: str) -> str | None:
    """The category a drafted question asks about, for the benchmark; None for other questions."""
    for bank in QUESTIONS.values():
        for q in bank:
            if q.text == question and q.category in CATEGORIES:
                return q.category
    return None


# ------------------------------------------------------------------------------------ drafting

def draft_faq(sentences: Sequence[Aligned], kind: str, settings: FaqSettings) -> tuple[FaqItem, ...]:
    bank = QUESTIONS.get(kind, QUESTIONS["general"])
    body = [s for s in sentences if s.section == roles.BODY]
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
            items.append(_item(len(items), question.text, answer, evidence, "release"))
        else:
            items.append(_item(len(items), question.text, NOT_SAID, (), "none", needs_input=True))
    for entry in _terms(sentences):
        if len(items) >= settings.max_items:
            break
        evidence = tuple(s for s in body if glossary.find_terms(s.en).count(entry))[:1]
        items.append(_item(len(items), f"What does “{entry.term}” mean?", entry.explain, evidence, "glossary"))
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


def _item(index: int, question: str, answer: str, evidence: Sequence[Aligned], origin: str,
          needs_input: bool = False) -> FaqItem:
    return FaqItem(
        id=f"q{index + 1}", question=question, answer=answer,
        evidence=tuple(s.id for s in evidence), origin=origin, needs_input=needs_input,
    )


def _terms(sentences: Sequence[Aligned]) -> list[glossary.Entry]:
    text = " ".join(s.en for s in sentences if s.section in ("title", "heading", "body"))
    return glossary.find_terms(text)


def with_term_items(items: Sequence[FaqItem], terms: Sequence[TermNote], max_items: int) -> tuple[FaqItem, ...]:
    """Add "What does … mean?" for summary words the glossary does not explain: answered in the
    release's own defining words, or left to the reviewer (`needs_input`). An unanswered term
    takes the place of a trailing glossary item when the draft is full: the gap matters more."""
    out = list(items)
    asked = {item.question.lower() for item in out}
    for term in terms:
        question = f"What does “{term.term}” mean?"
        if term.origin == "glossary" or question.lower() in asked:
            continue
        if len(out) >= max_items:
            spare = next((i for i in range(len(out) - 1, -1, -1) if out[i].origin == "glossary"), None)
            if spare is None or term.origin != "none":
                continue
            del out[spare]
        answer = NOT_SAID if term.explanation is None else term.explanation[:1].upper() + term.explanation[1:]
        out.append(FaqItem(id="", question=question, answer=answer, evidence=term.evidence,
                           origin="release" if term.origin == "release" else "none",
                           needs_input=term.origin == "none"))
        asked.add(question.lower())
    return tuple(item.with_changes(id=f"q{i + 1}") for i, item in enumerate(out))
