"""Translation speed on this machine: the naive loop against both backends, in one run.

The model is the full-size opus-mt-de-en architecture (../shared/models/opus-mt-de-en-arch) with
random weights and the real German/English SentencePiece model (../shared/models/deen-spm), built
once into `<cache>/bench/opus-mt-de-en-random`. Random weights translate into noise, so the output
length is fixed at 1.2x the source tokens (min = max new tokens) and every variant does the same
work. Each variant runs in its own process, so its peak RSS is its own.

    .venv/bin/python benchmarks/translate.py                  # 600 and 6000 words, all variants
    .venv/bin/python benchmarks/translate.py --quick          # ~300 words, a few minutes less
    .venv/bin/python benchmarks/translate.py --words 600 --variants a,b,c
    .venv/bin/python benchmarks/translate.py --full           # run the naive loop on 6000 words too

Variants:
  a       naive loop: MarianTokenizer + MarianMTModel.generate, one sentence at a time, fp32
  b       our transformers backend (token-budget batches, inference_mode), fp32
  b-int8  b with torch dynamic int8 quantisation of the linear layers (--quantize int8)
  c       our ctranslate2 backend, int8 (its default)
  d       our ctranslate2 backend, float32
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SHARED = ROOT.parent / "shared" / "models"
ARCH = SHARED / "opus-mt-de-en-arch"
SPM = SHARED / "deen-spm" / "vocab.deen.spm"
SAMPLES = ROOT / "samples"
RATIO = 1.2
VARIANTS = {
    "a": ("naive loop, transformers fp32", None, None),
    "b": ("transformers backend fp32", "transformers", "default"),
    "b-int8": ("transformers backend + torch dynamic int8", "transformers", "int8"),
    "c": ("ctranslate2 backend int8", "ctranslate2", "int8"),
    "d": ("ctranslate2 backend float32", "ctranslate2", "float32"),
}
REPEAT_UP_TO_WORDS = 1000
BUSY = 0.1  # share of the machine's CPU used by other processes above which timings are suspect


# ---------------------------------------------------------------------------------------- model

def build_model(folder: Path) -> Path:
    """Full-size opus-mt-de-en with random weights and the real de/en SentencePiece model."""
    if (folder / "model.safetensors").is_file():
        return folder
    import sentencepiece as spm
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel, MarianTokenizer

    tmp = folder.parent / f".{folder.name}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for name in ("source.spm", "target.spm"):
        shutil.copyfile(SPM, tmp / name)
    processor = spm.SentencePieceProcessor(model_file=str(SPM))
    vocab = {"</s>": 0, "<unk>": 1}
    for i in range(processor.get_piece_size()):
        vocab.setdefault(processor.id_to_piece(i), len(vocab))
    vocab["<pad>"] = pad = len(vocab)
    (tmp / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    MarianTokenizer(str(tmp / "source.spm"), str(tmp / "target.spm"), str(tmp / "vocab.json"),
                    source_lang="de", target_lang="en").save_pretrained(tmp)

    arch = json.loads((ARCH / "config.json").read_text(encoding="utf-8"))
    arch.update(vocab_size=len(vocab), decoder_vocab_size=len(vocab), pad_token_id=pad,
                decoder_start_token_id=pad, eos_token_id=0, forced_eos_token_id=0, bos_token_id=0)
    for key in ("_num_labels", "id2label", "label2id", "transformers_version"):
        arch.pop(key, None)
    gen = json.loads((ARCH / "generation_config.json").read_text(encoding="utf-8"))
    gen.update(bad_words_ids=[[pad]], decoder_start_token_id=pad, pad_token_id=pad)
    gen.pop("transformers_version", None)
    torch.manual_seed(0)
    model = MarianMTModel(MarianConfig.from_dict(arch))
    with torch.no_grad():  # as in trained Marian models: the decoder starts from a zero vector
        model.model.shared.weight[pad].zero_()
    model.generation_config = GenerationConfig.from_dict(gen)
    model.save_pretrained(tmp)
    if folder.exists():
        shutil.rmtree(folder)
    os.rename(tmp, folder)
    return folder


# ---------------------------------------------------------------------------------------- text

def german_sentences() -> list[str]:
    try:
        from summariser.split import sentences_of
    except Exception:  # noqa: BLE001 - the benchmark only needs a plausible split
        sentences_of = _simple_split
    out: list[str] = []
    for path in sorted(SAMPLES.glob("de_*.txt")):
        for paragraph in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
            paragraph = " ".join(paragraph.split())
            if len(paragraph.split()) >= 4:
                out += [s.strip() for s in sentences_of(paragraph) if s.strip()]
    return out


def _simple_split(paragraph: str) -> list[str]:
    return re.split(r"(?<=[a-zäöüß)\"“”][.!?])\s+(?=[A-ZÄÖÜ„\"])", paragraph)


def text_of(sentences: list[str], words: int) -> list[str]:
    """The samples' sentences in order, repeated, until `words` source words are reached."""
    out: list[str] = []
    count = 0
    while count < words:
        for sentence in sentences:
            out.append(sentence)
            count += len(sentence.split())
            if count >= words:
                break
    return out


# ---------------------------------------------------------------------------------------- child

def peak_rss_mb() -> float:
    """This process's own peak RSS (VmHWM: ru_maxrss would include the parent's, from the fork)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(args: argparse.Namespace) -> None:
    job = json.loads(Path(args.child).read_text(encoding="utf-8"))
    sentences, variant = job["sentences"], job["variant"]
    started = time.perf_counter()
    if variant == "a":
        translate, load_s = _naive(job["model"], job["beams"])
    else:
        from summariser.settings import TranslateSettings
        from summariser.translate import load_translator

        _, backend, quantize = VARIANTS[variant]
        settings = TranslateSettings(model=job["model"], backend=backend, beams=job["beams"],
                                     quantize=quantize, fixed_output_ratio=RATIO,
                                     batch_tokens=job["batch_tokens"], threads=job["threads"])
        translator = load_translator(settings)
        load_s = time.perf_counter() - started
        translate = translator.translate
    runs = []
    for _ in range(job["repeat"]):  # the best of `repeat` runs, all from the same loaded model
        first: list[float] = []
        t0 = time.perf_counter()
        translate(sentences, lambda *_, first=first, t0=t0: first or first.append(time.perf_counter() - t0))
        seconds = time.perf_counter() - t0
        runs.append((seconds, first[0] if first else seconds))
    seconds, first_s = min(runs)
    print("RESULT " + json.dumps({
        "load_s": load_s, "seconds": seconds, "first_s": first_s, "rss_mb": peak_rss_mb(),
        "runs": [round(r[0], 2) for r in runs],
    }))


def _naive(model_dir: str, beams: int):
    """What a first attempt looks like: generate() per sentence, no batching, no tuning."""
    started = time.perf_counter()
    from transformers import MarianMTModel, MarianTokenizer

    tokenizer = MarianTokenizer.from_pretrained(model_dir)
    model = MarianMTModel.from_pretrained(model_dir).eval()
    load_s = time.perf_counter() - started

    def translate(sentences, done):
        out = []
        for sentence in sentences:
            batch = tokenizer([sentence], return_tensors="pt")
            fixed = max(1, round(batch["input_ids"].shape[1] * RATIO))
            generated = model.generate(**batch, num_beams=beams, min_new_tokens=fixed,
                                       max_new_tokens=fixed)
            out.append(tokenizer.decode(generated[0], skip_special_tokens=True))
            done(1)
        return out

    return translate, load_s


# ---------------------------------------------------------------------------------------- parent

def run_variant(variant: str, sentences: list[str], model: Path, args, workdir: Path) -> dict:
    words = sum(len(s.split()) for s in sentences)
    tag = f"{variant}-{len(sentences)}"
    job = workdir / f"{tag}.json"
    job.write_text(json.dumps({
        "variant": variant, "sentences": sentences, "model": str(model), "beams": args.beams,
        "batch_tokens": args.batch_tokens, "threads": args.threads,
        "repeat": args.repeat if words <= REPEAT_UP_TO_WORDS else 1,
    }, ensure_ascii=False), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT), TOKENIZERS_PARALLELISM="false")
    busy0, ours0, wall0 = _busy_cpu_seconds(), _children_cpu_seconds(), time.perf_counter()
    try:
        proc = subprocess.run([sys.executable, __file__, "--child", str(job)], env=env,
                              capture_output=True, text=True, timeout=args.timeout)
    except subprocess.TimeoutExpired:
        return {"timed_out": True, "others": 1.0, "load_s": 0.0, "seconds": float("inf"),
                "first_s": float("inf"), "rss_mb": 0.0}
    others = (_busy_cpu_seconds() - busy0) - (_children_cpu_seconds() - ours0)
    cores = os.cpu_count() or 1
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    if proc.returncode or not lines:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"variant {variant} failed (exit {proc.returncode})")
    result = json.loads(lines[-1][7:])
    result["others"] = max(0.0, others) / ((time.perf_counter() - wall0) * cores)
    return result


def wait_for_idle(limit_s: float = 900, window_s: float = 5) -> None:
    """Wait (up to `limit_s`) until other processes leave the CPU alone for `window_s`."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        busy0, t0 = _busy_cpu_seconds(), time.perf_counter()
        time.sleep(window_s)
        elapsed = (time.perf_counter() - t0) * (os.cpu_count() or 1)
        if (_busy_cpu_seconds() - busy0) / elapsed < BUSY:
            return


def _busy_cpu_seconds() -> float:
    """CPU time the whole machine spent busy (all processes), from /proc/stat."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return 0.0
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def decoder_work(sentences: list[str], model: Path, budget: int) -> tuple[int, int]:
    """Output tokens to compute (rows x steps): one sentence at a time, and in token batches,
    where every sentence of a batch runs for as long as the batch's longest one needs."""
    from transformers import MarianTokenizer

    from summariser.translate import token_batches

    tokenizer = MarianTokenizer.from_pretrained(str(model))
    lengths = [len(ids) for ids in tokenizer(sentences)["input_ids"]]
    alone = sum(round(n * RATIO) for n in lengths)
    batched = sum(len(batch) * round(max(lengths[i] for i in batch) * RATIO)
                  for batch in token_batches(lengths, budget))
    return alone, batched


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", default="600,6000", help="source word counts (default 600,6000)")
    parser.add_argument("--variants", default="a,b,b-int8,c,d",
                        help=f"comma-separated, of: {', '.join(VARIANTS)}")
    parser.add_argument("--quick", action="store_true", help="~300 words only")
    parser.add_argument("--full", action="store_true",
                        help="run the naive loop on every size instead of estimating it "
                        "above 600 words")
    parser.add_argument("--beams", type=int, default=4)
    parser.add_argument("--batch-tokens", type=int, default=1024)
    parser.add_argument("--threads", type=int, default=0, help="0: the cores available")
    parser.add_argument("--naive-words", type=int, default=600,
                        help="largest size the naive loop runs on without --full")
    parser.add_argument("--repeat", type=int, default=3,
                        help="translate this many times per process and keep the fastest "
                        f"(default 3; sizes above {REPEAT_UP_TO_WORDS} words run once)")
    parser.add_argument("--retries", type=int, default=2,
                        help="wait for an idle CPU before each variant and run it again (up to "
                        "this many times) when other processes took more than 10%% of the CPU")
    parser.add_argument("--timeout", type=float, default=1200,
                        help="seconds one variant may take (default 1200)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return run_child(args)

    from summariser.settings import default_cache_dir
    from summariser.translate import set_threads

    sizes = [300] if args.quick else [int(w) for w in args.words.split(",")]
    variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    unknown = [v for v in variants if v not in VARIANTS]
    if unknown:
        parser.error(f"unknown variant(s): {', '.join(unknown)}")
    cache = default_cache_dir()
    model = build_model(cache / "bench" / "opus-mt-de-en-random")
    if any(VARIANTS[v][1] == "ctranslate2" for v in variants):
        from summariser.translate.ct2 import ensure_converted, resolve_source

        for v in variants:  # convert before timing: a one-off cost, like downloading the model
            if VARIANTS[v][1] == "ctranslate2":
                ensure_converted(resolve_source(str(model)), VARIANTS[v][2], cache)
    for folder in {model, *model.parent.parent.glob("ct2/opus-mt-de-en-random-*")}:
        for file in folder.iterdir():  # into the page cache, so no variant pays for the disk
            if file.is_file():
                file.read_bytes()
    all_sentences = german_sentences()
    print(f"model: {model} (random weights, opus-mt-de-en size)")
    print(f"beam {args.beams}, output fixed at {RATIO}x source tokens, batch_tokens "
          f"{args.batch_tokens}, threads {set_threads(args.threads)}, cpu: {_cpu()}")
    print(f"text: {len(all_sentences)} sentences from samples/de_*.txt, repeated to size; "
          f"best of {args.repeat} runs up to {REPEAT_UP_TO_WORDS} words\n")

    rows, work, done = [], [], {}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        for size in sizes:
            sentences = text_of(all_sentences, size)
            words = sum(len(s.split()) for s in sentences)
            results: dict[str, dict] = {}
            for variant in variants:
                estimated = variant == "a" and size > args.naive_words and not args.full
                run_on = text_of(all_sentences, args.naive_words) if estimated else sentences
                print(f"  {time.strftime('%H:%M:%S')} {variant} on "
                      f"{sum(len(s.split()) for s in run_on)} words ...",
                      file=sys.stderr, flush=True)
                for attempt in range(args.retries + 1):
                    if (variant, len(run_on)) in done:  # the naive run a smaller size made
                        result = dict(done[variant, len(run_on)])
                        break
                    if args.retries:
                        wait_for_idle()
                    result = run_variant(variant, run_on, model, args, workdir)
                    if result["others"] <= BUSY:
                        break
                    print(f"  others used {result['others']:.0%} of the CPU: "
                          f"{'again' if attempt < args.retries else 'keeping it'}",
                          file=sys.stderr, flush=True)
                done[variant, len(run_on)] = dict(result)
                run_words = sum(len(s.split()) for s in run_on)
                result["wps"] = run_words / result["seconds"]
                if estimated:
                    result["seconds"] = words / result["wps"]
                    result["note"] = f"est. from {run_words} words"
                if result.get("timed_out"):
                    result["note"] = f"timed out after {args.timeout:.0f} s"
                results[variant] = result
                rows.append((size, words, variant, result))
            alone, batched = decoder_work(sentences, model, args.batch_tokens)
            work.append(f"{words} words, {len(sentences)} sentences: {alone} output tokens one "
                        f"sentence at a time, {batched} in batches ({batched / alone:.2f}x)")
        print_table(rows)
    print("\ndecoder work (fixed output length: in a batch every sentence runs as long as the "
          "longest needs,\nso b, c and d compute more tokens than a; their speed-ups are lower "
          "bounds):")
    for line in work:
        print(f"  {line}")
    if any(r["others"] > BUSY for *_, r in rows):
        print("\nwarning: other processes used more than 10% of the CPU during some runs; "
              "those timings are pessimistic (two threads suffer most when a core is taken): "
              "re-run on an idle machine")


def print_table(rows) -> None:
    header = ("variant", "words", "load s", "translate s", "words/s", "first out s",
              "peak RSS MB", "vs a", "CPU used by others")
    lines = []
    naive = {size: r["wps"] for size, _, v, r in rows if v == "a"}
    for size, words, variant, r in rows:
        ratio = f"{r['wps'] / naive[size]:.1f}x" if naive.get(size) else "-"
        lines.append((variant, str(words), f"{r['load_s']:.1f}", f"{r['seconds']:.1f}",
                      f"{r['wps']:.0f}", f"{r['first_s']:.2f}", f"{r['rss_mb']:.0f}", ratio,
                      f"{r['others']:.0%}"))
    markdown_table(header, lines)
    print()
    for variant, (label, _, _) in VARIANTS.items():
        if any(v == variant for _, _, v, _ in rows):
            print(f"  {variant:7} {label}")
    for _size, words, variant, r in rows:
        if "note" in r:
            print(f"  {variant} at {words} words: {r['note']}")


def markdown_table(header, lines) -> None:
    """A Markdown table with aligned columns, ready to paste into the README."""
    widths = [max(len(x[i]) for x in [header, *lines]) for i in range(len(header))]
    fmt = "| " + " | ".join(f"{{:{w}}}" for w in widths) + " |"
    print(fmt.format(*header))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for line in lines:
        print(fmt.format(*line))


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def load_average() -> str:
    """The 1, 5 and 15 minute load averages: benchmark figures mean little on a busy machine."""
    try:
        return ", ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


if __name__ == "__main__":
    main()
