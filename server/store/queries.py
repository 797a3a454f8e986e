"""What the dashboard and the API read, each in a fixed number of statements however many firms.

Judgements' report blobs and snapshots' content are deferred columns: listing pages never load
them; ask ``Judgement.report()`` for the full report when one is really needed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, Select, and_, case, func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from server.store.errors import NotFound
from server.store.models import Finding, Firm, Judgement, LocaleResult, Page, Run

STORED_STATUSES = ("complete", "partial")
# Worst first: the outcome a rule shows for a firm is its worst outcome over the locales.
OUTCOME_SEVERITY = ("fail", "error", "needs_review", "pass", "not_applicable")
IMPACT_SEVERITY = ("critical", "serious", "moderate", "minor")


@dataclass(frozen=True)
class FirmStanding:
    """A firm's latest judgement, as a row of the overview.

    ``score`` is the judgement's, or the locale's when the query was filtered by locale;
    ``outcomes`` maps each rule id to its worst outcome over the locales considered.
    """

    firm: Firm
    run: Run
    judgement: Judgement
    score: int | None
    outcomes: dict[str, str] = field(default_factory=dict)


def _worst_outcome(outcomes: Sequence[str]) -> str:
    return min(outcomes, key=lambda outcome: _rank(OUTCOME_SEVERITY, outcome))


def _rank(order: Sequence[str], value: str) -> int:
    return order.index(value) if value in order else len(order)


def latest_judgement_ids() -> Select[tuple[int, int]]:
    """(firm id, judgement id) of each firm's newest judgement of its newest stored run."""
    ranked = (
        select(
            Run.firm_id,
            Judgement.id.label("judgement_id"),
            func.row_number()
            .over(partition_by=Run.firm_id, order_by=(Run.started_at.desc(), Judgement.id.desc()))
            .label("position"),
        )
        .join(Run, Judgement.run_id == Run.id)
        .where(Run.status.in_(STORED_STATUSES))
        .subquery()
    )
    return select(ranked.c.firm_id, ranked.c.judgement_id).where(ranked.c.position == 1)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def latest_judgements(
    session: Session,
    *,
    tags: Mapping[str, str] | None = None,
    locale: str | None = None,
    rule: str | None = None,
    outcome: str | None = None,
    search: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[FirmStanding]:
    """One row per firm, best score first (unscored last), in two statements.

    Args:
        tags: firm tags that must match exactly, e.g. ``{"sector": "bank", "country": "IT"}``.
        locale: only firms judged in this locale; scores and outcomes are that locale's.
        rule: only firms with a finding of this rule (with ``outcome``, if given).
        outcome: with ``rule``, the outcome the finding must have.
        search: part of the firm's name, any case.
        limit, offset: a page of the ranking.
    """
    latest = latest_judgement_ids().subquery()
    score: ColumnElement[int | None] = (LocaleResult.score if locale else Judgement.score).expression
    statement = (
        select(Firm, Run, Judgement, score)
        .join(latest, latest.c.firm_id == Firm.id)
        .join(Judgement, Judgement.id == latest.c.judgement_id)
        .join(Run, Run.id == Judgement.run_id)
    )
    if locale:
        statement = statement.join(
            LocaleResult, and_(LocaleResult.judgement_id == Judgement.id, LocaleResult.locale == locale)
        )
    for key, value in (tags or {}).items():
        statement = statement.where(Firm.tags[key].as_string() == value)
    if search:
        statement = statement.where(Firm.name.ilike(f"%{_escape_like(search)}%", escape="\\"))
    if rule:
        matching = select(Finding.id).where(Finding.judgement_id == Judgement.id, Finding.rule == rule)
        if outcome:
            matching = matching.where(Finding.outcome == outcome)
        if locale:
            matching = matching.where(Finding.locale == locale)
        statement = statement.where(matching.exists())
    statement = statement.order_by(score.desc().nulls_last(), Firm.name).offset(offset).limit(limit)
    rows = session.execute(statement).all()
    outcomes = _outcomes_by_judgement(session, [judgement.id for _, _, judgement, _ in rows], locale)
    return [
        FirmStanding(firm, run, judgement, row_score, outcomes.get(judgement.id, {}))
        for firm, run, judgement, row_score in rows
    ]


def _outcomes_by_judgement(
    session: Session, judgement_ids: list[int], locale: str | None
) -> dict[int, dict[str, str]]:
    if not judgement_ids:
        return {}
    statement = select(Finding.judgement_id, Finding.rule, Finding.outcome).where(
        Finding.judgement_id.in_(judgement_ids)
    )
    if locale:
        statement = statement.where(Finding.locale == locale)
    seen: dict[int, dict[str, list[str]]] = {}
    for judgement_id, rule, outcome in session.execute(statement):
        seen.setdefault(judgement_id, {}).setdefault(rule, []).append(outcome)
    return {
        judgement_id: {rule: _worst_outcome(found) for rule, found in rules.items()}
        for judgement_id, rules in seen.items()
    }


def firm_runs(session: Session, firm_id: int) -> list[Run]:
    """A firm's runs, newest first, each with its judgements (oldest first) for score trends."""
    statement = (
        select(Run)
        .where(Run.firm_id == firm_id)
        .options(selectinload(Run.judgements))
        .order_by(Run.started_at.desc(), Run.id.desc())
    )
    return list(session.scalars(statement))


def judgement_findings(session: Session, judgement_id: int) -> list[Finding]:
    """A judgement's findings, worst impact first, then by locale (cross-locale first) and rule."""
    impact_order = case({impact: index for index, impact in enumerate(IMPACT_SEVERITY)}, value=Finding.impact)
    statement = (
        select(Finding)
        .where(Finding.judgement_id == judgement_id)
        .order_by(impact_order, Finding.locale.is_not(None), Finding.locale, Finding.rule, Finding.id)
    )
    return list(session.scalars(statement))


def judgement_detail(session: Session, judgement_id: int) -> Judgement:
    """A judgement with its run, firm, locale results, findings, channels and apps loaded."""
    statement = (
        select(Judgement)
        .where(Judgement.id == judgement_id)
        .options(
            joinedload(Judgement.run).joinedload(Run.firm),
            selectinload(Judgement.locale_results),
            selectinload(Judgement.findings),
            selectinload(Judgement.channels),
            selectinload(Judgement.apps),
        )
    )
    judgement = session.scalar(statement)
    if judgement is None:
        raise NotFound(f"there is no judgement {judgement_id}")
    return judgement


def run_pages(session: Session, run_id: int) -> list[Page]:
    """The pages a run visited, by locale and depth, with their screenshots."""
    statement = (
        select(Page)
        .where(Page.run_id == run_id)
        .options(joinedload(Page.screenshot))
        .order_by(Page.locale, Page.depth, Page.id)
    )
    return list(session.scalars(statement))
