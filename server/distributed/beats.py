"""Worker heartbeats in the database: what ``supportcheck worker --health`` and ``/api/v1/workers`` read.

The main worker process beats every :data:`BEAT_S` seconds (its pool children may be busy in a
crawl); each child marks the row with the task it runs and counts the tasks it finished. A
worker is healthy while its last beat is at most :data:`HEALTHY_WITHIN_S` old.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from server.store.models import WorkerBeat

BEAT_S = 5.0
HEALTHY_WITHIN_S = 3 * BEAT_S


def worker_name(pid: int | None = None) -> str:
    """``host:pid`` of the main worker process (a pool child passes its parent's pid)."""
    return f"{socket.gethostname()}:{pid or os.getpid()}"


def register(session: Session, name: str, now: datetime) -> None:
    """Starts the worker's row afresh (a restarted container often gets the same host name and pid)."""
    session.execute(delete(WorkerBeat).where(WorkerBeat.name == name))
    host, _, pid = name.rpartition(":")
    session.add(
        WorkerBeat(
            name=name,
            hostname=host,
            pid=int(pid),
            started_at=now,
            last_beat_at=now,
            state="running",
            tasks_done=0,
            last_outage="",
        )
    )
    session.commit()


def beat(session: Session, name: str, now: datetime, state: str = "running") -> None:
    """Records that the worker ``name`` is alive, or stopping, or stopped."""
    session.execute(update(WorkerBeat).where(WorkerBeat.name == name).values(last_beat_at=now, state=state))
    session.commit()


def task_started(session: Session, name: str, task: str) -> None:
    session.execute(update(WorkerBeat).where(WorkerBeat.name == name).values(current_task=task[:200]))
    session.commit()


def task_finished(session: Session, name: str) -> None:
    session.execute(
        update(WorkerBeat)
        .where(WorkerBeat.name == name)
        .values(current_task=None, tasks_done=WorkerBeat.tasks_done + 1)
    )
    session.commit()


def record_outage(session: Session, name: str, now: datetime, what: str) -> None:
    session.execute(
        update(WorkerBeat)
        .where(WorkerBeat.name == name)
        .values(last_outage=f"{now:%Y-%m-%d %H:%M:%S} UTC: {what}"[:2000])
    )
    session.commit()


@dataclass(frozen=True)
class WorkerView:
    """One worker as ``/api/v1/workers`` shows it."""

    name: str
    hostname: str
    pid: int
    state: str
    started_at: datetime
    last_beat_at: datetime
    healthy: bool
    tasks_done: int
    current_task: str | None
    last_outage: str


def workers(session: Session, now: datetime, hostname: str | None = None) -> list[WorkerView]:
    """Every worker that ever beat (on ``hostname`` only, when given), the latest beat first."""
    query = select(WorkerBeat).order_by(WorkerBeat.last_beat_at.desc(), WorkerBeat.name)
    if hostname is not None:
        query = query.where(WorkerBeat.hostname == hostname)
    fresh = now - timedelta(seconds=HEALTHY_WITHIN_S)
    return [
        WorkerView(
            name=row.name,
            hostname=row.hostname,
            pid=row.pid,
            state=row.state,
            started_at=row.started_at,
            last_beat_at=row.last_beat_at,
            healthy=row.state == "running" and row.last_beat_at >= fresh,
            tasks_done=row.tasks_done,
            current_task=row.current_task,
            last_outage=row.last_outage,
        )
        for row in session.scalars(query)
    ]
