"""``supportcheck serve`` answers over real HTTP, read-only for everyone only when asked."""

from __future__ import annotations

from pathlib import Path

from tests.server.serving import http_status, serve


def test_serve_is_private_by_default_and_public_read_on_request(tmp_path: Path) -> None:
    server, base = serve(tmp_path / "private")
    try:
        assert http_status(f"{base}/api/v1/firms") == 401
    finally:
        server.terminate()
        server.wait(10)
    server, base = serve(tmp_path / "public", "--public-read")
    try:
        assert http_status(f"{base}/") == 200
        assert http_status(f"{base}/api/v1/firms") == 200
    finally:
        server.terminate()
        server.wait(10)
