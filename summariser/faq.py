"""FAQ draft: the questions a reader of this kind of release asks, answered from the release.

Each answer is made of the release's own (translated) sentences and lists their ids as
evidence. A question the release does not answer stays in the draft with "The release does not
say." and `needs_input`, so the reviewer sees the gap instead of a made-up answer. A question
about a term is answered from the team's glossary and marked with origin `glossary`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from . import glossary
from .records import Aligned, FaqItem
from .records import TermNote
from .textutil import tidy
from .settings import FaqSettings

NOT_SAID = "The release does not say."


@dataclass(frozen=True, slots=True)
class Question:
    text: str
    cues: tuple[str, ...] = ()
    sections: tuple[str, ...] = ("body",)
    # A sentence must match this to count as an answer ("how much" needs an amount).
    require: str | None = None
    # The lead sentence answers "what is this about" when no cue matches.
    lead_fallback: bool = False
    whole_section: bool = False


_AMOUNT = r"\d[\d.,]*\s*(million|mio|millionen|billion|mrd|milliarden|euro|eur|€|dollar|\$)|€\s*\d"
_WHEN = r"\b(19|20)\d{2}\b|\b(january|february|march|april|may|june|july|august|september|october|november|december|januar|februar|märz|juni|juli|oktober|dezember)\b|\d{1,2}[:.]\d{2}\s*(uhr|h|a\.m\.|p\.m\.)?"
_COUNT = (r"\b\d[\d.,]*\b|\b(zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|zwanzig|hundert|"
          r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|hundred)\b")

WHO_RESEARCH = Question(
    "Who did the research?",
    (r"researchers? (at|from|of)", r"team (at|from|of|led)", r"led by", r"forschende|wissenschaftler",
     r"unter (der )?leitung", r"arbeitsgruppe|research group", r"institut|institute|universit|klinik|hospital|zentrum|centre|center"),
)
CONTACT = Question("Whom can I contact for more information?", sections=("contact",), whole_section=True)
PUBLISHED = Question(
    "Where were the results published?",
    (r"published in|publish", r"journal|fachzeitschrift|fachjournal", r"veröffentlicht|erschienen", r"doi"),
    sections=("publication", "body"),
)
NEXT = Question(
    "What happens next?",
    (r"\bnext\b|nächste", r"\bplan(s|ned)?\b|geplant|plant", r"\bwill\b|\bwollen\b|\bwill\b|soll(en)?\b",
     r"future|künftig|zukünftig|follow-up|folgeprojekt|further stud|weitere stud", r"expect|erwart", r"\bnow\b|\bnun\b"),
)

QUESTIONS: dict[str, tuple[Question, ...]] = {
    "finding": (
        Question("What did the researchers find?",
                 (r"\bfound\b|\bfind(s|ing|ings)?\b|fanden|festgestellt", r"show(s|ed|n)?\b|zeig(t|en|te)",
                  r"discover|entdeck", r"result|ergebnis", r"identif"), lead_fallback=True),
        WHO_RESEARCH,
        PUBLISHED,
        Question("What does this mean for patients or the public?",
                 (r"patient|betroffene|erkrankte", r"\bcould\b|\bmay\b|\bmight\b|könnte|können", r"help|helfen|benefit|nutzen",
                  r"treatment|therap|behandlung|versorgung", r"recommend|empfehl", r"practice|alltag|everyday")),
        NEXT,
        CONTACT,
    ),
    "trial": (
        Question("What is the study testing?",
                 (r"test(s|ing|ed)?\b|untersucht|geprüft|prüfen", r"whether|\bob\b", r"effect|wirk|nutzen", r"compar|vergleich"),
                 lead_fallback=True),
        Question("Who can take part?",
                 (r"takes? part|participat|teilnehm|eligible|geeignet", r"aged|years old|jahren|alter", r"suffer|leiden|diagnos",
                  r"interested|interessierte", r"criteria|voraussetzung")),
        Question("How many people will take part, and for how long?",
                 (r"participants|teilnehmende|patient|proband|personen|people", r"weeks|months|years|wochen|monate|jahre",
                  r"group|gruppe"), require=_COUNT),
        Question("Who runs and funds the study?",
                 (r"fund|förder|finanz", r"institut|universit|klinik|hospital|centre|center", r"together with|gemeinsam mit|partner",
                  r"led by|leitung|leitet")),
        Question("How do I sign up?",
                 (r"register|anmeld|sign up|melden", r"contact|kontakt|telefon|phone|e-mail", r"website|internet|online")),
        NEXT,
        CONTACT,
    ),
    "appointment": (
        Question("Who has been appointed, and to what role?",
                 (r"appoint|beruf|ernannt|named|gewählt|elected", r"director|direktor|head|leitung|leiter|professor|president|präsident"),
                 lead_fallback=True),
        Question("When does the new role start?", (r"start|beginn|ab |from|zum|übernimmt|takes", r"take (up|over)"), require=_WHEN),
        Question("What is their background?",
                 (r"studied|studierte|doctorate|promotion|phd|habilit", r"previously|zuvor|bisher|since|seit",
                  r"professor|group leader|gruppenleiter|postdoc", r"award|preis|grant")),
        Question("What will they work on?",
                 (r"research|forsch", r"focus|schwerpunkt|widmen|befass", r"will|wird|soll|plan|geplant", r"department|abteilung|team")),
        CONTACT,
    ),
    "event": (
        Question("What is the event about?",
                 (r"lecture|vortrag|event|veranstaltung|ceremony|verleihung|series|reihe|day|tag", r"about|über|topic|thema"),
                 lead_fallback=True),
        Question("When does it take place?", (r"takes? place|findet|statt|held|beginn|start", r"uhr|o'clock|p\.m\.|a\.m\.|\d{1,2}[:.]\d{2}"), require=_WHEN),
        Question("Where does it take place?",
                 (r"\bin\b|\bim\b|\bat\b", r"hall|hörsaal|audimax|room|raum|saal|haus|building|gebäude|campus|street|straße|platz"),
                 require=r"hall|hörsaal|audimax|room|raum|saal|haus|building|gebäude|campus|straße|street|\bplatz\b|online|livestream"),
        Question("Does it cost anything, and do I need to register?",
                 (r"free\b|frei\b|kostenlos|cost|kosten|fee\b|gebühr|eintritt|admission", r"regist|anmeld|ticket|booking|buchung")),
        Question("Who is it for?",
                 (r"public|öffentlich|everyone|alle|interested|interessierte|citizens|bürger|students|studierende|schüler|famil"),),
        CONTACT,
    ),
    "grant": (
        Question("Who receives the funding, and for what?",
                 (r"fund|förder|grant|bewillig|receiv|erhält", r"project|projekt|centre|center|verbund|research|forschung"),
                 lead_fallback=True),
        Question("How much funding is there, and for how long?",
                 (r"million|millionen|mio\b|euros?\b|€", r"years|jahre|period|laufzeit|zeitraum"), require=_AMOUNT),
        Question("Who is taking part?",
                 (r"partner|beteiligt|involved|participat|together with|gemeinsam", r"universit|institut|klinik|hospital|zentrum|centre|center|hochschule"),
                 sections=("body",)),
        Question("What will the researchers do with it?",
                 (r"investigat|untersuch|study|erforsch|develop|entwickel|aim|ziel", r"will|wollen|sollen|soll")),
        Question("Who leads the project?",
                 (r"spokes|sprecher|coordinat|koordin|led by|leitung|leitet|head", r"prof|dr\.")),
        CONTACT,
    ),
    "partnership": (
        Question("Who is working together?",
                 (r"cooperat|kooperation|partner|zusammenarbeit|collaborat|agreement|vertrag|together|gemeinsam"),
                 lead_fallback=True),
        Question("What is the aim of the partnership?",
                 (r"aim|goal|ziel|develop|entwickel|want|wollen|purpose|zweck")),
        Question("How long does it run, and what is invested?",
                 (r"years|jahre|laufzeit|term\b|duration", r"million|millionen|euros?\b|invest"), require=_COUNT),
        Question("Who does what in the partnership?",
                 (r"contribut|bring|übernimmt|responsib|verantwort|expertise|provid|liefert|stellt")),
        NEXT,
        CONTACT,
    ),
}


def draft_faq(sentences: Sequence[Aligned], kind: str, settings: FaqSettings) -> tuple[FaqItem, ...]:
    items: list[FaqItem] = []
    used: set[str] = set()
    for question in QUESTIONS[kind]:
        evidence = _answer(question, sentences, used, settings.max_answer_sentences)
        if evidence:
            used.update(s.id for s in evidence)
            answer = ("\n" if question.whole_section else " ").join(tidy(s.en) for s in evidence)
            items.append(_item(len(items), question.text, answer, evidence, "release"))
        else:
            items.append(_item(len(items), question.text, NOT_SAID, (), "none", needs_input=True))
    for entry in _terms(sentences):
        if len(items) >= settings.max_items:
            break
        evidence = tuple(s for s in sentences if s.section == "body" and glossary.find_terms(s.en).count(entry))[:1]
        items.append(_item(len(items), f"What does “{entry.term}” mean?", entry.explain, evidence, "glossary"))
    return tuple(items[: settings.max_items])


def _item(index: int, question: str, answer: str, evidence: Sequence[Aligned], origin: str,
          needs_input: bool = False) -> FaqItem:
    return FaqItem(
        id=f"q{index + 1}", question=question, answer=answer,
        evidence=tuple(s.id for s in evidence), origin=origin, needs_input=needs_input,
    )


def _answer(question: Question, sentences: Sequence[Aligned], used: set[str], limit: int) -> tuple[Aligned, ...]:
    pool = [s for s in sentences if s.section in question.sections]
    if question.whole_section:
        return tuple(s for s in pool if not s.de.rstrip().endswith(":"))
    if "publication" in question.sections:
        citation = [s for s in pool if s.section == "publication" and not s.de.rstrip().endswith(":")]
        if citation:
            return tuple(citation)
    scored = []
    for position, sentence in enumerate(pool):
        text = f"{sentence.en} {sentence.de}"
        if question.require and not _matches(question.require, text):
            continue
        covered = frozenset(i for i, cue in enumerate(question.cues) if _matches(cue, text))
        hits = len(covered) + (question.lead_fallback and position == _first_body(pool))
        if hits:
            # A sentence an earlier answer already used counts half a cue less.
            scored.append((hits - 0.5 * (sentence.id in used), -position, covered, sentence))
    scored.sort(key=lambda row: row[:2], reverse=True)
    best: list[Aligned] = []
    covered_so_far: frozenset[int] = frozenset()
    for _, _, covered, sentence in scored:
        # The best sentence answers; another joins only if it covers a part the answer lacks
        # ("how long" after "how much").
        if not best or (len(best) < limit and covered - covered_so_far):
            best.append(sentence)
            covered_so_far |= covered
    if not best and question.lead_fallback:
        best = [s for s in pool if s.section == "body"][:1]
    order = {s.id: i for i, s in enumerate(pool)}
    return tuple(sorted(best, key=lambda s: order[s.id]))


def _matches(cue: str, text: str) -> bool:
    """Cues are word beginnings ("förder" matches "Förderung"), never the middle of a word."""
    return re.search(rf"(?<!\w)(?:{cue})", text, re.IGNORECASE) is not None


def _first_body(pool: Sequence[Aligned]) -> int:
    return next((i for i, s in enumerate(pool) if s.section == "body"), -1)


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
