"""The whole command as a user runs it: `summariser summarise RELEASE`, cold, stage by stage.

Each run is a fresh process (interpreter start, imports, model load, reading, translation,
summary, FAQ, rendering and writing), with the translation cache off so that every run
translates. The release is German, built from samples/de_*.txt (the first sample's title, then
the samples' paragraphs in order until the word count is reached, then a press contact line).
The model is the full-size opus-mt-de-en architecture with random weights and the real de/en
SentencePiece model (benchmarks/translate.py, `build_model`); its output is noise, so the output
length is fixed at 1.2x the source tokens and both backends do the same work. The ctranslate2
conversion happens once, in an untimed first run whose time is reported on its own; the peak
memory of that first run (the conversion loads torch) is reported too.

Stages are timed inside the process by wrapping the functions the command calls; `startup` is
the process's wall time not spent inside Python's main module (interpreter start and site
imports), `other` what no stage covers (option parsing, settings, glue). Each configuration runs
`--repeat` times and the fastest run counts (a shared machine makes some runs much slower).

    .venv/bin/python benchmarks/e2e.py             # 600 and 3000 words, both backends, 3 runs each
    .venv/bin/python benchmarks/e2e.py --quick     # 600 words, both backends, 1 run each
    .venv/bin/python benchmarks/e2e.py --words 600 --backends auto --repeat 5
"""

from __future__ import annotations

import time

_STARTED = time.perf_counter()  # before anything else in this process: the child's clock

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
RATIO = 1.2
CONTACT = "Pressekontakt: Jana Wiesentaler, Telefon +49 761 270-8841, E-Mail: presse@example.de"
# (stage, module, attribute): the functions the summarise command goes through, in order.
STAGES = (
    ("imports", None, None),
    ("read", "summariser.cli.summarise", "read_input"),
    ("ingest", "summariser.pipeline", "from_bytes"),
    ("clean+split", "summariser.pipeline", "prepare"),
    ("model load", "summariser.translate.registry", "load_translator"),
    ("re-split", "summariser.pipeline", "measure_with"),
    ("translation", "summariser.pipeline", "translate_all"),
    ("kind", "summariser.pipeline", "classify"),
    ("summary", "summariser.pipeline", "summarise"),
    ("faq", "summariser.pipeline", "draft_faq"),
    ("faithfulness", "summariser.faithfulness", "check_drafts"),
    ("render", "summariser.render", "render"),
    ("write", "summariser.store", "write_output"),
)


# ---------------------------------------------------------------------------------- the child

def child(record: Path, argv: list[str]) -> None:
    """Run the CLI in this process with each stage's functions timed; write the times."""
    import importlib

    times: dict[str, float] = {}
    t0 = time.perf_counter()
    import summariser.cli as cli

    times["imports"] = time.perf_counter() - t0

    def timed(stage, function):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                times[stage] = times.get(stage, 0.0) + time.perf_counter() - start
        return wrapper

    for stage, module_name, attribute in STAGES[1:]:
        module = importlib.import_module(module_name)
        setattr(module, attribute, timed(stage, getattr(module, attribute)))
    sys.argv = ["summariser", *argv]
    code = 0
    try:
        cli.main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    record.write_text(json.dumps({"stages": times, "elapsed": time.perf_counter() - _STARTED,
                                  "peak_mb": _peak_rss_mb(), "exit": code}))


def _peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


# ---------------------------------------------------------------------------------- the parent

def build_release(path: Path, words: int) -> int:
    """A German release of at least `words` words from the samples' paragraphs; its word count."""
    paragraphs = []
    for sample in sorted(SAMPLES.glob("de_*.txt")):
        for paragraph in re.split(r"\n\s*\n", sample.read_text(encoding="utf-8")):
            paragraph = " ".join(paragraph.split())
            if len(paragraph.split()) >= 15 and not paragraph.startswith(("Kontakt", "Pressekontakt")):
                paragraphs.append(paragraph)
    title = next(s for s in sorted(SAMPLES.glob("de_*.txt"))).read_text(encoding="utf-8").split("\n", 1)[0]
    body, count = [], len(title.split())
    while count < words:
        for paragraph in paragraphs:
            body.append(paragraph)
            count += len(paragraph.split())
            if count >= words:
                break
    path.write_text("\n\n".join([title, *body, CONTACT]) + "\n", encoding="utf-8")
    return count


def run_once(args: list[str], env: dict[str, str], work: Path) -> dict:
    record = work / "record.json"
    record.unlink(missing_ok=True)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, __file__, "--child", str(record), "--", *args],
                          env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - started
    if done.returncode or not record.exists():
        raise SystemExit(f"summarise failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    data = json.loads(record.read_text())
    data["wall"] = wall
    data["stages"]["startup"] = max(0.0, wall - data["elapsed"])
    data["stderr"] = done.stderr
    return data


def help_seconds(env: dict[str, str], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "summariser", "--help"], env=env,
                       stdout=subprocess.DEVNULL, check=True)
        runs.append(time.perf_counter() - started)
    return min(runs)


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(Path(sys.argv[2]), sys.argv[4:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", default="600,3000", help="release sizes, comma-separated (default 600,3000)")
    parser.add_argument("--backends", default="ctranslate2,transformers",
                        help="comma-separated: auto, ctranslate2, transformers (default: the two backends)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per configuration; the fastest counts")
    parser.add_argument("--quick", action="store_true", help="600 words, one run each")
    parser.add_argument("--model", type=Path, help="another model folder (default: the random full-size one)")
    parser.add_argument("--cache", type=Path, help="cache folder for the benchmark model and its conversions "
                        "(default: <user cache>/summariser/bench)")
    args = parser.parse_args()
    if args.quick:
        args.words, args.repeat = "600", 1
    sizes = [int(w) for w in args.words.split(",") if w.strip()]
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]

    sys.path.insert(0, str(ROOT))
    from summariser.settings import default_cache_dir

    bench_cache = args.cache or default_cache_dir() / "bench"
    model = args.model or _bench_translate().build_model(bench_cache / "opus-mt-de-en-random")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
           "SUMMARISER_CACHE_DIR": str(bench_cache), "SUMMARISER_FIXED_OUTPUT_RATIO": str(RATIO)}
    for name in ("SUMMARISER_CONFIG", "SUMMARISER_BACKEND", "SUMMARISER_BEAMS", "SUMMARISER_THREADS"):
        env.pop(name, None)

    print(f"machine: {os.cpu_count()} cores, load average {_bench_translate().load_average()} at start; python {sys.version.split()[0]}")
    print(f"model: {model} (output fixed at {RATIO}x source tokens); default settings, --no-cache; "
          f"fastest of {args.repeat} cold run(s)\n")
    rows: list[tuple[str, int, dict]] = []
    try:
        measure(rows, sizes, backends, model, env, args.repeat)
    except KeyboardInterrupt:  # Ctrl-C: the table of what was measured so far
        print("interrupted: the table shows the runs that finished\n")
    help_s = help_seconds(env, max(3, args.repeat))
    print_table(rows)
    print(f"\n`summariser --help`: {help_s:.2f} s (fastest of {max(3, args.repeat)})")
    print(f"load average at the end: {_bench_translate().load_average()}")


def measure(rows: list, sizes: list[int], backends: list[str], model: Path, env: dict[str, str], repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for words in sizes:
            release = work / f"release_{words}.txt"
            actual = build_release(release, words)
            for backend in backends:
                command = ["summarise", str(release), "--model", str(model), "--backend", backend,
                           "--no-cache", "-o", str(work / "out.md")]
                if backend != "transformers":  # converts once for ctranslate2; untimed
                    first = run_once(command, env, work)
                    if "Converting" in first["stderr"]:
                        print(f"first use of {backend}: {first['wall']:.1f} s, peak {first['peak_mb']:.0f} MB "
                              f"(includes the one-off conversion)", file=sys.stderr)
                runs = []
                for rep in range(repeat):
                    print(f"  {backend}, {actual} words, run {rep + 1}/{repeat} ...", file=sys.stderr, flush=True)
                    runs.append(run_once(command, env, work))
                best = min(runs, key=lambda r: r["wall"])
                rows.append((backend, actual, best))
                print(f"  -> {best['wall']:.2f} s wall, {best['stages'].get('translation', 0):.2f} s translating, "
                      f"peak {best['peak_mb']:.0f} MB (load average {_bench_translate().load_average()})", file=sys.stderr, flush=True)


def print_table(rows: list[tuple[str, int, dict]]) -> None:
    order = ["startup"] + [stage for stage, _, _ in STAGES] + ["other"]
    header = ("backend", "words", "wall s", "peak MB", *order)
    lines = []
    for backend, words, run in rows:
        stages = dict(run["stages"])
        stages["other"] = max(0.0, run["wall"] - sum(stages.values()))
        shares = [f"{stages.get(s, 0.0):.2f} ({100 * stages.get(s, 0.0) / run['wall']:.0f}%)" for s in order]
        lines.append((backend, str(words), f"{run['wall']:.2f}", f"{run['peak_mb']:.0f}", *shares))
    _bench_translate().markdown_table(header, lines)
    print("\n  each stage: seconds (share of wall time); startup: interpreter and site imports; "
          "other: option parsing, settings and glue")


def _bench_translate():
    """benchmarks/translate.py as a module, for its model builder and table printer."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_translate", Path(__file__).with_name("translate.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


if __name__ == "__main__":
    main()
