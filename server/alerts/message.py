"""One alert message: a subject, a plain text (the e-mail body and the webhook's Slack ``text``),
and a JSON payload, each linking to the run diff on the dashboard and carrying the evidence."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlencode

from server.alerts.changes import AlertChanges
from server.alerts.revisions import WITHDRAWN, Revision, Withdrawn
from server.store.diff import ChannelChange, OutcomeChange
from server.store.models import Firm

WITHDRAWN_WORDS = {
    "regressions": "regression",
    "recoveries": "recovery",
    "channels_vanished": "vanished",
    "channels_appeared": "appeared",
}
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


def _withdrawn_line(withdrawn: Withdrawn) -> str:
    what = WITHDRAWN_WORDS[withdrawn.list_name]
    change = withdrawn.change
    if isinstance(change, OutcomeChange):
        return _rule_line(f"WITHDRAWN ({what})", change)
    return _channel_line(f"WITHDRAWN ({what})", change)


def compose(
    firm: Firm,
    old_run_id: int,
    new_run_id: int,
    changes: AlertChanges,
    base_url: str,
    revision: Revision | None = None,
) -> Message:
    """The message telling what changed for ``firm`` from run ``old_run_id`` to ``new_run_id``.

    With a ``revision``, the run was judged again with accepted evidence after the channel heard
    of it: ``changes`` are what is new to it, and the message also tells what it was told that no
    longer stands.
    """
    diff_url = f"{base_url}/firms/{firm.slug}/diff?" + urlencode({"from": old_run_id, "to": new_run_id})
    withdrawn = revision.withdrawn if revision is not None else []
    worse = len(changes.regressions) + len(changes.channels_vanished)
    better = len(changes.recoveries) + len(changes.channels_appeared)
    if revision is not None:
        subject = (
            f"supportcheck: {firm.name} run {new_run_id} judged again with accepted evidence "
            f"({worse} worse, {better} better, {len(withdrawn)} withdrawn)"
        )
    else:
        mood = "got worse" if worse and not better else "got better" if better and not worse else "changed"
        subject = f"supportcheck: {firm.name} {mood} ({worse} worse, {better} better) in run {new_run_id}"
    lines = [*change_lines(changes), *map(_withdrawn_line, withdrawn)]
    body = "\n".join([subject, "", *lines, "", f"What changed: {diff_url}"]) + "\n"
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
        "revision": revision.judgement_id if revision is not None else 0,
        WITHDRAWN: [{"list": item.list_name, **asdict(item.change)} for item in withdrawn],
    }
    return Message(subject, body, payload)
