"""Accepting evidence records the re-judged run's changes again, as storing a run does, and the
alerts follow; the evidence page says which run accepting judges again. On SQLite and PostgreSQL
(the store tests' databases and scan folders)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from server import create_app
from server.alerts.outbox import deliver_due, queue_alerts
from server.alerts.smtp import SmtpSender
from server.evidence.intake import store_evidence
from server.evidence.review import review
from server.store.models import AlertChannel, AlertMessage, ChangeEvent, Run
from tests.alerts.receivers import smtp_sink
from tests.server.test_api_evidence import _logged_in, probe
from tests.store.conftest import SaveScan
from tests.store.scans import PHONE

HELP_URL = "https://www.acme.test/account/help"
NOW = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)
BASE = "https://dash.example"


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


def test_a_channel_told_of_a_run_hears_what_accepted_evidence_changed_once(
    session: Session, save: SaveScan, data_dir: Path
) -> None:
    """The run's own message told of a regression and two vanished channels. The person's page
    shows a phone and a message form: one more message withdraws the regression and the vanished
    phone, tells what is new (the form, and a parity gap it opens with de-DE), and repeats nothing
    it told; asked again, nothing more. Rejected, the evidence's effects are news the other way."""
    save("Acme", started_at="2026-11-01T10:00:00+00:00")
    silent = save("Acme", started_at="2026-11-08T10:00:00+00:00", silent=("en-US",))
    session.add(AlertChannel(firm_id=silent.firm_id, kind="email", target="ops@acme.test", rules=[]))
    session.commit()
    assert queue_alerts(session, silent.id, BASE, NOW) == 1
    with smtp_sink() as (smtp_url, mailbox):
        assert len(deliver_due(session, NOW, {"email": SmtpSender(smtp_url)}).sent) == 1

        accepted = review(session, _evidence_of_a_phone(session, data_dir), "accept", "user bob")
        assert accepted.judgement is not None
        assert queue_alerts(session, silent.id, BASE, NOW, accepted.judgement.id) == 1
        assert queue_alerts(session, silent.id, BASE, NOW, accepted.judgement.id) == 0  # once per judgement
        assert len(deliver_due(session, NOW, {"email": SmtpSender(smtp_url)}).sent) == 1

        first, second = mailbox.messages
        assert "REGRESSED human.channel [en-US]" in first.get_content()
        assert f"Acme run {silent.id} judged again with accepted evidence" in second["Subject"]
        assert "(1 worse, 1 better, 2 withdrawn)" in second["Subject"]
        text = second.get_content()
        assert "WITHDRAWN (regression) human.channel [en-US] (critical): pass -> fail" in text
        assert "WITHDRAWN (vanished) phone" in text
        assert "APPEARED contact_form" in text and "REGRESSED region.channel-parity [de-DE]" in text
        assert "VANISHED" not in text  # the vanished address still stands, and was told already
        assert f"from={silent.id - 1}&to={silent.id}" in text  # still compared with the run before

    rejected = review(session, accepted.evidence.id, "reject", "user bob")
    assert rejected.judgement is not None
    assert queue_alerts(session, silent.id, BASE, NOW, rejected.judgement.id) == 1
    latest = session.scalars(
        select(AlertMessage).where(AlertMessage.run_id == silent.id).order_by(AlertMessage.id.desc())
    ).first()
    assert latest is not None and latest.revision == rejected.judgement.id
    assert [change["rule"] for change in latest.payload["regressions"]] == ["human.channel"]
    assert [change["kind"] for change in latest.payload["channels_vanished"]] == ["phone"]
    withdrawn = {(item["list"], item.get("rule") or item.get("kind")) for item in latest.payload["withdrawn"]}
    assert withdrawn == {("regressions", "region.channel-parity"), ("channels_appeared", "contact_form")}
