"""Ingest: bytes in, one normalised `Source` out, or an `InputError` that says what is wrong.

Press offices still send Windows-1252 files, so text that is not UTF-8 is decoded as
Windows-1252 (a superset of Latin-1 for printable text) when that gives plausible text.
HTML is reduced to its main text with trafilatura: navigation, scripts, styles and cookie
banners are dropped; nothing is fetched or executed. It comes out as Markdown, so headings,
bold labels, list items and table rows keep their marks for the cleaning stage (`layout.py`).
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import sys
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

from .errors import InputError
from .records import Source

HTML_SUFFIXES = (".html", ".htm")
TEXT_SUFFIXES = (".txt", ".md")

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_MANY_BLANK = re.compile(r"\n{3,}")
_WORD = re.compile(r"[^\W\d_]{2,}")
# Below this share of letters among visible characters a file is a table of numbers or emoji.
MIN_LETTER_SHARE = 0.2
DEEP_HTML_LEVELS = 200


def read_path(path: Path, max_bytes: int, regular_only: bool = False) -> Source:
    data = read_bounded(path, max_bytes, regular_only)
    fmt = "html" if path.suffix.lower() in HTML_SUFFIXES else "text"
    return from_bytes(data, name=path.name, max_bytes=max_bytes, fmt=fmt)


def read_named(file: str, max_bytes: int) -> tuple[bytes, str]:
    """The bytes of `file` (stdin for `-`) and the name to show for it.

    Errors name `file` as the user wrote it (`./a.txt`, `folder/`). Stdin is read to one byte
    over the limit, so that `from_bytes` can tell it is too large.
    """
    if file == "-":
        return sys.stdin.buffer.read(max_bytes + 1), "stdin"
    if not Path(file).exists():  # also a path through a file or a link loop: "no such file" says it
        raise InputError(f"{file}: no such file")
    return read_bounded(file, max_bytes), Path(file).name


def read_bounded(path: Path | str, max_bytes: int, regular_only: bool = False) -> bytes:
    """At most `max_bytes` of `path`, whatever its size claims (/dev/zero claims 0).

    `regular_only` refuses devices and pipes before reading a byte (a pipe nobody writes to
    would block forever); the check is made on the opened file, so a swap after a listing
    cannot get round it.
    """
    try:
        fd = os.open(path, os.O_RDONLY | (os.O_NONBLOCK if regular_only else 0))
        with os.fdopen(fd, "rb") as handle:
            if regular_only and not stat.S_ISREG(os.fstat(fd).st_mode):
                raise InputError(f"{path} is not a regular file", hint="a release must be a plain file")
            os.set_blocking(fd, True)
            data = handle.read(max_bytes + 1)
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a folder", hint="use `summariser batch` for a folder") from None
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if len(data) > max_bytes:
        raise _too_large_unknown(max_bytes)
    return data


def _too_large_unknown(limit: int) -> InputError:
    return InputError(
        f"the release is over the limit of {limit:,} bytes",
        hint="raise it with --max-bytes if this really is one release",
    )


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
    _refuse_without_words(text, name)
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
    mixed = _decode_mixed(data)
    if mixed is not None:
        return mixed
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


def _decode_mixed(data: bytes) -> tuple[str, str] | None:
    """Text pasted together from two sources: UTF-8 lines with a few Windows-1252 ones.

    Each line is decoded on its own, so the UTF-8 umlauts stay right; the encoding names the
    lines that were read as Windows-1252. None when no line with non-ASCII bytes is UTF-8.
    """
    lines = data.split(b"\n")
    texts: list[str] = []
    cp1252_lines: list[int] = []
    utf8_non_ascii = False
    for number, line in enumerate(lines, 1):
        try:
            texts.append(line.decode("utf-8"))
            utf8_non_ascii = utf8_non_ascii or not line.isascii()
        except UnicodeDecodeError:
            try:
                texts.append(line.decode("cp1252"))
            except UnicodeDecodeError:
                return None
            cp1252_lines.append(number)
    if not utf8_non_ascii:
        return None
    shown = ", ".join(map(str, cp1252_lines[:10])) + (", ..." if len(cp1252_lines) > 10 else "")
    return "\n".join(texts), f"utf-8 (cp1252 on line{'s' * (len(cp1252_lines) > 1)} {shown})"


def _refuse_without_words(text: str, name: str) -> None:
    """Numbers, symbols, emoji or bare markup alone are not a release, however long."""
    words = _WORD.findall(text)
    visible = sum(1 for ch in text if not ch.isspace())
    letters = sum(len(w) for w in words)
    if len(words) < 3 and letters >= visible * MIN_LETTER_SHARE:
        raise InputError(
            f"{name} is too short to be a release: {len(words)} word{'s' * (len(words) != 1)}",
            hint="give the whole press release, not only its title or a keyword",
        )
    if len(words) < 3 or letters < visible * MIN_LETTER_SHARE:
        raise InputError(
            f"{name} holds no prose: only numbers, symbols, emoji or markup",
            hint="give a press release written in sentences",
        )


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
        extracted = _deep_html_text(html)
    if not extracted or not extracted.strip():
        raise InputError(f"{name}: no main text found in the HTML")
    title = trafilatura.extract_metadata(html)
    heading = title.title if title is not None and title.title else None
    body = extracted.strip()
    if heading and heading not in body.split("\n", 1)[0]:
        body = f"# {heading}\n\n{body}"
    return body


class _DeepText(HTMLParser):
    """Text of block elements (scripts, styles and page chrome left out), and the nesting depth."""

    SKIP = frozenset(("script", "style", "noscript", "template", "head", "nav", "header", "footer", "aside"))
    VOID = frozenset(("br", "img", "hr", "meta", "link", "input", "wbr", "source", "area", "base", "col"))

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = self.max_depth = self.skipping = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag in self.VOID:
            self.parts.append("\n")
            return
        self.depth += 1
        self.max_depth = max(self.max_depth, self.depth)
        self.skipping += tag in self.SKIP or bool(self.skipping)
        self.parts.append("\n")

    def handle_endtag(self, tag) -> None:
        if tag in self.VOID:
            return
        self.depth = max(0, self.depth - 1)
        self.skipping = max(0, self.skipping - 1) if self.skipping else 0
        self.parts.append("\n")

    def handle_data(self, data) -> None:
        if not self.skipping:
            self.parts.append(data)


def _deep_html_text(html: str) -> str | None:
    """The text of HTML nested too deep for trafilatura's parser (libxml2 stops at ~255 levels).

    Only used when trafilatura found nothing and the page is that deep, so ordinary pages
    whose only text is navigation still count as having no main text.
    """
    parser = _DeepText()
    parser.feed(html)
    parser.close()
    if parser.max_depth < DEEP_HTML_LEVELS:
        return None
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n\n".join(line for line in lines if line)


def _too_large(size: int, limit: int) -> InputError:
    return InputError(
        f"the release is {size:,} bytes, over the limit of {limit:,} bytes",
        hint="raise it with --max-bytes if this really is one release",
    )
