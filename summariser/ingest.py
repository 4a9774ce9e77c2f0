"""Ingest: bytes in, one normalised `Source` out, or an `InputError` that says what is wrong.

Press offices still send Windows-1252 files, so text that is not UTF-8 is decoded as
Windows-1252 (a superset of Latin-1 for printable text) when that gives plausible text.
HTML is reduced to its main text with trafilatura: navigation, scripts, styles and cookie
banners are dropped; nothing is fetched or executed. It comes out as Markdown, so headings,
bold labels, list items and table rows keep their marks for the cleaning stage (`layout.py`).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from .errors import InputError
from .records import Source

HTML_SUFFIXES = (".html", ".htm")
TEXT_SUFFIXES = (".txt", ".md")

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_MANY_BLANK = re.compile(r"\n{3,}")


def read_path(path: Path, max_bytes: int) -> Source:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise _too_large(size, max_bytes)
        data = path.read_bytes()
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a folder", hint="use `summariser batch` for a folder") from None
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    fmt = "html" if path.suffix.lower() in HTML_SUFFIXES else "text"
    return from_bytes(data, name=path.name, max_bytes=max_bytes, fmt=fmt)


def from_bytes(data: bytes, name: str, max_bytes: int, fmt: str | None = None) -> Source:
    if len(data) > max_bytes:
        raise _too_large(len(data), max_bytes)
    if not data.strip():
        raise InputError(f"{name} is empty", hint="paste or give a press release with some text")
    text, encoding = decode(data, name)
    if fmt is None:
        fmt = "html" if _looks_like_html(text) else "text"
    if fmt == "html":
        text = extract_html(text, name)
    text = normalise(text)
    if not text.strip():
        raise InputError(f"{name} has no text", hint="the file holds only whitespace or markup")
    return Source(name=name, fmt=fmt, text=text, sha256=hashlib.sha256(data).hexdigest(), encoding=encoding)


def decode(data: bytes, name: str) -> tuple[str, str]:
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{name} is a binary file, not text", hint="give a .txt, .md or .html release")
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return _decode_strict(data, encoding, name), encoding.replace("-sig", "")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise InputError(
            f"{name} is not UTF-8 or Windows-1252 text",
            hint="save the release as UTF-8 and try again",
        ) from None
    if _implausible(text):
        raise InputError(f"{name} does not decode to readable text", hint="save it as UTF-8")
    return text, "cp1252"


def _decode_strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise InputError(f"{name} is not valid {encoding} text") from None


def _implausible(text: str) -> bool:
    """Binary data decoded as cp1252 is full of controls and rare symbols; prose is not."""
    odd = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\n\r\t") or unicodedata.category(ch) in ("Co", "Cn", "So"))
    return odd > max(3, len(text) // 50)


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ZERO_WIDTH.sub("", text)
    text = _CONTROL.sub(" ", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _MANY_BLANK.sub("\n\n", "\n".join(lines)).strip() + "\n"


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:500].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)


def extract_html(html: str, name: str) -> str:
    import trafilatura

    extracted = trafilatura.extract(
        html, output_format="markdown", include_formatting=True, include_comments=False, include_tables=True,
        favor_recall=True, with_metadata=False,
    )
    if not extracted or not extracted.strip():
        raise InputError(f"{name}: no main text found in the HTML")
    title = trafilatura.extract_metadata(html)
    heading = title.title if title is not None and title.title else None
    body = extracted.strip()
    if heading and heading not in body.split("\n", 1)[0]:
        body = f"# {heading}\n\n{body}"
    return body


def _too_large(size: int, limit: int) -> InputError:
    return InputError(
        f"the release is {size:,} bytes, over the limit of {limit:,} bytes",
        hint="raise it with --max-bytes if this really is one release",
    )
