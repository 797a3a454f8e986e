"""Store rows as the API's JSON objects; one function per kind of object, documented in openapi.yaml.

Every string that came from a crawled site (titles, snippets, labels, URLs) is passed through as
data; a client that renders it must escape it, as the dashboard does.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from flask import url_for

from rules.model import RuleMeta
from server.api.queries import Standing
from server.store.diff import JudgementDiff
from server.store.models import Channel, Finding, Firm, Judgement, LocaleResult, Run


def _time(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def firm_json(firm: Firm) -> dict[str, Any]:
    return {
        "slug": firm.slug,
        "name": firm.name,
        "entry_urls": firm.entry_urls,
        "locales": firm.locales,
        "apps": firm.apps,
        "tags": firm.tags,
        "created_at": _time(firm.created_at),
        "url": url_for("api.get_firm", slug=firm.slug, _external=True),
    }


def latest_json(standing: Standing) -> dict[str, Any] | None:
    """The firm's latest judgement in brief, or None before its first stored run."""
    if standing.run is None or standing.judgement is None:
        return None
    return {
        "run_id": standing.run.id,
        "judgement_id": standing.judgement.id,
        "score": standing.judgement.score,
        "ruleset_version": standing.judgement.ruleset_version,
        "started_at": _time(standing.run.started_at),
        "status": standing.run.status,
    }


def standing_json(standing: Standing) -> dict[str, Any]:
    """A firm with its latest judgement: per-locale status, score and channels, worst outcome per rule."""
    latest = latest_json(standing)
    if latest is not None:
        latest["locales"] = [
            {
                **locale_json(locale),
                "channels": [channel_json(c) for c in standing.channels if c.locale == locale.locale],
            }
            for locale in standing.locales
        ]
        latest["outcomes"] = standing.outcomes
    return {**firm_json(standing.firm), "latest": latest}


def locale_json(locale: LocaleResult) -> dict[str, Any]:
    return {
        "locale": locale.locale,
        "status": locale.status,
        "status_reason": locale.status_reason,
        "score": locale.score,
    }


def channel_json(channel: Channel) -> dict[str, Any]:
    return {
        "kind": channel.kind,
        "value": channel.value,
        "label": channel.label,
        "url": channel.url,
        "snippet": channel.snippet,
    }


def judgement_json(judgement: Judgement) -> dict[str, Any]:
    return {
        "id": judgement.id,
        "ruleset_version": judgement.ruleset_version,
        "score": judgement.score,
        "created_at": _time(judgement.created_at),
    }


def run_json(run: Run) -> dict[str, Any]:
    """A run with its judgements (oldest first); ``score`` is the latest judgement's."""
    latest = run.latest_judgement
    return {
        "id": run.id,
        "firm": run.firm.slug,
        "status": run.status,
        "status_reason": run.status_reason,
        "source": run.source,
        "started_at": _time(run.started_at),
        "finished_at": _time(run.finished_at),
        "tool_version": run.tool_version,
        "browser_version": run.browser_version,
        "score": latest.score if latest else None,
        "judgements": [judgement_json(judgement) for judgement in run.judgements],
        "url": url_for("api.get_run", run_id=run.id, _external=True),
    }


def finding_json(finding: Finding) -> dict[str, Any]:
    return {
        "id": finding.id,
        "rule": finding.rule,
        "locale": finding.locale,
        "outcome": finding.outcome,
        "impact": finding.impact,
        "message": finding.message,
        "evidence": finding.evidence,
        "details": finding.details,
    }


def diff_json(diff: JudgementDiff) -> dict[str, Any]:
    def side(judgement: Judgement) -> dict[str, Any]:
        started_at = _time(judgement.run.started_at)
        return {"run_id": judgement.run_id, "started_at": started_at, **judgement_json(judgement)}

    return {
        "from": side(diff.old),
        "to": side(diff.new),
        "new_failures": [asdict(change) for change in diff.new_failures],
        "fixed": [asdict(change) for change in diff.fixed],
        "channels_appeared": [asdict(change) for change in diff.channels_appeared],
        "channels_vanished": [asdict(change) for change in diff.channels_vanished],
    }


def rule_json(meta: RuleMeta) -> dict[str, Any]:
    return {
        "id": meta.id,
        "title": meta.title,
        "failure_title": meta.failure_title,
        "description": meta.description,
        "impact": meta.impact.value,
        "tags": list(meta.tags),
        "help": meta.help,
        "references": list(meta.references),
        "scope": meta.scope,
    }
