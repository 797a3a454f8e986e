"""Rules about self-service: a help centre exists, and it does not trap customers in articles."""

from __future__ import annotations

from checker.channels import HelpMechanism, PageChannels, SelfServiceChannel, _Channel
from checker.gather.help_mechanisms import is_self_service_url, normalised_href, self_service_title
from checker.gather.pagekind import is_login_page
from checker.snapshot import PageSnapshot
from rules.context import LocaleContext
from rules.evidence import channel_evidence, page_evidence
from rules.model import Impact, Outcome, Verdict
from rules.registry import rule

MAX_LISTED = 10


def _help_searches(context: LocaleContext) -> list[HelpMechanism]:
    return [
        mechanism
        for channels in context.page_channels.values()
        for mechanism in channels.help_mechanisms
        if mechanism.kind == "self_help" and mechanism.key.startswith("search:")
    ]


@rule(
    id="selfservice.present",
    title="A help centre, FAQ or help search is offered",
    failure_title="No help centre, FAQ or help search was found",
    description=(
        "Many questions (where is my order, how do I reset my password) are answered fastest by a "
        "page the customer can read at any hour. A help centre, a list of frequently asked "
        "questions or a search over help articles is the self-help option that WCAG 2.2 SC 3.2.6 "
        "counts among help mechanisms, and the first thing many customers look for."
    ),
    impact=Impact.MODERATE,
    tags=("selfservice",),
    help=(
        "Publish answers to the common questions in a help centre or FAQ page ('Help centre', "
        "'Domande frequenti', 'Hilfe-Center') and link it from the header or footer of every page."
    ),
    references=(
        "WCAG 2.2 Understanding SC 3.2.6 Consistent Help (a self-help option is a help mechanism)",
        "W3C, Making Content Usable for People with Cognitive and Learning Disabilities, "
        "Objective 4: Assistance and Support",
    ),
)
def selfservice_present(context: LocaleContext) -> Verdict:
    found: list[SelfServiceChannel | HelpMechanism] = [
        *context.channels.self_service,
        *_help_searches(context),
    ]
    if found:
        pages = sorted({item.url for item in found})
        labels = list(dict.fromkeys(item.text or item.snippet for item in found if item.text or item.snippet))
        quoted = ", ".join(f"“{label}”" for label in labels[:3])
        details: dict[str, object] = {
            "self_service": len(context.channels.self_service),
            "help_search": len(found) - len(context.channels.self_service),
            "pages": pages[:MAX_LISTED],
        }
        return Verdict(
            Outcome.PASS,
            f"Self-service found on {len(pages)} page(s): {quoted}.",
            channel_evidence(context, found),
            details,
        )
    blind_spots = context.blind_spots()
    if blind_spots:
        return Verdict(
            Outcome.NEEDS_REVIEW,
            "No help centre, FAQ or help search was found, but part of the site could not be seen: "
            + "; ".join(blind_spots[:3]),
            tuple(
                page_evidence(context, page.requested_url, page.error or "")
                for page in context.failed_pages[:5]
            ),
            {"blind_spots": blind_spots},
        )
    seen = context.seen_pages
    return Verdict(
        Outcome.FAIL,
        f"No help centre, FAQ or help search on the {len(seen)} pages visited.",
        tuple(page_evidence(context, page.url, page.probe.title if page.probe else "") for page in seen[:5]),
        {"self_service": 0, "help_search": 0},
    )


def _link_targets(context: LocaleContext) -> set[str]:
    """Where the self-help links of every page lead (help centre, FAQ, "Help")."""
    return {
        mechanism.href
        for channels in context.page_channels.values()
        for mechanism in channels.help_mechanisms
        if mechanism.kind == "self_help" and mechanism.href
    }


def _titled_self_service(page: PageSnapshot) -> str:
    """The page's title or main heading when it names a help centre or FAQ ("Domande frequenti")."""
    return "" if page.probe is None else self_service_title(page.probe)


def self_service_reason(page: PageSnapshot, targets: set[str]) -> str:
    """Why ``page`` is a self-service page, or ``""`` when it is not one.

    A page is one when a self-help link of the site leads to it, when its address names a help
    centre or FAQ (``help.example.com``, ``/faq``, ``/hilfe``), or when its title or main heading
    does ("Frequently asked questions", "Hilfe-Center").
    """
    addresses = {normalised_href(url) for url in (page.requested_url, page.url, *page.redirect_chain) if url}
    if addresses & targets:
        return "a help or FAQ link leads here"
    if is_self_service_url(page.requested_url) or is_self_service_url(page.url):
        return "its address names a help centre or FAQ"
    titled = _titled_self_service(page)
    if titled:
        return f"its title says “{titled}”"
    return ""


def _exits(channels: PageChannels) -> list[_Channel]:
    """Visible contact links and channels on the page that may reach a person, in that order."""
    return [
        *channels.contact_links,
        *channels.phone,
        *channels.email,
        *(chat for chat in channels.chat if chat.human is not False),
        *channels.contact_form,
        *channels.callback,
    ]


@rule(
    id="selfservice.exit",
    title="Self-service pages offer a way to a person",
    failure_title="Some self-service pages offer no way to reach a person",
    description=(
        "A help centre should answer questions, not stand between customers and the company. "
        "Each self-service page (help centre, FAQ, help articles) should carry a contact link or "
        "a human channel, so a customer whose question is not answered is not left going round "
        "in articles. A page counts as self-service when a help or FAQ link leads to it, when its "
        "address names a help centre or FAQ, or when its title or main heading does."
    ),
    impact=Impact.SERIOUS,
    tags=("selfservice", "human", "eu-dsa:art12"),
    help=(
        "Put a 'Contact us' link (or the phone number, email address or chat) on every help "
        "centre and FAQ page, for example at the end of each article: 'Still need help? Contact us'."
    ),
    references=(
        "EU Digital Services Act, Art. 12 (points of contact must not rely solely on automated tools)",
        "W3C, Making Content Usable for People with Cognitive and Learning Disabilities, "
        "Objective 4: Assistance and Support",
    ),
)
def selfservice_exit(context: LocaleContext) -> Verdict:
    targets = _link_targets(context)
    self_service: dict[str, str] = {}
    dead_ends: list[PageSnapshot] = []
    first_exits: list[_Channel] = []
    unclear: list[tuple[PageSnapshot, str]] = []
    for page in context.snapshots.pages:
        reason = self_service_reason(page, targets)
        if not reason:
            continue
        self_service[page.url] = reason
        channels = context.page_channels.get(page.url)
        if not page.ok or channels is None:
            unclear.append((page, f"could not be read ({page.error_kind or 'error'}): {page.error or ''}"))
        elif _exits(channels):
            first_exits.append(_exits(channels)[0])
        elif page.probe is not None and is_login_page(page.probe):
            unclear.append((page, "asks visitors to log in"))
        elif context.facts_of(page).soft_404 is not None:
            unclear.append((page, "looks like a 'page not found' page"))
        elif any(link.kind == "contact" for link in channels.support_links):
            unclear.append((page, "its contact link is hidden (for example in a closed menu)"))
        elif context.unseen_parts(page):
            unclear.append((page, f"was not seen whole: {context.unseen_parts(page)[0]}"))
        else:
            dead_ends.append(page)
    unvisited = [
        leftover.url
        for leftover in context.snapshots.unvisited_support_links
        if normalised_href(leftover.url) in targets or is_self_service_url(leftover.url)
    ]
    details: dict[str, object] = {
        "self_service_pages": list(self_service)[:MAX_LISTED],
        "dead_ends": [page.url for page in dead_ends][:MAX_LISTED],
        "unclear": [page.requested_url for page, _why in unclear][:MAX_LISTED],
        "unvisited": unvisited[:MAX_LISTED],
    }
    if dead_ends:
        return Verdict(
            Outcome.FAIL,
            f"{len(dead_ends)} of {len(self_service)} self-service page(s) offer no contact link and no "
            f"human channel: {', '.join(page.url for page in dead_ends[:3])}.",
            tuple(
                page_evidence(context, page.url, page.probe.title if page.probe else "")
                for page in dead_ends[:MAX_LISTED]
            ),
            details,
        )
    if unclear:
        page, why = unclear[0]
        return Verdict(
            Outcome.NEEDS_REVIEW,
            f"{len(unclear)} self-service page(s) could not be judged; {page.requested_url} {why}.",
            tuple(page_evidence(context, page.requested_url, why) for page, why in unclear[:MAX_LISTED]),
            details,
        )
    if not self_service:
        if unvisited:
            return Verdict(
                Outcome.NEEDS_REVIEW,
                f"Self-service pages were linked but not visited: {', '.join(unvisited[:3])}.",
                tuple(page_evidence(context, url) for url in unvisited[:MAX_LISTED]),
                details,
            )
        return Verdict(
            Outcome.NOT_APPLICABLE, "No self-service page was visited (see selfservice.present).", (), details
        )
    return Verdict(
        Outcome.PASS,
        f"All {len(self_service)} self-service page(s) visited offer a way to a person.",
        channel_evidence(context, first_exits),
        details,
    )
