"""Render a `Result` as Markdown for people or JSON for tools (the full record)."""

from __future__ import annotations

import re

from .records import HEADLINE_SECTIONS, MESSAGE_SECTIONS, Origin, Result, Section
from .store import result_json

# The translation shows the message and the "About …" note; the other sections are shown where
# an answer quotes them.
_TRANSLATION_SECTIONS = (*MESSAGE_SECTIONS, Section.FOOTER)

FLAG_NOTES = {
    "too_long": "translation much longer than the source",
    "too_short": "translation much shorter than the source",
    "repetition": "translation repeats itself",
    "empty": "no translation came back",
    "number_changed": "a number in the translation is not in the German sentence",
}


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|])")
_LINE_START = re.compile(r"^(\s*)([#>+=-])")
_NUMBERED = re.compile(r"^(\s*\d+)([.)])")
_ENTITY = re.compile(r"&(?=#?\w+;)")


def md_text(text: str) -> str:
    """Release text as literal Markdown: no HTML, links, emphasis or headings can come through.

    `<` becomes `&lt;` (so `<img onerror=...>` is shown, not run); Markdown punctuation is
    backslash-escaped; a line start that would open a heading, quote or list is escaped too.
    """
    text = _ENTITY.sub("&amp;", text).replace("<", "&lt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    lines = (_NUMBERED.sub(r"\1\\\2", _LINE_START.sub(r"\1\\\2", line)) for line in text.split("\n"))
    return "\n".join(lines)


def code_span(text: str) -> str:
    """`text` as one inline code span, whatever backticks it holds (CommonMark: a longer fence)."""
    text = " ".join(text.split())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def render(result: Result, fmt: str) -> str:
    return result_json(result) if fmt == "json" else markdown(result)


def _quote(result: Result, sentence_id: str) -> list[str]:
    sentence = result.sentence(sentence_id)
    if sentence is None:
        return [f"> [{sentence_id}] (sentence not found)"]
    lines = [f"> [{sentence.id}] {md_text(sentence.de)}"]
    if sentence.translated:
        lines.append(f"> → {md_text(sentence.en)}")
    return lines


def _terms(result: Result) -> list[str]:
    """Words of the summary a general reader may not know, with their explanations or the gap."""
    if not result.summary.terms:
        return []
    out = ["Words a reader may not know:", ""]
    for note in result.summary.terms:
        if note.origin == Origin.NONE:
            out.append(f"- *{note.term}*: not explained by the release or the glossary")
        else:
            where = f"the release [{', '.join(note.evidence)}]" if note.origin == Origin.RELEASE else "the team glossary"
            out.append(f"- *{note.term}*: {note.explanation} (from {where})")
    if result.summary.unexplained:
        out += ["", f"*Left unexplained: {', '.join(result.summary.unexplained)}*"]
    return out + [""]


def markdown(result: Result) -> str:
    out: list[str] = [f"# {md_text(result.title or result.source_name)}", ""]
    out += [
        f"*Source:* {code_span(result.source_name)} · *kind:* {result.kind} · *language:* {result.lang}",
        f"*Signature:* {code_span(result.signature)}",
        "",
        "## Lay summary",
        "",
    ]
    for line in result.summary.lines:
        marker = " ⚠" if line.flags else ""
        out.append(f"{md_text(line.text)} [{', '.join(line.evidence)}]{marker}")
    out.append("")
    readability = f"{result.summary.words} words"
    if result.summary.grade is not None:
        readability += f", Flesch-Kincaid grade {result.summary.grade}"
    if result.summary.source_grade is not None:
        readability += f" (release: {result.summary.source_grade})"
    out += [f"*{readability}*", ""]
    out += _terms(result)
    for line in result.summary.lines:
        for flag in line.flags:
            out.append(f"- ⚠ check: {md_text(flag.message)}")
    out += ["## FAQ draft", "", "*Every item is a draft until a person reviews it (`summariser review`).*", ""]
    for item in result.faq:
        tags: list[str] = [item.status]
        if item.needs_input:
            tags.append("needs input")
        if item.origin == Origin.GLOSSARY:
            tags.append("from the team glossary")
        out += [f"### {md_text(item.id)}. {md_text(item.question)}", "", md_text(item.answer), "", f"*{' · '.join(tags)}*", ""]
        for flag in item.flags:
            out.append(f"- ⚠ {flag.kind}: {md_text(flag.message)}")
        if item.flags:
            out.append("")
        if item.evidence:
            out.append("Evidence:")
            out.append("")
            for sentence_id in item.evidence:
                out += _quote(result, sentence_id) + [""]
    if result.lang != "en" or any(s.translated for s in result.sentences):
        out += ["## Translation", ""]
        previous_block = None
        for sentence in result.sentences:
            if sentence.section not in _TRANSLATION_SECTIONS:
                continue
            block = sentence.id.split(".")[0]
            if previous_block is not None and block != previous_block:
                out.append("")
            note = "".join(f" ⚠({FLAG_NOTES.get(f, f)})" for f in sentence.flags)
            prefix = "**" if sentence.section in HEADLINE_SECTIONS else ""
            out.append(f"{prefix}{md_text(sentence.en)}{prefix}{note}")
            previous_block = block
        out.append("")
    return "\n".join(out).rstrip() + "\n"
