"""Rules about call-back offers: can a customer ask to be called instead of waiting in a queue?"""

from __future__ import annotations

from rules.context import LocaleContext
from rules.evidence import channel_evidence, page_evidence
from rules.model import Impact, Outcome, Verdict
from rules.registry import rule


@rule(
    id="callback.offered",
    title="Customers who phone can ask to be called back",
    failure_title="The site offers a phone line but no way to be called back",
    description=(
        "A phone queue costs the customer time and, on some numbers, money. The GetHuman standard "
        "asks that callers be offered a call back when no agent is free, so nobody has to hold. "
        "On a website this shows as a callback form or an offer such as 'We'll call you back', "
        "'Ti richiamiamo' or 'Rückruf anfordern'. The rule applies to sites that publish a phone "
        "line: a call back stands in for the phone queue, so a site without one is not judged. "
        "Help stays reachable without a call back, so a failure is an inconvenience (minor)."
    ),
    impact=Impact.MINOR,
    tags=("callback", "gethuman:4"),
    help=(
        "Offer a call back next to the phone number: a short form asking for a name, a number and "
        "a preferred time, or a 'request a call back' option in the phone menu that the page "
        "mentions."
    ),
    references=(
        "GetHuman customer service standard v1.0, item 4 (offer a call back when no human is available)",
    ),
)
def callback_offered(context: LocaleContext) -> Verdict:
    channels = context.channels
    counts: dict[str, object] = {"phone": len(channels.phone), "callback": len(channels.callback)}
    if channels.callback:
        first = channels.callback[0]
        return Verdict(
            Outcome.PASS,
            f"A call back is offered: “{first.text or first.snippet}”.",
            channel_evidence(context, channels.callback),
            counts,
        )
    blind_spots = context.blind_spots()
    if blind_spots:
        return Verdict(
            Outcome.NEEDS_REVIEW,
            "No call-back offer was found, but part of the site could not be seen: "
            + "; ".join(blind_spots[:3]),
            tuple(
                page_evidence(context, page.requested_url, page.error or "")
                for page in context.failed_pages[:5]
            ),
            {**counts, "blind_spots": blind_spots},
        )
    if not channels.phone:
        return Verdict(
            Outcome.NOT_APPLICABLE,
            "No phone line was found, so there is no queue for a call back to replace.",
            (),
            counts,
        )
    return Verdict(
        Outcome.FAIL,
        f"The site publishes {len(channels.phone)} phone number(s) but offers no call back on the "
        f"{len(context.seen_pages)} pages visited.",
        channel_evidence(context, channels.phone),
        counts,
    )
