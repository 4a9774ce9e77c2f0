"""The README's worked example is the real output; run with UPDATE_README=1 to refresh it."""

from __future__ import annotations

import os
import re
from pathlib import Path

from summariser.cli import app

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCK = re.compile(r"(<!-- example:start -->\n)(.*?)(<!-- example:end -->)", re.DOTALL)
FENCE = "````"


def test_worked_example_matches_real_output(runner, samples):
    result = runner.invoke(app, ["summarise", str(samples / "en_finding_institute.txt")])
    assert result.exit_code == 0
    expected = f"{FENCE}markdown\n{result.stdout}{FENCE}\n"
    text = README.read_text(encoding="utf-8")
    if os.environ.get("UPDATE_README") == "1":
        README.write_text(BLOCK.sub(lambda m: m.group(1) + expected + m.group(3), text), encoding="utf-8")
        text = README.read_text(encoding="utf-8")
    match = BLOCK.search(text)
    assert match, "README has no example block"
    assert match.group(2) == expected, "README example is stale: run UPDATE_README=1 pytest tests/test_readme.py"


def test_readme_names_every_summarise_option(runner):
    help_text = runner.invoke(app, ["summarise", "--help"], terminal_width=200).stdout
    readme = README.read_text(encoding="utf-8")
    options = set(re.findall(r"--[a-z][a-z-]+", help_text)) - {"--help", "--output", "--format"}
    missing = sorted(o for o in options if o not in readme)
    assert not missing, f"README does not mention {missing}"
