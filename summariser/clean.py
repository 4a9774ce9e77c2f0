"""Clean: label each paragraph of a release by what it is, so only the message is summarised.

Contact blocks, publication references, link lists and "about the institute" footers are set
aside as their own sections rather than deleted: the contact block answers "Whom can I
contact?" and the publication line answers "Where was it published?". The rules look at the
shape of a paragraph (a label line, phone and e-mail lines, no running prose), not at any
particular institution's wording.
"""

from __future__ import annotations

import re

from .records import Block, CleanDoc

_LABEL = r"(?:[\w ,/&*:-]{0,40}?)"
CONTACT_HEAD = re.compile(
    r"^(?:Presse|Medien|Wissenschaftliche[rn]?|Fachliche[rn]?|Ihre?|Für Rückfragen)?\s*-?"
    r"(?:kontakte?|ansprechpartner(?::in|\*in|_in|in|innen|:innen)?|ansprechperson(?:en)?|rückfragen|"
    r"contacts?|press contact|media contact|media enquiries|for further information)\b"
    + _LABEL + r":?\s*$|^(?:Kontakt|Pressekontakt|Ansprechpartner\S*|Contact|Press contact)\s*:",
    re.IGNORECASE,
)
PUBLICATION_HEAD = re.compile(
    r"^(?:Original(?:publikation|veröffentlichung|arbeit|artikel|mitteilung)|Publikation|"
    r"Fachartikel|Veröffentlichung|Literatur|Original publication|Publication|Reference|"
    r"Originalpublikation\s*/\s*DOI)\b\s*:?",
    re.IGNORECASE,
)
LINK_HEAD = re.compile(
    r"^(?:Weitere Informationen|Mehr Informationen|Weiterführende Links?|Links?|Mehr dazu|"
    r"More information|Further information|Website|Web|Internet)\s*:",
    re.IGNORECASE,
)
FOOTER_HEAD = re.compile(r"^(?:Über (?:das|die|den|uns)\b|About (?:the|us)\b|Zum (?:Institut|Unternehmen)\b)", re.IGNORECASE)
URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"\b(?:Tel\.?|Telefon|Fon|Phone|Fax|Mobil|Mobile)\b|\+\d{2}[\d\s/()-]{6,}", re.IGNORECASE)
DATELINE = re.compile(
    r"^(?P<place>[A-ZÄÖÜ][\w.\-/ ]{1,40}?(?:,\s*[A-ZÄÖÜ][\w.\- ]{1,30}?)?),?\s*(?:den\s+)?"
    r"(?P<date>\d{1,2}\.\s*[A-Za-zÄÖÜäöü]+\.?\s*\d{4}|\d{1,2}\.\d{1,2}\.\d{2,4}|"
    r"\d{1,2}\s+[A-Z][a-z]+\s+\d{4}|[A-Z][a-z]+\s+\d{1,2},\s*\d{4})\s*[–—-]+\s*"
)
BULLET = re.compile(r"^\s*(?:[-•*–]|\d{1,2}[.)])\s+")
SENTENCE_END = re.compile(r"[.!?…:;]['\"“”‘’»«)]*$")


def clean(text: str) -> tuple[CleanDoc, dict[str, str]]:
    """Label the paragraphs of `text`; also return metadata such as the dateline."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    metadata: dict[str, str] = {}
    blocks: list[Block] = []
    title: str | None = None
    section_mode: str | None = None
    for position, paragraph in enumerate(paragraphs):
        lines = [line.strip() for line in paragraph.split("\n") if line.strip()]
        first = lines[0]
        label = _label(lines)
        if label is None and section_mode and _continues(section_mode, lines):
            label = section_mode
        if label is None and position == 0 and _is_heading(lines):
            label = "title"
            title = first
        if label is None and _is_heading(lines):
            label = "heading"
            # A heading such as "Über das Institut" opens a footer paragraph below it.
            if FOOTER_HEAD.match(first):
                section_mode = "footer"
                label = "footer"
        if label is None:
            label = "body"
            section_mode = None
        elif label in ("contact", "publication", "link", "footer"):
            section_mode = label
        if label == "body":
            lines = _strip_dateline(lines, metadata)
            for chunk in _body_chunks(lines):
                blocks.append(Block(len(blocks) + 1, chunk, "body"))
            continue
        joined = "\n".join(lines) if label in ("contact", "publication", "link") else " ".join(lines)
        blocks.append(Block(len(blocks) + 1, joined, label))
    return CleanDoc(title=title, blocks=tuple(blocks)), metadata


def _label(lines: list[str]) -> str | None:
    first = lines[0]
    if CONTACT_HEAD.match(first):
        return "contact"
    if PUBLICATION_HEAD.match(first):
        return "publication"
    if LINK_HEAD.match(first) or all(URL.fullmatch(line.split(": ")[-1]) for line in lines):
        return "link"
    if FOOTER_HEAD.match(first) and len(lines) > 1:
        return "footer"
    contactish = sum(1 for line in lines if EMAIL.search(line) or PHONE.search(line))
    if contactish and contactish * 2 >= len(lines) and not _is_prose(lines):
        return "contact"
    return None


def _continues(mode: str, lines: list[str]) -> bool:
    """A paragraph right after a contact or link block that is still contact or link data."""
    if mode == "contact":
        return not _is_prose(lines) or any(EMAIL.search(line) or PHONE.search(line) for line in lines)
    if mode == "link":
        return all(URL.search(line) for line in lines)
    return mode == "footer" and _is_prose(lines) and not _is_heading(lines)


def _is_prose(lines: list[str]) -> bool:
    text = " ".join(lines)
    return len(text.split()) >= 12 and bool(re.search(r"[a-zäöüß]{3,}[.!?]", text))


def _is_heading(lines: list[str]) -> bool:
    if len(lines) != 1 or len(lines[0]) > 200:
        return False
    line = lines[0]
    # A short question on a line of its own ("Wie geht es weiter?") heads the paragraph below.
    return not SENTENCE_END.search(line) or (line.endswith("?") and len(line.split()) <= 8)


def _strip_dateline(lines: list[str], metadata: dict[str, str]) -> list[str]:
    match = DATELINE.match(lines[0])
    if match and "dateline" not in metadata and len(lines[0]) > match.end() + 20:
        metadata["dateline"] = f"{match['place'].strip()}, {match['date'].strip()}"
        return [lines[0][match.end():]] + lines[1:]
    return lines


def _body_chunks(lines: list[str]) -> list[str]:
    """Hard-wrapped lines join into one paragraph; each bullet of a list stands alone."""
    chunks: list[str] = []
    current: list[str] = []
    for line in lines:
        if BULLET.match(line):
            if current:
                chunks.append(" ".join(current))
            current = []
            chunks.append(BULLET.sub("", line))
        else:
            current.append(line)
    if current:
        chunks.append(" ".join(current))
    return chunks
