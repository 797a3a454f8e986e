"""``--assert``: Lighthouse CI-style assertions on real scans of the fixture firms.

Failed ``error`` assertions exit 2 and print expected and actual values; warnings never change the
exit code; ``--fail-on`` is the preset the ``assert:`` section extends; and an absence in a locale
the crawl could not fully see is ``unknown``, never ``failed``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.config import load_assertions
from rules.engine import score
from rules.model import Outcome
from rules.report.model import Report
from supportcheck.assertions import evaluate, vocabulary
from tests.sites import FixtureServer
from tests.test_cli import _scan_args, supportcheck

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def scans(sites: FixtureServer, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Scan folders: acme (every channel, one click deep), botly (a bot only), acme cut to one page."""
    folder = tmp_path_factory.mktemp("scans")
    runs = {"acme": ("acme",), "botly": ("botly",), "acme-cut": ("acme", "--max-pages", "1")}
    for name, (firm, *extra) in runs.items():
        scanned = supportcheck(
            *_scan_args(sites, firm, folder / name, "--locale", "en-US", "--locale", "it-IT", *extra),
            "--fail-on",
            "none",
            "--format",
            "json",
            "--output",
            str(folder / f"{name}.json"),
        )
        assert scanned.returncode == 0, scanned.stderr
    return {name: folder / name for name in runs}


def _assertions(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "supportcheck.yml"
    path.write_text(text)
    return path


def _rejudge(scan_dir: Path, *extra: str) -> tuple[int, list[str]]:
    judged = supportcheck("rejudge", str(scan_dir), "--format", "json", "--output", "/dev/null", *extra)
    return judged.returncode, judged.stderr.splitlines()


def test_a_failed_error_budget_exits_2_with_expected_and_actual(
    scans: dict[str, Path], tmp_path: Path
) -> None:
    budgets = _assertions(tmp_path, "assert:\n  max_contact_depth: 0\n  min_human_channels: 1\n")
    code, lines = _rejudge(scans["acme"], "--assertions", str(budgets))
    assert code == 2
    assert "  failed            max_contact_depth [en-US]: expected <= 0, actual 1" in lines
    assert lines[0].startswith("assertions: 2 failed,")  # both locales; min_human_channels passes


def test_warnings_are_printed_and_never_change_the_exit_code(scans: dict[str, Path], tmp_path: Path) -> None:
    budgets = _assertions(
        tmp_path,
        "assert:\n  max_contact_depth: {level: warn, value: 0}\n"
        "  required_channels: {level: warn, locales: {it-IT: [chat]}}\n",
    )
    code, lines = _rejudge(scans["acme"], "--assertions", str(budgets))
    assert code == 0
    assert any(line.startswith("  warning") and "required_channels [it-IT]" in line for line in lines), lines
    assert "expected chat found, actual missing" in "\n".join(lines)


def test_fail_on_is_the_preset_that_rule_levels_extend(scans: dict[str, Path], tmp_path: Path) -> None:
    nothing_more = _assertions(tmp_path, "assert:\n  rules: {}\n")
    code, lines = _rejudge(scans["botly"], "--assertions", str(nothing_more))
    assert code == 2  # --fail-on serious, as without --assert: human.channel fails
    assert any(line.startswith("  failed") and "human.channel [en-US]" in line for line in lines), lines
    assert _rejudge(scans["botly"], "--assertions", str(nothing_more), "--fail-on", "none")[0] == 0
    relaxed = _assertions(
        tmp_path,
        "assert:\n  rules:\n    human.channel: warn\n    human.bot-only: off\n    callback.offered: off\n",
    )
    code, lines = _rejudge(scans["botly"], "--assertions", str(relaxed), "--fail-on", "critical")
    assert code == 0
    assert any(line.startswith("  warning") and "human.channel" in line for line in lines), lines
    assert not any("human.bot-only" in line for line in lines)


def test_an_absence_the_crawl_could_not_see_is_unknown_not_failed(
    scans: dict[str, Path], tmp_path: Path
) -> None:
    budgets = _assertions(tmp_path, "assert:\n  required_channels: {locales: {it-IT: [phone]}}\n")
    code, lines = _rejudge(scans["acme-cut"], "--assertions", str(budgets), "--fail-on", "none")
    assert code == 0
    (line,) = [line for line in lines if "required_channels" in line]
    assert line.startswith("  unknown ") and "actual not seen (support link not visited (budget)" in line
    strict = _assertions(
        tmp_path, "assert:\n  unknown: error\n  required_channels: {locales: {it-IT: [phone]}}\n"
    )
    code, lines = _rejudge(scans["acme-cut"], "--assertions", str(strict), "--fail-on", "none")
    assert code == 2
    assert any(line.startswith("  unknown (failing)") for line in lines) and not any(
        line.startswith("  failed") for line in lines
    )
    # Seen whole, the same site has the phone.
    assert _rejudge(scans["acme"], "--assertions", str(strict), "--fail-on", "none")[0] == 0


def test_a_low_score_that_undecided_rules_could_lift_is_unknown(
    scans: dict[str, Path], tmp_path: Path
) -> None:
    report = Report.model_validate_json((scans["acme-cut"].parent / "acme-cut.json").read_text())
    locale = report.locales[0]
    assert any(finding.outcome is Outcome.NEEDS_REVIEW for finding in locale.findings)
    # One judged rule failing brings the score under 100; the undecided ones could still lift it.
    passing = next(finding for finding in locale.findings if finding.outcome is Outcome.PASS)
    passing.outcome = Outcome.FAIL
    locale.score = score(locale.findings)
    assert locale.score is not None and locale.score < 100
    budgets = load_assertions(
        _assertions(tmp_path, f"assert:\n  min_score: {locale.score + 1}\n"), vocabulary()
    )
    (result,) = [r for r in evaluate(report, budgets) if r.name == "min_score" and r.locale == locale.locale]
    assert (result.status, result.actual) == ("unknown", str(locale.score)) and "undecided" in result.note
    # With every rule decided, the same score is a failure.
    for finding in locale.findings:
        if finding.outcome is Outcome.NEEDS_REVIEW:
            finding.outcome = Outcome.NOT_APPLICABLE
    (result,) = [r for r in evaluate(report, budgets) if r.name == "min_score" and r.locale == locale.locale]
    assert result.status == "failed"


def test_scan_takes_the_firms_assert_section_and_checks_it_before_crawling(
    sites: FixtureServer, tmp_path: Path
) -> None:
    firm_file = tmp_path / "firms.yaml"
    firm_file.write_text(
        f"name: Acme\nurl: {sites.entry_url('acme')}\nlocales: [en-US]\n"
        "assert:\n  required_channels: [phone, email]\n  min_score: 10\n"
    )
    scanned = supportcheck(
        "scan", "--config", str(firm_file), "--assert", "--host-resolver-rules", sites.host_resolver_rules,
        "--scan-dir", str(tmp_path / "scan"), "--max-pages", "10", "--page-timeout", "5", "--format", "json",
        "--output", str(tmp_path / "report.json"),
    )  # fmt: skip
    assert scanned.returncode == 0, scanned.stderr
    summary = next(line for line in scanned.stderr.splitlines() if line.startswith("assertions: "))
    assert "failed" not in summary and summary.endswith(" passed"), summary
    firm_file.write_text(firm_file.read_text().replace("[phone, email]", "[phone, fax]"))
    refused = supportcheck("scan", "--config", str(firm_file), "--assert", "--scan-dir", str(tmp_path / "no"))
    assert refused.returncode == 1
    assert refused.stderr.strip() == (
        f"supportcheck: {firm_file}:5: assert.required_channels.value[1]: unknown channel kind 'fax' "
        "(known: phone, email, chat, contact_form, callback, self_service, hours, contact_page)"
    )
    assert not (tmp_path / "no").exists()
