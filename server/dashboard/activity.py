"""The queue (runs waiting, crawling, failed), the changes feed across firms, and failed alert deliveries."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from server.alerts.feed import change_feed, failed_deliveries, retry_delivery
from server.dashboard._blueprint import dashboard_blueprint
from server.dashboard.diff import CHANNEL_NOUNS
from server.dashboard.params import feed_filter, page_param
from server.dashboard.queries import filter_choices
from server.schedule import clock
from server.schedule.board import queue_board
from server.store.models import CHANGE_KINDS, Firm
from server.store_session import store_session

KIND_WORDS = {
    "regression": "regressed",
    "recovery": "recovered",
    "channel_vanished": "vanished",
    "channel_appeared": "appeared",
}


@dashboard_blueprint.get("/queue")
def queue() -> ResponseReturnValue:
    """Queued runs, running ones with how long they have been crawling, and last week's failures."""
    return render_template("dashboard/queue.html", board=queue_board(store_session(), clock.now()))


@dashboard_blueprint.get("/changes")
def changes() -> ResponseReturnValue:
    """What changed across firms, newest first, filtered by firm, tag, locale, kind, rule and age."""
    session = store_session()
    window = page_param()
    wanted = feed_filter()
    events, total = change_feed(session, wanted, window.size, window.offset)
    return render_template(
        "dashboard/changes.html",
        events=events,
        total=total,
        window=window,
        has_next=window.offset + len(events) < total,
        wanted=wanted,
        firms=session.execute(select(Firm.slug, Firm.name).order_by(Firm.name)).all(),
        choices=filter_choices(session),
        kinds=CHANGE_KINDS,
        kind_words=KIND_WORDS,
        channel_nouns=CHANNEL_NOUNS,
    )


@dashboard_blueprint.get("/alerts")
def deliveries() -> ResponseReturnValue:
    """Alert messages that could not be delivered: given up on, or still being retried."""
    window = page_param()
    messages, total = failed_deliveries(store_session(), window.size, window.offset)
    return render_template(
        "dashboard/deliveries.html",
        messages=messages,
        window=window,
        has_next=window.offset + len(messages) < total,
    )


@dashboard_blueprint.post("/alerts/<int:message_id>/retry")
def retry(message_id: int) -> ResponseReturnValue:
    """Sends a failed message again at the scheduler's next tick."""
    session = store_session()
    if not retry_delivery(session, message_id, clock.now()):
        abort(404, f"there is no failed alert message {message_id}")
    session.commit()
    flash(f"Alert message #{message_id} will be sent again.")
    return redirect(url_for("dashboard.deliveries"), 303)
