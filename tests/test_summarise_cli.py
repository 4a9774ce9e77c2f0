"""`summariser summarise`: what a user sees on stdout, in files, and when input is bad."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from summariser.cli import app


def test_english_release_gets_summary_and_faq_with_cited_evidence(runner, samples):
    result = runner.invoke(app, ["summarise", str(samples / "en_finding_institute.txt")])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("# Bees navigate by polarised light")
    assert "## Lay summary" in out and "## FAQ draft" in out
    assert "## Translation" not in out  # English input is passed through, not translated
    summary = out.split("## Lay summary")[1].split("## FAQ draft")[0]
    assert "[p3.s1]" in summary  # the lead sentence is cited
    faq = out.split("## FAQ draft")[1]
    assert faq.count("### q") >= 5
    assert "Evidence:" in faq and "> [p" in faq


def test_json_record_traces_every_answer_to_release_sentences(runner, samples):
    result = runner.invoke(app, ["summarise", str(samples / "en_finding_institute.txt"), "--format", "json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    ids = {s["id"] for s in record["sentences"]}
    assert record["format_version"] == 1 and record["kind"] == "finding" and record["lang"] == "en"
    assert 2 <= len(record["summary"]["lines"]) <= 4
    assert record["summary"]["words"] <= 80
    for line in record["summary"]["lines"]:
        assert line["evidence"] and set(line["evidence"]) <= ids
    assert 5 <= len(record["faq"]) <= 8
    for item in record["faq"]:
        assert item["status"] == "draft"
        if item["needs_input"]:
            assert item["answer"] == "The release does not say." and item["evidence"] == []
        else:
            assert item["evidence"] and set(item["evidence"]) <= ids
    published = next(i for i in record["faq"] if i["question"].startswith("Where were the results published"))
    assert "Journal of Insect Sensory Biology" in published["answer"]


def test_question_the_release_does_not_answer_is_flagged_not_invented(runner, tmp_path):
    release = tmp_path / "short.txt"
    release.write_text(
        "Researchers find new bacterium in lake sediment\n\n"
        "Researchers at the Lake Institute have found a bacterium that breaks down plastic in lake sediment. "
        "The team showed that the microbe grows on polyethylene at low temperatures.\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["summarise", str(release), "-f", "json"])
    record = json.loads(result.stdout)
    published = next(i for i in record["faq"] if "published" in i["question"])
    assert published["needs_input"] is True
    assert published["answer"] == "The release does not say."
    contact = next(i for i in record["faq"] if "contact" in i["question"])
    assert contact["needs_input"] is True


def test_german_release_with_local_model_folder_prints_translation(runner, samples, tiny_model, tmp_path):
    out = tmp_path / "klinik.md"
    result = runner.invoke(app, ["summarise", str(samples / "de_befund_klinik.txt"), "--model", str(tiny_model),
                                 "--beams", "1", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "## Translation" in text and "## Lay summary" in text and "## FAQ draft" in text
    assert "*language:* de" in text
    # German evidence is quoted as written (which sentences depends on the tiny model's noise).
    assert re.search(r"^> \[p\d+\.s\d+\] .*\b(die|der|das|und)\b", text, re.MULTILINE)
    assert "> → " in text  # with its English translation beside it
    assert "model:tiny-marian@" in text  # the signature names the model that ran
    # The contact block is not translated; it answers the contact question as written.
    assert "henrike.wallraf@example.de" in text.split("## FAQ draft")[1]


def test_stdin_input(runner):
    result = runner.invoke(app, ["summarise", "-"], input=(
        "Institute opens new laboratory\n\nThe Institute for Testing opened a new laboratory for soil research on Monday. "
        "The laboratory will study how soil stores water during droughts.\n"))
    assert result.exit_code == 0, result.output
    assert "# Institute opens new laboratory" in result.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"   \n\t\n  ", "is empty"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00" * 20, "is a binary file"),
        (b"Das ist \x81\x8d\x8f\x90\x9d kein Text.", "is not UTF-8 or Windows-1252 text"),
        (b"Kontakt:\nMax Muster\nTelefon: +49 30 1234567\nE-Mail: presse@example.de\n", "no sentences left"),
    ],
)
def test_bad_input_gets_one_line_error_and_nonzero_exit(runner, tmp_path, content, message):
    path = tmp_path / "release.txt"
    path.write_bytes(content)
    result = runner.invoke(app, ["summarise", str(path)])
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stderr.startswith("Error: ")
    assert "Traceback" not in result.output


def test_file_over_size_limit(runner, samples):
    result = runner.invoke(app, ["summarise", str(samples / "en_finding_institute.txt"), "--max-bytes", "100"])
    assert result.exit_code == 2
    assert "over the limit of 100 bytes" in result.stderr


def test_windows_1252_release_is_decoded(runner, tmp_path):
    path = tmp_path / "cp1252.txt"
    path.write_bytes(("Neue Studie über Bäume\n\nForschende der Universität haben gezeigt, dass Bäume in "
                      "Städten länger überleben, wenn sie genug Wasser bekommen.\n").encode("cp1252"))
    result = runner.invoke(app, ["summarise", str(path), "--format", "json", "--model", "/nonexistent/model"])
    # The German release needs a model; the error is about the model, so decoding succeeded.
    assert result.exit_code == 4
    assert "model folder /nonexistent/model does not exist" in result.stderr


def test_missing_file(runner, tmp_path):
    result = runner.invoke(app, ["summarise", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert "no such file" in result.stderr


def test_incomplete_model_folder_names_what_is_missing(runner, samples, tmp_path):
    broken = tmp_path / "broken-model"
    broken.mkdir()
    (broken / "config.json").write_text("{}")
    result = runner.invoke(app, ["summarise", str(samples / "de_kurzmeldung.txt"), "--model", str(broken)])
    assert result.exit_code == 4
    assert "is incomplete: missing model.safetensors or pytorch_model.bin, source.spm, target.spm, vocab.json" in result.stderr
    assert "Hint: see models/README.md" in result.stderr


def test_corrupt_model_weights(runner, samples, tiny_model, tmp_path):
    import shutil

    broken = tmp_path / "corrupt"
    shutil.copytree(tiny_model, broken)
    (broken / "model.safetensors").write_bytes(b"not a safetensors file")
    result = runner.invoke(app, ["summarise", str(samples / "de_kurzmeldung.txt"), "--model", str(broken)])
    assert result.exit_code == 4
    assert f"cannot load the model folder {broken}" in result.stderr


def test_unreachable_hub_says_how_to_use_a_local_folder(runner, samples):
    result = runner.invoke(app, ["summarise", str(samples / "de_kurzmeldung.txt"), "--model", "Helsinki-NLP/opus-mt-de-en"])
    assert result.exit_code == 4
    assert "no download was possible" in result.stderr
    assert "--model PATH/TO/FOLDER" in result.stderr


def test_model_from_environment_variable(runner, samples, monkeypatch, tmp_path):
    monkeypatch.setenv("SUMMARISER_MODEL", str(tmp_path / "from-env"))
    result = runner.invoke(app, ["summarise", str(samples / "de_kurzmeldung.txt")])
    assert "from-env does not exist" in result.stderr


HEAVY = ("torch", "transformers", "ctranslate2", "ray", "starlette", "uvicorn", "wordfreq", "somajo", "py3langid")


@pytest.mark.parametrize("command", [[], ["summarise"], ["batch"], ["check"], ["serve"]])
def test_help_imports_no_heavy_module(command):
    """Help is read often and must come at once: models, Ray and the web stack load on use only."""
    code = ("import sys; from summariser.cli import main; sys.argv = ['summariser', *sys.argv[1:]]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code, *command, "--help"], capture_output=True, text=True, check=True)
    assert "Usage: summariser" in out.stdout
    assert out.stdout.strip().endswith("[]"), out.stdout.strip().splitlines()[-1]
    run = subprocess.run([sys.executable, "-m", "summariser", *command, "--help"], capture_output=True, text=True, check=True)
    assert "Usage:" in run.stdout


def _module_imports() -> dict[str, set[str]]:
    """Each summariser module and the summariser modules it imports when it is itself imported
    (imports inside functions run later, so they cannot form a circle at import time)."""
    root = Path(__file__).resolve().parents[1]
    files = {}
    for path in (root / "summariser").rglob("*.py"):
        parts = path.relative_to(root).with_suffix("").parts
        files[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        found = set()
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = ".".join([*package[: len(package) - node.level + 1], *filter(None, [node.module])]) \
                    if node.level else node.module or ""
                found.update(f"{base}.{a.name}" if f"{base}.{a.name}" in files else base for a in node.names)
        graph[name] = {m for m in found if m in files and m != name}
    return graph


def test_no_import_circle_and_the_core_never_imports_the_cli():
    graph = _module_imports()
    front_doors = ("summariser.cli", "summariser.__main__")
    into_cli = sorted(name for name, deps in graph.items()
                      if not name.startswith(front_doors) and any(d.startswith("summariser.cli") for d in deps))
    assert into_cli == []
    circles = []

    def visit(name: str, path: list[str], done: set[str]) -> None:
        if name in path:
            circles.append(" -> ".join(path[path.index(name):] + [name]))
        elif name not in done:
            done.add(name)
            for dep in sorted(graph[name]):
                visit(dep, [*path, name], done)

    done: set[str] = set()
    for name in sorted(graph):
        visit(name, [], done)
    assert circles == []


def test_unwritable_output_path_is_a_clear_error(runner, samples, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    result = runner.invoke(app, ["summarise", str(samples / "en_finding_institute.txt"), "-o", str(blocker / "out.md")])
    assert result.exit_code == 5
    assert result.stderr.startswith(f"Error: cannot write {blocker / 'out.md'}")


def test_release_in_another_language_is_refused(runner, tmp_path):
    path = tmp_path / "fr.txt"
    path.write_text("Découverte d'une bactérie\n\nLes chercheurs de l'institut ont découvert une nouvelle bactérie "
                    "dans les sédiments du lac. L'équipe a montré que le microbe se développe à basse température.\n",
                    encoding="utf-8")
    result = runner.invoke(app, ["summarise", str(path)])
    assert result.exit_code == 2
    assert "looks like a release in another language (fr)" in result.stderr


def test_html_release_is_reduced_to_its_main_text(runner, tmp_path):
    page = tmp_path / "release.html"
    page.write_text(
        "<!DOCTYPE html><html><head><title>Lab news</title><style>p{color:red}</style>"
        "<script>document.write('tracking')</script></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        "<div class='cookie-banner'>We use cookies. Accept all cookies?</div>"
        "<main><article><h1>Institute opens new soil laboratory</h1>"
        "<p>The Institute for Soil Studies opened a new laboratory for drought research on Monday in Halle.</p>"
        "<p>The laboratory will study how soil stores water during long dry periods and heat waves.</p>"
        "</article></main><footer>Imprint · Privacy</footer></body></html>", encoding="utf-8")
    result = runner.invoke(app, ["summarise", str(page), "-f", "json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    text = " ".join(s["de"] for s in record["sentences"])
    assert "new laboratory for drought research" in text
    for junk in ("tracking", "cookies", "Imprint", "Home"):
        assert junk not in text
