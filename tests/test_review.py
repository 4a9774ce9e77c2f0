"""`summariser review`: the interactive loop driven with scripted input, the script options, and
what happens to damaged result files. Every test reads the result JSON back after the run."""

from __future__ import annotations

import json
import os
import re
import shlex
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from typer.testing import CliRunner

from review_builders import NOT_SAID, Q1, Q2, Q3, Q4, make_result, reviewed, write_result
from summariser import review as core
from summariser.cli import app
from summariser.errors import ReviewStateError
from summariser.records import FaqItem

STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


@pytest.fixture(autouse=True)
def _environment(monkeypatch):
    monkeypatch.setenv("SUMMARISER_REVIEWER", "Ada")
    # An editor that saves nothing: click.edit then keeps the text. Tests that edit set their own.
    monkeypatch.setenv("EDITOR", "true")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("COLUMNS", "200")  # rich wraps at 80 columns when not on a terminal


@pytest.fixture
def result_file(tmp_path) -> Path:
    return write_result(tmp_path / "parkinson.json")


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(app, ["review", *map(str, args)], input=input)


def items(path: Path) -> dict[str, dict]:
    return {item["id"]: item for item in json.loads(path.read_text(encoding="utf-8"))["faq"]}


# Interactive ----------------------------------------------------------------------------------


def test_approve_saves_status_reviewer_and_utc_time(result_file):
    out = run(result_file, input="a\nq\n")
    assert out.exit_code == 0, out.output
    assert Q1 in out.output
    # The evidence is shown side by side: German source and English translation.
    assert "Universität Heidelberg" in out.output and "Heidelberg University" in out.output
    saved = items(result_file)
    assert saved["q1"]["status"] == "approved"
    assert saved["q1"]["reviewer"] == "Ada"
    assert STAMP.match(saved["q1"]["decided_at"])
    assert saved["q1"]["draft_answer"] is None
    assert [saved[i]["status"] for i in ("q2", "q3", "q4")] == ["draft"] * 3


def test_edit_keeps_the_draft_and_shows_the_new_flag_before_saving(result_file):
    original = items(result_file)["q1"]["answer"]
    out = run(result_file, input="e\n\nIn 99 patients it worked.\ny\nq\n")
    assert out.exit_code == 0, out.output
    before_save = out.output.split("Save this edit?")[0]
    assert "'99' does not appear in the release" in before_save
    saved = items(result_file)["q1"]
    assert saved["status"] == "edited"
    assert saved["answer"] == "In 99 patients it worked."
    assert saved["question"] == Q1
    assert saved["draft_answer"] == original
    assert [(f["kind"], f["value"]) for f in saved["flags"]] == [("number", "99")]
    assert saved["reviewer"] == "Ada" and STAMP.match(saved["decided_at"])


def test_declined_edit_is_not_saved(result_file):
    before = result_file.read_bytes()
    out = run(result_file, input="e\n\nIn 99 patients it worked.\nn\nq\n")
    assert out.exit_code == 0, out.output
    assert "Not saved." in out.output
    assert result_file.read_bytes() == before


def test_edit_question_and_answer_inline(result_file):
    out = run(result_file, input="s\ne\nHow accurate is the test?\nIt found the disease in 87 percent of cases.\ny\nq\n")
    assert out.exit_code == 0, out.output
    assert "passes the faithfulness check" in out.output
    saved = items(result_file)["q2"]
    assert saved["question"] == "How accurate is the test?"
    assert saved["status"] == "edited" and saved["flags"] == []


def test_long_answer_in_the_editor(result_file, monkeypatch, tmp_path):
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys, pathlib\n"
        "pathlib.Path(sys.argv[1]).write_text('First line.\\n\\nSecond paragraph about Heidelberg.\\n')\n"
    )
    monkeypatch.setenv("EDITOR", f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}")
    # "e", keep the question, empty answer line -> $EDITOR; then "E" opens it directly.
    out = run(result_file, input="e\n\n\ny\nE\ny\nq\n")
    assert out.exit_code == 0, out.output
    saved = items(result_file)
    for item_id in ("q1", "q2"):
        assert saved[item_id]["answer"] == "First line.\n\nSecond paragraph about Heidelberg."
        assert saved[item_id]["status"] == "edited"


def test_reject(result_file):
    out = run(result_file, input="r\nq\n")
    assert out.exit_code == 0, out.output
    saved = items(result_file)["q1"]
    assert saved["status"] == "rejected" and saved["reviewer"] == "Ada"
    assert saved["answer"].startswith("A blood test")


def test_quit_half_way_then_resume_at_the_first_undecided_item(result_file):
    out = run(result_file, input="a\nr\nq\n")
    assert out.exit_code == 0, out.output
    assert "2 items left" in out.output
    assert [s["status"] for s in items(result_file).values()] == ["approved", "rejected", "draft", "draft"]

    again = run(result_file, input="q\n")
    assert again.exit_code == 0, again.output
    assert Q3 in again.output
    assert Q1 not in again.output and Q2 not in again.output
    assert [s["status"] for s in items(result_file).values()] == ["approved", "rejected", "draft", "draft"]


def test_end_of_input_loses_nothing_already_decided(result_file):
    out = run(result_file, input="a\n")  # input ends while the second item is asked
    assert out.exit_code == 0, out.output
    assert items(result_file)["q1"]["status"] == "approved"
    assert "run the same command again to resume" in out.output


def test_needs_input_item_cannot_be_approved_unchanged(result_file):
    out = run(result_file, input="s\ns\ns\na\nr\n")
    assert out.exit_code == 0, out.output
    assert Q4 in out.output and "needs input" in out.output
    assert "cannot be approved unchanged" in out.output
    saved = items(result_file)
    assert saved["q4"]["status"] == "rejected"
    assert [saved[i]["status"] for i in ("q1", "q2", "q3")] == ["draft"] * 3


def test_needs_input_item_cannot_be_saved_with_only_a_new_question(result_file):
    out = run(result_file, input="s\ns\ns\ne\nWhen can patients get it?\n\ny\nq\n")
    assert out.exit_code == 0, out.output
    assert "needs an answer" in out.output
    assert items(result_file)["q4"]["status"] == "draft"


def test_reviewer_adds_a_question(result_file):
    out = run(result_file, input="n\nIs the test expensive?\nThe release gives no price.\ny\nq\n")
    assert out.exit_code == 0, out.output
    assert "q5: added" in out.output
    added = items(result_file)["q5"]
    assert added["question"] == "Is the test expensive?"
    assert added["origin"] == "reviewer" and added["evidence"] == []
    assert added["status"] == "edited" and added["reviewer"] == "Ada"
    assert items(result_file)["q1"]["status"] == "draft"  # still the item under review


# Folders --------------------------------------------------------------------------------------


def _folder(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    newer = write_result(out / "b" / "newer.json", make_result(name="newer.txt"))
    older = write_result(out / "a" / "older.json", make_result(name="older.txt"))
    done = write_result(out / "done.json", reviewed(q1="approved", q2="rejected", q3="approved", q4="rejected"))
    (out / "report.json").write_text('{"format_version": 1, "documents": []}')
    (out / ".summariser").mkdir()
    write_result(out / ".summariser" / "copy.json")
    (out / "notes.json").write_text('{"something": "else"}')
    for age, path in ((300, older), (200, newer), (100, done)):
        stamp = datetime.now().timestamp() - age
        os.utime(path, (stamp, stamp))
    return out


def test_scan_lists_results_oldest_first_skipping_reports_and_state(tmp_path):
    out = _folder(tmp_path)
    names = [p.name for p in core.scan(out).paths]
    assert names == ["older.json", "newer.json", "done.json"]
    assert [p.name for p in core.scan(out, pending_only=True).paths] == ["older.json", "newer.json"]


def test_folder_walk_counts_and_starts_with_the_oldest(tmp_path):
    out = _folder(tmp_path)
    result = run(out, input="a\nq\n")
    assert result.exit_code == 0, result.output
    assert "2 releases with 8 items left" in result.output
    assert "older.json" in result.output and "newer.json" not in result.output
    assert items(out / "a" / "older.json")["q1"]["status"] == "approved"
    assert items(out / "b" / "newer.json")["q1"]["status"] == "draft"


def test_folder_walk_goes_on_to_the_next_release(tmp_path):
    out = _folder(tmp_path)
    result = run(out, input="a\na\na\nr\na\nq\n")
    assert result.exit_code == 0, result.output
    assert [s["status"] for s in items(out / "a" / "older.json").values()] == ["approved"] * 3 + ["rejected"]
    assert result.output.index("older.json") < result.output.index("newer.json")
    assert items(out / "b" / "newer.json")["q1"]["status"] == "approved"
    assert "Stopped. 3 items left" in result.output


def test_list_of_a_folder_shows_every_result(tmp_path):
    out = _folder(tmp_path)
    result = run(out, "--list")
    assert result.exit_code == 0, result.output
    for name in ("older.json", "newer.json", "done.json"):
        assert name in result.output
    assert "copy.json" not in result.output and "report.json" not in result.output


def test_folder_walk_reports_a_broken_file_and_reviews_the_others(tmp_path):
    out = _folder(tmp_path)
    broken = out / "broken.json"
    broken.write_text('{"format_version": 1, "faq": [', encoding="utf-8")
    result = run(out, input="q\n")
    assert result.exit_code == 6
    assert "broken.json" in result.output and "not valid JSON" in result.output
    assert "2 releases with 8 items left" in result.output


# Script options -------------------------------------------------------------------------------


def test_list_shows_items_and_status(tmp_path):
    path = write_result(tmp_path / "r.json", reviewed(q1="approved", q3="rejected"))
    before = path.read_bytes()
    out = run(path, "--list")
    assert out.exit_code == 0, out.output
    for text in ("q1", "approved", "q3", "rejected", "q4", "draft", "needs input", "tester"):
        assert text in out.output
    assert path.read_bytes() == before


def test_set_and_answer(result_file):
    out = run(result_file, "--set", "q1=approve", "--set", "q3=reject", "--answer", "q4", "Not before 2030.",
              "--reviewer", "Grace")
    assert out.exit_code == 0, out.output
    saved = items(result_file)
    assert saved["q1"]["status"] == "approved" and saved["q1"]["reviewer"] == "Grace"
    assert saved["q3"]["status"] == "rejected"
    assert saved["q4"]["status"] == "edited" and saved["q4"]["answer"] == "Not before 2030."
    assert saved["q4"]["needs_input"] is False and saved["q4"]["draft_answer"] == NOT_SAID
    assert saved["q2"]["status"] == "draft"
    # The new answer's year is not in the release: the flag is saved and printed.
    assert [f["value"] for f in saved["q4"]["flags"]] == ["2030"]
    assert "'2030' does not appear in the release" in out.output


def test_set_approve_of_a_needs_input_item_is_refused(result_file):
    before = result_file.read_bytes()
    out = run(result_file, "--set", "q4=approve")
    assert out.exit_code == 6
    assert str(result_file) in out.output and "cannot be approved unchanged" in out.output
    assert "Hint:" in out.output and "--answer q4" in out.output
    assert result_file.read_bytes() == before


def test_unknown_item_lists_the_valid_ids(result_file):
    before = result_file.read_bytes()
    out = run(result_file, "--set", "q9=approve")
    assert out.exit_code == 6
    assert "'q9'" in out.output and "q1, q2, q3, q4" in out.output
    assert result_file.read_bytes() == before


def test_bad_set_syntax(result_file):
    out = run(result_file, "--set", "q1=publish")
    assert out.exit_code == 6 and "ITEM=approve or ITEM=reject" in out.output


# Damaged files --------------------------------------------------------------------------------


def _missing(path: Path) -> None:
    path.unlink()


def _not_json(path: Path) -> None:
    path.write_text("{ this is not json", encoding="utf-8")


def _future_version(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    data["format_version"] = 99
    path.write_text(json.dumps(data), encoding="utf-8")


def _bogus_status(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    data["faq"][0]["status"] = "bogus"
    path.write_text(json.dumps(data), encoding="utf-8")


def _unknown_vocabulary(where: str, value: str):
    """A damage that writes a value outside a closed vocabulary (`records.Section`, `Origin`, `Kind`)."""
    def damage(path: Path) -> None:
        data = json.loads(path.read_text(encoding="utf-8"))
        if where == "kind":
            data["kind"] = value
        elif where == "origin":
            data["faq"][0]["origin"] = value
        else:
            data["sentences"][0]["section"] = value
        path.write_text(json.dumps(data), encoding="utf-8")
    return damage


@pytest.mark.parametrize(
    "damage, problem",
    [
        (_missing, "no such result file"),
        (_not_json, "not valid JSON"),
        (_future_version, "format version 99 is not supported"),
        (_bogus_status, "status 'bogus'"),
        (_unknown_vocabulary("kind", "research"), "Invalid enum value 'research' - at `$.kind`"),
        (_unknown_vocabulary("origin", "oracle"), "Invalid enum value 'oracle' - at `$.faq[0].origin`"),
        (_unknown_vocabulary("section", "about"), "Invalid enum value 'about' - at `$.sentences[0].section`"),
    ],
)
@pytest.mark.parametrize(
    "args, input",
    [((), "a\n"), (("--list",), None), (("--set", "q1=approve"), None), (("--answer", "q1", "New."), None)],
    ids=["interactive", "list", "set", "answer"],
)
def test_damaged_result_is_named_and_left_alone(result_file, damage, problem, args, input):
    damage(result_file)
    before = result_file.read_bytes() if result_file.exists() else None
    out = run(result_file, *args, input=input)
    assert out.exit_code == 6, out.output
    assert f"Error: {result_file}" in out.output and problem in out.output
    if before is None:
        assert not result_file.exists()
    else:
        assert result_file.read_bytes() == before
    assert [p.name for p in result_file.parent.iterdir() if p.name.endswith(".tmp")] == []


# Core rules -----------------------------------------------------------------------------------


def test_decide_records_the_given_time_in_utc(result_file):
    when = datetime(2025, 1, 2, 4, 4, 5, tzinfo=timezone(timedelta(hours=1)))
    result = core.decide(result_file, "q1", "approve", "Ada", now=when)
    assert result.faq[0].decided_at == "2025-01-02T03:04:05Z"


def test_second_edit_keeps_the_first_draft(result_file):
    first = items(result_file)["q1"]["answer"]
    core.decide(result_file, "q1", "edit", "Ada", answer="A blood test.")
    result = core.decide(result_file, "q1", "edit", "Ada", answer="A new blood test.")
    assert result.faq[0].answer == "A new blood test." and result.faq[0].draft_answer == first
    # Approving an edited item keeps it marked as edited.
    assert core.decide(result_file, "q1", "approve", "Ada").faq[0].status == "edited"


def test_approve_with_a_new_answer_is_an_edit(result_file):
    result = core.decide(result_file, "q4", "approve", "Ada", answer="Not yet known.")
    assert result.faq[3].status == "edited" and not result.faq[3].needs_input


def test_empty_answer_and_reject_with_text_are_refused(result_file):
    with pytest.raises(ReviewStateError, match="empty"):
        core.decide(result_file, "q1", "edit", "Ada", answer="   ")
    with pytest.raises(ReviewStateError, match="rejected and edited"):
        core.decide(result_file, "q1", "reject", "Ada", answer="Other.")
    with pytest.raises(ReviewStateError, match="changes nothing"):
        core.decide(result_file, "q1", "edit", "Ada", answer=items(result_file)["q1"]["answer"])


def test_glossary_edit_may_keep_the_glossary_wording(tmp_path):
    glossary = FaqItem("q1", "What does “Parkinson's disease” mean?",
                       "A disease of the nervous system that causes tremor (Morbus Parkinson).", ("p1.s1",), "glossary")
    path = write_result(tmp_path / "g.json", make_result((glossary,)))
    result = core.decide(path, "q1", "edit", "Ada", answer="A disease of the nervous system (Morbus Parkinson).")
    assert result.faq[0].flags == ()


def test_new_item_id_follows_the_highest(tmp_path):
    items_ = make_result().faq
    gaps = (items_[0].with_changes(id="q7"),) + items_[1:]
    path = write_result(tmp_path / "gaps.json", make_result(gaps))
    result = core.decide(path, None, "add", "Ada", question="New?", answer="Yes.")
    assert result.faq[-1].id == "q8"


def test_reviewer_name_precedence(monkeypatch):
    assert core.default_reviewer("Grace") == "Grace"
    assert core.default_reviewer(None) == "Ada"
    monkeypatch.delenv("SUMMARISER_REVIEWER")
    monkeypatch.setattr(core.getpass, "getuser", lambda: "login-name")
    assert core.default_reviewer(None) == "login-name"


def test_a_result_is_found_by_its_key_and_nothing_else_is(tmp_path):
    root = tmp_path / "out"
    (root / "sub").mkdir(parents=True)
    write_result(root / "sub" / "r.json")
    write_result(tmp_path / "outside.json")
    (root / "report.json").write_text('{"format_version": 1}', encoding="utf-8")
    (root / "notes.json").write_text('{"some": "thing"}', encoding="utf-8")
    (root / "link.json").symlink_to(tmp_path / "outside.json")
    assert core.result_at(root, "sub/r.json") == root / "sub" / "r.json"
    assert [core.result_at(root, key) for key in ("../outside.json", "link.json", "report.json",
                                                     "notes.json", "missing.json", "/etc/passwd", "")] == [None] * 7
    assert core.result_at(root, "sub/r.json") in core.scan(root).paths
