"""Layout: the lines of a release with what its markup says about them, whatever the layout.

A release arrives as plain text with blank lines, plain text with one newline between
paragraphs (copied from a browser or a CMS), Markdown (copied from another tool) or HTML
(turned into Markdown by ingest). This module turns each into the same list of `Line`s, so
that the cleaning stage decides paragraphs and headings from the lines alone:

- Markdown is parsed with markdown-it-py, not stripped with patterns: a heading, a list item,
  a table row, a rule, a line of code and a wholly bold line (`**Kontakt:**`) keep that mark.
- Plain text gets the same marks from the few shapes that are unambiguous in it: a bullet,
  a pipe table row, a line of dashes.

`gap` records a blank line (or a Markdown block boundary) before a line: a hint that a
paragraph ended, used only where the lines themselves cannot tell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Marks a line can carry.
TEXT, HEADING, ITEM, ROW, RULE, END, CODE = "text", "heading", "item", "row", "rule", "end", "code"

_MD_SIGNS = re.compile(
    r"^(?:#{1,6}(?:\s|$)|\*\*[^*\n]+\*\*:?\s*$|\|.*\|\s*$|>\s|```|~~~|\|?\s*:?-{2,}:?\s*\|[\s|:-]*$)|\[[^\]\n]+\]\([^)\s]+\)|\*\*[^*\n]+\*\*",
    re.MULTILINE,
)
_BULLET = re.compile(r"^(?:[-•*–▪]|\d{1,2}[.)])\s+(?=\S)")
_NUMBERED = re.compile(r"^\d{1,2}[.)]\s+")
_MONTH = re.compile(
    r"^(?:Jan|Feb|Mär|Mar|Apr|Mai|May|Jun|Jul|Aug|Sep|Okt|Oct|Nov|Dez|Dec)[a-zä]*\b\.?", re.IGNORECASE
)
_RULE = re.compile(r"^(?:[-–—_*=~·•]\s*){1,}$")
_END_MARKS = re.compile(r"^(?:#{3}|-\s?30\s?-|ENDS?|\[?Ende\]?)$")
# The last word of a line that ends a sentence: an indented paragraph, not code.
_PROSE_END = re.compile(r"[a-zäöüß]{2,}[.!?][\"”“»«')]*$")
_TABLE_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")
# Gender marks that Markdown would read as emphasis (`Patient*innen und Ärzt*innen`).
_GENDER_STAR = re.compile(r"(?<=[a-zäöüß])\*(?=[Ii]nn?e?n?\b|[Ii]n\b)")
_STAR_STANDIN = "\u2217"


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    mark: str = TEXT
    gap: bool = False  # a blank line or block boundary comes before this line


def looks_like_markdown(text: str) -> bool:
    return bool(_MD_SIGNS.search(text))


def lines_of(text: str) -> list[Line]:
    """The release's lines, marked, with empty lines and markup removed."""
    return _markdown_lines(text) if looks_like_markdown(text) else _plain_lines(text)


def _plain_lines(text: str) -> list[Line]:
    out: list[Line] = []
    gap = True
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            gap = True
            continue
        out.append(_plain_line(line, gap))
        gap = False
    return out


def _plain_line(line: str, gap: bool) -> Line:
    if _END_MARKS.match(line):
        return Line(line, END, gap)
    if _RULE.match(line):
        return Line("", RULE, gap)
    if line.startswith("|") and line.endswith("|"):
        if _TABLE_SEPARATOR.match(line):
            return Line("", RULE, gap)
        return Line(_row_text(line.strip("|").split("|")), ROW, gap)
    item = _item_text(line)
    if item is not None:
        return Line(item, ITEM, gap)
    return Line(line, TEXT, gap)


def _item_text(line: str) -> str | None:
    """The text of a list item, or None: "3. März 2026 – …" is a date, not item 3."""
    match = _BULLET.match(line)
    if not match:
        return None
    rest = line[match.end():]
    if _NUMBERED.match(line) and _MONTH.match(rest):
        return None
    return rest


def _row_text(cells: list[str]) -> str:
    return " | ".join(cell.strip() for cell in cells if cell.strip())


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table")


def _markdown_lines(text: str) -> list[Line]:
    source = _GENDER_STAR.sub(_STAR_STANDIN, text)
    source_lines = source.split("\n")
    tokens = _parser().parse(source)
    out: list[Line] = []
    pending_mark = TEXT  # what the next inline token is: heading, item, row cell, paragraph
    item_prefix = ""
    in_bullet = False
    row: list[str] | None = None
    pipeless_row = False
    for token in tokens:
        kind = token.type
        if kind == "heading_open":
            pending_mark = HEADING
        elif kind == "list_item_open":
            # "- 13. Januar 2027: …" is one bullet item whose text starts with a date.
            in_bullet = pending_mark == ITEM
            pending_mark = ITEM
            # An ordered "item" that is a date ("3. März 2026 – …") was a line of text.
            item_prefix = f"{token.info}{token.markup} " if token.markup in (".", ")") else ""
        elif kind == "tr_open":
            # A line without a pipe right under a table is the next paragraph, not a row.
            piped = token.map is None or "|" in source_lines[token.map[0]]
            row = [] if piped else None
            if not piped and token.map is not None:
                out.append(Line(source_lines[token.map[0]].strip(), TEXT, False))
                pipeless_row = True
        elif kind == "tr_close":
            if row is not None and any(row):
                out.append(Line(_row_text(row), ROW, True))
            row, pipeless_row = None, False
        elif kind == "hr":
            out.append(Line("", RULE, True))
        elif kind in ("code_block", "fence"):
            parts = [part.strip() for part in token.content.split("\n") if part.strip()]
            # Markdown reads an indented paragraph of a pasted release as code; its sentences say so.
            code = kind == "fence" or not any(_PROSE_END.search(part) for part in parts)
            out += [Line(part, CODE if code else TEXT, i == 0) for i, part in enumerate(parts)]
        elif kind == "inline":
            if row is not None:
                row.append(_restore(_inline_lines(token)[0][0] if token.children else ""))
                continue
            if pipeless_row:
                continue
            out += _inline_block(token, pending_mark, item_prefix, in_bullet)
            pending_mark, item_prefix, in_bullet = TEXT, "", False
        elif kind == "heading_close":
            pending_mark = TEXT
    return out


def _inline_block(token, mark: str, item_prefix: str, in_bullet: bool) -> list[Line]:
    lines = [(_restore(text).strip(), bold) for text, bold in _inline_lines(token)]
    lines = [(text, bold) for text, bold in lines if text]
    if mark == HEADING:
        text = " ".join(text for text, _ in lines)
        return [Line(text, HEADING if text else END, True)]
    out = []
    for number, (text, bold) in enumerate(lines):
        line_mark = TEXT
        if number == 0 and mark == ITEM:
            dated = item_prefix and _MONTH.match(text)
            text, line_mark = (item_prefix + text, ITEM if in_bullet else TEXT) if dated else (text, ITEM)
        elif _RULE.match(text):
            line_mark, text = RULE, ""
        elif bold:
            line_mark = HEADING
        elif _END_MARKS.match(text):
            line_mark = END
        out.append(Line(text, line_mark, number == 0))
    return out


def _inline_lines(token) -> list[tuple[str, bool]]:
    """Text of an inline token, one entry per source line, with whether the line is all bold."""
    lines: list[tuple[str, bool]] = []
    parts: list[str] = []
    bold_depth = 0
    plain_outside_bold = False
    links: list[tuple[str, int]] = []  # href and where its label starts
    for child in token.children or []:
        kind = child.type
        if kind in ("softbreak", "hardbreak"):
            lines.append(("".join(parts), _all_bold(parts, plain_outside_bold)))
            parts, plain_outside_bold = [], False
        elif kind == "strong_open":
            bold_depth += 1
        elif kind == "strong_close":
            bold_depth -= 1
        elif kind == "link_open":
            links.append((str(child.attrs.get("href") or ""), len("".join(parts))))
        elif kind == "link_close" and links:
            href, start = links.pop()
            label = "".join(parts)[start:]
            # The address stays beside its label: it is what a link line is for.
            if href and label.strip() and href.rstrip("/") not in label and not href.startswith("mailto:"):
                parts.append(f" ({href})")
        elif kind in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
            if bold_depth == 0 and child.content.strip():
                plain_outside_bold = True
        elif kind == "image":
            parts.append(child.content)
    lines.append(("".join(parts), _all_bold(parts, plain_outside_bold)))
    return lines


def _all_bold(parts: list[str], plain_outside_bold: bool) -> bool:
    return bool("".join(parts).strip()) and not plain_outside_bold


def _restore(text: str) -> str:
    return text.replace(_STAR_STANDIN, "*")
