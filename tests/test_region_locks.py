"""Region locks end to end, as a user meets them through ``supportcheck scan``: the Italy-only
support app, a site refused to German visitors, a Spanish edition without its phone line, and app
stores that never answer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.sites import FixtureServer
from tests.test_cli import supportcheck

pytestmark = pytest.mark.browser


def _scan_json(
    sites: FixtureServer, firm: str, locales: list[str], tmp_path: Path, *extra: str
) -> tuple[int, dict[str, Any]]:
    output = tmp_path / "report.json"
    result = supportcheck(
        "scan",
        sites.entry_url(firm),
        *(arg for locale in locales for arg in ("--locale", locale)),
        "--host-resolver-rules",
        sites.host_resolver_rules,
        "--scan-dir",
        str(tmp_path / "scan"),
        "--page-timeout",
        "5",
        "--max-pages",
        "10",
        "--format",
        "json",
        "--output",
        str(output),
        *extra,
    )
    assert output.is_file(), result.stderr
    return result.returncode, json.loads(output.read_text(encoding="utf-8"))


def _finding(report: dict[str, Any], rule: str, locale: str) -> dict[str, Any]:
    everywhere = [*report["findings"], *(f for loc in report["locales"] for f in loc["findings"])]
    return next(f for f in everywhere if f["rule"] == rule and f["locale"] == locale)


def _locale(report: dict[str, Any], tag: str) -> dict[str, Any]:
    return next(locale for locale in report["locales"] if locale["locale"] == tag)


def test_support_only_in_an_italy_only_app_is_a_critical_lock_outside_italy(
    sites: FixtureServer, tmp_path: Path
) -> None:
    code, report = _scan_json(sites, "fibrax", ["it-IT", "de-DE", "en-GB"], tmp_path)
    assert code == 2
    for tag in ("de-DE", "en-GB"):
        apps = {f"{app['store']}:{app['id']}": app for app in _locale(report, tag)["apps"]}
        assert set(apps) == {"apple:1459000001", "google:it.fibrax.assistenza"}
        assert all(app["available"] is False for app in apps.values())
        assert (
            apps["apple:1459000001"]["url"] == f"https://apps.apple.com/{tag[-2:].lower()}/app/id1459000001"
        )
        locked = _finding(report, "region.app-only-support", tag)
        assert (locked["outcome"], locked["impact"]) == ("fail", "critical")
        assert any("apps.apple.com" in evidence["url"] for evidence in locked["evidence"])
        assert _finding(report, "region.app-available", tag)["outcome"] == "fail"
    italian = _locale(report, "it-IT")
    assert all(app["available"] is True for app in italian["apps"])
    assert _finding(report, "region.app-only-support", "it-IT")["outcome"] == "pass"
    assert _finding(report, "region.app-available", "it-IT")["outcome"] == "pass"
    # The app may reach a person; the website alone must not be called humanless.
    assert _finding(report, "human.channel", "it-IT")["outcome"] == "needs_review"


def test_store_lookups_that_time_out_need_review_never_fail(sites: FixtureServer, tmp_path: Path) -> None:
    _, report = _scan_json(sites, "slowstore", ["en-US"], tmp_path)
    assert {app["available"] for app in _locale(report, "en-US")["apps"]} == {None}
    assert all("timed out" in app["reason"] for app in _locale(report, "en-US")["apps"])
    for rule in ("region.app-available", "region.app-only-support"):
        assert _finding(report, rule, "en-US")["outcome"] == "needs_review", rule


def test_a_site_refused_to_one_locale_fails_page_blocked_there_only(
    sites: FixtureServer, tmp_path: Path
) -> None:
    _, report = _scan_json(sites, "borderline", ["en-US", "de-DE"], tmp_path)
    blocked = _finding(report, "region.page-blocked", "de-DE")
    assert blocked["outcome"] == "fail" and "451" in blocked["evidence"][0]["snippet"]
    assert blocked in report["findings"]  # a cross-locale finding: the top-level list
    assert _finding(report, "region.page-blocked", "en-US")["outcome"] == "pass"
    assert _locale(report, "de-DE")["status"] == "blocked"


def test_a_channel_dropped_by_one_edition_fails_parity_naming_who_has_it(
    sites: FixtureServer, tmp_path: Path
) -> None:
    _, report = _scan_json(sites, "polyglot", ["it-IT", "es-ES"], tmp_path, "--max-pages", "6")
    parity = _finding(report, "region.channel-parity", "es-ES")
    assert parity["outcome"] == "fail"
    assert parity["details"]["missing"]["phone"] == ["it-IT"]
    assert _finding(report, "region.channel-parity", "it-IT")["outcome"] == "pass"


def test_declared_apps_and_a_config_file_drive_the_scan(sites: FixtureServer, tmp_path: Path) -> None:
    config = tmp_path / "acme.yaml"
    config.write_text(
        f"name: Acme\nentry_urls: [{sites.entry_url('acme')}]\nlocales: [en-US, nl-NL]\n"
        "apps: [google:com.example.regional]\n",
        encoding="utf-8",
    )
    output = tmp_path / "report.json"
    result = supportcheck(
        "scan", "--config", str(config), "--app", "apple:284882215",
        "--host-resolver-rules", sites.host_resolver_rules, "--scan-dir", str(tmp_path / "scan"),
        "--max-pages", "4", "--format", "json", "--output", str(output),
    )  # fmt: skip
    report = json.loads(output.read_text(encoding="utf-8"))
    assert report["target"]["firm"] == "Acme", result.stderr
    dutch = {f"{app['store']}:{app['id']}": app for app in _locale(report, "nl-NL")["apps"]}
    assert dutch["google:com.example.regional"]["available"] is False  # sold in DE only
    assert dutch["google:com.example.regional"]["declared"] is True
    assert dutch["apple:284882215"]["available"] is True
    assert _finding(report, "region.app-available", "en-US")["outcome"] == "fail"


def test_a_malformed_config_names_file_line_and_field(tmp_path: Path) -> None:
    config = tmp_path / "firms.yaml"
    config.write_text(
        "firms:\n  - name: Acme\n    entry_urls: [https://acme.example/]\n    locales: [xx-YY]\n"
    )
    result = supportcheck("scan", "--config", str(config))
    assert result.returncode == 1
    assert f"{config}:4:" in result.stderr and "locales" in result.stderr
    bad_app = supportcheck("scan", "https://acme.example/", "--app", "apple:abc")
    assert bad_app.returncode == 1 and "apple:abc" in bad_app.stderr
