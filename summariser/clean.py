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

Labels (`records.Section`) are set aside rather than deleted: the contact block
answers "Whom can I contact?", the reference "Where was it published?", the funding note "Who
paid?". An end marker ("###", "-30-", "Leave a Reply") ends the body: what follows is labelled
by what it is (about, funding, reference, contact) or as end matter. The rules look at the shape
and the opening words of a paragraph, not at any particular institution's wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import InputError
from .dateline import DATELINE, DATELINE_ALONE
from .layout import CODE, END, HEADING, ITEM, ROW, RULE, TEXT, Line, lines_of
from .paragraph_cues import (
    CITATION, CLOSING_LINE, CONTACT_HEAD, DISCLAIMER_TEXT, EMAIL, ENDMATTER_HEAD, FOOTER_HEAD, FUNDING_HEAD,
    FUNDING_NOTE, FUNDING_TEXT, LINK_HEAD, PHONE, PUBLICATION_HEAD, PUBLICATION_WORD, PUBLISHED_TEXT, SENTENCE_END, URL,
    holds_data, is_contact_data, is_prose, prose_around_data,
)
from .records import HEADLINE_SECTIONS, Block, CleanDoc, Section

# Blocks of names, numbers and addresses, which run on while their lines are data, not prose.
DATA_SECTIONS = (Section.CONTACT, Section.PUBLICATION, Section.LINK)
# Labelled prose: a heading such as "Funding" labels the paragraphs below it.
PROSE_SECTIONS = (Section.FOOTER, Section.FUNDING, Section.ENDMATTER)
_HEADS = (
    (Section.CONTACT, CONTACT_HEAD), (Section.PUBLICATION, PUBLICATION_HEAD), (Section.LINK, LINK_HEAD),
    (Section.FUNDING, FUNDING_HEAD), (Section.ENDMATTER, ENDMATTER_HEAD), (Section.FOOTER, FOOTER_HEAD),
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
    open_section: Section | None = None
    mode: Section | None = None  # a labelled section that runs on over the next lines
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
            self.after_end, self.mode = True, Section.ENDMATTER
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
            if head in DATA_SECTIONS or head == Section.FOOTER or _label_like(line):
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
            self.open(Section.TABLE, line.text)
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
        if is_contact_data(line.text):
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
        if any(is_prose(line) or len(line) > _WRAP_WIDTH for line in self.open_lines):
            self.close()
        section = Section.CONTACT if EMAIL.search(text) or PHONE.search(text) else Section.LINK
        self.open_section = self.open_section or section
        self.open_lines.append(text)

    def head_of(self, line: Line) -> Section | None:
        """The labelled section a label line opens, or None."""
        text = line.text
        if PUBLICATION_WORD.match(text) and CITATION.search(text):
            return Section.PUBLICATION  # "Publikation Muster A (2026): … DOI …" without a colon
        for section, pattern in _HEADS:
            if pattern.match(text):
                if section == Section.FOOTER and not _label_like(line) and ":" not in text[:80]:
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
        if self.open_section == Section.PUBLICATION and CITATION.search(text):
            return True
        if is_prose(text):
            return False
        # A heading-like line followed by prose opens the next part of the release.
        return not (nxt is not None and is_prose(nxt.text) and not _ends_sentence(text))

    def is_heading(self, i: int) -> bool:
        """A short line without final punctuation that heads what follows (see the module doc)."""
        first = not self.blocks and not self.metadata
        text = self.lines[i].text
        # A line with a web address, e-mail or phone number is data or a sentence citing it, never a heading.
        if not _heading_shape(text, first) or holds_data(text) or re.search(r"\bdoi\b|et al\.", text, re.IGNORECASE):
            return False
        run = self.lines[i:]
        if run[0].text.endswith(":") and len(run) > 1 and run[1].mark == ITEM:
            return False  # "Die wichtigsten Ergebnisse:" leads into its list
        # Short lines running into phone, mail or web lines are a contact block, not headings.
        for later in run[1:]:
            if later.gap or later.mark != TEXT:
                break
            if is_contact_data(later.text):
                return False
            if not _heading_shape(later.text, False):
                break
        following: list[Line | None] = [*run[1:], None]
        for line, nxt in zip(run, following, strict=True):
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
            section = Section.ENDMATTER
        elif self.title is None and not self.seen_text and not self.blocks:
            section, self.title = Section.TITLE, text
        else:
            section = Section.HEADING
        self.mode = Section.ENDMATTER if self.after_end else None
        self.blocks.append(Block(len(self.blocks) + 1, text, section))

    def open(self, section: Section | None, text: str) -> None:
        self.open_section, self.open_lines = section, [text]

    def close(self) -> None:
        if not self.open_lines:
            return
        lines, section = self.open_lines, self.open_section
        self.open_lines, self.open_section = [], None
        if section is None:
            section = self.label_paragraph(lines)
        if section == Section.BODY:
            lines = self.strip_dateline(lines)
            self.seen_text = True
            self.body_paragraphs += 1
        if section in DATA_SECTIONS:
            self.mode = section
        joined = "\n".join(lines) if section in DATA_SECTIONS else " ".join(lines)
        self.blocks.append(Block(len(self.blocks) + 1, joined, section))

    def label_paragraph(self, lines: list[str]) -> Section:
        """The label of a paragraph that no label line opened: from its content and position."""
        text = " ".join(lines)
        contactish = sum(1 for line in lines if EMAIL.search(line) or PHONE.search(line))
        if contactish and contactish * 2 >= len(lines) and not prose_around_data(text):
            return Section.CONTACT
        if all(URL.fullmatch(line.split(": ")[-1]) for line in lines):
            return Section.LINK
        if self.mode in (Section.FOOTER, Section.FUNDING):
            return self.mode
        if self.after_end:
            if PUBLISHED_TEXT.search(text) or CITATION.search(text) and not is_prose(text):
                return Section.PUBLICATION
            if FUNDING_TEXT.search(text):
                return Section.FUNDING
            return Section.ENDMATTER
        if self.mode in PROSE_SECTIONS:
            return self.mode
        if FUNDING_NOTE.match(text) and len(re.findall(r"[.!?](?:\s|$)", text)) <= 2:
            return Section.FUNDING
        if ENDMATTER_HEAD.match(text) or DISCLAIMER_TEXT.search(text):
            return Section.ENDMATTER
        return Section.BODY

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
    if any(b.section == Section.BODY and b.text.strip() for b in doc.blocks):
        return
    found = sorted({b.section for b in doc.blocks})
    if not found:
        raise InputError(f"{name} holds only markup, no text", hint="paste the release's text, not just its formatting")
    if set(found) <= set(HEADLINE_SECTIONS):
        raise InputError(f"{name} holds only headings, no paragraphs of text",
                         hint="paste the whole release, not just its title and headings")
    names = {Section.CONTACT: "a contact block", Section.PUBLICATION: "a reference", Section.LINK: "links",
             Section.FOOTER: "an 'about' note", Section.FUNDING: "a funding note", Section.ENDMATTER: "end matter",
             Section.TITLE: "a title", Section.HEADING: "headings"}
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
