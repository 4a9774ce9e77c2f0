"""The browser review page (`summariser serve`), end to end in a real Chromium via Playwright.

Decisions are checked in the result JSON on disk, the record of truth, not only on the page.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from review_builders import NOT_SAID, Q1, Q2, Q3, make_result, reviewed, sentences, write_result
from summariser.records import Aligned, FaqItem, Summary, SummaryLine
from web_helpers import chromium, running

ROOT = Path(__file__).resolve().parent.parent
STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def on_disk(path: Path) -> dict[str, dict]:
    return {item["id"]: item for item in json.loads(path.read_text(encoding="utf-8"))["faq"]}


def fetch(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


@pytest.fixture
def out_dir(tmp_path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    write_result(folder / "parkinson.json")
    return folder


# Without a browser ------------------------------------------------------------------------------


def test_every_request_needs_the_session_token(out_dir):
    path = out_dir / "parkinson.json"
    before = path.read_bytes()
    with running(out_dir) as link:
        base, token = link.split("/?t=")
        assert fetch(link)[0] == 200
        for target in ("/", "/release?f=parkinson.json", "/static/review.js", "/export?f=parkinson.json&fmt=md"):
            assert fetch(base + target)[0] == 403
            assert fetch(base + target + ("&" if "?" in target else "?") + "t=wrong")[0] == 403
        status, body = fetch(
            base + "/decide?f=parkinson.json", data=b"action=reject&item=q1&revision=x"
        )
        assert status == 403 and "session token" in body
        # A page of another site that learned the port still lacks the token; a DNS-rebinding
        # page that has it would send its own Host name.
        assert fetch(link, headers={"Host": f"evil.example:{urlsplit(base).port}"})[0] == 403
        assert fetch(base + "/release?f=../parkinson.json&t=" + token)[0] == 404
    assert path.read_bytes() == before


def test_serve_command_prints_a_free_local_port_and_serves_the_list(out_dir):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "summariser", "serve", str(out_dir), "--no-open", "--reviewer", "ann"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
    )
    try:
        line = proc.stdout.readline()
        match = re.match(r"Review page: (http://127\.0\.0\.1:(\d+)/\?t=[\w-]{20,})$", line.strip())
        assert match, line
        status, body = fetch(match.group(1))
        assert status == 200 and "New test detects Parkinson&#39;s early" in body and "ann" in body
        assert fetch(match.group(1).split("?")[0])[0] == 403
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_serve_refuses_a_missing_folder(tmp_path, runner):
    from summariser.cli import app

    out = runner.invoke(app, ["serve", str(tmp_path / "nowhere"), "--no-open"])
    assert out.exit_code == 6 and "not a folder" in out.output


# In the browser ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    executable = chromium()
    if executable is None:
        pytest.skip("chromium is not installed (Debian: apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(accept_downloads=True)
    # Any request that leaves the app would show up here.
    outside: list[str] = []
    context.on("request", lambda r: None if r.url.startswith("http://127.0.0.1:") else outside.append(r.url))
    opened = context.new_page()
    yield opened
    context.close()
    assert outside == []


def open_release(page, link: str, key: str = "parkinson.json") -> None:
    page.goto(link)
    page.click(f"a[href*='f={key}']")
    keys_ready(page)


def keys_ready(page) -> None:
    page.wait_for_selector("html[data-keys='ready']", state="attached")


def item(page, item_id: str):
    return page.locator(f"#item-{item_id}")


def test_approve_and_reject_with_buttons_and_keys(out_dir, page):
    path = out_dir / "parkinson.json"
    with running(out_dir) as link:
        open_release(page, link)
        assert "j/k" in page.inner_text("nav.tools")
        # The evidence id shows its sentence on hover, German and English side by side below.
        chip = item(page, "q1").locator("a.ev").first
        chip.hover()
        assert "Heidelberg University" in chip.locator(".ev-pop").inner_text()
        assert "Universität Heidelberg" in item(page, "q1").locator("table.evidence").inner_text()

        item(page, "q1").locator("button.approve").click()
        assert "Saved: q1 approved by web-tester" in page.inner_text(".notice")
        decided = on_disk(path)["q1"]
        assert decided["status"] == "approved" and decided["reviewer"] == "web-tester"
        assert STAMP.fullmatch(decided["decided_at"])

        # After a save the next item to review is current: `r` rejects it, `j` then `a` approves
        # the one after.
        keys_ready(page)
        page.keyboard.press("r")
        page.wait_for_selector(".notice:has-text('q2 rejected')")
        keys_ready(page)
        page.keyboard.press("j")
        page.keyboard.press("k")
        page.keyboard.press("a")
        page.wait_for_selector(".notice:has-text('q3 approved')")
    faq = on_disk(path)
    assert [faq[i]["status"] for i in ("q1", "q2", "q3", "q4")] == ["approved", "rejected", "approved", "draft"]


def test_an_item_the_release_does_not_answer_cannot_be_approved_unchanged(out_dir, page):
    path = out_dir / "parkinson.json"
    before = path.read_bytes()
    with running(out_dir) as link:
        open_release(page, link)
        item(page, "q4").locator("button.approve").click()
        assert "cannot be approved unchanged" in page.inner_text("[role=alert]")
    assert path.read_bytes() == before


def test_edit_is_checked_for_faithfulness_before_it_is_saved(out_dir, page):
    path = out_dir / "parkinson.json"
    invented = "In a study with 450 patients, it detected the disease in 87 percent of cases."
    with running(out_dir) as link:
        open_release(page, link)
        q2 = item(page, "q2")
        q2.locator("summary").click()
        q2.locator("textarea").fill(invented)
        q2.locator("button:has-text('Check and save')").click()
        # Shown, not saved yet.
        assert "'450' does not appear in the release" in item(page, "q2").locator(".check").inner_text()
        assert on_disk(path)["q2"]["status"] == "draft"
        item(page, "q2").locator("button.save-anyway").click()
        assert "'450' does not appear in the release" in item(page, "q2").locator(".flags").inner_text()

        # A faithful edit needs no confirmation. `e` opens the current item's text box.
        q1 = item(page, "q1")
        keys_ready(page)
        q1.locator("h3").click()
        page.keyboard.press("e")
        assert q1.locator("textarea").evaluate("box => box === document.activeElement")
        q1.locator("textarea").fill("A blood test that detects Parkinson's disease early.")
        q1.locator("button:has-text('Check and save')").click()
        page.wait_for_selector(".notice:has-text('q1 edited')")
    faq = on_disk(path)
    assert faq["q2"]["status"] == "edited" and faq["q2"]["answer"] == invented
    assert faq["q2"]["draft_answer"].startswith("In a study with 120 patients")
    assert [(f["kind"], f["value"]) for f in faq["q2"]["flags"]] == [("number", "450")]
    assert faq["q1"]["status"] == "edited" and faq["q1"]["flags"] == []


def test_add_a_question(out_dir, page):
    path = out_dir / "parkinson.json"
    with running(out_dir) as link:
        open_release(page, link)
        add = page.locator("section.add")
        add.locator("summary").click()
        add.locator("input[name=question]").fill("How many patients took part?")
        add.locator("textarea").fill("120 patients took part in the study.")
        add.locator("button:has-text('Check and add')").click()
        page.wait_for_selector(".notice:has-text('q5 edited')")
    new = on_disk(path)["q5"]
    assert new["origin"] == "reviewer" and new["question"] == "How many patients took part?"


def test_export_buttons_give_the_approved_items(tmp_path, page):
    out_dir = tmp_path / "out"
    write_result(out_dir / "parkinson.json", reviewed(q1="approved", q2="edited", q3="rejected"))
    with running(out_dir) as link:
        open_release(page, link)
        texts = {}
        for label in ("Markdown", "HTML", "JSON-LD"):
            with page.expect_download() as download:
                page.click(f"a.export:has-text('{label}')")
            texts[label] = Path(download.value.path()).read_text(encoding="utf-8")
            assert download.value.suggested_filename.startswith("parkinson.faq.")
    assert f"### {Q1}" in texts["Markdown"] and Q3 not in texts["Markdown"]
    assert "<!DOCTYPE html>" in texts["HTML"] and Q2 in texts["HTML"] and Q3 not in texts["HTML"]
    names = [q["name"] for q in json.loads(texts["JSON-LD"])["mainEntity"]]
    assert names == [Q1, Q2]


def test_export_without_approved_items_says_so(out_dir, page):
    with running(out_dir) as link:
        open_release(page, link)
        page.click("a.export:has-text('Markdown')")
        assert "no approved or edited FAQ items" in page.inner_text("[role=alert]")


def test_a_change_made_meanwhile_by_another_process_is_reported_and_nothing_is_lost(out_dir, page):
    path = out_dir / "parkinson.json"
    typed = "A blood test that finds Parkinson's disease early."
    with running(out_dir) as link:
        open_release(page, link)
        q1 = item(page, "q1")
        q1.locator("summary").click()
        q1.locator("textarea").fill(typed)
        # Meanwhile the terminal review, in another process, rejects q2 in the same file.
        subprocess.run(
            [sys.executable, "-m", "summariser", "review", str(path), "--set", "q2=reject", "--reviewer", "terminal"],
            check=True, capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        item(page, "q1").locator("button:has-text('Check and save')").click()
        alert = page.inner_text(".conflict")
        assert "changed on disk after you opened it" in alert
        # Neither decision is lost: the other one is on disk, ours is still in the text box
        # and the page shows the file as it is now.
        assert item(page, "q1").locator("textarea").input_value() == typed
        assert "rejected" in item(page, "q2").locator(".badge").inner_text()
        faq = on_disk(path)
        assert faq["q1"]["status"] == "draft" and faq["q2"]["reviewer"] == "terminal"

        item(page, "q1").locator("button:has-text('Check and save')").click()
        page.wait_for_selector(".notice:has-text('q1 edited')")
    faq = on_disk(path)
    assert faq["q1"]["answer"] == typed and faq["q1"]["reviewer"] == "web-tester"
    assert faq["q2"]["status"] == "rejected" and faq["q2"]["reviewer"] == "terminal"


def test_a_decision_from_a_stale_tab_is_refused(out_dir, page, browser):
    path = out_dir / "parkinson.json"
    with running(out_dir) as link:
        open_release(page, link)
        other = page.context.new_page()
        open_release(other, link)
        item(other, "q1").locator("button.approve").click()
        other.wait_for_selector(".notice")
        item(page, "q3").locator("button.reject").click()
        assert "changed on disk" in page.inner_text(".conflict")
        assert "approved" in item(page, "q1").locator(".badge").inner_text()
    faq = on_disk(path)
    assert faq["q1"]["status"] == "approved" and faq["q3"]["status"] == "draft"


HOSTILE = '<script>window.__pwned = 1</script>"><img src=x onerror="window.__pwned = 2">'


def test_release_text_with_markup_renders_as_text(tmp_path, page):
    out_dir = tmp_path / "out"
    base = make_result()
    hostile = dataclasses.replace(
        base,
        title=HOSTILE,
        sentences=(Aligned("p0.s1", HOSTILE, HOSTILE, "title", "de", True), *sentences()[1:]),
        summary=Summary((SummaryLine(HOSTILE, ("p0.s1",)),), words=5, grade=None, source_grade=None),
        faq=(FaqItem("q1", HOSTILE, HOSTILE, ("p0.s1",), "release"), FaqItem("q2", Q2, NOT_SAID, (), "none", True)),
    )
    name = '"><img src=x onerror=alert(1)>.json'
    write_result(out_dir / name, hostile)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    with running(out_dir) as link:
        page.goto(link)
        assert HOSTILE in page.inner_text("table.releases")
        page.click("table.releases a")
        page.wait_for_selector("article.item")
        assert HOSTILE in page.inner_text("h1")
        assert HOSTILE in item(page, "q1").locator(".answer").inner_text()
        assert HOSTILE in page.inner_text("section.summary")
        assert page.locator("img").count() == 0
        assert page.locator("main script").count() == 0
        assert page.evaluate("window.__pwned") is None
        # The page still works: the hostile item can be approved.
        item(page, "q1").locator("button.approve").click()
        page.wait_for_selector(".notice:has-text('q1 approved')")
    assert dialogs == []
    assert on_disk(out_dir / name)["q1"]["answer"] == HOSTILE


def test_release_list_filters_by_state(tmp_path, page):
    out_dir = tmp_path / "out"
    write_result(out_dir / "open.json")
    write_result(out_dir / "done.json", reviewed(q1="approved", q2="approved", q3="rejected", q4="rejected"))
    with running(out_dir) as link:
        page.goto(link)
        assert page.locator("tr.release-row").count() == 2
        page.select_option("select[name=show]", "done")
        page.click("button:has-text('Filter')")
        rows = page.locator("tr.release-row")
        assert rows.count() == 1 and "done.json" in rows.inner_text()
        page.select_option("select[name=show]", "needs_input")
        page.click("button:has-text('Filter')")
        assert "open.json" in page.locator("tr.release-row").inner_text()
