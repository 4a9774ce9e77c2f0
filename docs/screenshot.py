"""Make docs/review-page.png: the review page of the test release, with one approved item and
one edit carrying a faithfulness flag. Run from the repository root:

    .venv/bin/python docs/screenshot.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from playwright.sync_api import sync_playwright  # noqa: E402
from review_builders import reviewed, write_result  # noqa: E402
from web_helpers import chromium, running  # noqa: E402

from summariser import review  # noqa: E402


def main() -> None:
    executable = chromium()
    if executable is None:
        sys.exit("chromium is not installed (Debian: apt-get install chromium)")
    with tempfile.TemporaryDirectory() as tmp:
        out_dir = Path(tmp) / "out"
        path = write_result(out_dir / "parkinson.json", reviewed(q1="approved"))
        review.decide(path, "q2", "edit", "Dr. Weber",
                      answer="In a study with 450 patients, it detected the disease in 87 percent of cases.")
        with running(out_dir, reviewer="Dr. Weber") as link, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable)
            page = browser.new_page(viewport={"width": 1200, "height": 1500})
            page.goto(link)
            page.click("table.releases a")
            page.wait_for_selector("article.item")
            page.locator("#item-q3").click()
            page.locator("#item-q3 a.ev").first.hover()
            page.screenshot(path=str(ROOT / "docs" / "review-page.png"))
            browser.close()


if __name__ == "__main__":
    main()
