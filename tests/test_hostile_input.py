"""Hostile input to one release: reading, decoding, refusals, settings, exit codes, escaping."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hostile import ENGLISH

from summariser.cli import app
from summariser.errors import InputError, SettingsError
from summariser.ingest import extract_html, from_bytes, read_bounded
from summariser.records import Aligned, FaqItem, Result, Summary, SummaryLine
from summariser.render import markdown
from summariser.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


# --- item 3: reads are bounded whatever the size says ----------------------------------------

def test_a_pipe_that_claims_size_zero_is_read_only_up_to_the_limit(tmp_path):
    """A pipe, like /dev/zero, reports size 0; more than the limit behind it is refused."""
    pipe = tmp_path / "endless.txt"
    os.mkfifo(pipe)
    fd = os.open(pipe, os.O_RDWR)  # holds the pipe open, so the reader never sees its end
    try:
        os.write(fd, b"x" * 5000)
        with pytest.raises(InputError, match="over the limit of 1,000 bytes"):
            read_bounded(pipe, 1000)
    finally:
        os.close(fd)


def test_batch_reading_refuses_a_pipe_before_reading(tmp_path):
    pipe = tmp_path / "p.txt"
    os.mkfifo(pipe)  # nobody writes: a plain read would block forever
    with pytest.raises(InputError, match="not a regular file"):
        read_bounded(pipe, 1000, regular_only=True)


# --- item 20: mixed encodings ----------------------------------------------------------------

def test_mostly_utf8_with_a_cp1252_line_keeps_the_umlauts_and_says_so():
    data = ("Neue Studie über Bären\n\nDie Forschenden beobachteten Bären in Südtirol.\n".encode()
            + "Größere Tiere schliefen länger.\n".encode("cp1252"))
    source = from_bytes(data, name="mixed.txt", max_bytes=10_000)
    assert "über Bären" in source.text and "Südtirol" in source.text and "Größere" in source.text
    assert "Ã" not in source.text  # no mojibake
    assert source.encoding == "utf-8 (cp1252 on line 4)"


def test_a_wholly_cp1252_file_is_still_cp1252():
    source = from_bytes("Die Bären schlafen länger als gedacht, sagen Forschende.\n".encode("cp1252"),
                        name="w.txt", max_bytes=10_000)
    assert source.encoding == "cp1252" and "Bären" in source.text


# --- item 21: no prose, no release -----------------------------------------------------------

@pytest.mark.parametrize("text", [
    "12 345 6.7 8,9\n" * 30,
    "\U0001F600 \U0001F389 \U0001F680 \u2764\ufe0f\n" * 30,
    "2024-01-01; 2024-02-01; 17 %; +3,5\n" * 10,
])
def test_numbers_or_emoji_alone_are_refused(text):
    with pytest.raises(InputError, match="holds no prose"):
        from_bytes(text.encode(), name="x.txt", max_bytes=100_000)


def test_a_title_alone_is_refused_as_too_short():
    with pytest.raises(InputError, match="too short to be a release: 1 word"):
        from_bytes("Pressemitteilung\n".encode(), name="x.txt", max_bytes=100_000)


def test_prose_with_many_numbers_is_accepted():
    text = "Die Zahl der Studierenden stieg 2024 um 12,5 Prozent auf 31.400, teilte die Hochschule mit.\n"
    assert "31.400" in from_bytes(text.encode(), name="x.txt", max_bytes=100_000).text


# --- item 22: deep HTML ----------------------------------------------------------------------

def test_text_nested_500_levels_deep_is_found():
    body = "<p>Scientists found that dark sediment speeds up the melting of river ice in spring.</p>"
    html = "<html><body>" + "<div>" * 500 + body + "</div>" * 500 + "</body></html>"
    assert "dark sediment speeds up the melting" in extract_html(html, "deep.html")


def test_deep_html_of_only_scripts_still_has_no_main_text():
    html = "<html><body>" + "<div>" * 500 + "<script>var a = 1;</script>" + "</div>" * 500 + "</body></html>"
    with pytest.raises(InputError, match="no main text"):
        extract_html(html, "deep.html")


# --- items 9 and 16: settings bounds and types -----------------------------------------------

@pytest.mark.parametrize("environ,message", [
    ({"SUMMARISER_BEAMS": "100000"}, "beams must be between 1 and 16"),
    ({"SUMMARISER_THREADS": "100000"}, "threads must be between 0 and 1,024"),
    ({"SUMMARISER_MAX_SENTENCE_TOKENS": "0"}, "max_sentence_tokens must be between"),
    ({"SUMMARISER_BATCH_TOKENS": "10"}, "batch_tokens must be at least"),
    ({"SUMMARISER_MAX_LENGTH_RATIO": "-1"}, "max_length_ratio must be between"),
    ({"SUMMARISER_MAX_INPUT_BYTES": "-5"}, "max_input_bytes must be between"),
])
def test_out_of_range_settings_are_clear_errors(environ, message):
    with pytest.raises(SettingsError, match=message):
        Settings.load(environ=environ)


@pytest.mark.parametrize("toml,message", [
    (b"[translate]\nbeams = 2.7\n", "expected a whole number"),
    (b"[translate]\nmodel = 5\n", "expected text"),
    (b"[translate]\nbeams = true\n", "expected a whole number"),
    (b"max_input_bytes = \"lots\"\n", "invalid value 'lots'"),
    (b"[translate]\nmodel = \"\xff\xfe\"\n", "cannot read config file"),
])
def test_config_values_of_the_wrong_type_are_clear_errors(tmp_path, toml, message):
    path = tmp_path / "config.toml"
    path.write_bytes(toml)
    with pytest.raises(SettingsError, match=message):
        Settings.load(environ={"SUMMARISER_CONFIG": str(path)})


def test_bad_settings_exit_2_from_the_command_line(runner, tmp_path, monkeypatch):
    release = tmp_path / "r.txt"
    release.write_text(ENGLISH, encoding="utf-8")
    config = tmp_path / "c.toml"
    config.write_text("[translate]\nbeams = 2.7\n", encoding="utf-8")
    monkeypatch.setenv("SUMMARISER_CONFIG", str(config))
    result = runner.invoke(app, ["summarise", str(release)])
    assert result.exit_code == 2, result.output
    assert "Error: invalid value 2.7 for setting 'translate.beams'" in result.output


# --- items 8 and 23: exit codes --------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ["summarise", "r.txt", "--beams", "abc"],
    ["summarise", "r.txt", "--format", "pdf"],
    ["summarise", "r.txt", "--no-such-option"],
    ["batch", "in"],  # missing -o
    ["review", "r.json", "--set"],  # option without its value
    ["--no-such-option", "summarise"],  # before the command
])
def test_real_usage_errors_exit_2_with_the_usage_message(runner, args):
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "Usage:" in result.output and "unexpected" not in result.output
    assert sum(line.startswith("Error:") for line in result.output.splitlines()) == 1


def test_format_xml_is_a_usage_error(runner, tmp_path):
    release = tmp_path / "r.txt"
    release.write_text(ENGLISH, encoding="utf-8")
    result = runner.invoke(app, ["summarise", str(release), "--format", "xml"])
    assert result.exit_code == 2, result.output
    assert "'--format'" in result.output


def test_a_full_disk_on_stdout_exits_5_with_one_error_line(tmp_path):
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    release = tmp_path / "r.txt"
    release.write_text(ENGLISH, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("PYTEST_CURRENT_TEST", None)
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "summariser", "summarise", str(release)], env=env,
                              stdout=full, stderr=subprocess.PIPE, text=True, timeout=300, check=False)
    assert done.returncode == 5, done.stderr
    assert done.stderr.strip() == "Error: cannot write to standard output: No space left on device"


# --- item 19: Markdown escaping --------------------------------------------------------------

def _result(text: str, name: str) -> Result:
    sentence = Aligned("p1.s1", text, text, "body", "en", False)
    return Result(
        source_name=name, source_sha256="0" * 64, title=text, kind="finding", lang="en",
        sentences=(sentence,),
        summary=Summary((SummaryLine(text, ("p1.s1",)),), words=5, grade=None, source_grade=None),
        faq=(FaqItem("q1", "What was found?", text, ("p1.s1",), "release"),),
        signature="test", doc_key="k",
    )


def test_release_text_cannot_inject_html_or_links_into_the_draft():
    text = "Found it <img src=x onerror=alert(1)> and [click](javascript:alert(1)) *now*"
    out = markdown(_result(text, "r.txt"))
    assert "<img" not in out and "&lt;img src=x onerror=alert(1)>" in out
    assert "\\[click\\](javascript:alert(1))" in out and "\\*now\\*" in out


def test_a_line_of_release_text_cannot_become_a_heading():
    out = markdown(_result("# Not a heading", "r.txt"))
    assert "\n# Not a heading" not in out and "\\# Not a heading" in out


def test_a_file_name_with_backticks_stays_one_code_span():
    out = markdown(_result("Plain text here.", "a`b``c.txt"))
    assert "*Source:* ```a`b``c.txt```" in out
