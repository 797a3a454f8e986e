"""The dashboard's queries: right rows, right order, and a fixed number of statements."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from rules.report.build import build_report
from server.store.errors import NotFound
from server.store.models import Run
from server.store.queries import (
    FirmStanding,
    firm_runs,
    judgement_detail,
    judgement_findings,
    latest_judgements,
    run_pages,
)
from server.store.writer import ensure_firm, save_scan, start_run
from tests.store.conftest import SaveScan, StatementCounter
from tests.store.scans import write_scan

NEWER = "2026-11-03T10:00:00+00:00"


@pytest.fixture
def three_firms(session: Session, save: SaveScan) -> dict[str, Run]:
    """Acme lost its phone and email in its newer run; Botly never had them; Cleo is a bank in Italy."""
    ensure_firm(session, "Cleo", tags={"sector": "bank", "country": "IT"})
    runs = {
        "acme-old": save("Acme"),
        "acme-new": save("Acme", started_at=NEWER, phone=False, email=False),
        "botly": save("Botly", host="www.botly.test", phone=False, email=False),
        "cleo": save("Cleo", host="www.cleo.test", locales=("it-IT",)),
    }
    start_run(session, ensure_firm(session, "Dangling"))  # only a running run: not ranked
    return runs


def test_one_row_per_firm_from_its_latest_run_best_score_first(
    session: Session, three_firms: dict[str, Run]
) -> None:
    standings = latest_judgements(session)
    assert [standing.firm.name for standing in standings] == ["Cleo", "Acme", "Botly"]
    acme = standings[1]
    assert acme.run.id == three_firms["acme-new"].id
    assert acme.judgement.id == three_firms["acme-new"].judgements[0].id
    assert acme.score == acme.judgement.score
    assert acme.outcomes["human.channel"] == "fail"
    assert standings[0].outcomes["human.channel"] == "pass"
    assert standings[0].outcomes["selfservice.present"] == "fail"


def test_filters(session: Session, three_firms: dict[str, Run]) -> None:
    def names(**filters: object) -> list[str]:
        return [standing.firm.name for standing in latest_judgements(session, **filters)]  # type: ignore[arg-type]

    assert names(tags={"sector": "bank"}) == ["Cleo"]
    assert names(tags={"sector": "bank", "country": "FR"}) == []
    assert names(search="CM") == ["Acme"]
    assert names(search="%") == []
    assert names(rule="human.channel", outcome="fail") == ["Acme", "Botly"]
    assert names(rule="human.channel", outcome="pass") == ["Cleo"]
    assert names(locale="it-IT") == ["Cleo"]
    assert names(locale="de-DE", rule="human.channel", outcome="fail") == ["Acme", "Botly"]
    assert names(limit=1, offset=1) == ["Acme"]


def test_a_locale_filter_gives_that_locales_score_and_outcomes(session: Session, save: SaveScan) -> None:
    run = save("Mixed", host="www.mixed.test", silent=("de-DE",))
    detail = judgement_detail(session, run.judgements[0].id)
    by_locale: dict[str, FirmStanding] = {}
    for locale in ("en-US", "de-DE"):
        [standing] = latest_judgements(session, locale=locale)
        assert standing.score == next(r.score for r in detail.locale_results if r.locale == locale)
        assert standing.outcomes == {f.rule: f.outcome for f in detail.findings if f.locale == locale}
        by_locale[locale] = standing
    assert by_locale["en-US"].score != by_locale["de-DE"].score
    assert (by_locale["en-US"].outcomes["human.channel"], by_locale["de-DE"].outcomes["human.channel"]) == (
        "pass",
        "fail",
    )


def test_firm_runs_newest_first_with_their_judgements(session: Session, three_firms: dict[str, Run]) -> None:
    runs = firm_runs(session, three_firms["acme-old"].firm_id)
    assert [run.id for run in runs] == [three_firms["acme-new"].id, three_firms["acme-old"].id]
    assert [len(run.judgements) for run in runs] == [1, 1]
    assert runs[0].latest_judgement is not None and runs[0].latest_judgement.score is not None


def test_judgement_findings_worst_impact_first(session: Session, three_firms: dict[str, Run]) -> None:
    findings = judgement_findings(session, three_firms["botly"].judgements[0].id)
    ranks = [("critical", "serious", "moderate", "minor").index(finding.impact) for finding in findings]
    assert ranks == sorted(ranks) and len(findings) > 10
    assert findings[0].impact == "critical"


def test_judgement_detail_and_run_pages(session: Session, three_firms: dict[str, Run]) -> None:
    detail = judgement_detail(session, three_firms["cleo"].judgements[0].id)
    assert detail.run.firm.name == "Cleo"
    assert [result.locale for result in detail.locale_results] == ["it-IT"]
    assert {channel.kind for channel in detail.channels} >= {"phone", "email", "hours", "contact_page"}
    pages = run_pages(session, three_firms["cleo"].id)
    assert [(page.depth, page.screenshot is not None) for page in pages] == [(0, True), (1, True)]
    with pytest.raises(NotFound):
        judgement_detail(session, 12345)


def _add_firms(session: Session, data_dir: Path, tmp_path: Path, names: list[str]) -> None:
    """Stores one judged scan under many firm names (judging once keeps the test fast)."""
    result = write_scan(tmp_path / "shared-scan")
    report = build_report(result)
    for name in names:
        for started_at in ("2026-11-01T10:00:00+00:00", NEWER):
            result.manifest.started_at = started_at
            save_scan(session, name, result, report, data_dir, tmp_path / "shared-scan")


def test_queries_run_a_fixed_number_of_statements(session: Session, data_dir: Path, tmp_path: Path) -> None:
    counts = []
    for names in (["Firm 1", "Firm 2"], [f"Firm {n}" for n in range(3, 9)]):
        _add_firms(session, data_dir, tmp_path, names)
        session.expire_all()
        with StatementCounter(session) as counter:
            standings = latest_judgements(session, tags={}, rule="human.channel")
            for standing in standings:
                assert standing.firm.name and standing.run.started_at and standing.outcomes
        with StatementCounter(session) as runs_counter:
            for run in firm_runs(session, standings[0].firm.id):
                assert run.latest_judgement is not None and run.latest_judgement.score is not None
        with StatementCounter(session) as detail_counter:
            detail = judgement_detail(session, standings[-1].judgement.id)
            assert detail.findings and detail.channels and detail.locale_results and detail.run.firm.name
        counts.append((len(standings), counter.count, runs_counter.count, detail_counter.count))
    assert [firms for firms, *_ in counts] == [2, 8]
    assert counts[0][1:] == counts[1][1:] == (2, 2, 5)
