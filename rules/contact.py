"""Rules about finding the way to contact: an entry link, the clicks it takes, dead ends and login walls."""

from __future__ import annotations

from checker.channels import ContactLink, _Channel
from checker.snapshot import PageSnapshot
from rules._contact_links import (
    blind_evidence,
    check_link,
    contact_links,
    human_ways,
    login_wall,
    signal_evidence,
    support_pages,
)
from rules.context import MAX_CONTACT_DEPTH, LocaleContext
from rules.evidence import MAX_EVIDENCE, channel_evidence, page_evidence
from rules.model import Impact, Outcome, Verdict
from rules.registry import rule

PROMINENT_REGIONS = ("header", "nav", "footer")


def _needs_review_entry(context: LocaleContext) -> Verdict | None:
    entry = context.entry
    if entry is None or not entry.ok:
        reason = entry.error if entry else "it was not fetched"
        url = entry.requested_url if entry else context.snapshots.entry_url
        return Verdict(
            Outcome.NEEDS_REVIEW,
            f"The entry page could not be read: {reason}.",
            (page_evidence(context, url, reason or ""),),
        )
    return None


@rule(
    id="contact.entry-link",
    title="A contact or help link is visible on the entry page",
    failure_title="The entry page shows no contact or help link",
    description=(
        "Visitors look for help in the header, the navigation or the footer of the page they land "
        "on. A contact or help link there is the first step to reaching support."
    ),
    impact=Impact.SERIOUS,
    tags=("contact", "wcag22:3.2.6", "eu-dsa:art12"),
    help="Put a visible 'Contact' or 'Help' link in the site header or footer of every page.",
    references=("WCAG 2.2 Understanding SC 3.2.6 Consistent Help",),
)
def entry_link(context: LocaleContext) -> Verdict:
    blocked = _needs_review_entry(context)
    if blocked:
        return blocked
    assert context.entry is not None
    entry_channels = context.page_channels.get(context.entry.url)
    links = entry_channels.support_links if entry_channels else []
    prominent = [link for link in links if link.visible and link.region in PROMINENT_REGIONS]
    prominent += _prominent_direct_links(context.entry)
    if prominent:
        where = sorted({link.region for link in prominent})
        return Verdict(
            Outcome.PASS,
            f"Contact or help link in the {', '.join(where)}: {prominent[0].text or prominent[0].href}.",
            channel_evidence(context, prominent),
            {"regions": where},
        )
    unseen = context.unseen_parts(context.entry)
    if unseen:
        return Verdict(
            Outcome.NEEDS_REVIEW,
            "No contact or help link was found in the header, navigation or footer, but the entry page "
            f"was not seen whole: {unseen[0]}.",
            (page_evidence(context, context.entry.url),),
            {"blind_spots": unseen},
        )
    if not _has_landmarks(context.entry):
        return Verdict(
            Outcome.NEEDS_REVIEW,
            "No contact or help link was found, and the entry page marks no header, navigation or "
            "footer, so where its links sit cannot be told; check the page.",
            (page_evidence(context, context.entry.url),),
        )
    visible = [link for link in links if link.visible]
    if visible:
        return Verdict(
            Outcome.FAIL,
            "A contact or help link exists only in the page body, not in the header, navigation or footer.",
            channel_evidence(context, visible),
        )
    if links:
        return Verdict(
            Outcome.NEEDS_REVIEW,
            "Contact or help links exist on the entry page but are hidden (for example in a closed "
            "menu); check whether visitors can open them.",
            channel_evidence(context, links),
        )
    return Verdict(
        Outcome.FAIL,
        "No contact or help link on the entry page.",
        (
            page_evidence(
                context, context.entry.url, context.entry.probe.title if context.entry.probe else ""
            ),
        ),
    )


def _prominent_direct_links(entry: PageSnapshot) -> list[ContactLink]:
    """Visible tel:/mailto: links in the header, navigation or footer: a contact link in itself."""
    assert entry.probe is not None
    return [
        ContactLink(
            url=entry.url,
            selector=link.selector,
            snippet=link.name or link.text,
            href=link.raw_href,
            text=link.name or link.text,
            region=link.region,
        )
        for link in entry.probe.links
        if link.visible
        and link.region in PROMINENT_REGIONS
        and link.raw_href.strip().lower().startswith(("tel:", "mailto:"))
    ]


def _has_landmarks(entry: PageSnapshot) -> bool:
    """Whether the probe found a header, navigation or footer on the page at all."""
    assert entry.probe is not None
    return any(link.region in PROMINENT_REGIONS for link in entry.probe.links)


def _human_channels_by_page(context: LocaleContext) -> dict[str, list[_Channel]]:
    by_page: dict[str, list[_Channel]] = {}
    for url, channels in context.page_channels.items():
        human = [
            *channels.phone,
            *channels.email,
            *[chat for chat in channels.chat if chat.human is True],
            *channels.contact_form,
        ]
        if human:
            by_page[url] = human
    return by_page


@rule(
    id="contact.depth",
    title=f"A human contact channel is within {MAX_CONTACT_DEPTH} clicks of the entry page",
    failure_title=f"Reaching a human contact channel takes more than {MAX_CONTACT_DEPTH} clicks",
    description=(
        "Every extra click loses customers. A public test scenario for EU DSA Art. 12 allows three "
        "clicks; Consumer NZ counts the clicks to a phone number."
    ),
    impact=Impact.SERIOUS,
    tags=("contact", "eu-dsa:art12"),
    help=(
        "Link the contact page from every page, so a phone, email, chat or form is at most "
        f"{MAX_CONTACT_DEPTH} clicks away."
    ),
    references=("EU Digital Services Act, Art. 12", "Consumer NZ, customer service accessibility studies"),
)
def contact_depth(context: LocaleContext) -> Verdict:
    blocked = _needs_review_entry(context)
    if blocked:
        return blocked
    depth_of: dict[str, int] = {}
    for seen in context.seen_pages:  # several links may redirect to one page: the shortest counts
        depth_of[seen.url] = min(seen.depth, depth_of.get(seen.url, seen.depth))
    by_page = _human_channels_by_page(context)
    if by_page:
        shallowest_url = min(by_page, key=lambda url: depth_of.get(url, 99))
        depth = depth_of.get(shallowest_url, 99)
        details = {"depth": depth, "url": shallowest_url}
        evidence = channel_evidence(context, by_page[shallowest_url])
        if depth <= MAX_CONTACT_DEPTH:
            return Verdict(
                Outcome.PASS, f"A human channel is {depth} click(s) from the entry page.", evidence, details
            )
        blind_spots = context.blind_spots()
        if blind_spots:
            # A nearer channel may sit on the pages the crawl could not see.
            return Verdict(
                Outcome.NEEDS_REVIEW,
                f"The nearest human channel seen is {depth} clicks deep, but part of the site could not "
                f"be seen: {blind_spots[0]}",
                evidence,
                {**details, "blind_spots": blind_spots},
            )
        return Verdict(
            Outcome.FAIL,
            f"The nearest human channel is {depth} clicks from the entry page "
            f"(at most {MAX_CONTACT_DEPTH} expected).",
            evidence,
            details,
        )
    blind_spots = context.blind_spots()
    if blind_spots:
        return Verdict(
            Outcome.NEEDS_REVIEW,
            "No human contact channel was found, but part of the site could not be seen: " + blind_spots[0],
            (),
            {"depth": None, "blind_spots": blind_spots},
        )
    return Verdict(
        Outcome.NOT_APPLICABLE,
        "No human contact channel exists to measure the depth of (see human.channel).",
        (),
        {"depth": None},
    )


@rule(
    id="contact.dead-end",
    title="Contact links lead to a working page or channel",
    failure_title="A contact link leads to an error page or cannot work",
    description=(
        "A contact link that ends on an error page, a tel: link without a number or a mailto: link "
        "without an address stops customers at the moment they look for help. Serious: the way a "
        "customer chose is broken, though another channel may still work. The tool follows the "
        "contact links it finds; a page that answers 404 or 410 is a dead end, and so is a page "
        "that answers 200 but whose title or main heading says 'page not found' (a soft 404). "
        "Any other error answer (it may be passing, or meant for a crawler only), timeouts and "
        "links not followed are left for review, never failed; "
        "so is a 'Contact' link that goes nowhere as written (href=\"#\", javascript:) when no "
        "other way to contact is shown, since a script may still open something."
    ),
    impact=Impact.SERIOUS,
    tags=("contact", "eu-ecd:art5-1-c", "eu-dsa:art12"),
    help=(
        "Point every contact link at a live page; write phone links as tel:+<country code><number> "
        "and email links as mailto:name@example.com; make 'Contact' buttons real links."
    ),
    references=(
        "EU e-Commerce Directive 2000/31/EC, Art. 5(1)(c) (contact details allowing rapid, direct and "
        "effective communication)",
        "EU Digital Services Act, Art. 12",
        "RFC 3966 (tel: URIs) and RFC 6068 (mailto: URIs)",
    ),
)
def dead_end(context: LocaleContext) -> Verdict:
    checks = [check_link(context, link) for link in contact_links(context)]
    problems = context.link_problems()
    malformed = [p for p in problems if p.problem in ("malformed_tel", "malformed_mailto")]
    nowhere = [p for p in problems if p.problem == "no_target"]
    details: dict[str, object] = {
        "links": [check.as_detail() for check in checks],
        "malformed": [p.href for p in malformed],
        "no_target": [p.href for p in nowhere],
    }
    dead = [check for check in checks if check.state == "dead"]
    if dead or malformed:
        said = [f"'{c.link.text or c.link.href}' ({c.link.href}) {c.reason}" for c in dead]
        said += [
            f"{p.href!r} ('{p.snippet}') has no usable {p.problem.removeprefix('malformed_')}"
            for p in malformed
        ]
        evidence = [
            *channel_evidence(context, [check.link for check in dead]),
            *(page_evidence(context, check.page.url, check.reason) for check in dead if check.page),
            *signal_evidence(context, malformed),
        ]
        return Verdict(
            Outcome.FAIL,
            "Contact links that lead nowhere: " + "; ".join(said[:5]) + ".",
            tuple(evidence[:MAX_EVIDENCE]),
            details,
        )
    ok = [check for check in checks if check.state == "ok"]
    unchecked = [check for check in checks if check.state == "unchecked"]
    ways = human_ways(context)
    if nowhere and not ok and not ways:
        return Verdict(
            Outcome.NEEDS_REVIEW,
            f"The contact link '{nowhere[0].snippet}' goes nowhere as written ({nowhere[0].href!r}) and no "
            "other way to contact was found; check whether clicking it opens anything.",
            signal_evidence(context, nowhere),
            details,
        )
    if any(not check.off_site for check in unchecked) or (unchecked and not ok):
        first = next(check for check in unchecked if not check.off_site or not ok)
        return Verdict(
            Outcome.NEEDS_REVIEW,
            f"Where the contact link {first.link.href} leads could not be checked: {first.reason}.",
            channel_evidence(context, [check.link for check in unchecked]),
            details,
        )
    tel_mailto = [
        *(p for p in context.channels.phone if p.source == "tel"),
        *(e for e in context.channels.email if e.source == "mailto"),
    ]
    if ok or tel_mailto or nowhere:
        counts = [f"{len(ok)} contact link(s) led to working pages"] if ok else []
        counts += [f"{len(tel_mailto)} tel:/mailto: link(s) are well formed"] if tel_mailto else []
        message = "; ".join(counts) + "." if counts else "No contact link is broken."
        if nowhere:
            message += f" The link {nowhere[0].href!r} goes nowhere as written, but other ways are shown."
        followed = [*(check.link for check in ok), *tel_mailto]
        return Verdict(Outcome.PASS, message, channel_evidence(context, followed or ways), details)
    blind_spots = context.blind_spots()
    if blind_spots:
        return Verdict(
            Outcome.NEEDS_REVIEW,
            "No contact link was found, but part of the site could not be seen: " + blind_spots[0],
            blind_evidence(context),
            {**details, "blind_spots": blind_spots},
        )
    return Verdict(
        Outcome.NOT_APPLICABLE, "No contact link, tel: or mailto: link was found to follow.", (), details
    )


@rule(
    id="contact.login-wall",
    title="Customers can reach a contact channel without logging in",
    failure_title="Contacting the firm requires logging in",
    description=(
        "People who cannot log in (a forgotten password, a locked or hacked account, no account "
        "yet) need help most, and a contact page that only opens after signing in shuts them out. "
        "Serious: those customers cannot reach the firm at all this way. It fails only when a "
        "support link clearly ends at a sign-in (a password form the link was redirected to, or "
        "a notice such as 'Sign in to contact us') and no phone, email, chat or contact form is "
        "shown anywhere without logging in. When part of the site could not be read it asks for "
        "review instead."
    ),
    impact=Impact.SERIOUS,
    tags=("contact", "eu-ecd:art5-1-c", "eu-dsa:art12"),
    help=(
        "Show at least one contact channel (a phone number, an email address or a contact form) to "
        "visitors who are not logged in; keep account-specific requests behind the login if needed."
    ),
    references=(
        "EU e-Commerce Directive 2000/31/EC, Art. 5(1)(c) (contact details easily, directly and "
        "permanently accessible)",
        "EU Digital Services Act, Art. 12",
    ),
)
def login_wall_rule(context: LocaleContext) -> Verdict:
    walls = [(page, signal) for page in support_pages(context) if (signal := login_wall(context, page))]
    details: dict[str, object] = {
        "login_walls": [
            {"requested": page.requested_url, "url": page.url, "says": signal.snippet}
            for page, signal in walls
        ]
    }
    wall_evidence = signal_evidence(context, [signal for _page, signal in walls])
    ways = human_ways(context)
    if ways:
        note = f" ({len(walls)} support page(s) ask visitors to log in)" if walls else ""
        return Verdict(
            Outcome.PASS,
            f"A contact channel is shown without logging in: {ways[0].snippet or ways[0].url}{note}.",
            channel_evidence(context, ways),
            details,
        )
    blind_spots = context.blind_spots(count_login_walls=False)
    if walls and not blind_spots:
        page, _signal = walls[0]
        return Verdict(
            Outcome.FAIL,
            f"The support page {page.requested_url} asks visitors to log in"
            + (f" (it leads to {page.url})" if page.url != page.requested_url else "")
            + ", and no phone, email, chat or contact form is shown without logging in.",
            wall_evidence,
            details,
        )
    if blind_spots:
        return Verdict(
            Outcome.NEEDS_REVIEW,
            "No contact channel was found without logging in, but part of the site could not be read: "
            + blind_spots[0],
            wall_evidence or blind_evidence(context),
            {**details, "blind_spots": blind_spots},
        )
    return Verdict(
        Outcome.NOT_APPLICABLE,
        "No login wall and no contact channel were found (see human.channel).",
        (),
        details,
    )
