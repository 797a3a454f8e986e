"""Servers for tests that talk HTTP: a real ``supportcheck serve`` in a subprocess, or an app under
werkzeug on a thread (for browser tests that prepare the store in-process), both on loopback."""

from __future__ import annotations

import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask
from werkzeug.serving import make_server

from tests.test_cli import COMMAND


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def http_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def serve(data_dir: Path, *extra: str) -> tuple[subprocess.Popen[bytes], str]:
    """Starts ``supportcheck serve`` on a free port, storing in ``data_dir``; returns it and its URL."""
    port = free_port()
    server = subprocess.Popen(
        [*COMMAND, "serve", "--port", str(port), "--db", store_url(data_dir), *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={"SUPPORTCHECK_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin"},
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            if http_status(f"{base}/healthz") == 200:
                return server, base
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise AssertionError("supportcheck serve did not start")


def store_url(data_dir: Path) -> str:
    """The SQLite store :func:`serve` uses for ``data_dir``."""
    return f"sqlite:///{data_dir / 'store.db'}"


@contextmanager
def serve_app(app: Flask) -> Iterator[str]:
    """Serves ``app`` on a free loopback port on a thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
