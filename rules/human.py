"""Rules about reaching a person: is there any channel where a human answers?"""

from __future__ import annotations

from rules.context import LocaleContext
from rules.evidence import channel_evidence, page_evidence
from rules.model import Impact, Outcome, Verdict
from rules.registry import rule

HUMAN_CHANNEL_KINDS = ("phone", "email", "chat", "contact_form")


@rule(
    id="human.channel",
    title="At least one channel reaches a human",
    failure_title="No channel that reaches a human was found",
    description=(
        "Customers must be able to reach a person: a phone number, an email address, a live chat "
        "staffed by people, or a contact form. A firm that offers only automated help leaves "
        "customers with problems a bot cannot solve."
    ),
    impact=Impact.CRITICAL,
    tags=("human", "eu-dsa:art12", "es-ley10-2025:art8", "eu-ecd:art5-1-c"),
    help=(
        "Publish at least one human channel where customers look for help: a phone number with "
        "service hours, a monitored email address, a staffed live chat or a contact form."
    ),
    references=(
        "EU Digital Services Act, Art. 12 (points of contact must not rely solely on automated tools)",
        "Spain, Ley 10/2025 de servicios de atención a la clientela, art. 8",
        "EU e-Commerce Directive 2000/31/EC, Art. 5(1)(c)",
    ),
)
def human_channel(context: LocaleContext) -> Verdict:
    channels = context.channels
    human_chats = [chat for chat in channels.chat if chat.human is True]
    found = [*channels.phone, *channels.email, *human_chats, *channels.contact_form]
    counts: dict[str, object] = {
        "phone": len(channels.phone),
        "email": len(channels.email),
        "human_chat": len(human_chats),
        "contact_form": len(channels.contact_form),
    }
    if found:
        kinds = ", ".join(f"{count} {kind.replace('_', ' ')}" for kind, count in counts.items() if count)
        return Verdict(
            Outcome.PASS, f"Human channels found: {kinds}.", channel_evidence(context, found), counts
        )
    unknown_chats = [chat for chat in channels.chat if chat.human is None]
    if unknown_chats:
        return Verdict(
            Outcome.NEEDS_REVIEW,
            "Only a chat was found, and whether a person answers it cannot be told from the page.",
            channel_evidence(context, unknown_chats),
            counts,
        )
    blind_spots = context.blind_spots()
    if blind_spots:
        return Verdict(
            Outcome.NEEDS_REVIEW,
            "No human channel was found, but part of the site could not be seen: "
            + "; ".join(blind_spots[:3]),
            tuple(
                page_evidence(context, page.requested_url, page.error or "")
                for page in context.failed_pages[:5]
            ),
            {**counts, "blind_spots": blind_spots},
        )
    pages = context.seen_pages
    return Verdict(
        Outcome.FAIL,
        f"No phone, email, human chat or contact form on the {len(pages)} pages visited, "
        "including every support-like link found.",
        tuple(page_evidence(context, page.url, page.probe.title if page.probe else "") for page in pages[:5]),
        counts,
    )
