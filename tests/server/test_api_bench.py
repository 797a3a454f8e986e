"""bench/dashboard_bench.py fills a store and measures every page and API call; run here at a tiny size
so that it cannot rot while nobody runs the full benchmark."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from sqlalchemy import func, select

from server import create_app
from server.store.db import open_store, upgrade
from server.store.models import Finding, Firm, Judgement, Run

BENCH_PATH = Path(__file__).resolve().parents[2] / "bench" / "dashboard_bench.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dashboard_bench", BENCH_PATH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_bench_fills_a_store_and_measures_every_request(bench: ModuleType, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'bench.db'}"
    upgrade(url)
    bench.fill(url, firms=7, locales=2, runs=3)
    sessions = open_store(url)
    with sessions() as session:
        assert session.scalar(select(func.count(Firm.id))) == 7
        assert session.scalar(select(func.count(Run.id))) == 21
        judgement = session.scalars(select(Judgement)).first()
        assert judgement is not None and {locale.locale for locale in judgement.report().locales} == {
            "en-US",
            "de-DE",
        }
        assert session.scalar(select(func.count(Finding.id))) > 21 * 2 * 10
    sessions.kw["bind"].dispose()
    app = create_app(
        {
            "SUPPORTCHECK_DATABASE_URL": url,
            "SUPPORTCHECK_DATA_DIR": str(tmp_path),
            "SUPPORTCHECK_PUBLIC_READ": True,
        }
    )
    results = bench.measure(app, firms=7, repeat=1)
    app.extensions["supportcheck.store"].kw["bind"].dispose()
    assert {result.kind for result in results} == {"page", "api"}
    for result in results:
        assert 0 < result.median_ms <= result.p95_ms
        assert result.statements >= 1
        assert result.problems == [], result.problems  # a tiny store is well within every target
    listing = next(result for result in results if result.name == "GET /api/v1/firms")
    assert listing.statements_fewer == listing.statements


def test_the_bench_refuses_a_store_that_holds_firms(bench: ModuleType, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'bench.db'}"
    upgrade(url)
    bench.fill(url, firms=1, locales=1, runs=1)
    with pytest.raises(SystemExit, match="already holds firms"):
        bench.fill(url, firms=1, locales=1, runs=1)
