"""``supportcheck import`` and ``supportcheck db upgrade``, run through the real entry point."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from rules.report.build import build_report
from server.store.db import open_store
from server.store.models import Firm, Run
from supportcheck.cli import main
from tests.store.scans import write_scan

MIGRATIONS = Path(__file__).resolve().parents[2] / "server" / "store" / "migrations" / "versions"


@pytest.fixture
def report_file(tmp_path: Path) -> Path:
    path = tmp_path / "report.json"
    path.write_text(build_report(write_scan(tmp_path / "scan")).to_json(), encoding="utf-8")
    return path


def test_db_upgrade_then_import(
    empty_database_url: str, report_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "upgrade", "--db", empty_database_url]) == 0
    head = sorted(path.name for path in MIGRATIONS.glob("[0-9]*.py"))[-1].split("_")[0]
    assert f"is at schema revision {head}" in capsys.readouterr().out

    assert main(["import", str(report_file), "--db", empty_database_url, "--firm", "Acme Bank"]) == 0
    assert "as run 1 of Acme Bank (complete, score " in capsys.readouterr().out
    with open_store(empty_database_url)() as session:
        run = session.scalars(select(Run)).one()
        assert (run.source, run.firm.name) == ("import", "Acme Bank")


def test_import_into_the_default_store_migrates_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, report_file: Path
) -> None:
    monkeypatch.delenv("SUPPORTCHECK_DATABASE_URL", raising=False)
    monkeypatch.setenv("SUPPORTCHECK_DATA_DIR", str(tmp_path / "data"))
    assert main(["import", str(report_file)]) == 0
    assert (tmp_path / "data" / "supportcheck.db").is_file()
    with open_store()() as session:
        assert session.scalars(select(Firm.name)).all() == ["Acme"]


def test_a_bad_report_is_one_clear_line(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "lighthouse.json"
    bad.write_text('{"lighthouseVersion": "12"}', encoding="utf-8")
    assert main(["import", str(bad), "--db", database_url]) == 1
    error = capsys.readouterr().err
    assert error == f"supportcheck: {bad} is not a supportcheck.report/v1 report (its schema is None); " + (
        "make it with 'supportcheck scan --format json'\n"
    )
    with open_store(database_url)() as session:
        assert session.scalar(select(func.count()).select_from(Run)) == 0


@pytest.mark.parametrize("backend", ["postgresql"])  # SQLite is migrated on first use
def test_an_unmigrated_postgresql_is_refused_with_the_fix(
    empty_database_url: str, report_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(report_file), "--db", empty_database_url]) == 1
    assert "run 'supportcheck db upgrade --db URL' first" in capsys.readouterr().err


def test_an_unreachable_database_is_one_line(report_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = "postgresql+psycopg://nobody:secret@127.0.0.1:9/supportcheck"
    assert main(["db", "upgrade", "--db", url]) == 1
    error = capsys.readouterr().err
    assert error.startswith("supportcheck: the database failed: ") and error.count("\n") == 1
    assert "secret" not in error
