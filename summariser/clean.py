"""Clean: find the paragraphs and headings of a release and label each by what it is.

Paragraph and heading boundaries are decided from the lines themselves (see `layout.py` for
how Markdown and HTML become lines), so a release pasted with blank lines, with one newline
between paragraphs or as Markdown gives the same blocks:

- a line that ends a sentence ends a paragraph; a blank line ends one too, and a line without
  final punctuation joins the next (a hard-wrapped paragraph);
- a short line without final punctuation that starts a paragraph and is followed by a longer
  line, a blank line or another heading is a heading (the first one, before any text, the title);
- a label line (`Kontakt:`, `Reference`, `About …`, `Förderung`) opens a labelled block;
  contact, link and reference blocks run on while their lines are data, not prose.

Labels (vocabulary in `records.SECTIONS`) are set aside rather than deleted: the contact block
answers "Whom can I contact?", the reference "Where was it published?", the funding note "Who
paid?". An end marker ("###", "-30-", "Leave a Reply") ends the body: what follows is labelled
by what it is (about, funding, reference, contact) or as end matter. The rules look at the shape
and the opening words of a paragraph, not at any particular institution's wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import InputError
from .layout import CODE, END, HEADING, ITEM, ROW, RULE, TEXT, Line, lines_of
from .records import Block, CleanDoc
from .sentence import finite_verbs

_LABEL = r"(?:[\w ,/&*:-]{0,40}?)"
CONTACT_HEAD = re.compile(
    r"^(?:Presse|Medien|Wissenschaftliche[rn]?|Fachliche[rn]?|Ihre?|Für Rückfragen)?\s*-?"
    r"(?:kontakte?|ansprechpartner(?::in|\*in|_in|in|innen|:innen)?|ansprechperson(?:en)?|rückfragen|"
    r"contacts?|press contact|media contacts?|media enquiries|media inquiries|for further information|"
    r"for (?:more|further) information,? (?:please )?contact)\b"
    + _LABEL + r":?\s*$|^(?:Kontakt|Pressekontakt|Ansprechpartner\S*|Contacts?|Press contact|Media contacts?)\s*:",
    re.IGNORECASE,
)
PUBLICATION_HEAD = re.compile(
    r"^(?:Original(?:publikation|veröffentlichung|arbeit|artikel)|Publikation|"
    r"Fachartikel|Veröffentlichung|Literatur|Original (?:publication|paper|article)|Publications?|"
    r"(?:Article |Journal |Study )?References?|Citation|Zitat(?:ion)?|Quelle|Source|DOI)\b\s*(?::|$)",
    re.IGNORECASE,
)
PUBLICATION_WORD = re.compile(
    r"^(?:Original)?(?:publikation|veröffentlichung|publication|paper|reference)\s", re.IGNORECASE
)
LINK_HEAD = re.compile(
    r"^(?:Weitere Informationen|Mehr Informationen|Weiterführende Links?|Links?|Mehr dazu|"
    r"More information|Further information|Website|Web|Internet)\s*:",
    re.IGNORECASE,
)
FOOTER_HEAD = re.compile(
    r"^(?:Über (?:das|die|den|uns|[A-ZÄÖÜ])|About (?:the\b|us\b|[A-Z])|Zum (?:Institut|Unternehmen)\b|"
    r"Zur (?:Universität|Hochschule|Klinik)\b)"
)
FUNDING_HEAD = re.compile(
    r"^(?:Funding|Förderung|Finanzierung|Förderhinweis|Acknowledge?ments?|Danksagung|Support)\b\s*(?::|$)",
    re.IGNORECASE,
)
# A paragraph that is nothing but a funding note.
FUNDING_NOTE = re.compile(
    r"^(?:(?:This|The) (?:work|study|research|project|trial|analysis)\b[^.]{0,60}?\b(?:was|is|were|are) "
    r"(?:\w+ )?(?:funded|supported|financed|sponsored)|(?:Funding|Support) (?:for|from|was)\b|"
    r"(?:Das|Die|Der) (?:Projekt|Studie|Arbeit|Forschung|Vorhaben|Untersuchung)\w*\b[^.]{0,80}?"
    r"\b(?:gefördert|finanziert)|(?:Gefördert|Finanziert) (?:wird|wurde|durch|von|vom)\b)",
    re.IGNORECASE,
)
ENDMATTER_HEAD = re.compile(
    r"^(?:Disclaimer|Haftungsausschluss|Note\s*:|Notes? (?:to|for) editors?|Editor'?s notes?|"
    r"Hinweis (?:für|an) (?:die )?Redaktion|Financial disclosures?|Disclosures?\s*:|Conflicts? of interest|"
    r"Competing interests|Interessenkonflikt|The authors? (?:report|declare|disclose)|"
    r"Follow us|Folgen Sie uns|Share (?:this|on)\b|Diese Seite teilen|"
    r"(?:Twitter|Facebook|LinkedIn|Instagram|YouTube|Mastodon|Bluesky|X)\s*:)",
    re.IGNORECASE,
)
# What follows these is comments, sharing buttons and site furniture, never the release.
CLOSING_LINE = re.compile(r"^(?:Leave a (?:Reply|Comment)|Kommentar (?:schreiben|hinterlassen)|Comments?)\s*$", re.IGNORECASE)
DISCLAIMER_TEXT = re.compile(
    r"informational purposes|(?:professional|medical) advice|does not constitute|"
    r"keine (?:medizinische|ärztliche) Beratung|ersetzt keine", re.IGNORECASE,
)
PUBLISHED_TEXT = re.compile(r"\bpublished (?:in|online)\b|\bDOI\b|doi\.org|veröffentlicht in|erschienen in", re.IGNORECASE)
FUNDING_TEXT = re.compile(r"\b(?:funded|funding|supported|financed|sponsored)\b|\bgrants?\b|gefördert|finanziert|Förder", re.IGNORECASE)
CITATION = re.compile(r"\bdoi\b|doi\.org|et al\.|\(\d{4}\)|\d+\s*\(\d+\)|\b\d+\s*[-–]\s*\d+\b|\bvol\.|\bpp\.", re.IGNORECASE)
URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(
    r"\b(?:Tel|Telefon|Fon|Phone|Fax|Mobil|Mobile)\b\.?:?\s*[+\d(]|\+\d{2}[\d\s/()-]{6,}|"
    r"^\(?\d{3,5}\)?[\s./-]?\d{3}[\s./-]?\d{3,4}$",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"[.!?…:;]['\"“”‘’»«)\]]*$")
# A sentence that asks the reader to get in touch: contact data even when it runs long.
INVITATION = re.compile(
    r"(?:^|[,:;(]|\b(?:please|or|and|may|can))\s*(?:contact|call|visit|e-?mail|write to|reach)\b|"
    r"\b(?:kontaktieren|wenden|erreichen|besuchen|rufen|schreiben|finden) Sie\b",
    re.IGNORECASE,
)

_MONTHS = (
    r"(?:Jan(?:uar|uary)?|Feb(?:ruar|ruary)?|Mär(?:z)?|Mar(?:ch)?|Apr(?:il)?|Mai|May|Jun[ei]?|Jul[iy]?|"
    r"Aug(?:ust)?|Sep(?:t|tember)?|Okt(?:ober)?|Oct(?:ober)?|Nov(?:ember)?|Dez(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE = (
    rf"(?:\d{{1,2}}\.\s*{_MONTHS}\s*\d{{4}}|\d{{1,2}}\.\s*\d{{1,2}}\.\s*\d{{2,4}}|\d{{1,2}}\s+{_MONTHS}\s+\d{{4}}|"
    rf"{_MONTHS}\s+\d{{1,2}},?\s*\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
)
_PLACE_WORD = r"[A-ZÄÖÜ][\wäöüß.'’/-]*"
_PLACE = rf"{_PLACE_WORD}(?:[ -](?:am |an der |im |bei |upon |on )?{_PLACE_WORD}){{0,3}}"
_US_STATE = r"(?:,\s*[A-Z][A-Za-z]{0,4}\.(?:\s?[A-Z]\.)?|,\s*[A-Z]{2}\b|,\s*[A-Z][a-z]+)"
_SPLIT_DASH = r"\s*(?:—|–|--+)\s*"  # unambiguous: an em or en dash, or a doubled hyphen
_ANY_DASH = r"\s*(?:—|–|-{1,3})\s+"
_OPENS_TEXT = r"(?=[\"„“‘'A-ZÄÖÜ0-9])"
# Both traditions: "Leipzig, 3. März 2026 –", "Wien –", "TAMPA, Fla. (July 17, 2017) -",
# "PHILADELPHIA --", "New York, NY -", "(Boston)--", "CHICAGO (January 26, 2017):",
# "06.12.2024/Kiel.", "[17. Mai 2023]".
DATELINE = re.compile(
    rf"^(?P<dateline>"
    rf"{_PLACE}{_US_STATE}?,?\s*(?:den\s+|am\s+)?{_DATE}(?={_ANY_DASH}|\s*:\s)|"
    rf"(?:{_PLACE}{_US_STATE}?|[A-ZÄÖÜ]{{3,}}(?:[ -][A-ZÄÖÜ]{{2,}}){{0,2}}{_US_STATE}?)\s*\({_DATE}\)(?={_ANY_DASH}|\s*:\s)|"
    rf"[A-ZÄÖÜ]{{3,}}(?:[ -][A-ZÄÖÜ]{{2,}}){{0,2}}{_US_STATE}?(?={_ANY_DASH})|"
    rf"{_PLACE}{_US_STATE}(?={_ANY_DASH})|"
    rf"\(?{_PLACE}\)?(?={_SPLIT_DASH})|"
    rf"{_DATE}(?:/{_PLACE})+\.(?=\s)|\[{_DATE}\]"
    rf")(?:{_ANY_DASH}|{_SPLIT_DASH}|\s*:\s+|\s+){_OPENS_TEXT}"
)
DATELINE_ALONE = re.compile(rf"^(?:{_PLACE}{_US_STATE}?,?\s*(?:den\s+|am\s+)?{_DATE}|{_DATE})\s*$")

DATA_SECTIONS = ("contact", "publication", "link")
PROSE_SECTIONS = ("footer", "funding", "endmatter")
_HEADS = (
    ("contact", CONTACT_HEAD), ("publication", PUBLICATION_HEAD), ("link", LINK_HEAD),
    ("funding", FUNDING_HEAD), ("endmatter", ENDMATTER_HEAD), ("footer", FOOTER_HEAD),
)
_MAX_HEADING_WORDS = 30
_WRAP_WIDTH = 100
# A line ending in one of these words runs on into the next line (a hard-wrapped paragraph).
_RUNS_ON = set(
    "der die das den dem des eine einen einem eines und oder für von zur zum im als wie dass sowie "
    "the a an and or of to in on at for with from by that as".split()
)


@dataclass
class _Reader:
    lines: list[Line]
    blocks: list[Block] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)
    title: str | None = None
    open_lines: list[str] = field(default_factory=list)
    open_section: str | None = None
    mode: str | None = None  # a labelled section that runs on over the next lines
    after_end: bool = False
    seen_text: bool = False
    body_paragraphs: int = 0

    def read(self) -> None:
        for i, line in enumerate(self.lines):
            self.take(i, line)
        self.close()

    def take(self, i: int, line: Line) -> None:
        nxt = self.lines[i + 1] if i + 1 < len(self.lines) else None
        if line.mark == END or CLOSING_LINE.match(line.text):
            self.close()
            self.after_end, self.mode = True, "endmatter"
            return
        if line.mark == RULE:
            self.close()
            return
        if not self.seen_text and DATELINE_ALONE.match(line.text):
            self.close()
            self.metadata.setdefault("dateline", line.text.strip())
            return
        head = self.head_of(line)
        if head is not None:
            self.close()
            # A heading such as "Funding" or "Disclaimer" labels the paragraphs below it; a note
            # written as a sentence ("The authors report no conflicts …") labels only itself.
            if head in DATA_SECTIONS or head == "footer" or _label_like(line):
                self.mode = head
            self.open(head, line.text)
            if head in PROSE_SECTIONS:
                self.close()
            return
        if self.open_section in DATA_SECTIONS:
            if self.continues(line, nxt):
                self.open_lines.append(line.text)
                return
            self.close()
            self.mode = None
        if line.mark in (ROW, CODE):
            # A table row or a line of code is shown as written: never a sentence of the message.
            self.close()
            self.open("table", line.text)
            self.close()
            return
        if line.mark == ITEM:
            self.close()
            self.open(None, line.text)
            self.close()
            return
        if line.mark == HEADING or (not self.open_lines and self.is_heading(i)):
            self.close()
            self.add_heading(line.text)
            return
        if _contact_data(line.text):
            self.take_data(line.text)
            return
        if self.open_lines and line.gap:
            self.close()
        if not self.open_lines:
            self.open(None, line.text)
        else:
            self.open_lines.append(line.text)
        # A long line is a whole paragraph even without final punctuation; hard wraps are shorter.
        if _ends_sentence(line.text) or len(line.text) > _WRAP_WIDTH:
            self.close()

    def take_data(self, text: str) -> None:
        """A phone, mail or web line: it and the short lines just above it are a data block."""
        if any(_is_prose(line) or len(line) > _WRAP_WIDTH for line in self.open_lines):
            self.close()
        section = "contact" if EMAIL.search(text) or PHONE.search(text) else "link"
        self.open_section = self.open_section or section
        self.open_lines.append(text)

    def head_of(self, line: Line) -> str | None:
        """The labelled section a label line opens, or None."""
        text = line.text
        if PUBLICATION_WORD.match(text) and CITATION.search(text):
            return "publication"  # "Publikation Muster A (2026): … DOI …" without a colon
        for section, pattern in _HEADS:
            if pattern.match(text):
                if section == "footer" and not _label_like(line) and ":" not in text[:80]:
                    continue  # "About 50 percent of patients …" is a sentence, not a footer heading
                return section
        return None

    def continues(self, line: Line, nxt: Line | None) -> bool:
        """Whether a line still belongs to the open contact, link or reference block."""
        text = line.text
        if line.mark == HEADING:
            return False
        if EMAIL.search(text) or PHONE.search(text) or URL.search(text):
            return True
        if self.open_section == "publication" and CITATION.search(text):
            return True
        if _is_prose(text):
            return False
        # A heading-like line followed by prose opens the next part of the release.
        return not (nxt is not None and _is_prose(nxt.text) and not _ends_sentence(text))

    def is_heading(self, i: int) -> bool:
        """A short line without final punctuation that heads what follows (see the module doc)."""
        first = not self.blocks and not self.metadata
        text = self.lines[i].text
        # A line with a web address, e-mail or phone number is data or a sentence citing it, never a heading.
        if not _heading_shape(text, first) or _holds_data(text) or re.search(r"\bdoi\b|et al\.", text, re.IGNORECASE):
            return False
        run = self.lines[i:]
        if run[0].text.endswith(":") and len(run) > 1 and run[1].mark == ITEM:
            return False  # "Die wichtigsten Ergebnisse:" leads into its list
        # Short lines running into phone, mail or web lines are a contact block, not headings.
        for later in run[1:]:
            if later.gap or later.mark != TEXT:
                break
            if _contact_data(later.text):
                return False
            if not _heading_shape(later.text, False):
                break
        for line, nxt in zip(run, run[1:] + [None]):
            if nxt is None or nxt.gap or nxt.mark != TEXT or first:
                return True
            if DATELINE.match(nxt.text) or DATELINE_ALONE.match(nxt.text) or self.head_of(nxt):
                return True
            if len(nxt.text) > len(line.text) and not nxt.text[:1].islower():
                return True
            if not _heading_shape(nxt.text, False):
                return False
        return True

    def add_heading(self, text: str) -> None:
        if self.after_end:
            section = "endmatter"
        elif self.title is None and not self.seen_text and not self.blocks:
            section, self.title = "title", text
        else:
            section = "heading"
        self.mode = "endmatter" if self.after_end else None
        self.blocks.append(Block(len(self.blocks) + 1, text, section))

    def open(self, section: str | None, text: str) -> None:
        self.open_section, self.open_lines = section, [text]

    def close(self) -> None:
        if not self.open_lines:
            return
        lines, section = self.open_lines, self.open_section
        self.open_lines, self.open_section = [], None
        if section is None:
            section = self.label_paragraph(lines)
        if section == "body":
            lines = self.strip_dateline(lines)
            self.seen_text = True
            self.body_paragraphs += 1
        if section in DATA_SECTIONS:
            self.mode = section
        joined = "\n".join(lines) if section in DATA_SECTIONS else " ".join(lines)
        self.blocks.append(Block(len(self.blocks) + 1, joined, section))

    def label_paragraph(self, lines: list[str]) -> str:
        """The label of a paragraph that no label line opened: from its content and position."""
        text = " ".join(lines)
        contactish = sum(1 for line in lines if EMAIL.search(line) or PHONE.search(line))
        if contactish and contactish * 2 >= len(lines) and not _prose_around_data(text):
            return "contact"
        if all(URL.fullmatch(line.split(": ")[-1]) for line in lines):
            return "link"
        if self.mode in ("footer", "funding"):
            return self.mode
        if self.after_end:
            if PUBLISHED_TEXT.search(text) or CITATION.search(text) and not _is_prose(text):
                return "publication"
            if FUNDING_TEXT.search(text):
                return "funding"
            return "endmatter"
        if self.mode in PROSE_SECTIONS:
            return self.mode
        if FUNDING_NOTE.match(text) and len(re.findall(r"[.!?](?:\s|$)", text)) <= 2:
            return "funding"
        if ENDMATTER_HEAD.match(text) or DISCLAIMER_TEXT.search(text):
            return "endmatter"
        return "body"

    def strip_dateline(self, lines: list[str]) -> list[str]:
        # The dateline opens the first paragraph, or the second under a one-paragraph subtitle.
        if self.body_paragraphs >= 2 or "dateline" in self.metadata:
            return lines
        match = DATELINE.match(lines[0])
        if match is None or len(lines[0]) < match.end() + 20:
            return lines
        rest = lines[0][match.end():]
        place_only = not re.search(r"\d|[A-ZÄÖÜ]{3}|,", match["dateline"])
        if place_only and re.search(r" [–—] ", re.split(r"[.!?] ", rest)[0]):
            return lines  # "Bienen – Tiere, die wir kennen – sind …" is a dash pair, not a dateline
        self.metadata["dateline"] = match["dateline"].strip()
        return [lines[0][match.end():]] + lines[1:]


def clean(text: str) -> tuple[CleanDoc, dict[str, str]]:
    """Label the paragraphs of `text`; also return metadata such as the dateline."""
    reader = _Reader(lines_of(text))
    reader.read()
    return CleanDoc(title=reader.title, blocks=tuple(reader.blocks)), reader.metadata


def require_body(doc: CleanDoc, name: str) -> None:
    """A release needs running text to summarise; say what was found instead."""
    if any(b.section == "body" and b.text.strip() for b in doc.blocks):
        return
    found = sorted({b.section for b in doc.blocks})
    if not found:
        raise InputError(f"{name} holds only markup, no text", hint="paste the release's text, not just its formatting")
    if set(found) <= {"title", "heading"}:
        raise InputError(f"{name} holds only headings, no paragraphs of text",
                         hint="paste the whole release, not just its title and headings")
    names = {"contact": "a contact block", "publication": "a reference", "link": "links", "footer": "an 'about' note",
             "funding": "a funding note", "endmatter": "end matter", "title": "a title", "heading": "headings"}
    raise InputError(
        f"{name}: no sentences left to summarise; it holds only {', '.join(names.get(s, s) for s in found)}",
        hint="is this a press release? Paste its text, not only its contact or reference lines",
    )


def _ends_sentence(text: str) -> bool:
    return bool(SENTENCE_END.search(text))


def _label_like(line: Line) -> bool:
    return line.mark == HEADING or (len(line.text.split()) <= _MAX_HEADING_WORDS and not _ends_sentence(line.text.rstrip(":")))


def _heading_shape(text: str, first: bool) -> bool:
    words = len(text.split())
    if words > _MAX_HEADING_WORDS or len(text) > 250:
        return False
    if text.endswith("?") and words <= 10:
        return True  # a short question on a line of its own heads the paragraph below
    if text.endswith(":") and words <= 5:
        return True  # "Originalmitteilung:" labels what follows
    last = text.split()[-1].lower() if words else ""
    return not _ends_sentence(text) and not text[:1].islower() and (first or last not in _RUNS_ON)


def _holds_data(text: str) -> bool:
    return bool(EMAIL.search(text) or PHONE.search(text) or URL.search(text))


def _contact_data(text: str) -> bool:
    return _holds_data(text) and not _prose_around_data(text)


def _prose_around_data(text: str) -> bool:
    """Whether a sentence of the line reads on around its web address, e-mail or phone number.

    A contact or link line is mostly names and data ("Dr. A. Muster, Institut für X, Tel. …")
    or asks the reader to get in touch ("For more information, contact …"); a finding that
    merely cites its source ("… cloud cover (https://…).", "… reachable at info@…, found …")
    has a run of words around the data, most of them lower-case (verbs, not names), or a
    finite verb among a third of them ("The Example Institute (www…) led the expedition.").
    """
    rest = PHONE.sub(" ", EMAIL.sub(" ", URL.sub(" ", text)))
    for sentence in re.split(r"(?<=[a-zäöüß)]{2}[.!?])\s+", rest):
        words = re.findall(r"[^\W\d_][\w'’-]*", sentence)
        lower = sum(1 for w in words if w[0].islower())
        if len(words) < 8 or INVITATION.search(sentence):
            continue
        if lower * 2 >= len(words) or (lower * 3 >= len(words) and finite_verbs(words)):
            return True
    return False


def _is_prose(text: str) -> bool:
    return len(text.split()) >= 8 and bool(re.search(r"[a-zäöüß]{3,}[.!?][\"”“»«')]*$", text))
