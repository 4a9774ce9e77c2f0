"""How many invented entities the faithfulness checker catches, and how often it cries wolf.

Data: human error annotations of model summaries in the unified CSV form that AggreFact
(Tang et al., ACL 2023) publishes in github.com/Liyan06/AggreFact under
`data/error_type_mapping/`: `CLIFF_error_types.csv` (Cao & Wang, EMNLP 2021; XSum and CNN/DM)
and `Goyal21_error_types.csv` (Goyal & Durrett, NAACL 2021). Columns: dataset, origin (xsum or
cnndm), id, doc, summ, [model_name,] cut, error_type, annotated_span. The articles are BBC, CNN
and Daily Mail text under no licence we could name, so no copy is kept in this project:
download a file (or any subset of its rows, header kept) and pass its path; several paths are
read together. Nothing else is needed: no model, no network.

A summary counts as an "entity/out-of-article error" when any of its annotated error types is
extrinsic (a name, number or phrase the article does not contain), as "correct" when it was
annotated correct (an empty error_type, as Goyal'21 writes it, is correct too). The checker
flags a summary when it raises any flag against the article; sentences per second count the
summary's sentences over the time `check` takes (the article is prepared once, not timed).

    python benchmarks/check_factuality.py PATH/TO/CLIFF_error_types.csv [MORE.csv ...]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from collections import Counter
from pathlib import Path

from summariser import faithfulness

GROUPS = ("extrinsic", "intrinsic only", "correct")
# Two operating points: every claim (what `check` reports), and numbers, dates and names only.
POINTS = {"all claims": None, "numbers, dates, names": {"number", "date", "name"}}


def group(error_type: str) -> str:
    if error_type.strip() in ("correct", "", "[]"):
        return "correct"
    return "extrinsic" if "extrinsic" in error_type else "intrinsic only"


def read_rows(paths: list[Path]) -> list[dict[str, str]]:
    csv.field_size_limit(10**8)
    rows: list[dict[str, str]] = []
    for path in paths:
        if not path.exists():
            sys.exit(f"{path}: no such file; see the docstring for where the data comes from")
        with path.open(encoding="utf-8", newline="") as handle:
            rows.extend(csv.DictReader(handle))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path, nargs="+", help="AggreFact error-type CSV files, or subsets of their rows")
    args = parser.parse_args()
    rows = read_rows(args.csv)
    # The English word list loads once per process (about a second); it is not what is timed.
    faithfulness.check("Several unusual words load the list.", faithfulness.Reference.of(["Nothing."]))
    # XSum summaries are written from scratch, CNN/DM ones mostly copy: reported apart, then together.
    for origin in dict.fromkeys(r["origin"] for r in rows):
        report(origin, [r for r in rows if r["origin"] == origin])
    report("all", rows)


def report(name: str, rows: list[dict[str, str]]) -> None:
    total: Counter[str] = Counter()
    flagged: Counter[tuple[str, str]] = Counter()
    sentences, seconds = 0, 0.0
    for row in rows:
        kind = group(row["error_type"])
        reference = faithfulness.Reference.of([row["doc"]])
        start = time.perf_counter()
        flags = faithfulness.check(row["summ"], reference)
        seconds += time.perf_counter() - start
        sentences += len(re.findall(r"[.!?](?:\s|$)", row["summ"].strip())) or 1
        total[kind] += 1
        for point, kinds in POINTS.items():
            if any(kinds is None or f.kind in kinds for f in flags):
                flagged[point, kind] += 1

    print(f"{name}: {len(rows)} summaries, {sentences} sentences, {sentences / seconds:,.0f} sentences/s\n")
    present = [g for g in GROUPS if total[g]]
    print("| flagged on | " + " | ".join(f"{g} ({total[g]})" for g in present) + " |")
    print("| --- |" + " ---: |" * len(present))
    for point in POINTS:
        cells = [f"{flagged[point, g]} ({flagged[point, g] / total[g]:.0%})" for g in present]
        print(f"| {point} | " + " | ".join(cells) + " |")
    print()


if __name__ == "__main__":
    main()
