"""``supportcheck serve`` answers over real HTTP, read-only for everyone only when asked."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.test_cli import COMMAND


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def _serve(tmp_path: Path, *extra: str) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    database = f"sqlite:///{tmp_path / 'store.db'}"
    server = subprocess.Popen(
        [*COMMAND, "serve", "--port", str(port), "--db", database, *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={"SUPPORTCHECK_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            if _status(f"{base}/healthz") == 200:
                return server, base
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise AssertionError("supportcheck serve did not start")


def test_serve_is_private_by_default_and_public_read_on_request(tmp_path: Path) -> None:
    server, base = _serve(tmp_path / "private")
    try:
        assert _status(f"{base}/api/v1/firms") == 401
    finally:
        server.terminate()
        server.wait(10)
    server, base = _serve(tmp_path / "public", "--public-read")
    try:
        assert _status(f"{base}/") == 200
        assert _status(f"{base}/api/v1/firms") == 200
    finally:
        server.terminate()
        server.wait(10)
