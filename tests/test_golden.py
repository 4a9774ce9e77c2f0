"""Every sample's JSON record and Markdown draft, compared byte for byte with tests/golden/.

Any change in what the pipeline writes shows up here as a readable diff. When a change is meant,
regenerate the files and review the diff before committing:

    SUMMARISER_REGENERATE_GOLDEN=1 python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from fake_translator import FakeTranslator
from summariser.pipeline import summarise_text
from summariser.render import render
from summariser.settings import Settings

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
GOLDEN = Path(__file__).resolve().parent / "golden"
RELEASES = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".txt", ".md") and p.name != "README.md")


def _outputs(sample: Path) -> dict[str, str]:
    result = summarise_text(sample.read_bytes(), Settings(), translator=FakeTranslator(), name=sample.name)
    return {
        ".json": json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n",
        ".md": render(result, "markdown"),
    }


@pytest.mark.parametrize("sample", RELEASES, ids=lambda p: p.name)
def test_sample_output_matches_its_golden_files(sample: Path):
    for suffix, text in _outputs(sample).items():
        golden = GOLDEN / f"{sample.stem}{suffix}"
        if os.environ.get("SUMMARISER_REGENERATE_GOLDEN"):
            golden.write_text(text, encoding="utf-8")
        assert golden.exists(), f"no golden file {golden.name}: regenerate (see this module's docstring)"
        assert text == golden.read_text(encoding="utf-8"), f"{golden.name} differs from what the pipeline writes now"


def test_every_golden_file_belongs_to_a_sample():
    stems = {p.stem for p in RELEASES}
    assert {p.stem for p in GOLDEN.iterdir()} == stems
    assert len(list(GOLDEN.iterdir())) == 2 * len(stems)
