"""Server fixtures: a store filled with realistic firms, runs, findings and screenshots, and an app on it.

The builders live in :mod:`tests.server.synthetic`; :func:`fill_store` lays out the shared data set,
whose firms and what each shows are:

- ``acme-bank`` (bank, IT; en-US, de-DE, it-IT; three runs): all channels on 2026-10-01; the phone
  number gone from the de-DE contact page and the callback gone in en-US on 2026-11-03; it-IT blocked
  by the site on 2026-12-01.
- ``botly-telecom`` (telecom, DE): only a bot chat, so it fails ``human.channel`` and ``human.bot-only``.
- ``cleo-insurance`` (insurance, IT): good, and better in its second run.
- ``dora-energy`` (energy, FR): contact page four clicks deep, no opening hours.
- ``fjord-air`` (airline, NO): an imported report (no screenshots, no snapshots).
- the hostile firm (retail, FR; :data:`HOSTILE_SLUG`): its name starts a spreadsheet formula and
  every scraped text of its second run carries an XSS payload.
- ``ghost-co``: only a run still ``running``, so it is listed nowhere.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from server import create_app
from server.auth.accounts import create_token, create_user
from server.store.db import open_store
from server.store.importer import import_report
from server.store.writer import ensure_firm, start_run
from tests.server.synthetic import LocalePlan, plant_payloads, store_synthetic_scan, synthetic_report
from tests.store.conftest import StatementCounter

HOSTILE_NAME = '=HYPERLINK("https://evil.test","Evil") <script>window.__pwned=1;alert("name")</script> Shop'
HOSTILE_SLUG = "hyperlink-https-evil-test-evil-script-window-pwned-1-alert-name-script-shop"

# --- the shared data set -----------------------------------------------------------------------


@dataclass(frozen=True)
class FilledStore:
    """A store made by :func:`fill_store`: where it is, and the ids tests refer to."""

    url: str
    data_dir: Path
    run_ids: dict[str, int]  # "acme-bank/1" (oldest) … "acme-bank/3", "botly-telecom/1", …

    def latest_run_id(self, slug: str) -> int:
        return max(run_id for key, run_id in self.run_ids.items() if key.startswith(slug + "/"))


def _dated(day: str) -> str:
    return f"{day}T10:00:00+00:00"


def fill_store(url: str, data_dir: Path, scans_dir: Path) -> FilledStore:
    """Stores the data set the module docstring describes into the (new) store at ``url``."""
    sessions = open_store(url)
    run_ids: dict[str, int] = {}
    folders = iter(range(1000))

    def scan(slug: str, firm: str, plans: list[LocalePlan], day: str, **options: Any) -> None:
        run = store_synthetic_scan(
            session,
            data_dir,
            scans_dir / f"scan-{next(folders)}",
            firm,
            plans,
            started_at=_dated(day),
            **options,
        )
        run_ids[f"{slug}/{sum(key.startswith(slug + '/') for key in run_ids) + 1}"] = run.id

    acme = {"host": "www.acme-bank.test", "tags": {"sector": "bank", "country": "IT"}}
    botly = {
        "host": "www.botly.test",
        "tags": {"sector": "telecom", "country": "DE"},
        "accent": (124, 58, 237),
    }
    cleo = {
        "host": "www.cleo.test",
        "tags": {"sector": "insurance", "country": "IT"},
        "accent": (27, 122, 61),
    }
    hostile = {"host": "evil.test", "tags": {"sector": "retail", "country": "FR"}, "accent": (179, 38, 30)}
    with sessions() as session:
        scan(
            "acme-bank",
            "Acme Bank",
            [LocalePlan("en-US"), LocalePlan("de-DE"), LocalePlan("it-IT")],
            "2026-10-01",
            **acme,
        )
        scan(
            "acme-bank",
            "Acme Bank",
            [LocalePlan("en-US", callback=False), LocalePlan("de-DE", phone=None), LocalePlan("it-IT")],
            "2026-11-03",
            **acme,
        )
        scan(
            "acme-bank",
            "Acme Bank",
            [
                LocalePlan("en-US", callback=False),
                LocalePlan("de-DE", phone=None),
                LocalePlan("it-IT", status="blocked"),
            ],
            "2026-12-01",
            **acme,
        )
        bot_only = {"phone": None, "email": None, "chat": "bot", "callback": False}
        scan(
            "botly-telecom",
            "Botly Telecom",
            [LocalePlan("de-DE", **bot_only), LocalePlan("en-US", **bot_only)],
            "2026-11-20",
            **botly,
        )
        scan(
            "botly-telecom",
            "Botly Telecom",
            [LocalePlan("de-DE", **bot_only), LocalePlan("en-US", **bot_only)],
            "2026-12-02",
            **botly,
        )
        scan(
            "cleo-insurance",
            "Cleo Insurance",
            [LocalePlan("it-IT", hours=False, chat="human"), LocalePlan("en-US", hours=False)],
            "2026-09-15",
            **cleo,
        )
        scan(
            "cleo-insurance",
            "Cleo Insurance",
            [LocalePlan("it-IT", chat="human"), LocalePlan("en-US")],
            "2026-11-15",
            **cleo,
        )
        scan(
            "dora-energy",
            "Dora Energy",
            [
                LocalePlan("fr-FR", contact_depth=4, hours=False, callback=False),
                LocalePlan("en-GB", contact_depth=4, hours=False, callback=False),
            ],
            "2026-11-25",
            host="www.dora.test",
            tags={"sector": "energy", "country": "FR"},
        )
        scan(HOSTILE_SLUG, HOSTILE_NAME, [LocalePlan("fr-FR"), LocalePlan("en-US")], "2026-11-01", **hostile)
        scan(
            HOSTILE_SLUG,
            HOSTILE_NAME,
            [LocalePlan("fr-FR", callback=False), LocalePlan("en-US")],
            "2026-11-28",
            edit=plant_payloads,
            **hostile,
        )
        fjord = synthetic_report(
            "Fjord Air", "www.fjord.test", [LocalePlan("en-GB", callback=False)], _dated("2026-11-10")
        )
        ensure_firm(session, "Fjord Air", tags={"sector": "airline", "country": "NO"})
        run_ids["fjord-air/1"] = import_report(session, fjord).id
        start_run(session, ensure_firm(session, "Ghost Co", tags={"sector": "bank", "country": "IT"}))
    sessions.kw["bind"].dispose()
    return FilledStore(url, data_dir, run_ids)


@pytest.fixture(scope="session")
def filled_store(tmp_path_factory: pytest.TempPathFactory) -> FilledStore:
    """The shared data set in a SQLite store, built once per test session: tests must only read it."""
    root = tmp_path_factory.mktemp("filled-store")
    return fill_store(f"sqlite:///{root / 'store.db'}", root / "data", root / "scans")


def server_config(store: FilledStore) -> dict[str, Any]:
    """An app configuration that reads ``store`` publicly, with pages of four firms."""
    return {
        "TESTING": True,
        "SUPPORTCHECK_DATABASE_URL": store.url,
        "SUPPORTCHECK_DATA_DIR": str(store.data_dir),
        "SUPPORTCHECK_PUBLIC_READ": True,
        "DASHBOARD_PAGE_SIZE": 4,
    }


@pytest.fixture
def app_config(filled_store: FilledStore) -> dict[str, Any]:
    """The app's configuration for tests; a test may change it before asking for ``app``."""
    return server_config(filled_store)


@pytest.fixture
def app(app_config: dict[str, Any]) -> Iterator[Flask]:
    application = create_app(app_config)
    yield application
    factory = application.extensions.get("supportcheck.store")
    if factory is not None:
        factory.kw["bind"].dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@contextmanager
def counted_statements(app: Flask) -> Iterator[StatementCounter]:
    """Counts the SQL statements the app runs on its store inside the block (the store must be open)."""
    engine = app.extensions["supportcheck.store"].kw["bind"]
    with StatementCounter(Session(engine)) as counter:
        yield counter


# --- writing: a private copy of the data set, tokens and users (API, auth and SSRF tests) ---------


@pytest.fixture
def writable_store(filled_store: FilledStore, tmp_path: Path) -> FilledStore:
    """A copy of the shared data set that one test may change."""
    source = Path(filled_store.url.removeprefix("sqlite:///"))
    shutil.copyfile(source, tmp_path / "store.db")
    shutil.copytree(filled_store.data_dir, tmp_path / "data")
    return FilledStore(f"sqlite:///{tmp_path / 'store.db'}", tmp_path / "data", filled_store.run_ids)


@pytest.fixture
def private_app(writable_store: FilledStore) -> Iterator[Flask]:
    """An app on ``writable_store`` that nobody may read or write without a login or a token."""
    application = create_app({**server_config(writable_store), "SUPPORTCHECK_PUBLIC_READ": False})
    yield application
    factory = application.extensions.get("supportcheck.store")
    if factory is not None:
        factory.kw["bind"].dispose()


@pytest.fixture
def ledger_app(writable_store: FilledStore) -> Iterator[Flask]:
    """A private app on ``writable_store`` whose scans go to the run ledger, as under ``serve``.

    Private targets are allowed because the synthetic firms' hosts resolve nowhere: a scan asked
    for is only queued here, never crawled.
    """
    application = create_app(
        {
            **server_config(writable_store),
            "SUPPORTCHECK_PUBLIC_READ": False,
            "SUPPORTCHECK_SCAN_RUNNER": "ledger",
            "SUPPORTCHECK_ALLOW_PRIVATE_TARGETS": True,
        }
    )
    yield application
    application.extensions["supportcheck.store"].kw["bind"].dispose()


def bearer(app: Flask, *scopes: str, name: str = "test-token") -> dict[str, str]:
    """Headers carrying a new token with ``scopes`` in ``app``'s store."""
    sessions = open_store(app.config["SUPPORTCHECK_DATABASE_URL"])
    with sessions() as session:
        issued = create_token(session, name, scopes)
    sessions.kw["bind"].dispose()
    return {"Authorization": f"Bearer {issued.secret}"}


def add_user(app: Flask, name: str = "alice", password: str = "correct horse battery") -> None:
    """Adds a user who may log in to ``app``."""
    sessions = open_store(app.config["SUPPORTCHECK_DATABASE_URL"])
    with sessions() as session:
        create_user(session, name, password)
    sessions.kw["bind"].dispose()
