"""WCAG 2.2 SC 3.2.6 Consistent Help: help mechanisms appear in the same relative order on pages.

Pages are compared two by two. Two pages *repeat* help when at least two of the same mechanisms
(the same phone number, address, link target, chat or form) appear on both, outside the page's
``main`` region: what sits in the main content belongs to that page (the form on the contact page,
"call us about this product"), not to the repeated help the criterion is about. The repeated
mechanisms are consistent when one order of them, each in the same landmark region on both pages,
can be read on both pages. A page may show a mechanism twice (a phone in the header and the
footer); any one of its places may then make the order agree, so a duplicate never causes a
failure on its own. Pages are compared only with pages of the same host, since a help centre on
its own host is usually a different set of pages with its own template.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from urllib.parse import urlsplit

from checker.channels import HelpMechanism
from rules.context import LocaleContext
from rules.evidence import channel_evidence, page_evidence
from rules.model import Impact, Outcome, Verdict
from rules.registry import rule

PAGE_CONTENT_REGION = "main"
MAX_LISTED = 10
KIND_LABELS = {
    "human_contact_details": "contact details",
    "human_contact_mechanism": "contact mechanism",
    "self_help": "self-help",
    "automated_contact": "automated contact",
}

Placement = tuple[str, str]  # (mechanism key, landmark region)


@dataclass(frozen=True)
class _Page:
    url: str
    host: str
    mechanisms: tuple[HelpMechanism, ...]

    @property
    def placements(self) -> list[Placement]:
        return [(mechanism.key, mechanism.region) for mechanism in self.mechanisms]

    @property
    def keys(self) -> set[str]:
        return {mechanism.key for mechanism in self.mechanisms}


@dataclass(frozen=True)
class _Comparison:
    first: _Page
    second: _Page
    shared: frozenset[str]
    consistent: bool


def _repeatable(context: LocaleContext) -> list[_Page]:
    """Read pages with their help mechanisms outside the main content, in visit order."""
    pages: list[_Page] = []
    seen: set[str] = set()
    for page in context.seen_pages:
        channels = context.page_channels.get(page.url)
        if channels is None or page.url in seen:
            continue
        seen.add(page.url)
        mechanisms = tuple(
            mechanism
            for mechanism in channels.help_mechanisms
            if mechanism.region != PAGE_CONTENT_REGION and mechanism.key
        )
        pages.append(_Page(page.url, (urlsplit(page.url).hostname or "").lower(), mechanisms))
    return pages


def _first_places(placements: list[Placement]) -> list[Placement]:
    """Each key at its first place, in page order."""
    chosen: dict[str, Placement] = {}
    for placement in placements:
        chosen.setdefault(placement[0], placement)
    return list(chosen.values())


def _last_places(placements: list[Placement]) -> list[Placement]:
    """Each key at its last place, in page order."""
    return list(reversed(_first_places(list(reversed(placements)))))


def _readable_in(order: list[Placement], placements: list[Placement]) -> bool:
    """Whether ``order`` appears in ``placements`` as a subsequence (greedy, earliest match first)."""
    remaining = iter(placements)
    return all(any(placement == wanted for placement in remaining) for wanted in order)


def _consistent(first: _Page, second: _Page, shared: set[str]) -> bool:
    """Whether one order of the shared mechanisms, region for region, reads on both pages.

    The candidate orders are each page's mechanisms at their first and at their last place; they
    cover a page that repeats a mechanism in its header and footer, or in the body and the footer.
    """
    one = [placement for placement in first.placements if placement[0] in shared]
    other = [placement for placement in second.placements if placement[0] in shared]
    candidates = [_first_places(one), _last_places(one), _first_places(other), _last_places(other)]
    return any(_readable_in(order, one) and _readable_in(order, other) for order in candidates)


def _compare(pages: list[_Page]) -> list[_Comparison]:
    comparisons = []
    for first, second in combinations(pages, 2):
        if first.host != second.host:
            continue
        shared = first.keys & second.keys
        if len(shared) >= 2:
            comparisons.append(
                _Comparison(first, second, frozenset(shared), _consistent(first, second, shared))
            )
    return comparisons


def _describe(mechanism: HelpMechanism) -> str:
    label = KIND_LABELS.get(mechanism.kind, mechanism.kind)
    return f"{label} “{mechanism.text or mechanism.snippet}” ({mechanism.region})"


def _order_of(page: _Page, shared: frozenset[str]) -> list[HelpMechanism]:
    """The page's shared mechanisms, each at its first place, in page order."""
    chosen: dict[str, HelpMechanism] = {}
    for mechanism in page.mechanisms:
        if mechanism.key in shared:
            chosen.setdefault(mechanism.key, mechanism)
    return list(chosen.values())


@rule(
    id="help.consistent-order",
    title="Help mechanisms repeated on several pages appear in the same order",
    failure_title="Help mechanisms repeated on several pages appear in a different order",
    description=(
        "WCAG 2.2 SC 3.2.6 Consistent Help: when contact details, a contact link or form, a chat "
        "or a help-centre link are repeated on several pages, they must come in the same order "
        "relative to the rest of the page, so a person who found help once finds it again in the "
        "same place. The rule compares, page by page, the mechanisms repeated outside the main "
        "content (the same number, address, link or chat) and their landmark regions (header, "
        "navigation, footer). It fails on two pages whose orders differ, and applies only when at "
        "least two pages repeat at least two mechanisms."
    ),
    impact=Impact.MODERATE,
    tags=("help", "wcag22:3.2.6"),
    help=(
        "Keep help in one shared template part, in one order: for example 'Help centre', "
        "'Contact us' and the phone number always in the footer, in that order, on every page."
    ),
    references=("WCAG 2.2 Success Criterion 3.2.6 Consistent Help (Level A)",),
)
def help_consistent_order(context: LocaleContext) -> Verdict:
    comparisons = _compare(_repeatable(context))
    repeating = sorted({page.url for c in comparisons for page in (c.first, c.second)})
    differing = [comparison for comparison in comparisons if not comparison.consistent]
    details: dict[str, object] = {
        "pages_compared": len(repeating),
        "pairs_compared": len(comparisons),
        "pairs_differing": len(differing),
    }
    if differing:
        first = max(differing, key=lambda comparison: len(comparison.shared))
        one, other = _order_of(first.first, first.shared), _order_of(first.second, first.shared)
        details["orders"] = {
            first.first.url: [_describe(mechanism) for mechanism in one],
            first.second.url: [_describe(mechanism) for mechanism in other],
        }
        details["differing_pairs"] = [[c.first.url, c.second.url] for c in differing[:MAX_LISTED]]
        return Verdict(
            Outcome.FAIL,
            f"On {first.first.url} help comes as {' → '.join(_describe(m) for m in one)}; "
            f"on {first.second.url} as {' → '.join(_describe(m) for m in other)}.",
            channel_evidence(context, [*one, *other]),
            details,
        )
    if comparisons:
        example = max(comparisons, key=lambda comparison: len(comparison.shared))
        order = _order_of(example.first, example.shared)
        details["order"] = [_describe(mechanism) for mechanism in order]
        return Verdict(
            Outcome.PASS,
            f"{len(repeating)} pages repeat help in the same order: "
            f"{' → '.join(_describe(m) for m in order)}.",
            channel_evidence(context, order),
            details,
        )
    blind_spots = context.blind_spots()
    seen = len(context.seen_pages)
    if blind_spots or (context.failed_pages and seen < 2):
        reasons = blind_spots or [
            f"{page.requested_url} could not be read ({page.error_kind})" for page in context.failed_pages
        ]
        return Verdict(
            Outcome.NEEDS_REVIEW,
            f"Fewer than two of the {seen} page(s) read repeat help, and part of the site could not "
            f"be read, so the order of help across pages could not be compared: {reasons[0]}.",
            tuple(
                page_evidence(context, page.requested_url, page.error or "")
                for page in context.failed_pages[:5]
            ),
            {**details, "blind_spots": reasons},
        )
    return Verdict(
        Outcome.NOT_APPLICABLE,
        "Fewer than two pages repeat at least two of the same help mechanisms.",
        (),
        details,
    )
