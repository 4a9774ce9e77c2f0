"""Export the lay summary and the reviewed FAQ of one release: Markdown, HTML or JSON-LD.

Only items a person has approved or edited are exported; drafts and rejected items never are,
and a release without any such item is an error rather than an empty page.

Everything that comes from the release or the reviewer is escaped in every format, because an
answer may contain `<script>` or other markup:

- Markdown: `&`, `<` and `>` become entities and Markdown's own punctuation is backslash-escaped,
  so no text can open a link, image, raw HTML or heading.
- HTML: a standalone page (`<!DOCTYPE html>`, `lang="en"`, UTF-8, no external resources,
  nothing executable) with every text passed through `html.escape`. It carries the JSON-LD in a
  `<script type="application/ld+json">` block, a data block browsers never run, so that a press
  office publishing the page gets the FAQ rich result too; inside it `<`, `>` and `&` are written
  as JSON `\\u003c` escapes, so no text can close the block.
- JSON-LD: schema.org `FAQPage`. Search engines render `Answer.text` as HTML, so the question
  and answer texts are HTML-escaped there too.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from .errors import ReviewStateError, SettingsError
from .records import FaqItem, Result, Section

FORMATS = ("md", "html", "jsonld")
FAQ_HEADING = "Frequently asked questions"
SUMMARY_HEADING = "Summary"

# Characters that open or close Markdown syntax anywhere in a line (emphasis, code, links,
# images, tables, strikethrough, headings); `&`, `<` and `>` become entities instead, so no raw
# HTML or autolink survives.
_MD_INLINE = re.compile(r"([\\`*_\[\]|~#])")
# ... and what only counts at the start of a line: list markers, setext underlines, "1." lists.
_MD_LINE_START = re.compile(r"^(\s*)([-+=]|\d+(?=[.)]))")

_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;"
    "line-height:1.5}h3{margin-bottom:.25rem}"
)


def export(result: Result, fmt: str, source: str | None = None) -> str:
    """The release's summary and publishable FAQ in `fmt` (`md`, `html` or `jsonld`).

    `source` names the result in error messages (the file path); it defaults to the release name.
    """
    if fmt not in FORMATS:
        raise SettingsError(f"unknown export format {fmt!r}", hint=f"choose one of: {', '.join(FORMATS)}")
    items = publishable(result, source)
    if fmt == "md":
        return to_markdown(result, items)
    if fmt == "html":
        return to_html(result, items)
    return json.dumps(faq_page(items), ensure_ascii=False, indent=2) + "\n"


def publishable(result: Result, source: str | None = None) -> tuple[FaqItem, ...]:
    items = tuple(item for item in result.faq if item.publishable)
    if not items:
        name = source or result.source_name
        raise ReviewStateError(
            f"{name} has no approved or edited FAQ items, so there is nothing to export",
            hint=f"review it first: summariser review {name}",
        )
    return items


def title_of(result: Result) -> str:
    """The English title (the translated title sentence), else the title, else the file name."""
    english = " ".join(s.en.strip() for s in result.sentences if s.section == Section.TITLE and s.en.strip())
    return english or (result.title or "").strip() or result.source_name


def paragraphs(text: str) -> list[list[str]]:
    """Paragraphs (split at blank lines), each a list of its non-empty lines."""
    blocks = re.split(r"\n\s*\n", text.strip())
    return [lines for block in blocks if (lines := [ln.strip() for ln in block.splitlines() if ln.strip()])]


# Markdown ---------------------------------------------------------------------------------------


def md_escape(text: str) -> str:
    """Escape text for Markdown: no raw HTML, no links, images, emphasis or headings."""
    text = html.escape(text, quote=False)  # & < > first: entities need `&` and `;` unescaped
    text = _MD_INLINE.sub(r"\\\1", text)
    match = _MD_LINE_START.match(text)
    if match and match.group(2).isdigit():
        # "1. " would start a list: escape the dot or parenthesis after the number.
        end = match.end()
        return text[:end] + "\\" + text[end:]
    return _MD_LINE_START.sub(r"\1\\\2", text)


def _md_block(text: str) -> str:
    # A backslash at the end of a line is CommonMark's hard line break; content backslashes are
    # escaped, so this one cannot pair with anything in the text.
    return "\n\n".join("\\\n".join(md_escape(line) for line in lines) for lines in paragraphs(text))


def to_markdown(result: Result, items: tuple[FaqItem, ...]) -> str:
    parts = [f"# {md_escape(title_of(result))}", ""]
    if result.summary.text.strip():
        parts += [_md_block(result.summary.text), ""]
    parts += [f"## {FAQ_HEADING}", ""]
    for item in items:
        parts += [f"### {md_escape(item.question)}", "", _md_block(item.answer), ""]
    return "\n".join(parts)


# HTML -------------------------------------------------------------------------------------------


def _html_block(text: str) -> str:
    return "\n".join(
        "<p>" + "<br>\n".join(html.escape(line) for line in lines) + "</p>" for lines in paragraphs(text)
    )


def script_json(data: Any) -> str:
    """JSON safe inside a `<script>` element: `<`, `>` and `&` as `\\u003c`-style escapes."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def to_html(result: Result, items: tuple[FaqItem, ...]) -> str:
    title = html.escape(title_of(result))
    faq = "\n".join(
        f'<section class="faq-item" id="{html.escape(item.id)}">\n'
        f"<h3>{html.escape(item.question)}</h3>\n{_html_block(item.answer)}\n</section>"
        for item in items
    )
    summary = ""
    if result.summary.text.strip():
        summary = (
            f'<section class="summary">\n<h2>{SUMMARY_HEADING}</h2>\n'
            f"{_html_block(result.summary.text)}\n</section>\n"
        )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="summariser">\n'
        f"<title>{title}</title>\n<style>{_STYLE}</style>\n"
        f'<script type="application/ld+json">\n{script_json(faq_page(items))}\n</script>\n'
        "</head>\n<body>\n<main>\n<article>\n"
        f"<h1>{title}</h1>\n{summary}"
        f'<section class="faq">\n<h2>{FAQ_HEADING}</h2>\n{faq}\n</section>\n'
        "</article>\n</main>\n</body>\n</html>\n"
    )


# JSON-LD ----------------------------------------------------------------------------------------


def faq_page(items: tuple[FaqItem, ...]) -> dict[str, Any]:
    """schema.org FAQPage: a Question with an acceptedAnswer per item, texts HTML-escaped."""
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": html.escape(item.question, quote=False),
                "acceptedAnswer": {
                    "@type": "Answer",
                    "text": html.escape(item.answer.strip(), quote=False),
                },
            }
            for item in items
        ],
    }
