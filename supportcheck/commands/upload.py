"""``supportcheck upload REPORT.json --server URL``: sends a report made in CI to a dashboard.

The dashboard's ``POST /api/v1/reports`` files it as a run (docs/api.md), with an upload-only token
(``supportcheck token create NAME --upload-only``) read from an environment variable, never from the
command line, where process lists and CI logs would show it. A dashboard that is restarting or
briefly unreachable should not fail a pipeline, so 5xx answers, 429 and network errors are retried
with capped exponential backoff and full jitter, waiting as long as a ``Retry-After`` asks (up to a
minute). A 4xx is the caller's mistake: one sentence saying what the server said, exit code 1.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from checker.politeness import parse_retry_after
from rules.report.model import SCHEMA

COMMANDS = ("upload",)
EXIT_OK, EXIT_FAILED = 0, 1
UPLOAD_PATH = "/api/v1/reports"
MAX_BACKOFF_S = 30.0
RETRIED_STATUSES = frozenset({429})  # and every 5xx

if TYPE_CHECKING:
    import httpx


class UploadError(Exception):
    """Why a report was not uploaded, as one sentence for the user."""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Adds ``upload`` to the ``supportcheck`` command."""
    upload = subparsers.add_parser("upload", help="send a JSON report to a supportcheck dashboard")
    upload.add_argument(
        "report", type=Path, metavar="REPORT.json", help="a report written with --format json"
    )
    upload.add_argument(
        "--server", required=True, metavar="URL", help="the dashboard, e.g. https://sc.example"
    )
    upload.add_argument(
        "--token-env",
        default="SUPPORTCHECK_TOKEN",
        metavar="NAME",
        help="environment variable holding an upload token (default: SUPPORTCHECK_TOKEN)",
    )
    upload.add_argument("--firm", help="file the run under this firm (default: the report's firm)")
    upload.add_argument(
        "--retries", type=int, default=4, help="retries after a 5xx or network error (default 4)"
    )
    upload.add_argument(
        "--retry-wait",
        type=float,
        default=1.0,
        metavar="S",
        help="first backoff in seconds, doubling (default 1)",
    )
    upload.add_argument(
        "--timeout", type=float, default=30.0, metavar="S", help="seconds per attempt (default 30)"
    )


def run(args: argparse.Namespace) -> int:
    """Uploads the report; prints where the run is, or one sentence on standard error."""
    try:
        token = os.environ.get(args.token_env, "").strip()
        if not token:
            raise UploadError(
                f"the environment variable {args.token_env} holding the upload token is not set"
            )
        body = _report_body(args.report)
        import httpx  # here: every other command would pay its ~25 ms of start-up

        with httpx.Client(timeout=args.timeout) as client:
            response = upload_report(
                client,
                args.server,
                body,
                token,
                firm=args.firm,
                retries=max(0, args.retries),
                first_wait_s=max(0.0, args.retry_wait),
            )
    except UploadError as error:
        print(f"supportcheck: {error}", file=sys.stderr)
        return EXIT_FAILED
    run_json = response.json()
    print(f"uploaded as run {run_json.get('id')}: {response.headers.get('Location', '')}")
    return EXIT_OK


def upload_report(
    client: httpx.Client,
    server: str,
    body: bytes,
    token: str,
    *,
    firm: str | None = None,
    retries: int = 4,
    first_wait_s: float = 1.0,
    sleep: Callable[[float], None] = time.sleep,
) -> httpx.Response:
    """POSTs ``body`` to the dashboard at ``server``, retrying what may pass on a second try.

    Args:
        client: the HTTP client (its transport decides where requests really go).
        server: the dashboard's base URL; ``/api/v1/reports`` is added.
        body: a ``supportcheck.report/v1`` report, as JSON bytes.
        token: an API token with the ``upload`` scope.
        firm: file the run under this firm instead of the report's own.
        retries: how many times a 5xx, 429 or network error is retried.
        first_wait_s: the first backoff ceiling; it doubles per retry, capped at 30 s, full jitter.
        sleep: waits between attempts.

    Returns:
        The 2xx response.

    Raises:
        UploadError: on a 4xx, or when the last attempt still failed.
    """
    import httpx

    url = server.rstrip("/") + UPLOAD_PATH
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    params = {"firm": firm} if firm else None
    for attempt in range(retries + 1):
        try:
            response = client.post(url, content=body, headers=headers, params=params)
        except httpx.TransportError as error:
            problem, retry_after = f"{url} could not be reached ({type(error).__name__}: {error})", None
        else:
            if response.is_success:
                return response
            if response.status_code < 500 and response.status_code not in RETRIED_STATUSES:
                raise UploadError(f"the server refused the report: {_said(response)}")
            problem = f"the server answered {_said(response)}"
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
        if attempt == retries:
            break
        ceiling = min(MAX_BACKOFF_S, first_wait_s * 2**attempt)
        sleep(retry_after if retry_after is not None else random.uniform(0, ceiling))
    raise UploadError(f"the report was not uploaded after {retries + 1} attempt(s): {problem}")


def _report_body(path: Path) -> bytes:
    """The report file's bytes, once it is known to be a JSON report (so a typo costs no request)."""
    try:
        body = path.read_bytes()
    except OSError as error:
        raise UploadError(f"cannot read {path}: {error.strerror or error}") from error
    try:
        schema = json.loads(body).get("schema")
    except (ValueError, AttributeError):
        schema = None
    if schema != SCHEMA:
        raise UploadError(f"{path} is not a {SCHEMA} JSON report (write one with --format json)")
    return body


def _said(response: httpx.Response) -> str:
    """``HTTP 403 scope_missing: this token may not ...``, from the API's error body when it has one."""
    try:
        error = response.json()["error"]
        return f"HTTP {response.status_code} {error['code']}: {error['message']}"
    except (ValueError, KeyError, TypeError):
        return f"HTTP {response.status_code} {response.reason_phrase}".rstrip()
