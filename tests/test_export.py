"""`summariser export`: only approved and edited items, escaped in every format, and an HTML
page that a browser opens without errors."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from review_builders import Q1, Q2, Q3, Q4, reviewed, write_result
from summariser.cli import app
from summariser.errors import ReviewStateError, SettingsError
from summariser.export import export, md_escape

SCRIPT_ANSWER = "Very well <script>alert(1)</script> & reliably."


@pytest.fixture
def result_file(tmp_path) -> Path:
    """q1 approved, q2 edited (its answer carries a script), q3 rejected, q4 still a draft."""
    result = reviewed(q1="approved", q2="edited", q3="rejected")
    q2 = result.faq[1].with_changes(answer=SCRIPT_ANSWER, draft_answer=result.faq[1].answer)
    return write_result(tmp_path / "parkinson.json", result.with_faq((result.faq[0], q2) + result.faq[2:]))


def run(*args: str):
    return CliRunner().invoke(app, ["export", *map(str, args)])


def test_markdown_has_the_summary_and_exactly_the_approved_and_edited_items(result_file):
    out = run(result_file, "--format", "md")
    assert out.exit_code == 0, out.output
    md = out.stdout
    assert md.startswith("# New test detects Parkinson's early\n")
    assert "blood test that finds Parkinson's disease early" in md
    assert re.findall(r"^### (.*)$", md, flags=re.M) == [Q1, Q2]
    assert Q3 not in md and Q4 not in md
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; reliably" in md
    assert "<script" not in md


def test_markdown_escaping_blocks_links_and_html():
    escaped = md_escape("[click](javascript:alert(1)) <img src=x> *bold* # 1. x")
    assert "[" not in escaped.replace("\\[", "") and "<" not in escaped
    assert "\\*bold\\*" in escaped
    assert md_escape("1. first") == "1\\. first"


def test_html_page_is_standalone_escaped_and_balanced(result_file):
    out = run(result_file, "--format", "html")
    assert out.exit_code == 0, out.output
    page = out.stdout
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    assert '<meta charset="utf-8">' in page and "<title>New test detects Parkinson&#x27;s early</title>" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; reliably." in page
    assert "<script>" not in page and "alert(1)</script>" not in page
    # The only script is the JSON-LD data block; nothing is fetched.
    assert re.findall(r"<script[^>]*>", page) == ['<script type="application/ld+json">']
    assert not re.search(r"\b(src|href)=|<link|@import|url\(", page)
    assert _faq_questions(page) == [Q1, Q2]
    _assert_balanced(page)
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert [q["name"] for q in data["mainEntity"]] == [Q1, Q2]


def test_jsonld_is_a_schema_org_faq_page(result_file):
    out = run(result_file, "--format", "jsonld")
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["@context"] == "https://schema.org" and data["@type"] == "FAQPage"
    assert [q["@type"] for q in data["mainEntity"]] == ["Question", "Question"]
    assert [q["name"] for q in data["mainEntity"]] == [Q1, Q2]
    answers = [q["acceptedAnswer"] for q in data["mainEntity"]]
    assert [a["@type"] for a in answers] == ["Answer", "Answer"]
    assert answers[0]["text"].startswith("A blood test")
    # Search engines render Answer.text as HTML, so the markup arrives escaped.
    assert answers[1]["text"] == "Very well &lt;script&gt;alert(1)&lt;/script&gt; &amp; reliably."


def test_output_file_is_written(result_file, tmp_path):
    target = tmp_path / "site" / "faq.html"
    out = run(result_file, "-f", "html", "-o", target)
    assert out.exit_code == 0, out.output
    assert out.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("fmt", ["md", "html", "jsonld"])
def test_release_without_approved_items_is_an_error(tmp_path, fmt):
    path = write_result(tmp_path / "drafts.json", reviewed(q1="rejected"))
    before = path.read_bytes()
    out = run(path, "--format", fmt, "-o", tmp_path / "page")
    assert out.exit_code == 6
    assert f"Error: {path} has no approved or edited FAQ items" in out.output
    assert f"Hint: review it first: summariser review {path}" in out.output
    assert not (tmp_path / "page").exists() and path.read_bytes() == before


def test_damaged_file_is_named(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("not json", encoding="utf-8")
    out = run(path, "--format", "md")
    assert out.exit_code == 6 and f"Error: {path}: not valid JSON" in out.output
    assert path.read_text(encoding="utf-8") == "not json"


def test_core_rejects_unknown_format_and_unreviewed_result():
    with pytest.raises(SettingsError):
        export(reviewed(q1="approved"), "pdf")
    with pytest.raises(ReviewStateError, match="parkinson.txt has no approved"):
        export(reviewed(), "md")


def test_html_opens_in_headless_chromium(result_file, tmp_path):
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("chromium is not installed (Debian: apt-get install chromium)")
    page = tmp_path / "faq.html"
    page.write_text(export(_load(result_file), "html"), encoding="utf-8")
    proc = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr", "--v=0",
         "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = proc.stdout
    assert Q1 in dom and Q2 in dom and Q3 not in dom
    # The escaped script is text in the DOM, not an element the browser ran.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
    console = [line for line in proc.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert console == []


def _load(path: Path):
    from summariser.store import load_result

    return load_result(path)


def _faq_questions(page: str) -> list[str]:
    import html

    return [html.unescape(q) for q in re.findall(r"<h3>(.*?)</h3>", page)]


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Balance(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.doctype = None

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag, attrs) -> None:
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs) -> None:
        if tag not in _VOID:
            self.problems.append(f"self-closed <{tag}/>")

    def handle_endtag(self, tag) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
        else:
            self.stack.pop()


def _assert_balanced(page: str) -> None:
    parser = _Balance()
    parser.feed(page)
    parser.close()
    assert parser.doctype and parser.doctype.lower() == "doctype html"
    assert parser.problems == [] and parser.stack == []


def test_export_never_writes_over_a_result_file(result_file, tmp_path):
    # Over its own result or another release's: the review decisions would be gone.
    before = result_file.read_bytes()
    out = run(result_file, "--format", "md", "-o", result_file)
    assert out.exit_code == 5
    assert "Error:" in out.output and "would lose its review decisions" in out.output
    assert result_file.read_bytes() == before
    other = write_result(tmp_path / "other.json", reviewed(q1="approved"))
    kept = other.read_bytes()
    assert run(result_file, "--format", "html", "-o", other).exit_code == 5
    assert other.read_bytes() == kept
    assert run(result_file, "--format", "md", "-o", tmp_path / "faq.md").exit_code == 0
