"""``supportcheck firms import`` and ``firms list`` through the real entry point, on both backends."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from server.store.db import open_store
from server.store.models import AlertChannel, Firm, Run, Schedule
from tests.schedule.processes import supportcheck

CONFIG = """firms:
  - name: Fibrax
    url: https://www.fibrax.example/
    locales: [it-IT, de-DE]
    proxies: {it-IT: 'socks5://127.0.0.1:1080'}
    settings: {max_pages: 7}
    schedule: {cron: '0 6 * * 1', timezone: Europe/Rome, jitter: 600}
    alerts:
      - {email: ops@fibrax.example}
      - {webhook: 'https://hooks.example/x', secret_env: HOOK_KEY, rules: ['region.*'], min_impact: serious}
  - name: Quiet
    url: https://quiet.example/
    schedule: {cron: '0 * * * *', paused: true}
  - name: Manual
    url: https://manual.example/
"""


def test_import_stores_firms_schedules_and_alerts_without_crawling(database_url: str, tmp_path: Path) -> None:
    config = tmp_path / "firms.yaml"
    config.write_text(CONFIG, encoding="utf-8")
    result = supportcheck("firms", "import", str(config), "--db", database_url)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "imported 3 firm(s): 1 scheduled, 1 paused, 2 alert channel(s)\n"
    with open_store(database_url)() as session:
        assert session.scalars(select(Run)).all() == []
        fibrax = session.scalars(select(Firm).where(Firm.name == "Fibrax")).one()
        assert fibrax.proxies == {"it-IT": "socks5://127.0.0.1:1080"} and fibrax.settings == {"max_pages": 7}
        assert fibrax.schedule is not None and fibrax.schedule.next_due_at is not None
        first_due = fibrax.schedule.next_due_at
        # Mondays 06:00 in Rome is 05:00 UTC in winter, 04:00 in summer; plus a fixed jitter under 10 minutes.
        assert first_due.weekday() == 0 and first_due.hour in (4, 5) and first_due.minute < 11
        channels = [(c.kind, c.target, c.secret_env, c.rules, c.min_impact) for c in fibrax.alert_channels]
        assert channels == [
            ("email", "ops@fibrax.example", "", [], None),
            ("webhook", "https://hooks.example/x", "HOOK_KEY", ["region.*"], "serious"),
        ]
        webhook_id = fibrax.alert_channels[1].id
        quiet = session.scalars(select(Schedule).join(Firm).where(Firm.name == "Quiet")).one()
        assert quiet.paused and quiet.next_due_at is None

    config.write_text(CONFIG.replace("      - {email: ops@fibrax.example}\n", ""), encoding="utf-8")
    again = supportcheck("firms", "import", str(config), "--db", database_url)
    assert again.returncode == 0, again.stderr
    with open_store(database_url)() as session:
        fibrax = session.scalars(select(Firm).where(Firm.name == "Fibrax")).one()
        assert [c.kind for c in fibrax.alert_channels] == ["webhook"]
        # The same channel, not a copy: its outbox and delivery history (keyed by its id) stay.
        assert fibrax.alert_channels[0].id == webhook_id
        assert fibrax.schedule is not None and fibrax.schedule.next_due_at == first_due  # same timing: kept

    listing = supportcheck("firms", "list", "--db", database_url)
    assert listing.returncode == 0, listing.stderr
    fibrax_line = next(line for line in listing.stdout.splitlines() if "Fibrax" in line)
    assert (
        "0 6 * * 1 (Europe/Rome, jitter 600s)" in fibrax_line
        and f"{first_due:%Y-%m-%d %H:%M:%S}" in fibrax_line
    )
    assert "paused" in next(line for line in listing.stdout.splitlines() if "Quiet" in line)


def test_a_bad_schedule_is_one_line_and_stores_nothing(database_url: str, tmp_path: Path) -> None:
    config = tmp_path / "firms.yaml"
    config.write_text(
        "name: Acme\nurl: https://acme.example/\nschedule: {cron: 'every monday'}\n", encoding="utf-8"
    )
    result = supportcheck("firms", "import", str(config), "--db", database_url)
    assert result.returncode == 1
    assert result.stderr.startswith(
        f"supportcheck: {config}:3: schedule.cron: bad cron expression 'every monday'"
    )
    assert result.stderr.count("\n") == 1
    with open_store(database_url)() as session:
        assert session.scalars(select(Firm)).all() == []


TAGGED = """firms:
  - {name: Bank One, url: 'https://one.example/', tags: {sector: bank}}
  - {name: Bank Two, url: 'https://two.example/', tags: {sector: bank}}
  - name: Bank Own
    url: https://own.example/
    tags: {sector: bank}
    schedule: {cron: '30 5 * * *'}
  - {name: Shop, url: 'https://shop.example/', tags: {sector: retail}}
tag_schedules:
  - tag: sector=bank
    schedule: {cron: '0 6 * * 1', timezone: Europe/Rome, jitter: 3600}
    alerts: [{email: banks@advocate.example, digest: true, confirm_runs: 2}]
"""


def test_a_tag_schedule_is_followed_by_each_tagged_firm_without_its_own(
    database_url: str, tmp_path: Path
) -> None:
    config = tmp_path / "firms.yaml"
    config.write_text(TAGGED, encoding="utf-8")
    result = supportcheck("firms", "import", str(config), "--db", database_url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith(", 1 alert channel(s), 1 tag schedule(s)\n")
    with open_store(database_url)() as session:
        rows = session.execute(select(Firm.name, Schedule).outerjoin(Schedule)).all()
        schedules = {name: schedule for name, schedule in rows}
        assert schedules["Shop"] is None
        assert (schedules["Bank Own"].cron, schedules["Bank Own"].tag) == ("30 5 * * *", None)
        one, two = schedules["Bank One"], schedules["Bank Two"]
        assert (one.cron, one.timezone, one.tag) == ("0 6 * * 1", "Europe/Rome", "sector=bank")
        assert two.tag == "sector=bank" and one.next_due_at != two.next_due_at  # each at its own jitter
        [channel] = session.scalars(select(AlertChannel)).all()
        assert (channel.tag, channel.firm_id, channel.confirm_runs, channel.digest) == (
            "sector=bank",
            None,
            2,
            True,
        )
    listing = supportcheck("firms", "list", "--db", database_url).stdout
    assert "(tag sector=bank)" in next(line for line in listing.splitlines() if "Bank One" in line)

    config.write_text(TAGGED.replace("'0 6 * * 1'", "'0 7 * * 2'"), encoding="utf-8")
    assert supportcheck("firms", "import", str(config), "--db", database_url).returncode == 0
    with open_store(database_url)() as session:
        moved = session.scalars(select(Schedule).join(Firm).where(Firm.name == "Bank Two")).one()
        assert (
            moved.cron == "0 7 * * 2" and moved.next_due_at is not None and moved.next_due_at.weekday() == 1
        )
