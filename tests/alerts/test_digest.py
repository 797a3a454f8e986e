"""The weekly digest: a real scheduler process, its clock moved to just after Monday 08:00 UTC, sends
one e-mail per recipient to an aiosmtpd sink, saying what changed at every firm it follows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.store.models import AlertChannel, AlertMessage, Firm
from tests.alerts.receivers import smtp_sink
from tests.schedule.processes import Clock, supportcheck
from tests.store.conftest import SaveScan


def _next_monday_8(after: datetime) -> datetime:
    day = (after + timedelta(days=1)).replace(hour=8, minute=0, second=0, microsecond=0)
    return day + timedelta(days=(7 - day.weekday()) % 7)


def test_one_digest_per_recipient_covers_every_firm_it_follows(
    session: Session, save: SaveScan, database_url: str, tmp_path: Path
) -> None:
    week_end = _next_monday_8(datetime.now(UTC))

    def at(days_before: float) -> str:
        return (week_end - timedelta(days=days_before)).isoformat()

    save("Acme", locales=("en-US",), started_at=at(10))  # before the week: the base
    save("Acme", locales=("en-US",), started_at=at(3), phone=False)  # in the week: a change
    save("Bolt", locales=("en-US",), started_at=at(12))
    save("Bolt", locales=("en-US",), started_at=at(2), email=False)
    save("Calm", locales=("en-US",), started_at=at(9))
    save("Calm", locales=("en-US",), started_at=at(8), phone=False)  # changed, but the week before
    firms = {firm.name: firm for firm in session.scalars(select(Firm))}
    for name in ("Acme", "Bolt", "Calm"):
        firms[name].tags = {"sector": "bank"}
    session.add_all(
        [
            AlertChannel(
                tag="sector=bank", kind="email", target="banks@advocate.test", rules=[], digest=True
            ),
            AlertChannel(firm_id=firms["Acme"].id, kind="email", target="banks@advocate.test", digest=True),
            AlertChannel(firm_id=firms["Bolt"].id, kind="email", target="bolt-ops@bolt.test", rules=[]),
        ]
    )
    session.commit()
    clock = Clock(tmp_path / "clock")
    clock.set_at(week_end + timedelta(minutes=5))
    with smtp_sink() as (smtp_url, mailbox):
        env = {
            **clock.env(),
            "SUPPORTCHECK_SMTP_URL": smtp_url,
            "SUPPORTCHECK_BASE_URL": "https://dash.example",
        }
        first = supportcheck("scheduler", "--once", "--db", database_url, env=env)
        assert first.returncode == 0, first.stderr
        assert "1 digest(s) queued" in first.stdout and "1 alert(s) sent" in first.stdout
        again = supportcheck("scheduler", "--once", "--db", database_url, env=env)
        assert "0 digest(s) queued" in again.stdout and "0 alert(s) sent" in again.stdout  # once a week

    [digest] = mailbox.messages
    assert digest["To"] == "banks@advocate.test"
    assert digest["Subject"].startswith("supportcheck weekly digest: ")
    text = digest.get_content()
    assert "Acme (https://dash.example/firms/acme):" in text
    assert "- VANISHED phone +1 202 555 0143 [en-US]" in text
    assert "Bolt (https://dash.example/firms/bolt):" in text and "- VANISHED email" in text
    assert "Calm" not in text  # its change fell in the week before
    [stored] = session.scalars(select(AlertMessage).execution_options(populate_existing=True)).all()
    assert (stored.kind, stored.run_id, stored.period_end) == ("digest", None, week_end)
