"""Review checks an edited answer by the same policy the pipeline drafts with."""

from __future__ import annotations

import json

from summariser import review as core
from summariser.pipeline import summarise_text
from summariser.records import Origin
from summariser.settings import Settings
from summariser.store import save_result

RELEASE = """Sleep protects memory in older adults

LEIPZIG, 3 March 2026 – Older adults who sleep seven hours a night remember more words the next day, a study of 212 volunteers shows.

The participants, aged 65 to 80, learned lists of words in the evening and were tested in the morning. Those who slept at least seven hours recalled 18 percent more words than those who slept less.

The team now plans a larger study with 600 people. The work was funded by the national research foundation.

Contact: Dr. Anna Beispiel, anna.beispiel@example.org, +49 341 000000
"""


def _drafted():
    result = summarise_text(RELEASE, Settings(), name="sleep.txt")
    # The dateline is metadata, not a sentence: its place is nowhere else in the release.
    assert result.metadata["dateline"].startswith("LEIPZIG")
    assert not any("leipzig" in s.en.lower() for s in result.sentences)
    return result


def test_every_drafted_item_rechecked_in_review_keeps_its_flags():
    result = _drafted()
    assert result.faq
    for item in result.faq:
        assert core.recheck(result, item, item.question, item.answer) == item.flags, item.id


def test_an_edit_is_checked_against_the_dateline_as_the_draft_was(tmp_path):
    result = _drafted()
    path = tmp_path / "sleep.json"
    save_result(path, result)
    item = next(x for x in result.faq if x.origin == Origin.RELEASE and not x.flags)
    answer = "The study took place in Leipzig and in Hamburg, with 212 volunteers."
    core.decide(path, item.id, "edit", "rev", answer=answer)
    saved = {x["id"]: x for x in json.loads(path.read_text(encoding="utf-8"))["faq"]}
    # Leipzig stands in the dateline, so the pipeline would not flag it either; Hamburg is invented.
    assert [(f["kind"], f["value"]) for f in saved[item.id]["flags"]] == [("name", "Hamburg")]


def test_a_reviewers_question_is_checked_for_invented_names_and_numbers_only(tmp_path):
    result = _drafted()
    path = tmp_path / "sleep.json"
    save_result(path, result)
    # As an answer, these rare words the release never uses would be flagged too; a question
    # asserts nothing with its wording, so only its number and its name are.
    question = "Did the 2019 Oslo cohort replicate hippocampal spindles?"
    updated = core.decide(path, None, "add", "rev", question=question, answer="The release does not say.")
    added = updated.faq[-1]
    assert added.origin == Origin.REVIEWER
    assert {(f.kind, f.value) for f in added.flags} == {("number", "2019"), ("name", "Oslo")}
    as_answer = core.recheck(result, None, "Other studies?", question)
    assert {f.kind for f in as_answer} >= {"word"}
