"""Run the review web app on a free port in a thread, and find Debian's chromium for Playwright."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from summariser.web.app import new_token
from summariser.web.server import bind, make_server, url_of


def chromium() -> str | None:
    """Debian's chromium (what CI installs); Playwright never downloads its own browser here."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


@contextmanager
def running(out_dir: Path, reviewer: str = "web-tester") -> Iterator[str]:
    """The review app for `out_dir` on 127.0.0.1; yields its link (with the session token)."""
    token = new_token()
    sock = bind("127.0.0.1")
    server = make_server(out_dir, reviewer, sock, token)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "the review server did not start"
    try:
        yield url_of(sock, token)
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()
