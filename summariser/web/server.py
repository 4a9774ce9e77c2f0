"""Bind a socket, print the link, open the browser and run uvicorn until Ctrl-C."""

from __future__ import annotations

import ipaddress
import socket
import threading
import webbrowser
from collections.abc import Callable
from pathlib import Path

import uvicorn

from .app import create_app, new_token

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int = 0) -> socket.socket:
    """A listening socket; port 0 lets the system pick a free one. Binding before uvicorn
    starts means the printed port is the one served, with no race for it."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(64)
    return sock


def url_of(sock: socket.socket, token: str) -> str:
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/?t={token}"


def make_server(out_dir: Path, reviewer: str, sock: socket.socket, token: str) -> uvicorn.Server:
    host = sock.getsockname()[0]
    hosts = (*LOOPBACK_NAMES, host) if is_loopback(host) else None
    app = create_app(out_dir, reviewer, token, hosts)
    return uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off"))


def serve(out_dir: Path, reviewer: str, host: str, port: int, open_browser: bool, echo: Callable[[str], None]) -> None:
    token = new_token()
    sock = bind(host, port)
    url = url_of(sock, token)
    echo(f"Review page: {url}")
    if not is_loopback(host):
        echo(f"Warning: {host} is reachable from other machines; anyone with the link can review.")
    echo("Press Ctrl-C to stop.")
    if open_browser:
        # The socket already listens, so the browser's first request waits for uvicorn.
        threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
    make_server(out_dir, reviewer, sock, token).run(sockets=[sock])
