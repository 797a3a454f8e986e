"""Region locks on the website: pages refused to one locale, and channels one locale does not get.

These rules compare locales, so they are ``scan`` rules: each gives one verdict per locale and
the report lists them in its top-level ``findings``. A 403 alone is not taken as a region lock,
since bot protection answers 403 too; it counts when another locale read the same page.
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.channels import _Channel
from checker.gather.regional import region_notice
from checker.site import normalise_url
from checker.snapshot import PageSnapshot
from rules._contact_links import blind_evidence, support_pages
from rules.context import LocaleContext, ScanContext
from rules.evidence import MAX_EVIDENCE, channel_evidence
from rules.model import Evidence, Impact, Outcome, Verdict
from rules.registry import rule

LEGAL_BLOCK_STATUS = 451
FORBIDDEN_STATUS = 403


@dataclass(frozen=True)
class Refusal:
    """One entry or contact page refused to a locale, and how sure we are that it is about region."""

    page: PageSnapshot
    reason: str
    certain: bool

    def evidence(self, context: LocaleContext) -> Evidence:
        chain = " → ".join(self.page.redirect_chain)
        return Evidence(
            url=self.page.requested_url,
            snippet=f"{self.reason}{f' (redirects: {chain})' if chain else ''}"[:300],
            screenshot=context.screenshot_for(self.page.url),
        )


def _read_elsewhere(page: PageSnapshot, others: list[LocaleContext]) -> list[str]:
    """Other locales that read this page normally."""
    target = normalise_url(page.requested_url)
    return [
        other.locale
        for other in others
        if any(
            seen.ok
            and normalise_url(seen.requested_url) == target
            and not region_notice(seen.probe, seen.url)
            for seen in other.seen_pages
            if seen.probe is not None
        )
    ]


def _refusal(page: PageSnapshot, others: list[LocaleContext]) -> Refusal | None:
    notice = region_notice(page.probe, page.url) if page.probe is not None else None
    if notice is not None:
        status = f"HTTP {page.http_status}: " if page.http_status and page.http_status >= 400 else ""
        return Refusal(page, f"{status}“{notice.snippet}”", certain=True)
    if page.http_status == LEGAL_BLOCK_STATUS:
        return Refusal(page, "HTTP 451 Unavailable For Legal Reasons", certain=True)
    if page.http_status == FORBIDDEN_STATUS:
        elsewhere = _read_elsewhere(page, others)
        if elsewhere:
            return Refusal(page, f"HTTP 403 here, read normally from {', '.join(elsewhere)}", certain=True)
        return Refusal(page, "HTTP 403 (in every locale: region lock or bot protection)", certain=False)
    return None


def _page_blocked_in(context: LocaleContext, scan: ScanContext) -> Verdict:
    entry = context.entry
    pages = [entry, *support_pages(context)] if entry is not None else support_pages(context)
    refusals = [refusal for page in pages if (refusal := _refusal(page, scan.others(context)))]
    details: dict[str, object] = {
        "pages": [
            {"url": r.page.requested_url, "status": r.page.http_status, "reason": r.reason} for r in refusals
        ]
    }
    certain = [refusal for refusal in refusals if refusal.certain]
    if certain:
        which = "the entry page" if certain[0].page is entry else "a contact page"
        return Verdict(
            Outcome.FAIL,
            f"{context.locale}: {which} is refused to visitors from here: {certain[0].reason}.",
            tuple(refusal.evidence(context) for refusal in certain[:MAX_EVIDENCE]),
            details,
        )
    if refusals:
        return Verdict(
            Outcome.NEEDS_REVIEW,
            f"{context.locale}: pages answered 403 in every locale, which may be bot protection "
            "rather than a region lock; check from a real vantage point (--proxy).",
            tuple(refusal.evidence(context) for refusal in refusals[:MAX_EVIDENCE]),
            details,
        )
    if entry is None or not entry.ok:
        return Verdict(
            Outcome.NEEDS_REVIEW,
            f"{context.locale}: the entry page could not be read "
            f"({entry.error if entry else 'not fetched'}), so a region lock cannot be ruled out.",
            blind_evidence(context),
            details,
        )
    return Verdict(
        Outcome.PASS,
        f"{context.locale}: the entry page and {len(pages) - 1} support page(s) opened normally.",
        details=details,
    )


@rule(
    id="region.page-blocked",
    title="The entry and contact pages open for visitors from this locale",
    failure_title="The site's entry or contact page is refused to visitors from this locale",
    description=(
        "The same site can refuse some visitors by their language, timezone or IP address: HTTP "
        "451 (Unavailable For Legal Reasons), HTTP 403, or a redirect to a 'not available in your "
        "region' page. A customer who is refused the contact page cannot find help there. HTTP "
        "451 and region notices fail at once; a 403 fails only when another locale read the same "
        "page, since bot protection answers 403 to everyone. Each locale gets its own verdict."
    ),
    impact=Impact.SERIOUS,
    tags=("region", "contact"),
    help=(
        "Keep at least the contact page and the legal notice open to every visitor, even where "
        "the service itself is not offered: customers travel, move and get billed from abroad."
    ),
    references=(
        "RFC 7725: An HTTP Status Code to Report Legal Obstacles",
        "EU Geo-blocking Regulation (EU) 2018/302, Art. 3 (access to online interfaces)",
    ),
    scope="scan",
)
def page_blocked(scan: ScanContext) -> dict[str, Verdict]:
    return {context.locale: _page_blocked_in(context, scan) for context in scan.locales}


PARITY_KINDS = ("phone", "email", "human_chat", "callback", "contact_form")


def channels_of(context: LocaleContext, kind: str) -> list[_Channel]:
    """The locale's channels of one parity kind; a chat counts unless it is known to be a bot."""
    channels = context.channels
    if kind == "human_chat":
        return [chat for chat in channels.chat if chat.human is not False]
    found: list[_Channel] = getattr(channels, kind)
    return found


def _parity_in(context: LocaleContext, scan: ScanContext) -> Verdict:
    others = scan.others(context)
    if not others:
        return Verdict(Outcome.NOT_APPLICABLE, "Only one locale was scanned: there is nothing to compare.")
    if context.snapshots.status == "blocked":
        return Verdict(
            Outcome.NOT_APPLICABLE,
            f"{context.locale}: the site is refused to this locale (see region.page-blocked).",
        )
    missing: dict[str, list[LocaleContext]] = {}
    for kind in PARITY_KINDS:
        if channels_of(context, kind):
            continue
        having = [other for other in others if channels_of(other, kind)]
        if having:
            missing[kind] = having
    details: dict[str, object] = {
        "missing": {kind: [other.locale for other in having] for kind, having in missing.items()}
    }
    if not missing:
        return Verdict(
            Outcome.PASS,
            f"{context.locale}: offers every channel type that the other scanned locales offer.",
            details=details,
        )
    summary = "; ".join(
        f"{kind.replace('_', ' ')} (offered in {', '.join(other.locale for other in having)})"
        for kind, having in missing.items()
    )
    elsewhere = tuple(
        evidence
        for kind, having in missing.items()
        for evidence in channel_evidence(having[0], channels_of(having[0], kind)[:1])
    )
    blind_spots = context.blind_spots()
    if blind_spots:
        return Verdict(
            Outcome.NEEDS_REVIEW,
            f"{context.locale}: not found here: {summary}; but part of the site could not be seen: "
            + "; ".join(blind_spots[:3]),
            (*elsewhere, *blind_evidence(context))[:MAX_EVIDENCE],
            {**details, "blind_spots": blind_spots},
        )
    return Verdict(
        Outcome.FAIL,
        f"{context.locale}: customers here do not get: {summary}.",
        elsewhere[:MAX_EVIDENCE],
        details,
    )


@rule(
    id="region.channel-parity",
    title="Every locale gets the channel types the others get",
    failure_title="A channel offered in another locale is missing in this one",
    description=(
        "A firm may publish a phone line on its Italian site and drop it from its Spanish one, "
        "or offer a live chat only in English. For each channel type (phone, email, a chat that "
        "may reach a person, call back, contact form) found in another scanned locale, this "
        "locale must offer one too. Evidence names the locales that have it and where. A locale "
        "whose crawl could not see everything gets needs_review instead of fail."
    ),
    impact=Impact.MODERATE,
    tags=("region", "human"),
    help=(
        "Offer the same ways to reach a person on every language and country edition of the site, "
        "or explain on the page where customers from this locale can reach you."
    ),
    references=("EU Geo-blocking Regulation (EU) 2018/302, recital 20 (equal access to services)",),
    scope="scan",
)
def channel_parity(scan: ScanContext) -> dict[str, Verdict]:
    return {context.locale: _parity_in(context, scan) for context in scan.locales}
