"""Batch: a folder of releases in, one result per release out, a run report, resume.

How a run goes:

1. The input folder is listed (`find`), then the output folder is created and probed with a
   throwaway file, before any release is read or any model loaded: an unwritable folder fails
   in a second, not after the model has loaded.
2. Releases (`.txt`, `.md`, `.html`, `.htm` under the input folder, recursively, hidden files
   and the output folder left out) are taken in sorted order. Those whose result is current,
   or was worked on by a reviewer, are settled from the result files alone (`plan`): no model
   is loaded to decide. The rest are made by an executor (`run`), in groups of up to
   `group_releases` releases or `group_sentences` sentences whose German sentences are
   translated in one call, so the translator's length-sorted batches span releases
   (`pipeline.run_documents`); each group's results are written as soon as it is finished,
   which is the granularity of resume.
3. Each result is written to `OUT/<same sub-folder>/NAME.md` and `NAME.json` (atomically, the
   JSON last: the JSON is the record of truth and the thing resume looks at) (`write`).

Nothing here prints: progress leaves as `Event`s through `on_event`, and the outcome is a
`RunReport` (also written to `OUT/report.json` after every group and at the end) (`report`).
`force` redoes every release. Where releases are made is an `Executor`'s business:
`LocalExecutor` in this process (the default), `batch.ray.RayExecutor` on Ray workers.
"""

from __future__ import annotations

from ..pipeline import GROUP_RELEASES, GROUP_SENTENCES
from .find import (
    SUFFIXES,
    Listing,
    check_output,
    check_overlap,
    output_stems,
    scan_releases,
)
from .plan import Planner, Settled, is_current
from .report import REPORT_NAME, DocReport, Event, OnEvent, RunReport, Tally
from .run import Executor, LocalExecutor, Made, Make, Todo, run_batch

__all__ = [
    "GROUP_RELEASES", "GROUP_SENTENCES", "REPORT_NAME", "SUFFIXES", "DocReport", "Event", "Executor", "Listing",
    "LocalExecutor", "Made", "Make", "OnEvent", "Planner", "RunReport", "Settled", "Tally", "Todo", "check_output",
    "check_overlap", "is_current", "output_stems", "run_batch", "scan_releases",
]
