"""The questions readers ask of each kind of release, and how a sentence scores as an answer.

Each kind (`records.Kind`) has a bank of questions; each question has a scorer that reads what a
sentence does (`roles.Read`: this work's result, earlier work, a plan, a funder …) and says how
well it answers. `faq.py` hands the sentences out to the questions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from . import roles
from .records import Kind, Section
from .roles import Read

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
    whole_section: Section | None = None
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
    if not read.has("funding") and read.sentence.section != Section.FUNDING:
        return 0.0
    return read.of("funding") + 2.0 * (read.sentence.section == Section.FUNDING)


def _where(read: Read, ctx: Context) -> float:
    # Earlier work's journal is not where this work appeared.
    if read.has("earlier") and not read.has("contrast"):
        return 0.0
    citation = read.sentence.section == Section.PUBLICATION
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
CONTACT = Question("Whom can I contact for more information?", "contact", lambda read, ctx: 0.0, must=True, whole_section=Section.CONTACT)

QUESTIONS: dict[Kind, tuple[Question, ...]] = {
    Kind.FINDING: (NEWS, WHO, METHOD, EFFECT, MEANING, RISKS, AVAILABLE, NEXT, FUNDING, PUBLISHED, CONTACT),
    # The kind could not be told: questions every release can answer.
    Kind.GENERAL: (ABOUT, WHO_BEHIND, MATTERS, NEXT, FUNDING, PUBLISHED, CONTACT),
    Kind.TRIAL: (
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
    Kind.APPOINTMENT: (
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
    Kind.EVENT: (
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
    Kind.GRANT: (
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
    Kind.PARTNERSHIP: (
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
