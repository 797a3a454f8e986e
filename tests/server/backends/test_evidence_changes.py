"""Accepting evidence records the re-judged run's changes again, as storing a run does, and the
alerts follow; the evidence page says which run accepting judges again. On SQLite and PostgreSQL
(the store tests' databases and scan folders)."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from server import create_app
from server.evidence.intake import store_evidence
from server.evidence.review import review
from server.store.models import AlertChannel, AlertMessage, ChangeEvent, Run
from tests.server.test_api_evidence import _logged_in, probe
from tests.store.conftest import SaveScan
from tests.store.scans import PHONE

HELP_URL = "https://www.acme.test/account/help"


def _evidence_of_a_phone(session: Session, data_dir: Path) -> int:
    """A person's page on the firm's host with a tel: link, stored pending for en-US."""
    page = {"url": HELP_URL, "probe": {**probe(phone=PHONE), "url": HELP_URL}}
    return store_evidence(session, {"pages": [page]}, "en-US", "token alice", 1000, data_dir).id


def _events(session: Session, run: Run) -> set[tuple[str | None, str, str]]:
    session.expire_all()
    rows = session.scalars(select(ChangeEvent).where(ChangeEvent.run_id == run.id))
    return {(event.locale, event.kind, event.rule or event.channel_kind) for event in rows}


def test_a_regression_the_evidence_disproves_is_no_longer_recorded(
    session: Session,
    save: SaveScan,
    data_dir: Path,
) -> None:
    save("Acme", started_at="2026-11-01T10:00:00+00:00")
    silent = save("Acme", started_at="2026-11-08T10:00:00+00:00", silent=("en-US",))
    before = _events(session, silent)
    assert ("en-US", "regression", "human.channel") in before
    assert ("en-US", "channel_vanished", "phone") in before

    result = review(session, _evidence_of_a_phone(session, data_dir), "accept", "user bob")
    assert result.judgement is not None and result.judgement.run_id == silent.id
    after = _events(session, silent)
    assert ("en-US", "regression", "human.channel") not in after
    assert ("en-US", "channel_vanished", "phone") not in after
    assert ("en-US", "channel_vanished", "email") in after  # the person showed no address
    # Rejected again, the evidence counts no more, and the run's changes are what they were.
    review(session, result.evidence.id, "reject", "user bob")
    assert _events(session, silent) == before


def test_accepting_on_the_dashboard_records_a_recovery_and_queues_its_alert(
    session: Session,
    save: SaveScan,
    database_url: str,
    data_dir: Path,
) -> None:
    save("Acme", started_at="2026-11-01T10:00:00+00:00", silent=("en-US",))
    latest = save("Acme", started_at="2026-11-08T10:00:00+00:00", silent=("en-US",))
    assert not _events(session, latest)  # nothing changed between two silent runs
    session.add(AlertChannel(firm_id=latest.firm_id, kind="email", target="ops@acme.test", rules=[]))
    session.commit()
    evidence_id = _evidence_of_a_phone(session, data_dir)

    app: Flask = create_app(
        {"TESTING": True, "SUPPORTCHECK_DATABASE_URL": database_url, "SUPPORTCHECK_DATA_DIR": str(data_dir)}
    )
    try:
        writer = _logged_in(app)
        page = writer.get("/firms/acme/evidence").get_data(as_text=True)
        assert f"judges the firm's latest crawled run, run #{latest.id} of" in page
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert token
        accepted = writer.post(
            f"/evidence/{evidence_id}/review", data={"decision": "accept", "csrf_token": token.group(1)}
        )
        assert accepted.status_code == 302
    finally:
        app.extensions["supportcheck.store"].kw["bind"].dispose()

    after = _events(session, latest)
    assert ("en-US", "recovery", "human.channel") in after
    assert ("en-US", "channel_appeared", "phone") in after
    [message] = session.scalars(select(AlertMessage).where(AlertMessage.run_id == latest.id)).all()
    assert "human.channel" in message.body and message.status == "pending"
