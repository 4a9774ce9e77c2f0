"""`summariser batch --executor ray` on a real local Ray instance (2 CPUs) with the tiny model.

One Ray instance serves the whole module (starting one takes seconds to tens of seconds on a
busy machine); the executor joins it as it would join a cluster. Skipped when Ray is absent.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ray_workers import FLAG_VARIABLE, CrashOnce
from summariser.batch import run_batch
from summariser.settings import Settings
from test_batch import APP, GERMAN

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def short_noise(monkeypatch):
    """The tiny model's random weights never stop on their own: cap the output length."""
    monkeypatch.setenv("SUMMARISER_MAX_LENGTH_RATIO", "0.25")


@pytest.fixture(scope="module")
def ray_instance(tmp_path_factory):
    ray = pytest.importorskip("ray")
    flag = tmp_path_factory.mktemp("ray") / "crashed"
    # Workers import this checkout and tests/ray_workers.py, whatever is installed.
    path = os.pathsep.join(p for p in (str(ROOT), str(ROOT / "tests"), os.environ.get("PYTHONPATH")) if p)
    ray.init(
        num_cpus=2, object_store_memory=100 * 1024 * 1024, include_dashboard=False,
        logging_level=logging.WARNING, log_to_driver=False,
        runtime_env={"env_vars": {"PYTHONPATH": path, "HF_HUB_OFFLINE": "1", FLAG_VARIABLE: str(flag)}},
        # On a shared machine Ray's memory monitor may kill workers for other processes' use.
        _system_config={"memory_monitor_refresh_ms": 0},
    )
    yield flag
    ray.shutdown()


def _folder(src: Path, samples: Path) -> None:
    src.mkdir(parents=True)
    for name, text in GERMAN.items():
        (src / name).write_text(text, encoding="utf-8")
    shutil.copyfile(samples / "en_finding_institute.txt", src / "zz_bees.txt")
    # Read fine by the driver, refused by the worker that decodes it.
    (src / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))


def _rows(out: Path) -> dict[str, dict]:
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return {row["path"]: row for row in data["releases"]}


def _outputs(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.suffix in (".md", ".json") and p.name != "report.json"
            and not p.relative_to(out).as_posix().startswith(".")}


def test_ray_executor_writes_what_the_local_one_writes(ray_instance, runner, samples, tiny_model, tmp_path):
    src = tmp_path / "in"
    _folder(src, samples)
    base = ["batch", str(src), "--model", str(tiny_model), "--beams", "1", "-q"]

    local = runner.invoke(APP, [*base, "-o", str(tmp_path / "local")])
    remote = runner.invoke(APP, [*base, "-o", str(tmp_path / "ray"), "--executor", "ray"])

    assert local.exit_code == remote.exit_code == 1, remote.output
    assert "broken.txt" in remote.output  # the failed release is listed
    assert _outputs(tmp_path / "ray") == _outputs(tmp_path / "local")
    assert len(_outputs(tmp_path / "ray")) == 8
    strip = lambda rows: {p: {k: r[k] for k in ("status", "reason", "words", "doc_key")} for p, r in rows.items()}  # noqa: E731
    assert strip(_rows(tmp_path / "ray")) == strip(_rows(tmp_path / "local"))
    assert _rows(tmp_path / "ray")["broken.txt"]["status"] == "failed"


def test_ray_run_interrupted_then_resumed_redoes_nothing(ray_instance, runner, samples, tiny_model, tmp_path):
    from summariser.batch.ray import RayExecutor

    src, out = tmp_path / "in", tmp_path / "out"
    _folder(src, samples)
    settings = Settings.load({"translate.model": str(tiny_model), "translate.beams": 1})

    def stop_after_first_result(event):
        if event.kind == "done" and event.doc.status == "ok":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(src, out, settings, executor=RayExecutor(), group_releases=1, on_event=stop_after_first_result)

    written = [p.stem for p in out.glob("*.json") if p.name != "report.json"]
    assert len(written) == 1
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["interrupted"] is True
    first = out / f"{written[0]}.json"
    mtime = first.stat().st_mtime_ns

    result = runner.invoke(APP, ["batch", str(src), "-o", str(out), "--model", str(tiny_model), "--beams", "1",
                                 "-q", "--executor", "ray"])

    assert result.exit_code == 1, result.output  # broken.txt
    rows = _rows(out)
    assert rows[f"{written[0]}.txt"]["reason"] == "up to date"
    assert {p: r["status"] for p, r in rows.items() if p != f"{written[0]}.txt"} == {
        **{name: "ok" for name in GERMAN if name != f"{written[0]}.txt"}, "zz_bees.txt": "ok", "broken.txt": "failed",
    }
    assert first.stat().st_mtime_ns == mtime


def test_a_worker_that_dies_is_replaced_and_its_releases_still_come_out_once(
        ray_instance, samples, tiny_model, tmp_path, monkeypatch):
    from summariser.batch import write
    from summariser.batch.ray import RayExecutor

    src, out = tmp_path / "in", tmp_path / "out"
    _folder(src, samples)
    (src / "broken.txt").unlink()
    (src / "crash_here.txt").write_text(GERMAN["preis.txt"], encoding="utf-8")
    settings = Settings.load({"translate.model": str(tiny_model), "translate.beams": 1})
    saved: list[str] = []
    real_save = write.save_result

    def counting_save(path, result, **kwargs):
        saved.append(Path(path).name)
        return real_save(path, result, **kwargs)

    monkeypatch.setattr(write, "save_result", counting_save)

    report = run_batch(src, out, settings, executor=RayExecutor(worker=CrashOnce), group_releases=2)

    assert ray_instance.exists(), "the worker never crashed"
    assert report.exit_code == 0, [(d.path, d.reason) for d in report.failed]
    assert sorted(d.path for d in report.ok) == sorted([*GERMAN, "zz_bees.txt", "crash_here.txt"])
    assert sorted(saved) == sorted(f"{Path(d.path).stem}.json" for d in report.ok)  # each written once
    assert json.loads((out / "crash_here.json").read_text(encoding="utf-8"))["faq"]


def test_help_does_not_import_ray():
    code = "import sys; from summariser.cli import main; sys.argv = ['summariser', 'batch', '--help']\n" \
           "try:\n    main()\nexcept SystemExit:\n    pass\nprint('ray' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}).stdout
    assert "--executor" in out and "--ray-address" in out
    assert out.strip().endswith("False")


def test_an_address_nobody_answers_at_fails_in_seconds_with_exit_4(samples, tmp_path):
    pytest.importorskip("ray")
    src = tmp_path / "in"
    src.mkdir()
    shutil.copyfile(samples / "en_finding_institute.txt", src / "bees.txt")
    done = subprocess.run(
        [sys.executable, "-m", "summariser", "batch", str(src), "-o", str(tmp_path / "out"),
         "--executor", "ray", "--ray-address", "127.0.0.1:1"],
        capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 4, done.stderr
    assert "Error: no Ray cluster answers at 127.0.0.1:1" in done.stderr
    assert not (tmp_path / "out" / "bees.json").exists()
