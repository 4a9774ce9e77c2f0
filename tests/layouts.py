"""Write one release in the layouts people paste: blank lines, single newlines, Markdown, HTML.

The variants are built from the release's own text (a blank-line plain text file) with simple,
independent rules, so the tests check that the reading stages recover the same structure from
each of them. `Style` holds the choices hypothesis varies.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

_ENDS_SENTENCE = re.compile(r"[.!?:;…\"“”»«)]$")
_DATA = re.compile(r"@|https?://|www\.|\d{3}")
_ITEM = re.compile(r"^(?:[-•*]|\d{1,2}[.)])\s+")


@dataclass(frozen=True)
class Style:
    layout: str  # "blank", "single", "markdown", "html"
    heading_level: int = 2  # Markdown level of headings below the title (the title is level 1)
    bold_headings: bool = False  # Markdown: "**Heading**" instead of "## Heading"
    crlf: bool = False
    trailing_spaces: bool = False
    extra_blank_lines: bool = False


def paragraphs(text: str) -> list[list[str]]:
    return [p.split("\n") for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def roles(text: str) -> list[tuple[str, list[str]]]:
    """Each paragraph with its role as a writer would mark it: title, heading, label or text."""
    out: list[tuple[str, list[str]]] = []
    data = False
    for number, lines in enumerate(paragraphs(text)):
        joined = " ".join(lines)
        if _DATA.search(joined) or lines[0].endswith(":"):
            data = True
        elif re.search(r"[.!?]$", joined):
            data = False
        if number == 0 and len(lines) == 1:
            out.append(("title", lines))
        elif (len(lines) == 1 and not data and not _ENDS_SENTENCE.search(joined) and len(joined.split()) <= 14
              and not _ITEM.match(joined) and joined != "###"):
            out.append(("heading", lines))
        elif lines[0].endswith(":") and len(lines[0].split()) <= 4:
            out.append(("label", lines))
        else:
            out.append(("text", lines))
    return out


def render(text: str, style: Style) -> str:
    if style.layout == "blank":
        out = "\n\n".join("\n".join(lines) for lines in paragraphs(text))
    elif style.layout == "single":
        out = "\n".join("\n".join(lines) for lines in paragraphs(text))
    elif style.layout == "markdown":
        out = "\n\n".join(_markdown(role, lines, style) for role, lines in roles(text))
    else:
        out = _html(text)
    if style.trailing_spaces:
        out = out.replace("\n", "  \n") if style.layout != "markdown" else out.replace("\n\n", " \n\n")
    if style.extra_blank_lines and style.layout in ("blank", "markdown"):
        out = out.replace("\n\n", "\n\n\n")
    if style.crlf:
        out = out.replace("\n", "\r\n")
    return out + "\n"


def _markdown(role: str, lines: list[str], style: Style) -> str:
    if role == "title":
        return "# " + lines[0]
    if role == "heading":
        return f"**{lines[0]}**" if style.bold_headings else "#" * style.heading_level + " " + lines[0]
    if role == "label":
        return "\n".join([f"**{lines[0]}**"] + lines[1:])
    return "\n".join(lines)


def _html(text: str) -> str:
    parts = []
    for role, lines in roles(text):
        esc = [html.escape(line, quote=False) for line in lines]
        if role == "title":
            parts.append(f"<h1>{esc[0]}</h1>")
        elif role == "heading":
            parts.append(f"<h2>{esc[0]}</h2>")
        elif all(_ITEM.match(line) for line in lines):
            parts.append("<ul>" + "".join(f"<li>{_ITEM.sub('', line)}</li>" for line in esc) + "</ul>")
        elif role == "label":
            parts.append(f"<p><b>{esc[0]}</b><br>" + "<br>".join(esc[1:]) + "</p>")
        else:
            parts.append("<p>" + "<br>".join(esc) + "</p>")
    body = "\n".join(parts)
    return f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body><article>\n{body}\n</article></body></html>"
