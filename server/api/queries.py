"""What the API reads beyond ``server.store.queries``: the firm directory, a firm's latest standing,
pages of runs. Each in a fixed number of statements, whatever the page size (no N+1)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import ScalarSelect, SQLColumnExpression, func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from server.store.errors import NotFound
from server.store.models import Channel, Finding, Firm, Judgement, LocaleResult, Run
from server.store.queries import OUTCOME_SEVERITY, STORED_STATUSES


@dataclass(frozen=True)
class Standing:
    """A firm's newest judgement of its newest stored run; both None before its first run."""

    firm: Firm
    run: Run | None = None
    judgement: Judgement | None = None
    locales: list[LocaleResult] = field(default_factory=list)
    channels: list[Channel] = field(default_factory=list)
    outcomes: dict[str, str] = field(default_factory=dict)


def _latest_judgement_id(firm_id: SQLColumnExpression[int] | int) -> ScalarSelect[int]:
    """The id of the newest judgement of the firm's newest stored run (correlated, given a column)."""
    return (
        select(Judgement.id)
        .join(Run, Run.id == Judgement.run_id)
        .where(Run.firm_id == firm_id, Run.status.in_(STORED_STATUSES))
        .order_by(Run.started_at.desc(), Judgement.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def firm_directory(
    session: Session,
    *,
    tags: Mapping[str, str],
    search: str | None,
    by_score: bool,
    limit: int,
    offset: int,
) -> tuple[list[Standing], int]:
    """A page of firms with their latest judgement (by name, or best score first) and the total, in two
    statements. Unlike the overview's ranking, firms with no stored run yet are listed too."""
    conditions = [Firm.tags[key].as_string() == value for key, value in tags.items()]
    if search:
        conditions.append(Firm.name.icontains(search, autoescape=True))
    total = session.scalar(select(func.count(Firm.id)).where(*conditions)) or 0
    latest = (
        select(Firm.id.label("firm_id"), _latest_judgement_id(Firm.id).label("judgement_id"))
        .where(*conditions)
        .subquery()
    )
    order = (Judgement.score.desc().nulls_last(), Firm.name) if by_score else (Firm.name,)
    rows = session.execute(
        select(Firm, Run, Judgement)
        .join(latest, latest.c.firm_id == Firm.id)
        .outerjoin(Judgement, Judgement.id == latest.c.judgement_id)
        .outerjoin(Run, Run.id == Judgement.run_id)
        .order_by(*order, Firm.id)
        .limit(limit)
        .offset(offset)
    ).all()
    return [Standing(firm, run, judgement) for firm, run, judgement in rows], total


def firm_by_slug(session: Session, slug: str) -> Firm:
    firm = session.scalar(select(Firm).where(Firm.slug == slug))
    if firm is None:
        raise NotFound(f"there is no firm {slug!r}")
    return firm


def firm_standing(session: Session, firm: Firm) -> Standing:
    """The firm's latest judgement with its locales, channels and worst outcome per rule (four statements)."""
    row = session.execute(
        select(Run, Judgement)
        .join(Judgement, Judgement.run_id == Run.id)
        .where(Judgement.id == _latest_judgement_id(firm.id))
    ).first()
    if row is None:
        return Standing(firm)
    run, judgement = row
    outcomes: dict[str, str] = {}
    for rule, outcome in session.execute(
        select(Finding.rule, Finding.outcome).where(Finding.judgement_id == judgement.id)
    ):
        if rule not in outcomes or _worse(outcome, outcomes[rule]):
            outcomes[rule] = outcome
    locales = locale_results(session, judgement.id)
    channels = session.scalars(
        select(Channel).where(Channel.judgement_id == judgement.id).order_by(Channel.locale, Channel.id)
    ).all()
    return Standing(firm, run, judgement, locales, list(channels), dict(sorted(outcomes.items())))


def _worse(outcome: str, than: str) -> bool:
    rank = {name: index for index, name in enumerate(OUTCOME_SEVERITY)}
    return rank.get(outcome, len(rank)) < rank.get(than, len(rank))


def run_page(session: Session, firm: Firm, *, limit: int, offset: int) -> tuple[list[Run], int]:
    """A page of a firm's runs, newest first, each with its judgements (three statements)."""
    total = session.scalar(select(func.count(Run.id)).where(Run.firm_id == firm.id)) or 0
    runs = session.scalars(
        select(Run)
        .where(Run.firm_id == firm.id)
        .options(selectinload(Run.judgements))
        .order_by(Run.started_at.desc(), Run.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return list(runs), total


def run_by_id(session: Session, run_id: int) -> Run:
    """A run with its firm and judgements loaded."""
    run = session.scalar(
        select(Run).where(Run.id == run_id).options(joinedload(Run.firm), selectinload(Run.judgements))
    )
    if run is None:
        raise NotFound(f"there is no run {run_id}")
    return run


def run_judgement(run: Run, judgement_id: int | None) -> Judgement:
    """The run's judgement ``judgement_id``, or its latest; NotFound when it has none such."""
    if judgement_id is None:
        if run.latest_judgement is None:
            raise NotFound(f"run {run.id} has no judgement yet (it is {run.status})")
        return run.latest_judgement
    for judgement in run.judgements:
        if judgement.id == judgement_id:
            return judgement
    raise NotFound(f"run {run.id} has no judgement {judgement_id}")


def locale_results(session: Session, judgement_id: int) -> list[LocaleResult]:
    return list(
        session.scalars(
            select(LocaleResult).where(LocaleResult.judgement_id == judgement_id).order_by(LocaleResult.id)
        )
    )
