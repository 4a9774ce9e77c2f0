"""A Ray batch worker that dies the way a killed process does, for the executor's tests.

It lives in its own module (not a test file) so that Ray's worker processes can import it;
the test module puts this folder on their PYTHONPATH.
"""

from __future__ import annotations

import os
from pathlib import Path

from summariser.batch.ray import BatchWorker

# Set for the workers by the test module: the file whose absence means "not crashed yet".
FLAG_VARIABLE = "SUMMARISER_TEST_CRASH_FLAG"


class CrashOnce(BatchWorker):
    """Exits at once, without cleanup, the first time it is given a release named `crash*`."""

    def run(self, items, max_releases, max_sentences):
        flag = Path(os.environ[FLAG_VARIABLE])
        if any(item.name.startswith("crash") for item in items) and not flag.exists():
            flag.write_text("crashed\n", encoding="utf-8")
            os._exit(1)
        return super().run(items, max_releases, max_sentences)
