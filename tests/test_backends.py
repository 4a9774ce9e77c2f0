"""Both translation backends on a tiny real Marian model: same sentences in, same texts out.

The tiny model from tiny_model.py has weights so small that it writes the same noise for every
input, which would let a backend that mixes up sentences pass. Its weights are redrawn here with
a larger spread, so each sentence gets its own output, and the start-of-decoding embedding is
zero and <pad> is never generated, as in trained Marian models (CTranslate2 relies on both).
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from summariser.errors import BackendUnavailable, ModelLoadError, SettingsError
from summariser.settings import TranslateSettings
from summariser.translate import load_translator, token_batches

from tiny_model import SAMPLES, build_tiny_marian


def german_lines(count: int) -> list[str]:
    lines = []
    for path in sorted(SAMPLES.glob("de_*.txt")):
        lines += [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
                  if len(line.split()) >= 5]
    # Spread over all releases, one or two sentences each, of varied length.
    step = max(1, len(lines) // count)
    # Long lines are cut to different lengths so that no two have the same token count.
    return [line[: 300 - 25 * number] for number, line in enumerate(lines[::step][:count])]


@pytest.fixture(scope="session")
def tiny(tmp_path_factory) -> Path:
    import torch
    from transformers import MarianMTModel

    folder = build_tiny_marian(tmp_path_factory.mktemp("tiny") / "tiny-marian")
    model = MarianMTModel.from_pretrained(folder)
    torch.manual_seed(1)
    with torch.no_grad():
        for name, param in model.named_parameters():
            if param.dim() == 2 and "embed_positions" not in name:
                param.normal_(0.0, 0.3)
        model.model.shared.weight[model.config.pad_token_id].zero_()
    model.generation_config.bad_words_ids = [[model.config.pad_token_id]]
    model.save_pretrained(folder)
    return folder


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture()
def cache(shared_cache, monkeypatch) -> Path:
    """A cache shared by the tests that only need a converted model, so it is converted once."""
    monkeypatch.setenv("SUMMARISER_CACHE_DIR", str(shared_cache))
    return shared_cache


@pytest.fixture()
def fresh_cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("SUMMARISER_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def settings(model: Path, backend: str, **kwargs) -> TranslateSettings:
    # One thread: the tiny model gains nothing from two, and a busy machine slows two a lot.
    defaults = {"beams": 1, "threads": 1,
                "quantize": "float32" if backend == "ctranslate2" else "default"}
    return TranslateSettings(model=str(model), backend=backend, **{**defaults, **kwargs})


def needs_ct2():
    pytest.importorskip("ctranslate2")


@pytest.mark.parametrize("length", [{}, {"fixed_output_ratio": 1.2}], ids=["eos-or-cap", "fixed"])
@pytest.mark.parametrize("ct2_threads", [1, 2])
def test_backends_give_the_same_translations(tiny, cache, length, ct2_threads):
    needs_ct2()
    sentences = german_lines(10)
    reference = load_translator(settings(tiny, "transformers", **length))
    fast = load_translator(settings(tiny, "ctranslate2", threads=ct2_threads, **length))
    expected = reference.translate(sentences)
    assert len(set(expected)) >= 5, "the tiny model should give each sentence its own output"
    assert fast.translate(sentences) == expected
    assert list(map(fast.count_tokens, sentences)) == list(map(reference.count_tokens, sentences))


def test_missing_ctranslate2_names_the_extra(tiny, cache, monkeypatch):
    monkeypatch.setitem(sys.modules, "ctranslate2", None)  # makes `import ctranslate2` fail
    with pytest.raises(BackendUnavailable) as info:
        load_translator(settings(tiny, "ctranslate2"))
    assert "ctranslate2" in info.value.message
    assert "pip install 'summariser[ct2]'" in info.value.hint


def test_converted_model_is_reused(tiny, fresh_cache, monkeypatch):
    needs_ct2()
    from ctranslate2.converters import TransformersConverter

    calls = []
    convert = TransformersConverter.convert

    def counting(self, *args, **kwargs):
        calls.append(args)
        return convert(self, *args, **kwargs)

    monkeypatch.setattr(TransformersConverter, "convert", counting)
    first = load_translator(settings(tiny, "ctranslate2"))
    model_bin = first.model_dir / "model.bin"
    before = (model_bin.stat().st_ino, model_bin.stat().st_mtime_ns)
    second = load_translator(settings(tiny, "ctranslate2"))
    assert len(calls) == 1
    assert second.model_dir == first.model_dir
    assert first.model_dir.parent == fresh_cache / "ct2"
    assert first.model_dir.name.endswith("-float32")
    assert (model_bin.stat().st_ino, model_bin.stat().st_mtime_ns) == before
    # Another quantisation is another folder.
    int8 = load_translator(settings(tiny, "ctranslate2", quantize="int8"))
    assert int8.model_dir.name.endswith("-int8")
    assert len(calls) == 2


def test_interrupted_conversion_is_never_used(tiny, fresh_cache, monkeypatch):
    needs_ct2()
    from ctranslate2.converters import TransformersConverter

    from summariser.translate.ct2 import resolve_source

    target = fresh_cache / "ct2" / f"{resolve_source(str(tiny)).key}-float32"
    target.parent.mkdir(parents=True)
    # Leftovers: a temporary folder of a process that died, and a final-named folder that our
    # conversion did not finish (no marker): both hold a broken model.bin.
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    leftover = target.parent / f".{target.name}.tmp-{dead}-0000abcd"
    for folder in (leftover, target):
        folder.mkdir()
        (folder / "model.bin").write_bytes(b"half a model")
        (folder / "config.json").write_text("{}")

    # An interruption during conversion leaves nothing behind ...
    def interrupted(self, output_dir, **kwargs):
        Path(output_dir).mkdir(parents=True)
        (Path(output_dir) / "model.bin").write_bytes(b"partial")
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(TransformersConverter, "convert", interrupted)
        with pytest.raises(KeyboardInterrupt):
            load_translator(settings(tiny, "ctranslate2"))
    assert [p.name for p in target.parent.iterdir()] == []

    # ... and the next run converts afresh and translates like the reference.
    for folder in (leftover, target):
        folder.mkdir()
        (folder / "model.bin").write_bytes(b"half a model")
    translator = load_translator(settings(tiny, "ctranslate2"))
    assert translator.model_dir == target
    assert (target / "model.bin").stat().st_size > 1000
    assert not leftover.exists()
    sentences = german_lines(3)
    assert translator.translate(sentences) == load_translator(
        settings(tiny, "transformers")).translate(sentences)


def test_token_batches_cover_every_index_once_within_budget():
    rng = random.Random(5)
    for _ in range(300):
        lengths = [rng.randint(1, 120) for _ in range(rng.randint(0, 60))]
        budget = rng.choice([1, 50, 128, 400, 1024])
        batches = list(token_batches(lengths, budget))
        assert sorted(i for batch in batches for i in batch) == list(range(len(lengths)))
        for batch in batches:
            padded = max(lengths[i] for i in batch) * len(batch)
            assert padded <= budget or len(batch) == 1


@pytest.mark.parametrize("backend,threads", [("transformers", 1), ("ctranslate2", 1),
                                             ("ctranslate2", 3)])
def test_translations_come_back_in_input_order(tiny, cache, backend, threads):
    if backend == "ctranslate2":
        needs_ct2()
    # ctranslate2 with 3 threads: 3 workers, each batch cut into parts translated in parallel.
    translator = load_translator(settings(tiny, backend, threads=threads))
    # Shortest first: the batch runs them longest first.
    sentences = sorted(german_lines(6), key=translator.count_tokens)
    assert len({translator.count_tokens(s) for s in sentences}) == len(sentences)
    batched = translator.translate(sentences)
    assert batched == translator.translate(sentences[::-1])[::-1]
    # Greedy decoding of one sentence does not depend on its batch; only the length limit,
    # set by the batch's longest sentence, may let it run on. So each single translation
    # starts the batched one for the same sentence. A noise model's short output may also start
    # another sentence's, so what is ruled out is a pair of outputs that could trade places unseen.
    singles = [translator.translate([s])[0] for s in sentences]
    assert len(set(singles)) == len(singles)
    for i, single in enumerate(singles):
        assert batched[i].startswith(single)
        assert not [j for j in range(len(singles))
                    if j != i and batched[j].startswith(single) and batched[i].startswith(singles[j])]


def test_ct2_parts_keep_every_sentence_once_in_order():
    from summariser.translate.ct2 import _parts

    for size in range(1, 40):
        batch = list(range(100, 100 + size))
        for workers in (1, 2, 3, 16):
            for rows in (1, 4, 16):
                parts = _parts(batch, workers, rows)
                assert [i for part in parts for i in part] == batch
                assert all(parts)
                assert len(parts) >= min(size, workers)
                assert max(map(len, parts)) - min(map(len, parts)) <= 1
                assert max(map(len, parts)) <= rows


@pytest.mark.parametrize("backend", ["transformers", "ctranslate2"])
@pytest.mark.parametrize("missing", ["target.spm", "vocab.json", "model.safetensors"])
def test_incomplete_model_folder_names_the_missing_file(tiny, tmp_path, cache, backend, missing):
    if backend == "ctranslate2":
        needs_ct2()
    folder = tmp_path / "incomplete"
    shutil.copytree(tiny, folder)
    (folder / missing).unlink()
    with pytest.raises(ModelLoadError) as info:
        load_translator(settings(folder, backend))
    assert missing in info.value.message
    assert "models/README.md" in (info.value.hint or "")


@pytest.mark.parametrize("backend", ["transformers", "ctranslate2"])
def test_missing_model_folder(tmp_path, cache, backend):
    if backend == "ctranslate2":
        needs_ct2()
    with pytest.raises(ModelLoadError, match="does not exist"):
        load_translator(settings(tmp_path / "nowhere", backend))


def test_broken_weights_become_a_model_load_error(tiny, tmp_path, fresh_cache):
    needs_ct2()
    folder = tmp_path / "broken"
    shutil.copytree(tiny, folder)
    (folder / "model.safetensors").write_bytes(b"not weights")
    with pytest.raises(ModelLoadError, match="cannot load the model folder"):
        load_translator(settings(folder, "ctranslate2"))
    assert not any((fresh_cache / "ct2").iterdir())


def test_ct2_quantisation_and_signature(tiny, cache):
    needs_ct2()
    with pytest.raises(SettingsError, match="quantize"):
        load_translator(settings(tiny, "ctranslate2", quantize="int4"))
    translator = load_translator(settings(tiny, "ctranslate2", quantize="default", beams=4))
    assert translator.quantization == "int8"
    model, backend, beam = translator.signature().split("|")
    assert model == load_translator(settings(tiny, "transformers")).signature().split("|")[0]
    assert model.startswith("model:tiny-marian@")
    assert (backend, beam) == ("backend:ct2-int8", "beam:4")
    marker = json.loads((translator.model_dir / "summariser-ct2.json").read_text())
    assert marker["quantization"] == "int8"


@pytest.mark.parametrize("backend", ["transformers", "ctranslate2"])
def test_progress_and_empty_input(tiny, cache, backend):
    if backend == "ctranslate2":
        needs_ct2()
    translator = load_translator(settings(tiny, backend, batch_tokens=60))
    done = []
    sentences = german_lines(8)
    assert len(translator.translate(sentences, on_progress=done.append)) == len(sentences)
    assert sum(done) == len(sentences) and len(done) > 1
    assert translator.translate([]) == []
