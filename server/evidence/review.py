"""Accepting or rejecting evidence, and re-judging the firm's latest run with what was accepted.

Accepted pages join the crawl's snapshots of their locale as pages a person saw
(``PageSnapshot.supplied_by``), except an app's store page (App Store, Google Play), which is not
the firm's site: what it showed becomes a person-seen store answer beside the lookups' (read by
``checker.appstores.store_page``). The same rules judge the whole again, and the new judgement is
stored beside the old ones, so it becomes the firm's latest and its score counts. A finding whose
outcome the evidence changed says so, and who supplied it: the run is judged once without the
evidence too, and each finding compared with its counterpart there. The run's change events are
recorded again from the new judgement, as when a run is stored, so the changes feed, the digest
and the alerts follow what the evidence changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from checker.appstores.model import StoreAnswer
from checker.appstores.store_page import split_store_pages
from checker.locales import country_of
from checker.scan import ScanResult
from checker.snapshot import LocaleSnapshots, PageSnapshot
from rules.evidence import SEEN_BY_PERSON
from rules.model import Finding, Outcome
from rules.report.build import build_report
from rules.report.model import Report
from server.evidence.models import Evidence
from server.evidence.pages import person_pages
from server.store._rows import add_judgement
from server.store.changes import record_changes
from server.store.errors import NotFound
from server.store.models import ChangeEvent, Judgement, Run, Screenshot
from server.store.queries import STORED_STATUSES
from server.store.rejudge import stored_scan


@dataclass(frozen=True)
class ReviewResult:
    """What a review did: the new judgement (None when nothing could be re-judged) and why not."""

    evidence: Evidence
    judgement: Judgement | None
    note: str


def latest_rejudgeable_run(session: Session, firm_id: int) -> Run | None:
    """The run that accepting evidence judges again: the firm's latest stored run with snapshots."""
    return session.scalar(
        select(Run)
        .where(Run.firm_id == firm_id, Run.status.in_(STORED_STATUSES), Run.manifest.is_not(None))
        .order_by(Run.started_at.desc(), Run.id.desc())
        .limit(1)
    )


def _pages_of(evidence: Evidence) -> list[PageSnapshot]:
    supplied_by = f"evidence #{evidence.id} from {evidence.submitted_by}"
    return person_pages(json.loads(evidence.pages_json), evidence.locale, supplied_by, inside_crawl=True)


def with_evidence(scan: ScanResult, accepted: list[Evidence]) -> tuple[ScanResult, list[Evidence]]:
    """The scan with each accepted evidence's pages added to its locale, and the store pages among
    them as person-seen store answers (a store page that tells nothing is left out); and the
    evidence used."""
    used: list[Evidence] = []
    locales: list[LocaleSnapshots] = []
    store_answers: list[StoreAnswer] = []
    for locale in scan.locales:
        mine = [evidence for evidence in accepted if evidence.locale == locale.locale]
        used.extend(mine)
        pages = [page for evidence in mine for page in _pages_of(evidence)]
        extra, store_pages = split_store_pages(pages, country_of(locale.locale))
        store_answers.extend(store.answer for store in store_pages if store.answer is not None)
        locales.append(locale.model_copy(update={"pages": [*locale.pages, *extra]}) if extra else locale)
    apps = scan.apps.model_copy(update={"answers": [*scan.apps.answers, *store_answers]})
    return scan.model_copy(update={"locales": locales, "apps": apps}), used


def _supplied_note(finding: Finding, before: Finding, used: list[Evidence]) -> Finding:
    mine = [evidence for evidence in used if evidence.locale == finding.locale]
    who = "; ".join(
        f"evidence #{evidence.id} from {evidence.submitted_by}, accepted by {evidence.reviewed_by}"
        for evidence in mine
    )
    if before.outcome in (Outcome.NEEDS_REVIEW, Outcome.ERROR):
        seen = f"the crawler could not see this ({before.outcome.value} without it); a person's browser did"
    else:
        seen = f"a person's browser added what it saw ({before.outcome.value} without it)"
    note = f" Supplied by a person: {seen} ({who})."
    return finding.model_copy(
        update={
            "message": finding.message + note,
            "details": {
                **finding.details,
                "supplied_by_person": [
                    {"evidence": evidence.id, "by": evidence.submitted_by, "url": evidence.page_url}
                    for evidence in mine
                ],
                "outcome_without_evidence": before.outcome.value,
            },
        }
    )


def mark_supplied(report: Report, baseline: Report, used: list[Evidence]) -> Report:
    """``report`` with every locale finding the evidence changed, or that a person's pages told
    (``rules.evidence.SEEN_BY_PERSON``), saying that a person supplied it."""
    before = {(locale.locale, f.rule): f for locale in baseline.locales for f in locale.findings}
    locales = []
    for locale in report.locales:
        findings = [
            _supplied_note(finding, old, used)
            if (old := before.get((locale.locale, finding.rule))) is not None
            and (old.outcome != finding.outcome or finding.details.get(SEEN_BY_PERSON))
            else finding
            for finding in locale.findings
        ]
        locales.append(locale.model_copy(update={"findings": findings}))
    return report.model_copy(update={"locales": locales})


def rejudge_with_evidence(session: Session, firm_id: int) -> tuple[Judgement | None, str]:
    """Judges the firm's latest stored run again with its accepted evidence; commits the judgement."""
    run = latest_rejudgeable_run(session, firm_id)
    if run is None:
        return None, "the firm has no crawled run to judge again (an imported report has no snapshots)"
    accepted = list(
        session.scalars(
            select(Evidence)
            .where(Evidence.firm_id == firm_id, Evidence.status == "accepted")
            .order_by(Evidence.id)
        )
    )
    scan = stored_scan(session, run)
    extended, used = with_evidence(scan, accepted)
    report = mark_supplied(build_report(extended), build_report(scan), used)
    screenshots = session.scalars(select(Screenshot).where(Screenshot.run_id == run.id)).all()
    judgement = add_judgement(
        session, run, report, report.to_json(), {shot.source_path: shot.path for shot in screenshots}
    )
    for evidence in used:
        evidence.judgement_id = evidence.judgement_id or judgement.id
    # What changed since the previous decisive run is what the new judgement says, not the old one.
    session.execute(delete(ChangeEvent).where(ChangeEvent.run_id == run.id))
    record_changes(session, run)
    session.commit()
    skipped = len(accepted) - len(used)
    note = f"run {run.id} judged again with {len(used)} accepted evidence"
    if skipped:
        note += f"; {skipped} for a locale the run did not crawl left out"
    return judgement, note


def review(session: Session, evidence_id: int, decision: str, reviewer: str) -> ReviewResult:
    """Accepts or rejects evidence (``decision``), then re-judges the firm's latest run with what
    is accepted now (a rejection of accepted evidence takes it out again)."""
    evidence = session.get(Evidence, evidence_id)
    if evidence is None:
        raise NotFound(f"there is no evidence #{evidence_id}")
    was_counted = evidence.status == "accepted"
    evidence.status = "accepted" if decision == "accept" else "rejected"
    evidence.reviewed_by = reviewer
    evidence.reviewed_at = datetime.now(UTC)
    session.commit()
    if evidence.status == "rejected" and not was_counted:
        return ReviewResult(evidence, None, "rejected: it counts nowhere")
    try:
        judgement, note = rejudge_with_evidence(session, evidence.firm_id)
    except BaseException:
        session.rollback()
        raise
    return ReviewResult(evidence, judgement, note)
