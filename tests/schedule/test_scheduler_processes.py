"""Real scheduler processes on SQLite and PostgreSQL: every due run exactly once, missed runs merged."""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select, update

from server.store.db import open_store
from server.store.models import Run, Schedule
from tests.schedule.processes import Clock, Processes, supportcheck, wait_for

FIRMS = 60
HOUR = 3600


def _import(database_url: str, tmp_path: Path, body: str) -> None:
    config = tmp_path / "firms.yaml"
    config.write_text(body, encoding="utf-8")
    result = supportcheck("firms", "import", str(config), "--db", database_url)
    assert result.returncode == 0, result.stderr


def _hourly_firms(count: int) -> str:
    lines = [f"  - {{name: Firm {n}, url: 'https://firm{n}.example/'}}" for n in range(count)]
    return "firms:\n" + "\n".join(lines) + "\ndefaults:\n  schedule: {cron: '0 * * * *'}\n"


def _count(database_url: str) -> tuple[int, int]:
    with open_store(database_url)() as session:
        runs = session.scalar(select(func.count()).select_from(Run)) or 0
        firms = session.scalar(select(func.count(func.distinct(Run.firm_id)))) or 0
        return runs, firms


def _queued_totals(outputs: list[str]) -> tuple[int, int]:
    queued = sum(int(n) for output in outputs for n in re.findall(r"queued (\d+) run", output))
    active = sum(int(n) for output in outputs for n in re.findall(r"(\d+) still active", output))
    return queued, active


def test_two_schedulers_queue_every_due_run_exactly_once(
    database_url: str, tmp_path: Path, clock: Clock, processes: Processes
) -> None:
    _import(database_url, tmp_path, _hourly_firms(FIRMS))
    schedulers = [processes.start("scheduler", "--interval", "0.1", "--db", database_url) for _ in range(2)]
    clock.set(HOUR)  # every firm is due, for both schedulers at once
    wait_for(lambda: _count(database_url) == (FIRMS, FIRMS), what=f"{FIRMS} runs")
    with open_store(database_url)() as session:  # the workers' part, done by hand
        session.execute(update(Run).values(status="partial", status_reason="finished by the test"))
        session.commit()
    clock.set(2 * HOUR)
    wait_for(lambda: _count(database_url)[0] == 2 * FIRMS, what=f"{2 * FIRMS} runs")
    clock.set(2 * HOUR + 1)
    outputs = [processes.stop(scheduler) for scheduler in schedulers]

    assert _queued_totals(outputs) == (2 * FIRMS, 0)  # no scheduler ever lost a race to the index
    with open_store(database_url)() as session:
        per_firm = Counter(session.scalars(select(Run.firm_id)))
        assert set(per_firm.values()) == {2}
        due_times = Counter(session.scalars(select(Run.due_at)))
        assert len(due_times) == 2 and set(due_times.values()) == {FIRMS}


def test_missed_runs_merge_into_one_and_old_ones_are_skipped(
    database_url: str, tmp_path: Path, clock: Clock, processes: Processes
) -> None:
    _import(
        database_url,
        tmp_path,
        "firms:\n  - {name: Often, url: 'https://often.example/', schedule: {cron: '*/10 * * * *'}}\n"
        "  - {name: Daily, url: 'https://daily.example/',\n"
        "     schedule: {cron: '0 6 * * *', timezone: Europe/Rome}}\n",
    )
    with open_store(database_url)() as session:
        daily_due = session.scalars(select(Schedule.next_due_at).order_by(Schedule.id)).all()[1]
    assert daily_due is not None
    # The machine was off until two hours after Daily's third missed 06:00 (Rome).
    back_on = daily_due + timedelta(days=2, hours=2)
    clock.set_at(back_on)
    result = supportcheck("scheduler", "--once", "--catch-up", "3600", "--db", database_url, env=clock.env())
    assert result.returncode == 0, result.stderr
    # 'Often' fired some 300 times while off, the latest under 10 minutes ago: one run. Daily's
    # latest fire is two hours old, outside the hour's catch-up window: skipped, not replayed.
    assert "queued 1 run(s)" in result.stdout and "1 past the catch-up window" in result.stdout
    merged = int(re.findall(r"merged (\d+) missed", result.stdout)[0])
    assert merged >= 2 * 24 * 6
    with open_store(database_url)() as session:
        (run,) = session.scalars(select(Run)).all()
        assert run.firm.name == "Often" and run.status == "queued"
        assert run.due_at is not None and back_on - timedelta(minutes=10) < run.due_at <= back_on
        for schedule in session.scalars(select(Schedule)):
            assert schedule.next_due_at is not None and schedule.next_due_at > back_on
    again = supportcheck("scheduler", "--once", "--db", database_url, env=clock.env())
    assert "queued 0 run(s)" in again.stdout  # nothing is due until the next fire time
