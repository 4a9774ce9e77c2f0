"""Render a `Result` as Markdown for people or JSON for tools (the full record)."""

from __future__ import annotations

from .records import Result
from .store import result_json

FLAG_NOTES = {
    "too_long": "translation much longer than the source",
    "too_short": "translation much shorter than the source",
    "repetition": "translation repeats itself",
    "empty": "no translation came back",
    "number_changed": "a number in the translation is not in the German sentence",
}


def render(result: Result, fmt: str) -> str:
    return result_json(result) if fmt == "json" else markdown(result)


def _quote(result: Result, sentence_id: str) -> list[str]:
    sentence = result.sentence(sentence_id)
    if sentence is None:
        return [f"> [{sentence_id}] (sentence not found)"]
    lines = [f"> [{sentence.id}] {sentence.de}"]
    if sentence.translated:
        lines.append(f"> → {sentence.en}")
    return lines


def _terms(result: Result) -> list[str]:
    """Words of the summary a general reader may not know, with their explanations or the gap."""
    if not result.summary.terms:
        return []
    out = ["Words a reader may not know:", ""]
    for note in result.summary.terms:
        if note.origin == "none":
            out.append(f"- *{note.term}*: not explained by the release or the glossary")
        else:
            where = f"the release [{', '.join(note.evidence)}]" if note.origin == "release" else "the team glossary"
            out.append(f"- *{note.term}*: {note.explanation} (from {where})")
    if result.summary.unexplained:
        out += ["", f"*Left unexplained: {', '.join(result.summary.unexplained)}*"]
    return out + [""]


def markdown(result: Result) -> str:
    out: list[str] = [f"# {result.title or result.source_name}", ""]
    out += [
        f"*Source:* `{result.source_name}` · *kind:* {result.kind} · *language:* {result.lang}",
        f"*Signature:* `{result.signature}`",
        "",
        "## Lay summary",
        "",
    ]
    for line in result.summary.lines:
        marker = " ⚠" if line.flags else ""
        out.append(f"{line.text} [{', '.join(line.evidence)}]{marker}")
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
            out.append(f"- ⚠ check: {flag.message}")
    out += ["## FAQ draft", "", "*Every item is a draft until a person reviews it (`summariser review`).*", ""]
    for item in result.faq:
        tags = [item.status]
        if item.needs_input:
            tags.append("needs input")
        if item.origin == "glossary":
            tags.append("from the team glossary")
        out += [f"### {item.id}. {item.question}", "", item.answer, "", f"*{' · '.join(tags)}*", ""]
        for flag in item.flags:
            out.append(f"- ⚠ {flag.kind}: {flag.message}")
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
            if sentence.section not in ("title", "heading", "body", "footer"):
                continue
            block = sentence.id.split(".")[0]
            if previous_block is not None and block != previous_block:
                out.append("")
            note = "".join(f" ⚠({FLAG_NOTES.get(f, f)})" for f in sentence.flags)
            prefix = "**" if sentence.section in ("title", "heading") else ""
            out.append(f"{prefix}{sentence.en}{prefix}{note}")
            previous_block = block
        out.append("")
    return "\n".join(out).rstrip() + "\n"
