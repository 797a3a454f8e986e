"""``supportcheck upload`` against a real ``supportcheck serve`` on loopback: the run lands, a flaky
dashboard is retried (honouring Retry-After), a refusal is one sentence, and the token is never shown."""

from __future__ import annotations

import http.server
import json
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.server.serving import free_port, serve, store_url
from tests.server.synthetic import LocalePlan, synthetic_report
from tests.test_cli import supportcheck

TOKEN_ENV = "SUPPORTCHECK_TOKEN"


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    data_dir = tmp_path_factory.mktemp("dashboard")
    server, base = serve(data_dir)
    try:
        yield base, data_dir
    finally:
        server.terminate()
        server.wait(10)


def _token(data_dir: Path, name: str, scope_flag: str) -> str:
    created = supportcheck("token", "create", name, scope_flag, "--db", store_url(data_dir))
    assert created.returncode == 0, created.stderr
    return created.stdout.splitlines()[-1].strip()


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    report = synthetic_report(
        "Acme Upload", "www.acme.test", [LocalePlan("it-IT")], "2026-11-22T10:15:00+00:00"
    )
    path = tmp_path_factory.mktemp("report") / "report.json"
    path.write_text(report.to_json())
    return path


def _get_json(url: str, token: str) -> dict[str, object]:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())  # type: ignore[no-any-return]


def _upload(report: Path, server: str, token: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return supportcheck(
        "upload", str(report), "--server", server, "--token-env", TOKEN_ENV, *extra, env={TOKEN_ENV: token}
    )


def test_an_upload_only_token_files_the_report_as_a_run(
    dashboard: tuple[str, Path], report_file: Path
) -> None:
    base, data_dir = dashboard
    token = _token(data_dir, "ci-upload", "--upload-only")
    uploaded = _upload(report_file, base, token, "--firm", "Acme CI")
    assert uploaded.returncode == 0, uploaded.stderr
    assert token not in uploaded.stdout + uploaded.stderr
    location = uploaded.stdout.strip().rsplit(" ", 1)[-1]
    assert location.startswith(f"{base}/api/v1/runs/")
    run = _get_json(location, _token(data_dir, "reader", "--read-only"))
    assert (run["firm"], run["source"]) == ("acme-ci", "import")


@pytest.mark.parametrize(
    ("token_of", "said"),
    [
        (lambda data_dir: "sc_not-a-real-token-0123456789", "HTTP 401 bad_token"),
        (lambda data_dir: _token(data_dir, "reader-only", "--read-only"), "HTTP 403 scope_missing"),
    ],
    ids=["bad-token", "wrong-scope"],
)
def test_a_refusal_is_one_sentence_with_what_the_server_said_and_no_retry(
    dashboard: tuple[str, Path], report_file: Path, token_of: object, said: str
) -> None:
    base, data_dir = dashboard
    token = token_of(data_dir)  # type: ignore[operator]
    started = time.monotonic()
    refused = _upload(report_file, base, token, "--retry-wait", "5")
    assert refused.returncode == 1
    assert refused.stderr.count("\n") == 1 and said in refused.stderr, refused.stderr
    assert token not in refused.stdout + refused.stderr
    assert time.monotonic() - started < 5  # a 4xx is not retried


class _FlakyProxy(http.server.BaseHTTPRequestHandler):
    """Answers 503 with Retry-After: 1 to the first two POSTs, then passes requests on to the dashboard."""

    upstream = ""
    failures_left = 2
    attempts: list[float] = []

    def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).attempts.append(time.monotonic())
        if type(self).failures_left > 0:
            type(self).failures_left -= 1
            self._answer(
                503,
                b'{"error": {"status": 503, "code": "unavailable", "message": "restarting"}}',
                {"Retry-After": "1"},
            )
            return
        forwarded = urllib.request.Request(
            self.upstream + self.path, data=body, method="POST", headers=dict(self.headers.items())
        )
        try:
            with urllib.request.urlopen(forwarded, timeout=10) as answer:
                self._answer(answer.status, answer.read(), {"Location": answer.headers.get("Location", "")})
        except urllib.error.HTTPError as error:
            self._answer(error.code, error.read(), {})

    def _answer(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in {
            **headers,
            "Content-Type": "application/json",
            "Content-Length": str(len(body)),
        }.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's signature
        pass


def test_a_dashboard_answering_503_is_retried_after_retry_after_and_the_run_lands(
    dashboard: tuple[str, Path], report_file: Path
) -> None:
    base, data_dir = dashboard
    _FlakyProxy.upstream, _FlakyProxy.failures_left, _FlakyProxy.attempts = base, 2, []
    proxy = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), _FlakyProxy)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    try:
        proxy_url = f"http://127.0.0.1:{proxy.server_address[1]}"
        uploaded = _upload(report_file, proxy_url, _token(data_dir, "ci-flaky", "--upload-only"))
    finally:
        proxy.shutdown()
        proxy.server_close()
    assert uploaded.returncode == 0, uploaded.stderr
    attempts = _FlakyProxy.attempts
    assert len(attempts) == 3
    assert all(later - earlier >= 0.9 for earlier, later in zip(attempts, attempts[1:], strict=False))
    assert "/api/v1/runs/" in uploaded.stdout


def test_an_unreachable_dashboard_is_retried_a_bounded_number_of_times(report_file: Path) -> None:
    closed = f"http://127.0.0.1:{free_port()}"
    started = time.monotonic()
    failed = _upload(report_file, closed, "sc_whatever", "--retries", "2", "--retry-wait", "0.05")
    assert failed.returncode == 1
    assert "after 3 attempt(s)" in failed.stderr and "could not be reached" in failed.stderr, failed.stderr
    assert time.monotonic() - started < 30


def test_a_missing_token_or_a_file_that_is_no_report_costs_no_request(
    tmp_path: Path, report_file: Path
) -> None:
    closed = f"http://127.0.0.1:{free_port()}"
    no_token = supportcheck(
        "upload", str(report_file), "--server", closed, "--token-env", "SC_UNSET_FOR_TEST"
    )
    assert no_token.returncode == 1 and "SC_UNSET_FOR_TEST" in no_token.stderr
    not_a_report = tmp_path / "junit.xml"
    not_a_report.write_text("<testsuites/>")
    refused = _upload(not_a_report, closed, "sc_whatever")
    assert refused.returncode == 1 and "is not a supportcheck.report/v1 JSON report" in refused.stderr
