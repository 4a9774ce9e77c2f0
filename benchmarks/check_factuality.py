"""How many invented entities the faithfulness checker catches, and how often it cries wolf.

Data: CLIFF (Cao & Wang, EMNLP 2021) human error annotations of XSum summaries, in the
unified form AggreFact (Tang et al., ACL 2023) publishes as
`data/error_type_mapping/CLIFF_error_types.csv` in github.com/Liyan06/AggreFact (columns
dataset, origin, id, doc, summ, model_name, cut, error_type, annotated_span). The articles are
BBC text, so no copy is kept in this project: download that CSV (or any subset of its rows) and
pass its path. Nothing else is needed: no model, no network.

A summary counts as "entity/out-of-article error" when any of its annotated error types is
extrinsic (a name, number or phrase the article does not contain), as "correct" when it was
annotated correct. The checker flags a summary when it raises any flag against the article.

    python benchmarks/check_factuality.py PATH/TO/CLIFF_error_types.csv
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter
from pathlib import Path

from summariser import faithfulness


def groups(error_type: str) -> str:
    if error_type.strip() == "correct":
        return "correct"
    return "extrinsic" if "extrinsic" in error_type else "intrinsic only"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path, help="CLIFF_error_types.csv from AggreFact, or a subset of its rows")
    args = parser.parse_args()
    if not args.csv.exists():
        sys.exit(f"{args.csv}: no such file; see the docstring for where the data comes from")
    csv.field_size_limit(10**8)
    with args.csv.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    # XSum summaries are written from scratch, CNN/DM ones mostly copy: reported apart.
    for origin in dict.fromkeys(r["origin"] for r in rows):
        report(args.csv.name, origin, [r for r in rows if r["origin"] == origin])


def report(name: str, origin: str, rows: list[dict[str, str]]) -> None:

    # Two operating points: every claim (what `check` reports), and numbers, dates and names only.
    points = {"all claims": None, "numbers, dates, names": {"number", "date", "name"}}
    total: Counter[str] = Counter()
    flagged: Counter[tuple[str, str]] = Counter()
    seconds = 0.0
    for row in rows:
        group = groups(row["error_type"])
        reference = faithfulness.Reference.of([row["doc"]])
        start = time.perf_counter()
        flags = faithfulness.check(row["summ"], reference)
        seconds += time.perf_counter() - start
        total[group] += 1
        for point, kinds in points.items():
            if any(kinds is None or f.kind in kinds for f in flags):
                flagged[point, group] += 1

    print(f"{len(rows)} {origin} summaries from {name}; "
          f"{len(rows) / seconds:,.0f} summaries/s checked (article prepared once each, not timed)\n")
    present = [g for g in ("extrinsic", "intrinsic only", "correct") if total[g]]
    print("| flagged on | " + " | ".join(f"{g} ({total[g]})" for g in present) + " |")
    print("| --- |" + " ---: |" * len(present))
    for point in points:
        cells = [f"{flagged[point, g]} ({flagged[point, g] / total[g]:.0%})" for g in present]
        print(f"| {point} | " + " | ".join(cells) + " |")
    print()

if __name__ == "__main__":
    main()
