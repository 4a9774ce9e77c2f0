"""Language: German or English, decided per sentence in every release.

A release can mix both: an English article quoting the German original release below it, or a
German release quoting an English study title or statement. Each sentence is judged on its
own, so German in an English release is translated and English in a German one passes
through. A sentence too short to judge (a name, "Mehr dazu.") takes its paragraph's language,
and the release's language is what most of its body is written in.
"""

from __future__ import annotations

import copy
import re
from array import array
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from .records import Section, Sentence

_MIN_LETTERS_FOR_LANGID = 15
# Below this, a sentence's own evidence is weak: it follows its paragraph.
_MIN_LETTERS_ON_ITS_OWN = 40
# Quoted titles and statements are often in the other language ("Der Titel lautet „Deep …“.").
_QUOTED = re.compile(r"„[^“”\"]*[“”\"]|“[^”]*”|»[^«]*«|«[^»]*»|\"[^\"]*\"")
# Words frequent in one language and rare in the other, to settle what the identifier is unsure of.
_GERMAN_WORDS = frozenset(
    "der die das und ist nicht mit für von zu auf den dem des ein eine einen sich auch wird werden wurde "
    "sind bei nach über aus wie oder aber noch nur hat haben im zum zur dass können kann".split()
)
_ENGLISH_WORDS = frozenset(
    "the and of to is in for with that this are was were be by from has have on as it an which "
    "their they can will not or at who also".split()
)


@lru_cache(maxsize=1)
def _langid_model():
    # py3langid ships its model LZMA-compressed: decompressing it is about 0.5 s of every cold
    # start. The first run keeps a decompressed copy in the cache folder; later runs read that
    # (about 0.1 s). Anything wrong with the copy falls back to the library's own file.
    from zipfile import BadZipFile

    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    unreadable = (OSError, ValueError, KeyError, EOFError, BadZipFile)
    try:
        copy_path = _langid_copy_path()
    except ImportError:  # no package metadata to name the copy by: no copy
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    try:
        return _identifier_from(copy_path, LanguageIdentifier)
    except unreadable:
        pass
    try:
        _decompress(MODEL_DIR / MODEL_FILE, copy_path)
        return _identifier_from(copy_path, LanguageIdentifier)
    except unreadable:
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _langid_copy_path() -> Path:
    from importlib.metadata import version

    from .settings import default_cache_dir

    return default_cache_dir() / "langid" / f"py3langid-{version('py3langid')}.npz"


def _decompress(source: Path, target: Path) -> None:
    import lzma
    import os
    import shutil
    import tempfile

    target.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=target.parent, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out, lzma.open(source) as src:
            shutil.copyfileobj(src, out, length=1 << 20)
        # mkstemp makes it private; other users of a shared cache folder may read it as any file.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        # A rename, so a concurrent run never reads half a file.
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _identifier_from(path: Path, identifier_class):
    """The identifier py3langid's own loader builds, from the uncompressed arrays (its layout,
    checked the same way: both DFA keys present)."""
    import numpy as np

    with np.load(path, allow_pickle=False) as data:
        return identifier_class(
            np.asarray(data["ptc"]), np.asarray(data["pc"]), data["classes"].tolist(),
            _uint_array(data["nextmove"]), data["out_feat"].tolist(),
            norm_probs=True, tk_row=_uint_array(data["nextmove_row"]),
        )


def _uint_array(values) -> array:
    """The stdlib array py3langid walks its DFA with (faster to index than numpy)."""
    out = array({2: "H", 4: "I", 8: "L"}[values.dtype.itemsize])
    out.frombytes(values.tobytes())
    return out


@lru_cache(maxsize=2)
def _langid(restricted: bool):
    identifier = _langid_model()
    if restricted:
        # Restricted to the two languages a release can be in, short sentences and contact
        # lines are far less likely to be taken for a third language. A copy: restricting
        # replaces the copy's arrays and leaves the shared model whole.
        identifier = copy.copy(identifier)
        identifier.set_languages(["de", "en"])
    return identifier.classify


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def detect_language(text: str, default: str = "de") -> str:
    """`de` or `en` for a sentence or passage; too little text to tell gives `default`."""
    unquoted = _QUOTED.sub(" ", text)
    # A quoted title is judged by the sentence around it; a quoted statement by itself.
    if _letters(unquoted) >= max(_MIN_LETTERS_FOR_LANGID, _letters(text) // 2):
        text = unquoted
    if _letters(text) < _MIN_LETTERS_FOR_LANGID:
        return default
    lang, probability = _langid(True)(text)
    if probability >= 0.95:
        return lang
    words = re.findall(r"[a-zäöüß]+", text.lower())
    german = sum(w in _GERMAN_WORDS for w in words)
    english = sum(w in _ENGLISH_WORDS for w in words)
    if german != english:
        return "de" if german > english else "en"
    return lang


def document_language(text: str) -> tuple[str, float]:
    """The language of a whole release among all the identifier knows, with its probability."""
    lang, probability = _langid(False)(text)
    return lang, float(probability)


def paragraph_languages(sentences: Sequence[str], default: str) -> list[str]:
    """The language of each sentence of one paragraph; short ones follow the paragraph."""
    paragraph = detect_language(" ".join(sentences), default)
    return [
        detect_language(s, paragraph) if _letters(s) >= _MIN_LETTERS_ON_ITS_OWN else paragraph
        for s in sentences
    ]


def release_language(sentences: Sequence[Sentence], default: str) -> str:
    """What most of the body is written in, counted in letters."""
    counts = {"de": 0, "en": 0}
    for s in sentences:
        if s.section == Section.BODY and s.lang in counts:
            counts[s.lang] += _letters(s.text)
    if counts["de"] == counts["en"]:
        return default
    return "de" if counts["de"] > counts["en"] else "en"
