"""Real releases and the seed documents, read from ../shared beside the project (skipped without it).

- The seeds (the documents the product was specified from, four of five pasted with single
  newlines, one in Markdown with a German original at its end): no heading or question line is
  glued into a sentence, and German sentences are translated, never shown untranslated.
- The 30 English releases rewritten with single newlines and as Markdown give the same
  sentences and sections; no summary line or FAQ answer is built on a footer, end matter or
  the dateline.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from layouts import Style, render

from summariser.clean import clean
from summariser.cli import app
from summariser.pipeline import summarise_text
from summariser.settings import Settings
from summariser.split import split

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = sorted((SHARED / "seeds").glob("*.txt"))
ENGLISH = sorted((SHARED / "releases" / "en").glob("*.txt"))

pytestmark = pytest.mark.skipif(not SEEDS or not ENGLISH, reason="../shared (seeds and releases) is not beside the project")


def _heading_lines(text: str) -> list[str]:
    """Lines a reader sees as headings: Markdown headings, bold lines, short lines without a full stop."""
    out = []
    for raw in text.splitlines():
        line = raw.strip()
        bare = line.lstrip("#").strip().strip("*").strip()
        if not bare:
            continue
        if line.startswith("#") or (line.startswith("**") and line.endswith("**")) or len(bare.split()) <= 12 and not re.search(r"[.!:;]$", bare):
            out.append(bare)
    return out


def _sentences(text: str):
    doc, metadata = clean(text)
    return split(doc, "en"), metadata


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_no_seed_sentence_holds_a_heading(path):
    text = path.read_text(encoding="utf-8")
    sentences, _ = _sentences(text)
    headings = _heading_lines(text)
    for s in sentences:
        assert not s.text.startswith(("#", "**")), s.text
        assert len(s.text) < 1000, s.text[:80]
        for heading in headings:
            assert not (s.text.startswith(heading) and len(s.text) > len(heading) + 1), (heading, s.text[:80])


def test_german_sentences_of_the_english_seed_are_translated_and_never_shown_untranslated(runner, tiny_model, tmp_path):
    seed = next(p for p in SEEDS if p.name.startswith("000"))
    out = tmp_path / "seed.json"
    result = runner.invoke(app, ["summarise", str(seed), "--model", str(tiny_model), "--beams", "1",
                                 "--format", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["lang"] == "en"
    german = [s for s in record["sentences"] if s["lang"] == "de" and s["section"] == "body"]
    assert len(german) >= 2
    assert all(s["translated"] for s in german)
    shown = record["summary"]["text"] + " ".join(item["answer"] for item in record["faq"])
    for s in german:
        assert s["de"][:40] not in shown


@pytest.mark.parametrize("path", ENGLISH, ids=lambda p: p.name[:3])
def test_english_release_reads_the_same_with_single_newlines_and_as_markdown(path):
    text = path.read_text(encoding="utf-8")
    original, metadata = _sentences(text)
    expected = [(s.id, s.section, s.text) for s in original]
    for style in (Style("single"), Style("markdown"), Style("markdown", heading_level=3, bold_headings=True)):
        variant, variant_metadata = _sentences(render(text, style))
        assert [(s.id, s.section, s.text) for s in variant] == expected, style.layout
        assert variant_metadata == metadata


@pytest.mark.parametrize("path", ENGLISH, ids=lambda p: p.name[:3])
def test_no_summary_line_or_answer_rests_on_a_footer_end_matter_or_dateline(path):
    result = summarise_text(path.read_bytes(), Settings(), name=path.name)
    section = {s.id: s.section for s in result.sentences}
    for line in result.summary.lines:
        assert {section[i] for i in line.evidence} == {"body"}, line.text
    for item in result.faq:
        assert {section[i] for i in item.evidence} <= {"body", "contact", "publication", "funding"}, item.question
    dateline = result.metadata.get("dateline")
    if dateline:
        assert all(not s.de.startswith(dateline) for s in result.sentences if s.section == "body")
        assert dateline not in result.summary.text
