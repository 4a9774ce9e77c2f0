"""A corpus of bad and hostile inputs, built on the fly in a temporary folder.

Each `Case` is one file (or link, pipe, folder) that a user or an attacker could hand to
`summarise` or drop into a `batch` folder, with the exit code `summarise` documents for it and
the status `batch` gives its row. Nothing here is committed as data: every file is written by
`build`, and the largest is a few kB.
"""

from __future__ import annotations

import hashlib
import os
import random
import resource
import stat
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ENGLISH = (
    "Researchers measure how fast river ice melts in spring\n\n"
    "Scientists at the Northfield Institute have measured how quickly river ice melts in spring. "
    "The team found that dark sediment on the ice speeds up melting by about a third. "
    "The results help towns along the river plan for floods.\n"
)


@dataclass(frozen=True)
class Case:
    """`make(folder)` writes the input into `folder` and returns its path.

    `summarise`: the exit code of `summarise PATH`; `batch`: the row status in a batch run
    (None: the case is not a batch input, e.g. a folder); `extra`: further options.
    `endless`: reading it without a bound never ends (a device), so tests run it only in a
    child process with a memory limit, where a regression fails instead of exhausting the machine.
    """

    name: str
    make: Callable[[Path], Path]
    summarise: int
    batch: str | None = "failed"
    extra: tuple[str, ...] = ()
    endless: bool = False


def _write(name: str, data: bytes) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path

    return make


def _link(name: str, target: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.symlink_to(target)
        return path

    return make


def _folder(name: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.mkdir()
        (path / "inner.txt").write_text(ENGLISH, encoding="utf-8")
        return path

    return make


def _deep_html(levels: int) -> bytes:
    body = "<p>" + ENGLISH.split("\n\n")[1].strip() + "</p>"
    return ("<html><head><title>River ice</title></head><body>" + "<div>" * levels + body
            + "</div>" * levels + "</body></html>").encode()


def _mixed_encoding() -> bytes:
    first, rest = ENGLISH.split("\n\n")
    return (first + "\n\n").encode() + "The café owner’s naïve guess was wrong.\n".encode() + \
        "The résumé of the study is online.\n".encode("cp1252") + rest.encode()


def cases() -> list[Case]:
    noise = random.Random(7).randbytes(4000)
    return [
        Case("empty", _write("empty.txt", b""), 2),
        Case("whitespace", _write("blank.txt", b" \n\t\r\n \n"), 2),
        Case("binary", _write("binary.txt", b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4), 2),
        Case("random bytes", _write("noise.txt", noise), 2),
        Case("utf-16 without BOM", _write("utf16.txt", ENGLISH.encode("utf-16-le")), 2),
        Case("undecodable bytes", _write("undecodable.txt", b"\x81\x8d\x8f\x90\x9d" * 50 + b"\xc3"), 2),
        Case("numbers only", _write("numbers.txt", b"2024 2025 17 4.5 1,000\n" * 40), 2),
        Case("emoji only", _write("emoji.txt", "\U0001F600\U0001F389 \u2764\ufe0f \U0001F680\n".encode() * 40), 2),
        Case("markup only", _write("markup.html", b"<html><body><nav><a href='/'>Home</a></nav>"
                                   b"<script>alert(1)</script></body></html>"), 2),
        Case("too large", _write("large.txt", ENGLISH.encode() * 40), 2, extra=("--max-bytes", "1000")),
        Case("link to /dev/zero", _link("zero.txt", "/dev/zero"), 2, batch="skipped", extra=("--max-bytes", "1000"),
             endless=True),
        Case("dangling link", _link("dangling.txt", "does-not-exist.txt"), 2, batch="skipped"),
        Case("folder", _folder("folder.txt"), 2, batch=None),
        Case("mixed utf-8 and cp1252", _write("mixed.txt", _mixed_encoding()), 0, batch="ok"),
        Case("very deep html", _write("deep.html", _deep_html(400)), 0, batch="ok"),
        Case("html injection", _write("inject.txt", (ENGLISH + "Read more: <img src=x onerror=alert(1)> "
                                                     "[click](javascript:alert(1))\n").encode()), 0, batch="ok"),
        Case("backticks in the name", _write("a`b``c.txt", ENGLISH.encode()), 0, batch="ok"),
    ]


def snapshot(root: Path, leave_out: Path | None = None) -> dict[str, tuple]:
    """Every entry under `root` (not following links): kind, mode, and content hash or target.

    The tool's own cache folder (`root/cache`, where conftest's `isolated_home` points it) is
    left out too: writing the translation cache or the language model's copy there is expected.
    """
    seen: dict[str, tuple] = {}
    skipped = [root / "cache"] + ([leave_out] if leave_out is not None else [])
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder, name)
            if any(path == skip or skip in path.parents for skip in skipped):
                continue
            st = path.lstat()
            if stat.S_ISLNK(st.st_mode):
                seen[str(path)] = ("link", os.readlink(path))
            elif stat.S_ISREG(st.st_mode):
                seen[str(path)] = ("file", stat.S_IMODE(st.st_mode), hashlib.sha256(path.read_bytes()).hexdigest())
            else:
                seen[str(path)] = (stat.S_IFMT(st.st_mode), stat.S_IMODE(st.st_mode))
    return seen


def run_limited(args: list[str], timeout: float = 300) -> tuple[int, str]:
    """`python -m summariser ARGS` in a child process limited to 3 GiB of address space.

    Returns the exit code and stdout + stderr. An unbounded read of /dev/zero then ends in a
    MemoryError (exit 70), not in the machine's memory running out.
    """

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))

    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (str(root), os.environ.get("PYTHONPATH"))))}
    env.pop("PYTEST_CURRENT_TEST", None)
    done = subprocess.run([sys.executable, "-m", "summariser", *args], env=env, preexec_fn=limit,
                          capture_output=True, text=True, timeout=timeout, check=False)
    return done.returncode, done.stdout + done.stderr


def unblock_later(fifo: Path) -> threading.Timer:
    """Should a reader hang on `fifo` (the old behaviour), open and close its writing end so the
    test fails instead of hanging forever."""

    def unblock() -> None:
        try:
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            pass  # nobody is reading: nothing hangs

    timer = threading.Timer(20, unblock)
    timer.start()
    return timer
