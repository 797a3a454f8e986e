"""The pages a person's browser read (as the extension sends them) as page snapshots for the rules."""

from __future__ import annotations

from typing import Any

from checker.a11y.model import PageAccessibility
from checker.snapshot import PageSnapshot, ProbeResult

OPENED_BY_PERSON = "opened by a person in their browser"


def _accessibility(page: dict[str, Any]) -> PageAccessibility | None:
    checked = page.get("accessibility")
    return PageAccessibility.model_validate(checked) if checked is not None else None


def person_pages(
    pages: list[dict[str, Any]], locale: str, supplied_by: str, inside_crawl: bool = False
) -> list[PageSnapshot]:
    """Page snapshots of schema-checked pages, marked with who supplied them.

    Args:
        supplied_by: who sent them as evidence; empty when they are only being judged.
        inside_crawl: they join a crawl's pages, as support pages reached from its entry page;
            otherwise the first is the entry page of a judgement of these pages alone.
    """
    return [
        PageSnapshot(
            locale=locale,
            requested_url=page["url"],
            final_url=page["url"],
            http_status=page.get("http_status") or 200,
            depth=1 if inside_crawl or index else 0,
            found_via=OPENED_BY_PERSON,
            support_score=1.0 if inside_crawl or index else 0.0,
            fetched_at=str(page.get("captured_at", "")),
            probe=ProbeResult.model_validate(page["probe"]),
            # The popup's accessibility checks, in the crawler's shape: the a11y rules judge them.
            accessibility=_accessibility(page),
            supplied_by=supplied_by,
            signed_in=bool(page.get("signed_in", False)),
        )
        for index, page in enumerate(pages)
    ]
