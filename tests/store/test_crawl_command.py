"""``supportcheck crawl FIRMS.yaml``: every firm of a config file scanned in real Chromium into the store."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from server.store.db import open_store
from server.store.models import AppAvailability, Firm, Run
from tests.sites import FixtureServer
from tests.test_cli import supportcheck

pytestmark = pytest.mark.browser


def test_crawl_stores_one_complete_run_per_firm_with_apps_and_tags(
    database_url: str, sites: FixtureServer, tmp_path: Path
) -> None:
    config = tmp_path / "firms.yaml"
    config.write_text(
        "firms:\n"
        f"  - name: Fibrax\n    url: {sites.entry_url('fibrax')}\n    locales: [it-IT, de-DE]\n"
        "    tags: {sector: telecom, country: IT}\n"
        f"  - name: Acme\n    url: {sites.entry_url('acme')}\n    apps: [apple:284882215]\n"
        "defaults:\n  settings: {max_pages: 6, page_timeout_s: 5}\n",
        encoding="utf-8",
    )
    result = supportcheck(
        "crawl", str(config), "--db", database_url, "--host-resolver-rules", sites.host_resolver_rules,
        env={"SUPPORTCHECK_DATA_DIR": str(tmp_path / "data")},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "stored 2 of 2" in result.stdout
    assert "[1/2] Fibrax" in result.stderr  # progress, firm by firm
    with open_store(database_url)() as session:
        runs = session.scalars(select(Run).order_by(Run.id)).all()
        assert [(run.firm.name, run.status) for run in runs] == [("Fibrax", "complete"), ("Acme", "complete")]
        fibrax = session.scalar(select(Firm).where(Firm.name == "Fibrax"))
        assert fibrax is not None and fibrax.tags == {"sector": "telecom", "country": "IT"}
        acme = session.scalar(select(Firm).where(Firm.name == "Acme"))
        assert acme is not None and acme.apps == [{"store": "apple", "id": "284882215"}]
        sold = {
            (row.locale, row.app_id): row.available
            for row in session.scalars(select(AppAvailability).where(AppAvailability.judgement_id.in_(
                [judgement.id for judgement in runs[0].judgements]
            )))
        }  # fmt: skip
        assert sold[("it-IT", "1459000001")] is True and sold[("de-DE", "1459000001")] is False
    assert any((tmp_path / "data" / "scans").iterdir())


def test_a_bad_config_stores_nothing_and_names_the_line(database_url: str, tmp_path: Path) -> None:
    config = tmp_path / "firms.yaml"
    config.write_text("firms:\n  - name: Acme\n    entry_url: https://acme.example/\n", encoding="utf-8")
    result = supportcheck("crawl", str(config), "--db", database_url)
    assert result.returncode == 1
    assert f"{config}:3:" in result.stderr and "entry_urls" in result.stderr
    with open_store(database_url)() as session:
        assert session.scalars(select(Run)).all() == []
