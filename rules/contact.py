"""Rules about finding the way to contact: a visible entry link, and how many clicks it takes."""

from __future__ import annotations

from checker.channels import _Channel
from rules.context import MAX_CONTACT_DEPTH, LocaleContext
from rules.evidence import channel_evidence, page_evidence
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
    if prominent:
        where = sorted({link.region for link in prominent})
        return Verdict(
            Outcome.PASS,
            f"Contact or help link in the {', '.join(where)}: {prominent[0].text or prominent[0].href}.",
            channel_evidence(context, prominent),
            {"regions": where},
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
    depth_of = {page.url: page.depth for page in context.seen_pages}
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
