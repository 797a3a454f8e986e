"""A per-principal request budget for the endpoints a browser extension calls, counted in the store.

A token handed to a person's browser can leak; a budget per token (per user for a login) keeps one
leaked token from flooding the store with evidence or the CPU with judging. The windows are fixed
(one hour, aligned on the epoch) and counted in the ``rate_windows`` table with one atomic UPSERT,
so every ``supportcheck serve`` process and every worker on the same database spends the same
budget; a count kept in a process's memory would give each of them a budget of its own.
"""

from __future__ import annotations

import time

from sqlalchemy import Integer, String, delete
from sqlalchemy.orm import Mapped, Session, mapped_column

from server.api.errors import ApiError
from server.auth.access import Principal
from server.store.dialect import dialect_insert
from server.store.models import Base
from server.store_session import store_session

WINDOW_S = 3600


class RateWindow(Base):
    """How many calls a principal made to one budget in the window that starts at ``window_start``."""

    __tablename__ = "rate_windows"

    budget: Mapped[str] = mapped_column(String(20), primary_key=True, doc="'judge' or 'evidence'")
    principal: Mapped[str] = mapped_column(String(40), primary_key=True, doc="'token:<id>' or 'user:<id>'")
    window_start: Mapped[int] = mapped_column(Integer, primary_key=True, doc="epoch seconds")
    calls: Mapped[int] = mapped_column(Integer)


def principal_key(principal: Principal) -> str:
    """The principal's row: by id, since two tokens may carry the same name."""
    return f"{principal.kind}:{principal.id}"


def take(
    session: Session, budget: str, principal: str, limit: int, now: float, window_s: int = WINDOW_S
) -> float | None:
    """Counts one call and commits; None when it is within ``limit``, else the seconds until the next window.

    The count is raised by one ``INSERT ... ON CONFLICT DO UPDATE ... RETURNING`` (SQLite and
    PostgreSQL alike), so two processes calling at once each see a count of their own; a refused
    call is counted too, which changes nothing since the window is spent already.
    """
    window_start = int(now // window_s) * window_s
    upsert = (
        dialect_insert(session, RateWindow)
        .values(budget=budget, principal=principal, window_start=window_start, calls=1)
        .on_conflict_do_update(
            index_elements=["budget", "principal", "window_start"], set_={"calls": RateWindow.calls + 1}
        )
        .returning(RateWindow.calls)
    )
    calls = int(session.execute(upsert).scalar_one())
    if calls == 1:  # a new window: the principal's older ones count no more
        session.execute(
            delete(RateWindow).where(
                RateWindow.budget == budget,
                RateWindow.principal == principal,
                RateWindow.window_start < window_start,
            )
        )
    session.commit()
    return None if calls <= limit else window_start + window_s - now


def spend(budget: str, principal: Principal, limit: int) -> None:
    """Takes one call from ``principal``'s hourly ``budget`` (``judge``, ``evidence``), or a 429."""
    wait_s = take(store_session(), budget, principal_key(principal), limit, time.time())
    if wait_s is not None:
        retry_after_s = int(wait_s) + 1
        raise ApiError(
            429,
            "rate_limited",
            f"this {principal.kind} sent {limit} {budget} requests this hour: try again in {retry_after_s} s",
            headers={"Retry-After": str(retry_after_s)},
        )
