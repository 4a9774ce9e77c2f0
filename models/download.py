"""Save a MarianMT model from the Hugging Face hub as a local folder, for machines without a hub.

    python models/download.py Helsinki-NLP/opus-mt-de-en            # -> models/opus-mt-de-en/
    python models/download.py Helsinki-NLP/opus-mt-de-en --out /data/models/opus-mt-de-en

Run it where the hub is reachable, then copy the folder wherever it is needed and pass it with
`--model models/opus-mt-de-en` (or SUMMARISER_MODEL). The folder holds config.json,
generation_config.json, model.safetensors, source.spm, target.spm, vocab.json and the tokenizer
config: everything both backends need, with no network.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def download(hub_id: str, out: Path, revision: str | None = None) -> Path:
    from transformers import MarianMTModel, MarianTokenizer

    kwargs = {"revision": revision} if revision else {}
    tokenizer = MarianTokenizer.from_pretrained(hub_id, **kwargs)
    model = MarianMTModel.from_pretrained(hub_id, **kwargs)
    import shutil

    tmp = out.with_name(f".{out.name}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tokenizer.save_pretrained(tmp)
    model.save_pretrained(tmp)
    if out.exists():
        shutil.rmtree(out)
    tmp.rename(out)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("hub_id", help="e.g. Helsinki-NLP/opus-mt-de-en")
    parser.add_argument("--out", type=Path, help="target folder (default: models/<name>)")
    parser.add_argument("--revision", help="a branch, tag or commit of the hub repository")
    args = parser.parse_args(argv)
    out = args.out or HERE / args.hub_id.rstrip("/").split("/")[-1]
    from summariser.errors import SummariserError
    from summariser.translate import ModelRef

    try:
        ModelRef(args.hub_id).check_reachable()  # seconds, not minutes of retries
        folder = download(args.hub_id, out, args.revision)
    except SummariserError as exc:
        print(f"Error: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except Exception as exc:  # noqa: BLE001 - a command-line tool: say what failed and stop
        print(f"Error: cannot download {args.hub_id}: {' '.join(str(exc).split())[:300]}",
              file=sys.stderr)
        print("Hint: run this where huggingface.co (or HF_ENDPOINT) is reachable", file=sys.stderr)
        return 4
    print(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
