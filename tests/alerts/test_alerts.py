"""A phone and an e-mail address vanish between two complete runs: one message per channel, by real
SMTP and a signed webhook; the recovery is one message more; a dead endpoint is retried, then failed."""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from server.alerts.outbox import deliver_due, queue_alerts, senders_from_env
from server.alerts.smtp import SmtpSender
from server.alerts.webhook import send_webhook
from server.store.changes import counts_as_regression
from server.store.diff import OutcomeChange
from server.store.models import AlertChannel, AlertMessage, Run
from tests.alerts.receivers import smtp_sink, webhook_receiver
from tests.store.conftest import SaveScan

NOW = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)
BASE = "https://dash.example"
SECRET = "s3cret-key"


def _channels(session: Session, run: Run, webhook_url: str) -> None:
    session.add_all(
        [
            AlertChannel(firm_id=run.firm_id, kind="email", target="ops@acme.test", rules=[]),
            AlertChannel(
                firm_id=run.firm_id, kind="webhook", target=webhook_url, secret_env="ACME_HOOK_KEY", rules=[]
            ),
            AlertChannel(firm_id=run.firm_id, kind="email", target="apps@acme.test", rules=["region.*"]),
        ]
    )
    session.commit()


def test_a_regression_and_its_recovery_are_one_message_per_channel(
    session: Session, save: SaveScan, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACME_HOOK_KEY", SECRET)
    with smtp_sink() as (smtp_url, mailbox), webhook_receiver(SECRET) as (hook_url, hook):
        before = save("Acme", locales=("en-US",))
        _channels(session, before, hook_url)
        assert queue_alerts(session, before.id, BASE, NOW) == 0  # nothing to compare with yet
        after = save(
            "Acme", locales=("en-US",), started_at="2026-11-03T10:00:00+00:00", phone=False, email=False
        )
        assert queue_alerts(session, after.id, BASE, NOW) == 2  # the region.* channel hears nothing
        assert queue_alerts(session, after.id, BASE, NOW) == 0  # queued once, whoever asks again
        senders = {"email": SmtpSender(smtp_url), "webhook": send_webhook}
        report = deliver_due(session, NOW, senders)
        assert len(report.sent) == 2 and not report.retried and not report.failed

        [mail] = mailbox.messages
        assert mail["To"] == "ops@acme.test" and "Acme got worse" in mail["Subject"]
        text = mail.get_content()
        assert "REGRESSED human.channel [en-US] (critical): pass -> fail" in text
        assert "VANISHED phone +1 202 555 0143 [en-US] on https://www.acme.test/contact" in text
        assert f"{BASE}/firms/acme/diff?from={before.id}&to={after.id}" in text
        [(payload, signed)] = hook.received
        assert signed and payload["text"].startswith("supportcheck: Acme got worse")
        assert [change["rule"] for change in payload["regressions"]] == ["human.channel"]
        assert {change["kind"] for change in payload["channels_vanished"]} == {"phone", "email"}

        back = save("Acme", locales=("en-US",), started_at="2026-11-05T10:00:00+00:00")
        assert queue_alerts(session, back.id, BASE, NOW) == 2
        assert len(deliver_due(session, NOW, senders).sent) == 2
        assert deliver_due(session, NOW, senders).sent == []  # nothing is sent twice
    recovered = mailbox.messages[1]
    assert "Acme got better" in recovered["Subject"]
    assert "RECOVERED human.channel [en-US] (critical): fail -> pass" in recovered.get_content()
    assert len(hook.received) == 2 and hook.received[1][1]


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # closed again on return: nothing listens there


def test_a_dead_endpoint_is_retried_with_backoff_then_failed(
    session: Session, save: SaveScan, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SUPPORTCHECK_SMTP_URL", raising=False)
    monkeypatch.setenv("ACME_HOOK_KEY", SECRET)
    before = save("Acme", locales=("en-US",))
    _channels(session, before, f"http://127.0.0.1:{_closed_port()}/hook")
    after = save("Acme", locales=("en-US",), started_at="2026-11-03T10:00:00+00:00", phone=False)
    assert queue_alerts(session, after.id, BASE, NOW) == 2
    senders = senders_from_env()  # no SMTP server configured: e-mail fails, and says why
    first = deliver_due(session, NOW, senders, max_attempts=2)
    assert len(first.retried) == 2
    assert deliver_due(session, NOW + timedelta(seconds=59), senders, max_attempts=2).retried == []  # backoff
    second = deliver_due(session, NOW + timedelta(minutes=2), senders, max_attempts=2)
    assert len(second.failed) == 2
    errors = {
        message.channel.kind: (message.status, message.attempts, message.last_error)
        for message in session.scalars(select(AlertMessage).execution_options(populate_existing=True))
    }
    assert errors["email"] == (
        "failed",
        2,
        "RuntimeError: no SMTP server to send e-mail through: set SUPPORTCHECK_SMTP_URL",
    )
    assert errors["webhook"][:2] == ("failed", 2) and errors["webhook"][2].startswith("ConnectError")


def _change(old: str | None, new: str, impact: str) -> OutcomeChange:
    return OutcomeChange(
        rule="contact.depth", locale="it-IT", impact=impact, old_outcome=old, new_outcome=new, message=""
    )


def test_only_a_real_regression_alerts() -> None:
    flapping = _change("needs_review", "fail", "serious")  # a page unread last time: no news
    regressed = _change("pass", "fail", "serious")
    critical = _change("needs_review", "fail", "critical")
    assert [counts_as_regression(change) for change in (flapping, regressed, critical)] == [False, True, True]


def test_an_app_no_longer_sold_alerts_the_channels_watching_region_rules(
    session: Session, save: SaveScan
) -> None:
    """The fibre provider's case: its support app vanishes from a storefront between two runs.
    The channel filtered to ``region.*`` hears of it as a regression of ``region.app-available``."""
    with smtp_sink() as (smtp_url, mailbox):
        before = save("Acme", locales=("en-US",), app_sold=True)
        session.add(
            AlertChannel(firm_id=before.firm_id, kind="email", target="apps@acme.test", rules=["region.*"])
        )
        session.commit()
        after = save("Acme", locales=("en-US",), started_at="2026-11-03T10:00:00+00:00", app_sold=False)
        assert queue_alerts(session, after.id, BASE, NOW) == 1
        assert len(deliver_due(session, NOW, {"email": SmtpSender(smtp_url)}).sent) == 1
    [mail] = mailbox.messages
    assert mail["To"] == "apps@acme.test" and "Acme got worse" in mail["Subject"]
    text = mail.get_content()
    assert "REGRESSED region.app-available [en-US]" in text and "pass -> fail" in text
