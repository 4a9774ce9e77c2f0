"""FAQ and summary quality against hand-made gold: are the drafts right, and do they deliver the facts?

Runs the pipeline (English releases need no translation model) on every `NNN.txt` of a folder
and compares the FAQ and summary with a gold file (`gold.json`, format in
../shared/releases/README.md): per release and category, either `null` (the release does not say)
or phrases from the release that a correct answer contains, plus `background_traps`.

    .venv/bin/python benchmarks/faq_quality.py                       # ../shared/releases/en
    .venv/bin/python benchmarks/faq_quality.py FOLDER [--gold G.json] [--rows] [--records OUT]

A gold phrase counts as present when at least 70% of its content words are in the answer, so the
measure survives sentence splitting and light shortening. Each question counts once, in the
category its text asks about (`summariser.faq_questions.category`).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summariser.faq import NOT_SAID
from summariser.faq_questions import CATEGORIES, category
from summariser.pipeline import summarise_text
from summariser.settings import Settings

NEED = 0.7
TRAP_NEED = 0.8
_STOP = frozenset(
    "the a an of and or to in on for with by at from as is are was were be been that this these those it its "
    "their his her they we our has have had not no can could may might will would which who than then into".split()
)


def content_words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+(?:[.,][0-9]+)?", text.lower())
            if w not in _STOP and (len(w) > 2 or w.isdigit())]


def present(phrase: str, text: str, need: float = NEED) -> bool:
    wanted = content_words(phrase)
    have = set(content_words(text))
    return bool(wanted) and sum(w in have for w in wanted) / len(wanted) >= need


def judge(record: dict, gold: dict) -> tuple[dict[str, str], bool]:
    """Each asked category's verdict (ok, empty-ok, invented, missed, trap, wrong) and the news flag."""
    verdicts: dict[str, str] = {}
    for item in record["faq"]:
        cat = category(item["question"])
        if cat is None or cat in verdicts:
            continue
        answer = item["answer"]
        empty = item["needs_input"] or answer == NOT_SAID
        phrases = gold.get(cat)
        if phrases is None:
            verdicts[cat] = "empty-ok" if empty else "invented"
        elif empty:
            verdicts[cat] = "missed"
        elif any(present(p, answer) for p in phrases):
            verdicts[cat] = "ok"
        elif any(present(p, answer, TRAP_NEED) for p in gold.get("background_traps") or ()):
            verdicts[cat] = "trap"
        else:
            verdicts[cat] = "wrong"
    news = any(present(p, record["summary"]["text"]) for p in gold.get("news") or ())
    return verdicts, news


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT.parent / "shared" / "releases" / "en")
    parser.add_argument("--gold", type=Path, help="gold file (default: FOLDER/gold.json)")
    parser.add_argument("--rows", action="store_true", help="print a line per release")
    parser.add_argument("--records", type=Path, help="also write each record as NNN.json here")
    args = parser.parse_args()
    gold_path = args.gold or args.folder / "gold.json"
    if not gold_path.is_file():
        sys.exit(f"no gold file at {gold_path}")
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    settings = Settings()
    per_cat: dict[str, Counter] = defaultdict(Counter)
    news_ok = releases = 0
    unresolved: list[str] = []
    for name in sorted(gold):
        path = args.folder / name
        if not path.is_file():
            print(f"{name}: missing", file=sys.stderr)
            continue
        record = summarise_text(path.read_bytes(), settings, name=name).to_dict()
        if args.records:
            args.records.mkdir(parents=True, exist_ok=True)
            (args.records / path.with_suffix(".json").name).write_text(json.dumps(record, indent=1), encoding="utf-8")
        verdicts, news = judge(record, gold[name])
        releases += 1
        news_ok += news
        unresolved += [f"{name}: {text[:70]}" for text in unresolved_lines(record)]
        for cat in CATEGORIES:
            counts = per_cat[cat]
            counts["gold"] += gold[name].get(cat) is not None
            if cat in verdicts:
                counts["asked"] += 1
                counts[verdicts[cat]] += 1
                counts["delivered"] += verdicts[cat] == "ok"
        if args.rows:
            print(f"{name}: news {'y' if news else 'N'} | " + " ".join(f"{c}:{v}" for c, v in verdicts.items()))
    print_table(per_cat)
    print(f"\nsummary states the news: {news_ok}/{releases}; "
          f"summary lines starting with an unresolved back-reference: {len(unresolved)}")
    for line in unresolved:
        print("  " + line)


# A line whose subject points back ("This …", "These results …") needs the sentence it points to.
_POINTS_BACK = re.compile(r"^(this|these|that|those|it|they|such)\b", re.IGNORECASE)


def unresolved_lines(record: dict) -> list[str]:
    """Summary lines that start by pointing back, without the sentence before them as the line before."""
    order = [s["id"] for s in record["sentences"]]
    lines = record["summary"]["lines"]
    out = []
    for i, line in enumerate(lines):
        if not _POINTS_BACK.match(line["text"].strip()):
            continue
        here = order.index(line["evidence"][0])
        before = lines[i - 1]["evidence"][-1] if i else None
        if before is None or here == 0 or order[here - 1] != before:
            out.append(line["text"])
    return out


def print_table(per_cat: dict[str, Counter]) -> None:
    header = ("category", "asked", "correct", "on trap", "answered, not said", "missed", "other wrong", "gold facts delivered")
    rows = []
    total: Counter = Counter()
    for cat in [*CATEGORIES, "overall"]:
        c = total if cat == "overall" else per_cat[cat]
        if cat != "overall":
            total.update(c)
        correct = c["ok"] + c["empty-ok"]
        rows.append((cat, str(c["asked"]), _share(correct, c["asked"]), str(c["trap"]), str(c["invented"]),
                     str(c["missed"]), str(c["wrong"]), _share(c["delivered"], c["gold"])))
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.0f}%)" if whole else "-"


if __name__ == "__main__":
    main()
