"""Batch throughput: release by release against cross-release batches, and the cache warm.

Builds a folder of N German releases from samples/de_*.txt (title, two paragraphs, one of three
institutes' standard "about us" paragraphs and a press contact, so boilerplate repeats the way
it does in a newsroom's inbox), then runs `run_batch` on it in four modes:

  per-release       one release per group (its sentences batched on their own), no cache
  cross-release     releases grouped (default group size), sentences batched across them, no cache
  cross+cache cold  cross-release with an empty cache: a repeated sentence is translated once
  cross+cache warm  the same folder into a fresh output folder, every sentence already cached

The model is the full-size opus-mt-de-en architecture with random weights and the real de/en
SentencePiece model, built by benchmarks/translate.py (`build_model`) into
`<cache>/bench/opus-mt-de-en-random`. Its output is noise, so the output length is fixed at 1.2x
the source tokens and every mode does the same work per sentence. The model is loaded once and
shared by all modes; times are end to end (reading, splitting, translating, summarising,
writing). Sentences and words are the German title and body sentences of the releases. Each
mode runs `--repeat` times (default 2) and the fastest run counts: on a shared machine another
process that takes a core can make a two-thread run many times slower.

    .venv/bin/python benchmarks/batch.py            # 12 releases, beam 4, both backends
    .venv/bin/python benchmarks/batch.py --quick    # 8 releases, one run per mode, both backends
    .venv/bin/python benchmarks/batch.py --backend ctranslate2 --releases 24 --beams 1

`--executor ray` compares instead the local executor with the Ray one (cross-release batches,
no cache) on each folder size in `--releases` (e.g. `12,100`): the local run in this process
with the model loaded beforehand (its load time shown apart), the Ray run on a local instance
started beforehand (its start time shown apart) with `--workers` actors (default: one per
core), each of which starts, loads the model and runs single-threaded within the timed run.

    .venv/bin/python benchmarks/batch.py --executor ray --releases 12,100 --repeat 1
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
RATIO = 1.2
MODES = ("per-release", "cross-release", "cross+cache cold", "cross+cache warm")

# Standard closing paragraphs (fictional), one per issuing institution, as body text: an
# "Über das Institut" heading would make them a footer, which is not translated at all.
BOILERPLATE = (
    "Das Institut für Meeresforschung Nordkap ist eine unabhängige Forschungseinrichtung mit rund "
    "300 Beschäftigten. Es untersucht die Ökosysteme der Nordsee und entwickelt Verfahren für den "
    "Schutz der Küsten.",
    "Die Universität Auental zählt mit rund 28.000 Studierenden und 4.500 Beschäftigten zu den großen "
    "Hochschulen in Mitteldeutschland. Ihre Schwerpunkte liegen in den Lebenswissenschaften, der "
    "Materialforschung und der Digitalisierung.",
    "Die Stiftung Gesundheitstechnik Oberrhein fördert seit 1998 Forschung und Entwicklung in der "
    "Medizintechnik. Sie vergibt jedes Jahr Preise und Stipendien im Gesamtwert von mehr als "
    "400.000 Euro.",
)
CONTACT = "Pressekontakt: Jana Wiesentaler, Telefon +49 761 270-8841, E-Mail: presse@example.de"


def _bench_translate():
    """benchmarks/translate.py as a module, for its model builder."""
    spec = importlib.util.spec_from_file_location("bench_translate", Path(__file__).with_name("translate.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_releases(folder: Path, count: int) -> list[Path]:
    """`count` releases: the samples first, then variants that use later paragraphs."""
    samples = []
    for path in sorted(SAMPLES.glob("de_*.txt")):
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", path.read_text(encoding="utf-8"))]
        prose = [p for p in paragraphs[1:] if len(p.split()) >= 15 and not p.startswith(("Kontakt", "Pressekontakt"))]
        samples.append((paragraphs[0], prose))
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for i in range(count):
        title, prose = samples[i % len(samples)]
        round_ = i // len(samples)
        body = prose[2 * round_: 2 * round_ + 2] or prose[:2]
        if round_:
            title = f"Nachtrag: {title}"
        text = "\n\n".join([title, *body, BOILERPLATE[i % len(BOILERPLATE)], CONTACT]) + "\n"
        path = folder / f"release_{i + 1:02d}.txt"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


class Counting:
    """Counts the sentences that reach the model (cache misses)."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.sentences = 0

    def signature(self) -> str:
        return self.inner.signature()

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)

    def translate(self, texts, on_progress=None):
        self.sentences += len(texts)
        return self.inner.translate(texts, on_progress)


def run_mode(mode: str, releases: Path, out: Path, settings, model, cache_db: Path, backend: str = "") -> dict:
    from summariser.batch import GROUP_RELEASES, run_batch
    from summariser.translate.cache import CachedTranslator, TranslationCache

    counting = Counting(model)
    cache = TranslationCache(cache_db) if "cache" in mode else None
    translator = CachedTranslator(counting, cache) if cache else counting
    started = time.perf_counter()
    report = run_batch(releases, out, settings, load=lambda: translator,
                       group_releases=1 if mode == "per-release" else GROUP_RELEASES)
    seconds = time.perf_counter() - started
    if cache:
        cache.close()
    if report.failed:
        raise SystemExit(f"{mode}: {len(report.failed)} release(s) failed: {report.failed[0].reason}")
    words = sum(d.words for d in report.docs)
    return {"backend": backend, "mode": mode, "releases": len(report.ok), "sentences": report.sentences,
            "model_sentences": counting.sentences, "words": words, "seconds": seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--releases", default="12", help="releases in the folder (default 12); with --executor ray, "
                        "comma-separated sizes")
    parser.add_argument("--executor", choices=("local", "ray"), default="local",
                        help="ray: compare the local executor with the Ray one instead of the modes")
    parser.add_argument("--workers", type=int, default=0, help="Ray actors (default: one per core)")
    parser.add_argument("--beams", type=int, default=4)
    parser.add_argument("--threads", type=int, default=0, help="0: the cores available")
    parser.add_argument("--repeat", type=int, default=2,
                        help="runs per mode; the fastest counts, which damps noise from other processes (default 2)")
    parser.add_argument("--model", type=Path, help="another model folder (default: the random full-size one)")
    parser.add_argument("--modes", default=",".join(MODES), help=f"comma-separated, of: {', '.join(MODES)}")
    parser.add_argument("--backend", default="ctranslate2,transformers",
                        help="comma-separated: ctranslate2 (int8), transformers, auto (default: both backends)")
    parser.add_argument("--quick", action="store_true", help="8 releases, one run per mode")
    args = parser.parse_args()
    if args.quick:
        args.releases, args.repeat = "8", 1
    backends = [b.strip() for b in args.backend.split(",") if b.strip()]
    sizes = [int(n) for n in args.releases.split(",") if n.strip()]
    if args.executor == "local" and len(sizes) != 1:
        parser.error("--releases takes one number without --executor ray")
    args.releases = sizes[0]
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    if unknown := [m for m in modes if m not in MODES]:
        parser.error(f"unknown mode(s): {', '.join(unknown)}")

    sys.path.insert(0, str(ROOT))  # this checkout's summariser, whatever is installed
    from summariser.settings import Settings, TranslateSettings, default_cache_dir
    from summariser.translate import load_translator, resolve_backend, set_threads

    folder = args.model or _bench_translate().build_model(default_cache_dir() / "bench" / "opus-mt-de-en-random")
    if args.executor == "ray":
        compare_executors(folder, sizes, args)
        return
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        releases = work / "releases"
        build_releases(releases, args.releases)
        kind = "" if args.model else " (random weights, opus-mt-de-en size)"
        print(f"model: {folder.name}{kind}, beam {args.beams}, output fixed at "
              f"{RATIO}x source tokens, threads {set_threads(args.threads)}, cpu: {_bench_translate()._cpu()}")
        print(f"folder: {args.releases} releases built from samples/de_*.txt with shared boilerplate; "
              f"fastest of {args.repeat} run(s) per mode; load average {_bench_translate().load_average()} at start\n")
        rows = []
        for backend in backends:
            translate = TranslateSettings(model=str(folder), backend=backend, beams=args.beams,
                                          fixed_output_ratio=RATIO, threads=args.threads)
            settings = Settings(translate=translate, use_cache=False)  # run_mode adds the cache itself
            model = load_translator(translate)  # ctranslate2: converted once into the user cache
            model.translate(["Das ist ein kurzer Satz zum Aufwärmen.", "Noch ein Satz."])  # warm-up, untimed
            label = resolve_backend(translate).backend
            warm_db = work / f"warm-{label}.sqlite"
            for number, mode in enumerate(modes, 1):
                if mode.endswith("warm") and not warm_db.exists():  # fill the cache, untimed
                    run_mode("cross+cache cold", releases, work / f"fill-{label}", settings, model, warm_db)
                runs = []
                for rep in range(args.repeat):
                    print(f"  running {label} {mode} ({rep + 1}/{args.repeat}) ...", file=sys.stderr, flush=True)
                    out = work / f"out-{label}-{number}-{rep}"  # a fresh folder each time: nothing is up to date
                    db = warm_db if mode.endswith("warm") else work / f"cold-{label}-{number}-{rep}.sqlite"
                    runs.append(run_mode(mode, releases, out, settings, model, db, label))
                rows.append(min(runs, key=lambda r: r["seconds"]))
            del model
        print_table(rows)
        print(f"  load average at the end: {_bench_translate().load_average()}")


def compare_executors(folder: Path, sizes: list[int], args) -> None:
    """Local against Ray on the same folders; the fastest of `--repeat` runs of each counts."""
    import logging
    import os

    import ray

    from summariser.batch import run_batch
    from summariser.batch.ray import LOCAL_OBJECT_STORE_BYTES, RayExecutor
    from summariser.settings import Settings, TranslateSettings
    from summariser.translate import load_translator, set_threads

    translate = TranslateSettings(model=str(folder), beams=args.beams, fixed_output_ratio=RATIO, threads=args.threads)
    settings = Settings(translate=translate, use_cache=False)
    started = time.perf_counter()
    model = load_translator(translate)
    load_s = time.perf_counter() - started
    model.translate(["Das ist ein kurzer Satz zum Aufwärmen.", "Noch ein Satz."])  # warm-up, untimed
    with tempfile.TemporaryDirectory() as tmp:  # the splitter's and language detector's first use, untimed
        build_releases(Path(tmp) / "in", 1)
        run_batch(Path(tmp) / "in", Path(tmp) / "out", settings, load=lambda: model)
    started = time.perf_counter()
    ray.init(num_cpus=set_threads(0), object_store_memory=LOCAL_OBJECT_STORE_BYTES, include_dashboard=False,
             logging_level=logging.WARNING, log_to_driver=False)
    init_s = time.perf_counter() - started
    workers = args.workers or int(ray.cluster_resources()["CPU"])
    print(f"model: {folder.name}, beam {args.beams}, output fixed at {RATIO}x source tokens, "
          f"cpu: {_bench_translate()._cpu()}, load average before: {_bench_translate().load_average()}")
    print(f"local: {set_threads(args.threads)} threads, model loaded in {load_s:.1f} s (not in the times); "
          f"ray: local instance started in {init_s:.1f} s (not in the times), {workers} actor(s) of 1 thread "
          f"(actor start and model load in the times); fastest of {args.repeat} run(s)\n")
    rows = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for size in sizes:
                releases = Path(tmp) / f"releases-{size}"
                build_releases(releases, size)
                for executor in ("local", "ray"):
                    runs = []
                    for rep in range(args.repeat):
                        print(f"  running {executor} on {size} ({rep + 1}/{args.repeat}) ...", file=sys.stderr, flush=True)
                        out = Path(tmp) / f"out-{size}-{executor}-{rep}"
                        started = time.perf_counter()
                        if executor == "local":
                            report = run_batch(releases, out, settings, load=lambda: model)
                        else:
                            report = run_batch(releases, out, settings, executor=RayExecutor(workers=workers))
                        runs.append((time.perf_counter() - started, report))
                    seconds, report = min(runs, key=lambda r: r[0])
                    if report.failed:
                        raise SystemExit(f"{executor}: {report.failed[0].path}: {report.failed[0].reason}")
                    rows.append({"executor": executor, "releases": size, "sentences": report.sentences,
                                 "seconds": seconds})
    finally:
        ray.shutdown()
    header = ("executor", "releases", "sentences", "seconds", "sentences/s", "vs local")
    lines = []
    for r in rows:
        local = next(x for x in rows if x["releases"] == r["releases"] and x["executor"] == "local")
        lines.append((r["executor"], str(r["releases"]), str(r["sentences"]), f"{r['seconds']:.1f}",
                      f"{r['sentences'] / r['seconds']:.2f}",
                      f"{r['seconds'] - local['seconds']:+.1f} s ({local['seconds'] / r['seconds']:.2f}x)"))
    _bench_translate().markdown_table(header, lines)
    print(f"\n  load average after: {_bench_translate().load_average()} (os.getloadavg: 1, 5, 15 min; {os.cpu_count()} cores)")


def print_table(rows: list[dict]) -> None:
    header = ("backend", "mode", "releases", "sentences", "to model", "source words", "seconds", "sentences/s",
              "words/s", "vs per-release")
    lines = []
    for r in rows:
        base = next((b for b in rows if b["mode"] == "per-release" and b["backend"] == r["backend"]), None)
        wps = r["words"] / r["seconds"]
        ratio = f"{wps / (base['words'] / base['seconds']):.1f}x" if base else "-"
        lines.append((r["backend"], r["mode"], str(r["releases"]), str(r["sentences"]), str(r["model_sentences"]), str(r["words"]),
                      f"{r['seconds']:.1f}", f"{r['sentences'] / r['seconds']:.2f}", f"{wps:.1f}", ratio))
    _bench_translate().markdown_table(header, lines)
    print("\n  sentences: German title and body sentences (chunks) translated or taken from the cache;"
          "\n  to model: those the model itself translated; times are end to end, model loaded once.")


if __name__ == "__main__":
    main()
