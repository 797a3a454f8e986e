"""One alert message: a subject, a plain text (the e-mail body and the webhook's Slack ``text``),
and a JSON payload, each linking to the run diff on the dashboard and carrying the evidence."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlencode

from server.alerts.changes import AlertChanges
from server.store.diff import ChannelChange, OutcomeChange
from server.store.models import Firm

BASE_URL_ENV = "SUPPORTCHECK_BASE_URL"
DEFAULT_BASE_URL = "http://127.0.0.1:8080"


def dashboard_base_url() -> str:
    """Where the dashboard is reached from a reader's mail client: ``$SUPPORTCHECK_BASE_URL``."""
    return (os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL).rstrip("/")


@dataclass(frozen=True)
class Message:
    subject: str
    body: str
    payload: dict[str, Any]


def _rule_line(verb: str, change: OutcomeChange) -> str:
    where = change.locale or "all locales"
    outcomes = f"{change.old_outcome} -> {change.new_outcome}"
    return f"- {verb} {change.rule} [{where}] ({change.impact}): {outcomes}. {change.message}"


def _channel_line(verb: str, change: ChannelChange) -> str:
    evidence = f' "{change.snippet}"' if change.snippet else ""
    return (
        f"- {verb} {change.kind} {change.label or change.value} [{change.locale}] on {change.url}{evidence}"
    )


def change_lines(changes: AlertChanges) -> list[str]:
    """One line per change, worse news first: what it is, where, and the evidence."""
    return [
        *(_rule_line("REGRESSED", change) for change in changes.regressions),
        *(_channel_line("VANISHED", change) for change in changes.channels_vanished),
        *(_rule_line("RECOVERED", change) for change in changes.recoveries),
        *(_channel_line("APPEARED", change) for change in changes.channels_appeared),
    ]


def compose(firm: Firm, old_run_id: int, new_run_id: int, changes: AlertChanges, base_url: str) -> Message:
    """The message telling what changed for ``firm`` from run ``old_run_id`` to ``new_run_id``."""
    diff_url = f"{base_url}/firms/{firm.slug}/diff?" + urlencode({"from": old_run_id, "to": new_run_id})
    worse = len(changes.regressions) + len(changes.channels_vanished)
    better = len(changes.recoveries) + len(changes.channels_appeared)
    mood = "got worse" if worse and not better else "got better" if better and not worse else "changed"
    subject = f"supportcheck: {firm.name} {mood} ({worse} worse, {better} better) in run {new_run_id}"
    body = "\n".join([subject, "", *change_lines(changes), "", f"What changed: {diff_url}"]) + "\n"
    payload = {
        "text": body,
        "firm": firm.name,
        "firm_slug": firm.slug,
        "run_id": new_run_id,
        "previous_run_id": old_run_id,
        "diff_url": diff_url,
        "regressions": [asdict(change) for change in changes.regressions],
        "recoveries": [asdict(change) for change in changes.recoveries],
        "channels_vanished": [asdict(change) for change in changes.channels_vanished],
        "channels_appeared": [asdict(change) for change in changes.channels_appeared],
    }
    return Message(subject, body, payload)
