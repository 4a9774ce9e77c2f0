"""Convert a MarianMT model for the ctranslate2 backend ahead of time (optional).

    python models/convert_ct2.py models/opus-mt-de-en --quantization int8

The backend converts on first use anyway; this does the same conversion, with the same code,
into the same place (`<cache>/ct2/<model>-<fingerprint>-<quantization>/`), so that the first
translation does not wait for it, or so that a prepared cache folder can be copied to machines
that have the model folder. Prints the converted folder.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from summariser.errors import SummariserError  # noqa: E402
from summariser.settings import default_cache_dir  # noqa: E402
from summariser.translate.ct2 import (  # noqa: E402
    QUANTIZATIONS, ensure_converted, resolve_quantization, resolve_source,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model", help="a model folder (models/opus-mt-de-en) or a hub id "
                        "already in the local Hugging Face cache")
    parser.add_argument("--quantization", default="default",
                        choices=("default", *QUANTIZATIONS),
                        help="weight type (default: int8, the backend's default)")
    parser.add_argument("--cache-dir", type=Path,
                        help="cache folder (default: SUMMARISER_CACHE_DIR or ~/.cache/summariser)")
    args = parser.parse_args(argv)
    try:
        quantization = resolve_quantization(args.quantization)
        folder = ensure_converted(resolve_source(args.model), quantization,
                                  args.cache_dir or default_cache_dir(),
                                  on_notice=lambda message: print(message, file=sys.stderr))
    except SummariserError as exc:
        print(f"Error: {exc.message}", file=sys.stderr)
        if exc.hint:
            print(f"Hint: {exc.hint}", file=sys.stderr)
        return exc.exit_code
    print(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
