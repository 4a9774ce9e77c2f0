"""Build a tiny but real MarianMT model folder: real config, model and tokenizer classes, and a
SentencePiece model trained on the bundled samples. Its translations are noise; what it proves
is that loading, tokenising, batching, generation and decoding run end to end.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def sample_lines() -> list[str]:
    lines = []
    for path in sorted(SAMPLES.glob("*.txt")):
        lines += [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines


def build_tiny_marian(folder: Path, vocab_size: int = 400, seed: int = 0) -> Path:
    import sentencepiece as spm
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    folder.mkdir(parents=True, exist_ok=True)
    proto = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(sample_lines()),
        model_writer=proto,
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        hard_vocab_limit=False,
        minloglevel=2,
    )
    for name in ("source.spm", "target.spm"):
        (folder / name).write_bytes(proto.getvalue())
    processor = spm.SentencePieceProcessor(model_proto=proto.getvalue())
    vocab = {"</s>": 0, "<unk>": 1}
    for i in range(processor.get_piece_size()):
        vocab.setdefault(processor.id_to_piece(i), len(vocab))
    vocab["<pad>"] = len(vocab)
    (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    tokenizer = MarianTokenizer(
        str(folder / "source.spm"), str(folder / "target.spm"), str(folder / "vocab.json"),
        source_lang="de", target_lang="en",
    )
    tokenizer.save_pretrained(folder)
    config = MarianConfig(
        vocab_size=len(vocab), decoder_vocab_size=len(vocab), d_model=32,
        encoder_layers=1, decoder_layers=1, encoder_attention_heads=2, decoder_attention_heads=2,
        encoder_ffn_dim=64, decoder_ffn_dim=64, max_position_embeddings=512,
        pad_token_id=vocab["<pad>"], decoder_start_token_id=vocab["<pad>"],
        eos_token_id=0, forced_eos_token_id=0, bos_token_id=0,
        share_encoder_decoder_embeddings=True,
    )
    torch.manual_seed(seed)
    MarianMTModel(config).save_pretrained(folder)
    return folder
