"""The supportcheck command as a user runs it: exit codes, report formats, rejudge, doctor,
and a killed scan that never poses as complete."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from supportcheck.cli import UsageError, _request_from, build_parser
from supportcheck.report.sarif import FINGERPRINT_KEY
from tests.sites import FixtureServer
from tests.test_sarif import validate_sarif

pytestmark = pytest.mark.browser

# The installed console script, as a user runs it.
COMMAND = [str(Path(sys.executable).with_name("supportcheck"))]


def supportcheck(
    *args: str, env: dict[str, str] | None = None, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*COMMAND, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        stdin=subprocess.DEVNULL,
    )


def _scan_args(sites: FixtureServer, firm_name: str, scan_dir: Path, *extra: str) -> list[str]:
    return [
        "scan",
        sites.entry_url(firm_name),
        "--host-resolver-rules",
        sites.host_resolver_rules,
        "--scan-dir",
        str(scan_dir),
        "--page-timeout",
        "5",
        "--max-pages",
        "10",
        *extra,
    ]


def test_json_report_follows_the_v1_contract_and_exit_code_0(sites: FixtureServer, tmp_path: Path) -> None:
    output = tmp_path / "report.json"
    result = supportcheck(
        *_scan_args(
            sites,
            "acme",
            tmp_path / "scan",
            "--locale",
            "en-US",
            "--locale",
            "it-IT",
            "--format",
            "json",
            "--output",
            str(output),
        )
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(output.read_text())
    assert report["schema"] == "supportcheck.report/v1"
    assert {
        "tool",
        "browser",
        "target",
        "started_at",
        "finished_at",
        "locales",
        "findings",
        "score",
    } <= report.keys()
    assert report["target"]["url"] == sites.entry_url("acme")
    assert [locale["locale"] for locale in report["locales"]] == ["en-US", "it-IT"]
    locale = report["locales"][0]
    assert {"locale", "status", "pages", "channels", "apps", "findings", "score"} <= locale.keys()
    assert {"url", "final_url", "http_status", "depth", "title", "error"} <= locale["pages"][0].keys()
    assert {
        "phone",
        "email",
        "chat",
        "contact_form",
        "callback",
        "self_service",
        "hours",
        "contact_page",
    } <= locale["channels"].keys()
    assert locale["status"] in ("complete", "partial", "blocked", "error")
    channels = locale["channels"]
    assert {"number", "display", "url"} <= channels["phone"][0].keys()
    assert channels["phone"][0]["number"] == "+18005550199"
    assert {"address", "url"} <= channels["email"][0].keys()
    assert {"url"} <= channels["contact_form"][0].keys()
    assert {"url", "text"} <= channels["callback"][0].keys()
    assert {"url"} <= channels["self_service"][0].keys()
    assert {"text", "url"} <= channels["hours"][0].keys()
    assert channels["chat"] == []
    assert channels["contact_page"]["depth"] == 1 and channels["contact_page"]["url"].endswith("/contact")
    finding = next(f for f in locale["findings"] if f["rule"] == "human.channel")
    assert {"rule", "outcome", "impact", "message", "evidence"} <= finding.keys()
    assert (finding["outcome"], finding["impact"]) == ("pass", "critical")
    assert {"url", "selector", "snippet", "screenshot"} <= finding["evidence"][0].keys()
    assert isinstance(report["score"], int) and 0 <= report["score"] <= 100


def test_failing_critical_rule_exits_2_and_fail_on_none_exits_0(sites: FixtureServer, tmp_path: Path) -> None:
    failing = supportcheck(
        *_scan_args(
            sites, "botly", tmp_path / "a", "--format", "junit", "--output", str(tmp_path / "junit.xml")
        )
    )
    assert failing.returncode == 2, failing.stderr
    assert "<failure" in (tmp_path / "junit.xml").read_text()
    relaxed = supportcheck("rejudge", str(tmp_path / "a"), "--fail-on", "none", "--format", "json")
    assert relaxed.returncode == 0
    assert json.loads(relaxed.stdout)["schema"] == "supportcheck.report/v1"


def test_rejudge_reproduces_the_findings_without_a_browser(sites: FixtureServer, tmp_path: Path) -> None:
    scanned = supportcheck(
        *_scan_args(sites, "globex", tmp_path / "scan", "--format", "json", "--fail-on", "none")
    )
    no_browser = {"SUPPORTCHECK_CHROMIUM": "/nonexistent/chromium"}
    rejudged = supportcheck(
        "rejudge", str(tmp_path / "scan"), "--format", "json", "--fail-on", "none", env=no_browser
    )
    assert rejudged.returncode == 0, rejudged.stderr
    first, second = json.loads(scanned.stdout), json.loads(rejudged.stdout)
    assert first["locales"][0]["findings"] == second["locales"][0]["findings"]
    assert first["score"] == second["score"]


def _sarif_results(path: Path) -> list[dict[str, Any]]:
    log = json.loads(path.read_text(encoding="utf-8"))
    validate_sarif(log)
    results: list[dict[str, Any]] = log["runs"][0]["results"]
    return results


def test_several_formats_from_one_scan_with_fingerprints_that_outlive_it(
    sites: FixtureServer, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first = supportcheck(
        *_scan_args(
            sites, "globex", tmp_path / "a", "--format", "json,html,sarif,junit", "--output-dir", str(out)
        ),
        "--fail-on",
        "none",
    )
    assert first.returncode == 0, first.stderr
    assert first.stdout == "", "everything went to files"
    assert sorted(path.name for path in out.iterdir()) == [
        "report.html",
        "report.json",
        "report.junit.xml",
        "report.sarif",
    ]
    report = json.loads((out / "report.json").read_text())
    to_act_on = sorted(
        (finding["rule"], finding["locale"])
        for finding in [*report["findings"], *report["locales"][0]["findings"]]
        if finding["outcome"] in ("fail", "needs_review")
    )
    results = _sarif_results(out / "report.sarif")
    assert to_act_on and sorted((r["ruleId"], r["properties"]["locale"]) for r in results) == to_act_on
    site = sites.entry_url("globex")
    assert all(
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith(site) for r in results
    )
    assert "<failure" in (out / "report.junit.xml").read_text() and (out / "report.html").stat().st_size

    rejudged = supportcheck(
        "rejudge",
        str(tmp_path / "a"),
        "--format",
        "sarif,junit",
        "--output-dir",
        str(tmp_path / "re"),
        "--fail-on",
        "none",
        env={"SUPPORTCHECK_CHROMIUM": "/nonexistent/chromium"},
    )
    assert rejudged.returncode == 0, rejudged.stderr
    assert sorted(path.name for path in (tmp_path / "re").iterdir()) == ["report.junit.xml", "report.sarif"]

    # A second scan: another time and other screenshot files, the same alerts for code scanning.
    second = supportcheck(
        *_scan_args(
            sites, "globex", tmp_path / "b", "--format", "sarif", "--output", str(tmp_path / "b.sarif")
        ),
        "--fail-on",
        "none",
    )
    assert second.returncode == 0, second.stderr
    fingerprints = [
        sorted(r["partialFingerprints"][FINGERPRINT_KEY] for r in _sarif_results(path))
        for path in (out / "report.sarif", tmp_path / "re/report.sarif", tmp_path / "b.sarif")
    ]
    assert fingerprints[0] == fingerprints[1] == fingerprints[2]


def test_bad_format_combinations_are_refused_before_any_scan(tmp_path: Path) -> None:
    unreachable = "http://127.0.0.1:9/"
    for args, needle in [
        (["--format", "json,sarif", "--output", str(tmp_path / "r.json")], "--output takes one format"),
        (
            ["--format", "json,sarif"],
            "several formats need a folder: write json, sarif with --output-dir DIR",
        ),
        (["--format", "json,xml", "--output-dir", str(tmp_path)], "unknown report format 'xml'"),
    ]:
        result = supportcheck("scan", unreachable, "--scan-dir", str(tmp_path / "scan"), *args)
        assert result.returncode == 1
        assert needle in result.stderr and "Traceback" not in result.stderr
        assert not (tmp_path / "scan").exists(), "refused before scanning"


def test_html_report_is_one_self_contained_file(sites: FixtureServer, tmp_path: Path) -> None:
    output = tmp_path / "report.html"
    result = supportcheck(
        *_scan_args(sites, "acme", tmp_path / "scan", "--format", "html", "--output", str(output))
    )
    assert result.returncode == 0, result.stderr
    html = output.read_text()
    assert "data:image/jpeg;base64," in html, "screenshots are embedded"
    assert "http://" not in html.split("<body", 1)[0], "no external resources in the head"


def test_user_mistakes_get_one_line_and_exit_1(tmp_path: Path) -> None:
    for args, needle in [
        (["scan", "ftp://example.test/"], "not an http(s) URL"),
        (["scan", "http://example.test/", "--locale", "xx-YY"], "Unknown locale"),
        (["rejudge", str(tmp_path)], "no scan.json"),
    ]:
        result = supportcheck(*args)
        assert result.returncode == 1
        assert needle in result.stderr and "Traceback" not in result.stderr


def test_an_unreachable_site_is_a_tool_failure_not_a_green_run(tmp_path: Path) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    result = supportcheck(
        "scan", f"http://127.0.0.1:{port}/", "--scan-dir", str(tmp_path), "--deadline", "30"
    )
    assert result.returncode == 1
    assert "no locale could be scanned" in result.stderr


def test_proxies_are_set_per_locale_and_checked() -> None:
    args = build_parser().parse_args(
        [
            "scan",
            "https://a.test/",
            "--locale",
            "it-IT",
            "--locale",
            "de-DE",
            "--proxy",
            "it-IT=socks5://127.0.0.1:1080",
        ]
    )
    proxies = {locale.tag: locale.proxy for locale in _request_from(args).locales}
    assert proxies == {"it-IT": "socks5://127.0.0.1:1080", "de-DE": None}
    for bad in (["--proxy", "fr-FR=http://127.0.0.1:3128"], ["--proxy", "it-IT=ftp://x"]):
        with pytest.raises(UsageError, match="--proxy"):
            _request_from(build_parser().parse_args(["scan", "https://a.test/", "--locale", "it-IT", *bad]))


def test_doctor_names_the_browser_or_says_what_is_missing() -> None:
    healthy = supportcheck("doctor")
    assert healthy.returncode == 0 and "browser:" in healthy.stdout
    broken = supportcheck("doctor", env={"SUPPORTCHECK_CHROMIUM": "/nonexistent/chromium"})
    assert broken.returncode == 1 and "SUPPORTCHECK_CHROMIUM" in broken.stderr


def test_a_killed_scan_leaves_no_manifest_and_cannot_be_rejudged(
    sites: FixtureServer, tmp_path: Path
) -> None:
    scan_dir = tmp_path / "killed"
    process = subprocess.Popen(
        [*COMMAND, *_scan_args(sites, "hostile", scan_dir, "--max-pages", "40", "--page-timeout", "6")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while not (scan_dir / "screenshots").exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert (scan_dir / "screenshots").exists(), "the scan had started"
    assert not (scan_dir / "scan.json").exists()
    result = supportcheck("rejudge", str(scan_dir))
    assert result.returncode == 1 and "killed" in result.stderr
