"""The bad-input corpus (tests/hostile.py) through `summarise` and `batch`.

For every case: no traceback, the documented exit code, exactly one `Error:` line when the
command fails (none when it succeeds), and no file outside the output folder changed.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from hostile import ENGLISH, Case, cases, run_limited, snapshot, unblock_later

from summariser.cli import app

CASES = cases()


def _errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("Error:")]


def _check_clean_failure(result, code: int) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert result.exit_code == code, result.output
    assert len(_errors(result.output)) == (1 if code else 0), result.output


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_summarise_refuses_bad_input_cleanly_and_writes_only_its_output(runner, tmp_path, case: Case):
    inputs = tmp_path / "in"
    inputs.mkdir()
    path = case.make(inputs)
    out = tmp_path / "out"
    before = snapshot(tmp_path, leave_out=out)
    args = ["summarise", str(path), "-o", str(out / "r.md"), *case.extra]
    if case.endless:
        code, output = run_limited(args)
        assert "Traceback" not in output and code == case.summarise, output
        assert len(_errors(output)) == 1, output
    else:
        _check_clean_failure(runner.invoke(app, args), case.summarise)
    assert snapshot(tmp_path, leave_out=out) == before
    if case.summarise == 0:
        text = (out / "r.md").read_text(encoding="utf-8")
        assert "<img" not in text
        assert not re.search(r"(?<!\\)\]\(javascript:", text)  # shown as text, not a link


USAGE = [
    ("--format xml", ["--format", "xml"], 2),
    ("--beams abc", ["--beams", "abc"], 2),
    ("--beams 100000", ["--beams", "100000"], 2),
    ("--threads 100000", ["--threads", "100000"], 2),
    ("--max-bytes -5", ["--max-bytes", "-5"], 2),
    ("unknown option", ["--colour", "blue"], 2),
]


@pytest.mark.parametrize("args,code", [u[1:] for u in USAGE], ids=[u[0] for u in USAGE])
def test_summarise_usage_errors_exit_2_with_the_usage_line(runner, tmp_path, args, code):
    release = tmp_path / "r.txt"
    release.write_text(ENGLISH, encoding="utf-8")
    result = runner.invoke(app, ["summarise", str(release), *args])
    _check_clean_failure(result, code)
    assert "unexpected" not in result.output
    if args[0] in ("--format", "--beams", "--colour") and args[1] != "100000":
        assert "Usage:" in result.output  # click's own usage message, not exit 70


def _outputs(tmp_path: Path) -> list[tuple[str, list[str], int]]:
    """Output targets `summarise -o` must refuse (exit 5) without touching anything."""
    locked = tmp_path / "locked.md"
    locked.write_text("a reviewer's notes\n", encoding="utf-8")
    locked.chmod(0o444)
    pipe = tmp_path / "pipe.md"
    os.mkfifo(pipe)
    plain = tmp_path / "plain.txt"
    plain.write_text("x\n", encoding="utf-8")
    return [
        ("read-only file", [str(locked)], 5),
        ("pipe nobody reads", [str(pipe)], 5),
        ("below a file", [str(plain / "r.md")], 5),
        ("a folder", [str(tmp_path)], 5),
    ]


def test_summarise_refuses_outputs_it_cannot_write_safely(runner, tmp_path):
    release = tmp_path / "in" / "r.txt"
    release.parent.mkdir()
    release.write_text(ENGLISH, encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    for name, target, code in _outputs(outside):
        before = snapshot(tmp_path)
        result = runner.invoke(app, ["summarise", str(release), "-o", *target])
        _check_clean_failure(result, code)
        assert snapshot(tmp_path) == before, name


def test_summarise_refuses_to_overwrite_the_release_itself(runner, tmp_path):
    release = tmp_path / "r.md"
    release.write_text(ENGLISH, encoding="utf-8")
    before = snapshot(tmp_path)
    result = runner.invoke(app, ["summarise", str(release), "-o", str(release)])
    _check_clean_failure(result, 2)
    assert snapshot(tmp_path) == before


def test_batch_reports_every_bad_file_and_writes_only_into_its_output(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    expected = {}
    for case in CASES:
        if case.batch is None or (case.extra and not case.endless):
            continue
        path = case.make(inputs)
        expected[path.name] = case.batch
    (inputs / "urandom.txt").symlink_to("/dev/urandom")
    expected["urandom.txt"] = "skipped"
    os.mkfifo(inputs / "fifo.txt")
    expected["fifo.txt"] = "skipped"
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("root:x:0:0:secret line of another file\n" + ENGLISH, encoding="utf-8")
    (inputs / "passwd.txt").symlink_to(secret)
    expected["passwd.txt"] = "skipped"
    out = tmp_path / "out"
    before = snapshot(tmp_path, leave_out=out)
    timer = unblock_later(inputs / "fifo.txt")
    try:  # in a child process: the links to devices must not be read without a bound
        code, output = run_limited(["batch", str(inputs), "-o", str(out), "-q"])
    finally:
        timer.cancel()
    assert "Traceback" not in output
    assert code == 1, output  # some releases failed, the others are done
    assert snapshot(tmp_path, leave_out=out) == before
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["exit_code"] == 1
    rows = {row["path"]: row for row in report["releases"]}
    assert {name: rows[name]["status"] for name in expected} == expected
    for name, status in expected.items():
        if status != "ok":
            assert rows[name]["reason"], name
    assert not any("secret line" in p.read_text(encoding="utf-8") for p in out.rglob("*.*") if p.is_file())


def _whole_run_errors(tmp_path: Path) -> list[tuple[str, list[str], int]]:
    inputs = tmp_path / "in"
    (inputs / "sub").mkdir(parents=True)
    (inputs / "a.md").write_text(ENGLISH, encoding="utf-8")
    (inputs / "sub" / "b.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "empty").mkdir()
    (tmp_path / "file.txt").write_text("x\n", encoding="utf-8")
    return [
        ("output is the input", [str(inputs), "-o", str(inputs)], 2),
        ("output hides releases", [str(inputs), "-o", str(inputs / "sub")], 2),
        ("beams out of range", [str(inputs), "-o", str(tmp_path / "out"), "--beams", "100000"], 2),
        ("missing -o", [str(inputs)], 2),
        ("no releases", [str(tmp_path / "empty"), "-o", str(tmp_path / "out")], 2),
        ("no such folder", [str(tmp_path / "nope"), "-o", str(tmp_path / "out")], 2),
        ("output is a file", [str(inputs), "-o", str(tmp_path / "file.txt")], 5),
    ]


def test_batch_whole_run_errors_change_nothing(runner, tmp_path):
    for name, args, code in _whole_run_errors(tmp_path):
        before = snapshot(tmp_path)
        result = runner.invoke(app, ["batch", *args, "-q"])
        _check_clean_failure(result, code)
        assert snapshot(tmp_path) == before, name


def test_batch_with_follow_links_still_skips_devices(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text(ENGLISH, encoding="utf-8")
    (inputs / "zero.txt").symlink_to("/dev/zero")
    code, output = run_limited(["batch", str(inputs), "-o", str(tmp_path / "out"), "-q", "--follow-links"])
    assert code == 0 and "Traceback" not in output, output
    rows = {r["path"]: r for r in json.loads((tmp_path / "out" / "report.json").read_text())["releases"]}
    assert rows["a.txt"]["status"] == "ok"
    assert rows["zero.txt"]["status"] == "skipped" and "device" in rows["zero.txt"]["reason"]
