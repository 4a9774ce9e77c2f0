"""MarianTokenizer's encoding and decoding, with SentencePiece alone.

The ctranslate2 backend needs only token strings in and out. Importing transformers and building
a `MarianTokenizer` (whose unused Moses normaliser compiles hundreds of regular expressions) took
about 2.5 s of a 5 s cold run, so this does the same few steps directly: SentencePiece pieces
looked up in `vocab.json`, `</s>` appended, special tokens left out of the decoded text. The
tests check it against `MarianTokenizer` token for token.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

SPIECE_UNDERLINE = "▁"


class MarianPieces:
    def __init__(self, folder: Path, max_positions: int) -> None:
        import sentencepiece

        config = read_json(folder / "tokenizer_config.json")
        separate = bool(config.get("separate_vocabs", False))
        self.vocab: dict[str, int] = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
        target_vocab = (json.loads((folder / "target_vocab.json").read_text(encoding="utf-8"))
                        if separate else self.vocab)
        self.id_to_token = {i: token for token, i in target_vocab.items()}
        self.source = sentencepiece.SentencePieceProcessor(model_file=str(folder / "source.spm"))
        # MarianTokenizer decodes with the source model unless the vocabularies are separate.
        self.decoder = (sentencepiece.SentencePieceProcessor(model_file=str(folder / "target.spm"))
                        if separate else self.source)
        self.max_positions = max_positions
        self.eos = self.vocab[config.get("eos_token") or "</s>"]
        self.unk = self.vocab[config.get("unk_token") or "<unk>"]
        special = {config.get(name) or default for name, default in
                   (("eos_token", "</s>"), ("unk_token", "<unk>"), ("pad_token", "<pad>"))}
        special |= {t["content"] for t in config.get("added_tokens_decoder", {}).values()
                    if isinstance(t, dict) and t.get("special")}
        self.special = {token for token in special if token in self.vocab or token in target_vocab}
        # Special tokens written in the text stay whole, as transformers keeps them.
        self._split = re.compile("(" + "|".join(map(re.escape, sorted(self.special, key=len, reverse=True))) + ")")

    def encode(self, text: str) -> list[int]:
        """Source ids with `</s>`, cut to the model's positions like `truncation=True`."""
        ids: list[int] = []
        for part in self._split.split(text):
            if part in self.special:
                ids.append(self.vocab[part])
            elif part:
                code, rest = _language_code(part)
                pieces = code + self.source.encode(rest, out_type=str)
                ids += [self.vocab.get(piece, self.unk) for piece in pieces]
        return ids[: self.max_positions - 1] + [self.eos]

    def tokens(self, ids: Sequence[int]) -> list[str]:
        return [self.id_to_token.get(i) or self.source.id_to_piece(i) for i in ids]

    def decode(self, tokens: Sequence[str]) -> str:
        """Text of output tokens, special tokens skipped (`skip_special_tokens=True`)."""
        kept = [t for t in tokens if t not in self.special]
        return self.decoder.decode_pieces(kept).replace(SPIECE_UNDERLINE, " ").strip()


def _language_code(text: str) -> tuple[list[str], str]:
    """A leading `>>xx<<` target-language code is one token, as in MarianTokenizer."""
    if text.startswith(">>") and (end := text.find("<<")) != -1:
        return [text[: end + 2]], text[end + 2:]
    return [], text


def read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
