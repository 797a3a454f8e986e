"""A real ``supportcheck serve`` in a subprocess on loopback, for tests that talk to it over HTTP."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

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
