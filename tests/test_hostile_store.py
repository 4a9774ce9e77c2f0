"""Result files under attack: links, devices, modes, two writers, and JSON of the wrong shape.

Device nodes are never the machine's own: where a test needs one it makes a copy of the null
device inside its temporary folder (skipped where that is not allowed), so a regression can
only replace that copy.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
import threading
import time

import pytest
from review_builders import make_result, write_result
from typer.testing import CliRunner

from summariser import errors
from summariser import review as core
from summariser.cli import app
from summariser.errors import ConflictError, OutputError, ReviewStateError
from summariser.store import (
    load_result,
    load_result_revision,
    save_result,
    write_atomic,
)


@pytest.fixture(autouse=True)
def _reviewer(monkeypatch):
    monkeypatch.setenv("SUMMARISER_REVIEWER", "Ada")


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def run(*args: str):
    return CliRunner().invoke(app, [*map(str, args)])


# --- item 2: never rename over a link or a device --------------------------------------------

def test_output_through_a_symlink_writes_the_target_and_keeps_the_link(tmp_path):
    target = tmp_path / "real.md"
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    write_atomic(link, "new\n")
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8") == "new\n"


def test_output_to_a_pipe_is_written_through_and_the_pipe_stays(tmp_path):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(pipe.read_bytes()))
    reader.start()
    try:
        for _ in range(400):  # until the reader has opened its end
            try:
                write_atomic(pipe, "through the pipe\n")
                break
            except OSError as exc:
                if exc.errno != errno.ENXIO:
                    raise
                time.sleep(0.05)
    finally:
        reader.join(timeout=20)
    assert got == [b"through the pipe\n"]
    assert stat.S_ISFIFO(pipe.lstat().st_mode)


def test_output_to_a_pipe_nobody_reads_fails_at_once(tmp_path):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    with pytest.raises(OSError):
        write_atomic(pipe, "nobody listens\n")
    assert stat.S_ISFIFO(pipe.lstat().st_mode)


def test_output_to_a_device_node_writes_into_it_and_never_replaces_it(tmp_path):
    null = tmp_path / "null"
    try:
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a private copy of /dev/null
        os.close(os.open(null, os.O_WRONLY))
    except OSError as exc:
        pytest.skip(f"cannot make a device node here: {exc}")
    write_atomic(null, "discarded\n")
    assert stat.S_ISCHR(null.lstat().st_mode)
    assert not list(tmp_path.glob(".null.*"))  # no temporary file was made to rename over it


# --- item 11: modes --------------------------------------------------------------------------

@pytest.mark.parametrize("umask,expected", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_a_new_file_gets_the_umask_default(tmp_path, umask, expected):
    old = os.umask(umask)
    try:
        write_atomic(tmp_path / "r.md", "text\n")
    finally:
        os.umask(old)
    assert _mode(tmp_path / "r.md") == expected


def test_a_review_keeps_a_shared_file_shared(tmp_path):
    path = write_result(tmp_path / "r.json")
    path.chmod(0o664)
    core.decide(path, "q1", "approve", "Ada")
    assert _mode(path) == 0o664
    assert load_result(path).faq[0].status == "approved"


def test_a_read_only_result_is_refused_and_left_alone(tmp_path):
    path = write_result(tmp_path / "r.json")
    path.chmod(0o444)
    before = path.read_bytes()
    out = run("review", path, "--set", "q1=approve")
    assert out.exit_code == 5, out.output
    assert "read-only" in out.output
    assert path.read_bytes() == before and _mode(path) == 0o444


# --- item 7: revisions and conflicts (the contract issue-15 codes against) -------------------

def test_load_gives_the_sha256_of_the_file_and_save_returns_the_new_one(tmp_path):
    path = write_result(tmp_path / "r.json")
    result, revision = load_result_revision(path)
    assert revision == hashlib.sha256(path.read_bytes()).hexdigest()
    new = save_result(path, result.with_faq(result.faq[:1]), expected_revision=revision)
    assert new == hashlib.sha256(path.read_bytes()).hexdigest() != revision


def test_saving_over_a_file_changed_since_loading_is_a_conflict(tmp_path):
    path = write_result(tmp_path / "r.json")
    mine, revision = load_result_revision(path)
    core.decide(path, "q2", "reject", "Bea")  # another reviewer saves meanwhile
    theirs = path.read_bytes()
    with pytest.raises(ConflictError) as caught:
        save_result(path, mine.with_faq(mine.faq[1:]), expected_revision=revision)
    assert caught.value.exit_code == 6
    assert issubclass(errors.ConflictError, errors.ReviewStateError)
    assert path.read_bytes() == theirs  # Bea's decision is still there


def test_deciding_an_item_someone_else_decided_since_it_was_shown_is_refused(tmp_path):
    path = write_result(tmp_path / "r.json")
    shown = load_result(path).faq[0]
    core.decide(path, "q1", "reject", "Bea")
    with pytest.raises(ConflictError):
        core.decide(path, "q1", "approve", "Ada", seen=shown)
    assert load_result(path).faq[0].status == "rejected"
    assert load_result(path).faq[0].reviewer == "Bea"


def test_a_different_item_is_still_saved_beside_the_other_reviewers_decision(tmp_path):
    path = write_result(tmp_path / "r.json")
    shown = load_result(path).faq[0]
    core.decide(path, "q2", "reject", "Bea")
    core.decide(path, "q1", "approve", "Ada", seen=shown)
    statuses = {x.id: x.status for x in load_result(path).faq}
    assert statuses["q1"] == "approved" and statuses["q2"] == "rejected"


# --- item 12: result JSON is validated on load -----------------------------------------------

def _damaged(tmp_path, change):
    path = write_result(tmp_path / "r.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_list_where_the_question_belongs_is_a_clear_error_for_review_list(tmp_path):
    path = _damaged(tmp_path, lambda d: d["faq"][0].update(question=["not", "text"]))
    out = run("review", path, "--list")
    assert out.exit_code == 6, out.output
    assert "faq[0].question" in out.output and "unexpected" not in out.output


def test_an_int_answer_is_a_clear_error_for_export(tmp_path):
    path = _damaged(tmp_path, lambda d: d["faq"][0].update(answer=42, status="approved"))
    out = run("export", path)
    assert out.exit_code == 6, out.output
    assert "faq[0].answer" in out.output


def test_evidence_given_as_a_string_is_refused_not_saved_as_letters(tmp_path):
    path = _damaged(tmp_path, lambda d: d["faq"][0].update(evidence="p1.s1"))
    before = path.read_bytes()
    out = run("review", path, "--set", "q1=approve")
    assert out.exit_code == 6, out.output
    assert "faq[0].evidence" in out.output
    assert path.read_bytes() == before


def test_a_summary_of_the_wrong_shape_is_named(tmp_path):
    path = _damaged(tmp_path, lambda d: d["summary"].update(lines="one line"))
    with pytest.raises(ReviewStateError, match=r"summary\.lines"):
        load_result(path)


# --- item 15: --set is all or nothing --------------------------------------------------------

def test_one_unknown_item_saves_none_of_the_decisions(tmp_path):
    path = write_result(tmp_path / "r.json")
    before = path.read_bytes()
    out = run("review", path, "--set", "q2=approve", "--set", "q99=approve")
    assert out.exit_code == 6, out.output
    assert path.read_bytes() == before


def test_two_decisions_for_one_item_are_refused_not_last_wins(tmp_path):
    path = write_result(tmp_path / "r.json")
    before = path.read_bytes()
    out = run("review", path, "--set", "q1=approve", "--set", "q1=reject")
    assert out.exit_code == 6, out.output
    assert "more than once" in out.output
    assert path.read_bytes() == before


def test_several_valid_decisions_are_saved_together(tmp_path):
    path = write_result(tmp_path / "r.json", make_result())
    out = run("review", path, "--set", "q1=approve", "--set", "q3=reject", "--answer", "q4", "Next spring.")
    assert out.exit_code == 0, out.output
    statuses = {x.id: x.status for x in load_result(path).faq}
    assert statuses == {"q1": "approved", "q2": "draft", "q3": "rejected", "q4": "edited"}


def test_a_failed_write_is_an_output_error(tmp_path):
    path = write_result(tmp_path / "r.json")
    with pytest.raises(OutputError):
        save_result(tmp_path / "r.json" / "below", load_result(path))
