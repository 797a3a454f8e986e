"""``/api/v1/queue``, ``/workers``, ``/changes`` and ``/alerts/deliveries``: what the scheduler and the
workers are doing, what changed across firms, and the alert messages that could not be delivered."""

from __future__ import annotations

from typing import Any

from flask import jsonify
from flask.typing import ResponseReturnValue

from server.alerts.feed import change_feed, failed_deliveries, retry_delivery
from server.api._blueprint import api_blueprint
from server.api.errors import ApiError
from server.api.pagination import page_request, paginated
from server.dashboard.params import feed_filter
from server.distributed.beats import workers
from server.schedule import clock
from server.schedule.board import QueueBoard, queue_board
from server.store.models import AlertMessage, ChangeEvent, Run
from server.store_session import store_session


def _time(moment: Any) -> str | None:
    return moment.isoformat() if moment else None


def _queue_run_json(board: QueueBoard, run: Run) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": run.id,
        "firm": run.firm.slug,
        "firm_name": run.firm.name,
        "status": run.status,
        "status_reason": run.status_reason,
        "attempt": run.attempt,
        "due_at": _time(run.due_at),
        "queued_at": _time(run.created_at),
        "started_at": _time(run.started_at),
    }
    if run.status == "running":
        body["lease_owner"] = run.lease_owner
        body["elapsed_s"] = round(board.elapsed(run).total_seconds(), 1)
    return body


def event_json(event: ChangeEvent) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": event.id,
        "firm": event.firm.slug,
        "firm_name": event.firm.name,
        "run_id": event.run_id,
        "previous_run_id": event.previous_run_id,
        "locale": event.locale,
        "kind": event.kind,
        "detected_at": _time(event.detected_at),
    }
    if event.kind in ("regression", "recovery"):
        body.update(
            rule=event.rule,
            impact=event.impact,
            old_outcome=event.old_outcome,
            new_outcome=event.new_outcome,
            message=event.message,
        )
    else:
        body.update(
            channel=event.channel_kind,
            value=event.value,
            label=event.label,
            url=event.url,
            snippet=event.snippet,
        )
    return body


def delivery_json(message: AlertMessage) -> dict[str, Any]:
    channel = message.channel
    return {
        "id": message.id,
        "kind": message.kind,
        "status": message.status,
        "attempts": message.attempts,
        "last_error": message.last_error,
        "next_attempt_at": _time(message.next_attempt_at),
        "subject": message.subject,
        "run_id": message.run_id,
        "channel": {
            channel.kind: channel.target,
            "firm": channel.firm.slug if channel.firm else None,
            "tag": channel.tag,
        },
        "created_at": _time(message.created_at),
    }


@api_blueprint.get("/queue")
def get_queue() -> ResponseReturnValue:
    """Queued runs (oldest due first), running ones with their elapsed time, and last week's failures."""
    board = queue_board(store_session(), clock.now())
    return jsonify(
        now=_time(board.now),
        queued=[_queue_run_json(board, run) for run in board.queued],
        running=[_queue_run_json(board, run) for run in board.running],
        failed=[_queue_run_json(board, run) for run in board.failed],
    )


@api_blueprint.get("/workers")
def list_workers() -> ResponseReturnValue:
    """Distributed workers by their heartbeats: last beat, tasks done, current task, last outage."""
    now = clock.now()
    return jsonify(
        now=_time(now),
        workers=[
            {
                "name": worker.name,
                "hostname": worker.hostname,
                "pid": worker.pid,
                "state": worker.state,
                "healthy": worker.healthy,
                "started_at": _time(worker.started_at),
                "last_beat_at": _time(worker.last_beat_at),
                "tasks_done": worker.tasks_done,
                "current_task": worker.current_task,
                "last_outage": worker.last_outage,
            }
            for worker in workers(store_session(), now)
        ],
    )


@api_blueprint.get("/changes")
def list_changes() -> ResponseReturnValue:
    """Changes across firms, newest first; ``firm``, ``locale``, ``kind``, ``rule``, ``tag``, ``days``."""
    window = page_request()
    events, total = change_feed(store_session(), feed_filter(), window.per_page, window.offset)
    return paginated([event_json(event) for event in events], total, window)


@api_blueprint.get("/alerts/deliveries")
def list_failed_deliveries() -> ResponseReturnValue:
    """Alert messages given up on (``failed``) or being retried after an error, newest first."""
    window = page_request()
    messages, total = failed_deliveries(store_session(), window.per_page, window.offset)
    return paginated([delivery_json(message) for message in messages], total, window)


@api_blueprint.post("/alerts/deliveries/<int:message_id>/retry")
def retry_failed_delivery(message_id: int) -> ResponseReturnValue:
    """Sends a failed message again at the scheduler's next tick."""
    session = store_session()
    if not retry_delivery(session, message_id, clock.now()):
        raise ApiError(404, "not_found", f"there is no failed alert message {message_id}")
    session.commit()
    return jsonify(delivery_json(session.get(AlertMessage, message_id)))  # type: ignore[arg-type]
