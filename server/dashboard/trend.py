"""A firm's score over its runs, laid out as an inline SVG line chart (no script, no library).

The geometry is computed here so that the template only prints numbers; x follows the runs'
dates, so a gap of months between runs looks like one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from server.store.models import Run
from server.store.queries import STORED_STATUSES

WIDTH, HEIGHT = 640, 200
LEFT, RIGHT, TOP, BOTTOM = 36, 16, 12, 28


@dataclass(frozen=True)
class TrendPoint:
    run_id: int
    started_at: datetime
    score: int
    x: float
    y: float


@dataclass(frozen=True)
class Trend:
    points: list[TrendPoint]
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def polyline(self) -> str:
        return " ".join(f"{point.x:.1f},{point.y:.1f}" for point in self.points)

    @property
    def gridlines(self) -> list[tuple[int, float]]:
        """(score, y) for the horizontal guides at 0, 50 and 100."""
        return [(score, _y(score)) for score in (0, 50, 100)]

    @property
    def left(self) -> int:
        return LEFT

    @property
    def right(self) -> int:
        return WIDTH - RIGHT


def _y(score: int) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (100 - score) / 100


def score_trend(runs: Sequence[Run]) -> Trend:
    """The scored stored runs (each by its latest judgement), oldest first, placed on the chart."""
    scored = sorted(
        (
            (run.started_at, run.id, judgement.score)
            for run in runs
            if run.status in STORED_STATUSES
            and (judgement := run.latest_judgement) is not None
            and judgement.score is not None
        ),
    )
    if not scored:
        return Trend([])
    first, last = scored[0][0], scored[-1][0]
    span = (last - first).total_seconds()
    usable = WIDTH - LEFT - RIGHT
    points = []
    for index, (started_at, run_id, score) in enumerate(scored):
        if span > 0:
            share = (started_at - first).total_seconds() / span
        else:
            share = index / (len(scored) - 1) if len(scored) > 1 else 0.5
        points.append(TrendPoint(run_id, started_at, score, LEFT + usable * share, _y(score)))
    return Trend(points)
