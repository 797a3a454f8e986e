"""Change events: what changed for a (firm, locale) between its last two decisive runs, kept as rows.

Recorded in the transaction that stores a run (a crawl, a worker's run, an imported report), so the
changes feed, the alerts and the weekly digest read the same facts and never diff runs again.

A locale is *decisive* in a run when its crawl was ``complete`` or the site refused it
(``blocked``): a partial or failed crawl cannot say that a phone number vanished. Each decisive
locale of the new run is compared with the latest earlier run in which that same locale was
decisive, so a run where Italy failed still reports Germany's news, and Italy's next good crawl is
compared with its last good one. Cross-locale findings are compared between complete runs.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.store.diff import ChannelChange, JudgementDiff, OutcomeChange, diff_judgements
from server.store.models import ChangeEvent, Judgement, LocaleResult, Run

DECISIVE_LOCALE_STATUSES = ("complete", "blocked")
CROSS_LOCALE = ""  # the chain key of findings that belong to no locale
HISTORY = 60  # earlier runs looked at for a locale's previous decisive run


@dataclass(frozen=True)
class RunLocales:
    """A stored run of a firm, its latest judgement and the locales that were decisive in it."""

    run_id: int
    judgement_id: int
    decisive: frozenset[str]  # locale tags, and CROSS_LOCALE when the whole run was complete


def decisive_history(session: Session, firm_id: int, up_to_run: int) -> list[RunLocales]:
    """The firm's judged runs up to ``up_to_run`` (included), oldest first, at most ``HISTORY`` + 1."""
    latest = (
        select(Judgement.run_id, func.max(Judgement.id).label("judgement_id"))
        .join(Run, Run.id == Judgement.run_id)
        .where(Run.firm_id == firm_id, Run.id <= up_to_run, Run.status.in_(("complete", "partial")))
        .group_by(Judgement.run_id)
        .order_by(Judgement.run_id.desc())
        .limit(HISTORY + 1)
        .subquery()
    )
    rows = session.execute(
        select(latest.c.run_id, latest.c.judgement_id, Run.status, LocaleResult.locale, LocaleResult.status)
        .join(Run, Run.id == latest.c.run_id)
        .outerjoin(LocaleResult, LocaleResult.judgement_id == latest.c.judgement_id)
        .order_by(latest.c.run_id)
    ).all()
    judgements: dict[int, int] = {}
    decisive: dict[int, set[str]] = defaultdict(set)
    for run_id, judgement_id, run_status, locale, locale_status in rows:
        judgements[run_id] = judgement_id
        if run_status == "complete":
            decisive[run_id].add(CROSS_LOCALE)
        if locale is not None and locale_status in DECISIVE_LOCALE_STATUSES:
            decisive[run_id].add(locale)
    return [RunLocales(run_id, judgements[run_id], frozenset(decisive[run_id])) for run_id in judgements]


def counts_as_regression(change: OutcomeChange) -> bool:
    """pass → fail, or anything → a critical fail; a page unread last time (``needs_review``) is no news."""
    return change.old_outcome == "pass" or change.impact == "critical"


def _events(run: Run, previous_run_id: int, locale: str, diff: JudgementDiff) -> list[ChangeEvent]:
    """The changes of ``diff`` in ``locale`` that count (see :class:`ChangeEvent` for which)."""
    wanted = None if locale == CROSS_LOCALE else locale

    def rule_event(kind: str, change: OutcomeChange) -> ChangeEvent:
        return ChangeEvent(
            firm_id=run.firm_id, run_id=run.id, previous_run_id=previous_run_id, locale=wanted, kind=kind,
            rule=change.rule, impact=change.impact, old_outcome=change.old_outcome,
            new_outcome=change.new_outcome, message=change.message, detected_at=run.started_at,
        )  # fmt: skip

    def channel_event(kind: str, change: ChannelChange) -> ChangeEvent:
        return ChangeEvent(
            firm_id=run.firm_id, run_id=run.id, previous_run_id=previous_run_id, locale=wanted, kind=kind,
            channel_kind=change.kind, value=change.value, label=change.label, url=change.url,
            snippet=change.snippet, detected_at=run.started_at,
        )  # fmt: skip

    regressions = [
        rule_event("regression", change)
        for change in diff.new_failures
        if change.locale == wanted and counts_as_regression(change)
    ]
    recoveries = [rule_event("recovery", change) for change in diff.fixed if change.locale == wanted]
    if wanted is None:
        return regressions + recoveries
    return [
        *regressions,
        *(channel_event("channel_vanished", c) for c in diff.channels_vanished if c.locale == wanted),
        *recoveries,
        *(channel_event("channel_appeared", c) for c in diff.channels_appeared if c.locale == wanted),
    ]


def record_changes(session: Session, run: Run) -> list[ChangeEvent]:
    """Adds (without committing) the change events of ``run``, a run being stored with its judgement."""
    session.flush()
    history = decisive_history(session, run.firm_id, run.id)
    if not history or history[-1].run_id != run.id:
        return []
    current, earlier = history[-1], history[:-1]
    diffs: dict[int, JudgementDiff] = {}
    events: list[ChangeEvent] = []
    for locale in sorted(current.decisive):
        base = next((past for past in reversed(earlier) if locale in past.decisive), None)
        if base is None:
            continue
        if base.judgement_id not in diffs:
            diffs[base.judgement_id] = diff_judgements(session, base.judgement_id, current.judgement_id)
        events.extend(_events(run, base.run_id, locale, diffs[base.judgement_id]))
    session.add_all(events)
    return events
