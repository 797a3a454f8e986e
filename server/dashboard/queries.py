"""Reads the dashboard needs beyond ``server.store.queries``, each in a fixed number of statements.

Built on the store's notion of a firm's latest judgement (its newest judgement of its newest
stored run), so that the overview, the compare page and the rules pages always agree on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session, undefer

from server.store.models import Finding, Firm, Judgement, Run, Screenshot
from server.store.queries import latest_judgement_ids


@dataclass(frozen=True)
class FilterChoices:
    """The values the overview's filters offer, from the firms' tags and declared locales."""

    sectors: list[str]
    countries: list[str]
    locales: list[str]


def filter_choices(session: Session) -> FilterChoices:
    """Every sector, country and locale in use, sorted; one statement over the firms table."""
    sectors: set[str] = set()
    countries: set[str] = set()
    locales: set[str] = set()
    for tags, firm_locales in session.execute(select(Firm.tags, Firm.locales)):
        tags = tags or {}
        if isinstance(tags.get("sector"), str):
            sectors.add(tags["sector"])
        if isinstance(tags.get("country"), str):
            countries.add(tags["country"])
        locales.update(locale for locale in firm_locales or () if isinstance(locale, str))
    return FilterChoices(sorted(sectors), sorted(countries), sorted(locales))


def firm_by_slug(session: Session, slug: str) -> Firm | None:
    return session.scalar(select(Firm).where(Firm.slug == slug))


@dataclass(frozen=True)
class LatestEvidence:
    """A firm with its latest run and judgement, the judgement's report loaded for reading."""

    firm: Firm
    run: Run
    judgement: Judgement


def latest_with_reports(session: Session, slugs: Sequence[str]) -> dict[str, LatestEvidence]:
    """The latest judgement, report included, of each firm named; firms never stored are absent.

    One statement: meant for the handful of firms a compare page shows, since reports are large.
    """
    latest = latest_judgement_ids().subquery()
    statement = (
        select(Firm, Run, Judgement)
        .join(latest, latest.c.firm_id == Firm.id)
        .join(Judgement, Judgement.id == latest.c.judgement_id)
        .join(Run, Run.id == Judgement.run_id)
        .where(Firm.slug.in_(slugs))
        .options(undefer(Judgement.report_zlib))
    )
    return {
        firm.slug: LatestEvidence(firm, run, judgement) for firm, run, judgement in session.execute(statement)
    }


def failing_firm_counts(session: Session) -> dict[str, int]:
    """Per rule id, how many firms fail it in their latest judgement (in any locale)."""
    latest = latest_judgement_ids().subquery()
    statement = (
        select(Finding.rule, func.count(distinct(Finding.judgement_id)))
        .where(Finding.judgement_id.in_(select(latest.c.judgement_id)), Finding.outcome == "fail")
        .group_by(Finding.rule)
    )
    return {rule: count for rule, count in session.execute(statement)}


def screenshot_by_digest(session: Session, digest: str) -> Screenshot | None:
    """A stored screenshot with this SHA-256; files are content-addressed, so any row will do."""
    return session.scalar(select(Screenshot).where(Screenshot.sha256 == digest).limit(1))
