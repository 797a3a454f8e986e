"""Alerts per (firm, locale) between the last two decisive runs of that locale, and alerts held back
until N runs in a row agree: flapping sites alert no one, and a locale's bad crawl hides nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.alerts.outbox import queue_alerts
from server.store.models import AlertChannel, AlertMessage, ChangeEvent, Run
from tests.server.synthetic import LocalePlan, store_synthetic_scan
from tests.store.conftest import SaveScan

NOW = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)
BASE = "https://dash.example"


def _day(day: int) -> str:
    return f"2026-11-{day:02d}T10:00:00+00:00"


def _events(session: Session, run: Run) -> list[tuple[str | None, str, str]]:
    rows = session.scalars(select(ChangeEvent).where(ChangeEvent.run_id == run.id).order_by(ChangeEvent.id))
    return [(event.locale, event.kind, event.channel_kind or event.rule) for event in rows]


def _runs_alerted(session: Session, channel: AlertChannel) -> list[int | None]:
    rows = session.scalars(
        select(AlertMessage).where(AlertMessage.channel_id == channel.id).order_by(AlertMessage.id)
    )
    return [message.run_id for message in rows]


def test_a_change_alerts_a_confirming_channel_only_once_n_runs_agree(
    session: Session, save: SaveScan
) -> None:
    first = save("Acme", locales=("en-US",), started_at=_day(1))
    eager = AlertChannel(firm_id=first.firm_id, kind="email", target="eager@acme.test", rules=[])
    patient = AlertChannel(
        firm_id=first.firm_id, kind="email", target="patient@acme.test", rules=[], confirm_runs=2
    )
    session.add_all([eager, patient])
    session.commit()
    runs = [first]
    for day, phone in [(2, False), (3, True), (4, False), (5, False), (6, False)]:
        run = save("Acme", locales=("en-US",), started_at=_day(day), phone=phone)
        queue_alerts(session, run.id, BASE, NOW)
        runs.append(run)
    # The phone flickers off (day 2), back (3), off for good (4 on): the eager channel hears every
    # flicker, the patient one only the vanishing that a second run confirmed (day 5), and once.
    assert _runs_alerted(session, eager) == [runs[1].id, runs[2].id, runs[3].id]
    assert _runs_alerted(session, patient) == [runs[4].id]
    [message] = session.scalars(select(AlertMessage).where(AlertMessage.channel_id == patient.id)).all()
    assert "VANISHED phone +1 202 555 0143 [en-US]" in message.body
    assert f"diff?from={runs[2].id}&to={runs[4].id}" in message.body  # the whole change: before to now


def test_each_locale_is_compared_with_its_own_last_complete_crawl(
    session: Session, data_dir: Path, tmp_path: Path
) -> None:
    def crawl(day: int, *plans: LocalePlan) -> Run:
        return store_synthetic_scan(
            session,
            data_dir,
            tmp_path / f"scan-{day}",
            "Duo",
            list(plans),
            host="www.duo.test",
            started_at=_day(day),
        )

    first = crawl(1, LocalePlan("en-US"), LocalePlan("de-DE"))
    session.add(AlertChannel(firm_id=first.firm_id, kind="email", target="ops@duo.test", rules=[]))
    session.commit()
    # Day 2: en-US loses its phone; de-DE's crawl was cut short, so its missing phone says nothing.
    second = crawl(2, LocalePlan("en-US", phone=None), LocalePlan("de-DE", status="partial", phone=None))
    assert second.status == "partial"
    assert ("en-US", "channel_vanished", "phone") in _events(session, second)
    assert not [event for event in _events(session, second) if event[0] == "de-DE"]
    assert queue_alerts(session, second.id, BASE, NOW) == 1  # a partial run still alerts for en-US
    # Day 3: de-DE is crawled whole again and compared with day 1, its last complete crawl.
    third = crawl(3, LocalePlan("en-US", phone=None), LocalePlan("de-DE", phone=None))
    assert [event for event in _events(session, third) if event[1] == "channel_vanished"] == [
        ("de-DE", "channel_vanished", "phone")
    ]
    [event] = session.scalars(
        select(ChangeEvent).where(ChangeEvent.run_id == third.id, ChangeEvent.kind == "channel_vanished")
    ).all()
    assert event.previous_run_id == first.id
    # Day 4: the site now refuses en-US: a locale newly blocked is a regression.
    fourth = crawl(4, LocalePlan("en-US", status="blocked"), LocalePlan("de-DE", phone=None))
    assert ("en-US", "regression", "region.page-blocked") in _events(session, fourth)
    assert queue_alerts(session, fourth.id, BASE, NOW) == 1
    body = session.scalars(select(AlertMessage).order_by(AlertMessage.id.desc())).first().body  # type: ignore[union-attr]
    assert "REGRESSED region.page-blocked [en-US]" in body
