"""Rules on support that disabled customers can use: a channel without voice, relay, a statement.

A phone line alone fails people who cannot hear or speak. The European Accessibility Act asks
support services (help desks, call centres, technical support, relay and training services) to
give information on the service's accessibility in accessible modes of communication (Annex I,
Section III(d)); its functional performance criteria ask for usage without hearing, with limited
hearing and without vocal capability (Section VII (d) to (f)) where Sections I to VI do not
address a function; EN 301 549 clause 12.2.3 (effective communication) asks support services to
accommodate those needs, directly or through a referral point. The wording each rule cites is
kept in ``rules/accessibility_clauses.json``, the one place to correct it.

These rules rest on what the pages say, in the lexicons' ``relay``, ``text_channel`` and
``accessibility_statement`` phrases, so every absence goes through the language guard
(``LocaleContext.blind_spots``): on pages the tool could not read they say ``needs_review``.
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.gather.mentions import concept_mentions
from checker.snapshot import PageSnapshot
from rules._clauses import clause_references, clause_tags
from rules._contact_links import page_state
from rules.context import LocaleContext
from rules.evidence import MAX_EVIDENCE, channel_evidence
from rules.model import Evidence, Impact, Outcome, Verdict
from rules.registry import rule

MAX_MENTIONS = 20


@dataclass(frozen=True)
class Mention:
    """Where a page names a concept: a link (with its target) or a block of text."""

    page: PageSnapshot
    selector: str
    text: str
    phrase: str
    href: str = ""


def mentions(context: LocaleContext, concept: str, links_only: bool = False) -> list[Mention]:
    """Links and text blocks on the seen pages naming ``concept``, each text once."""
    found: dict[str, Mention] = {}
    for page in context.seen_pages:
        assert page.probe is not None
        for named in concept_mentions(page.probe, concept, links_only):
            if named.text not in found:
                found[named.text] = Mention(page, named.selector, named.text[:200], named.phrase, named.href)
            if len(found) >= MAX_MENTIONS:
                return list(found.values())
    return list(found.values())


def mention_evidence(context: LocaleContext, found: list[Mention]) -> tuple[Evidence, ...]:
    return tuple(
        Evidence(
            url=m.page.url, selector=m.selector, snippet=m.text, screenshot=context.screenshot_for(m.page.url)
        )
        for m in found[:MAX_EVIDENCE]
    )


def _blind_review(
    context: LocaleContext, said: str, blind_spots: list[str], details: dict[str, object]
) -> Verdict:
    return Verdict(
        Outcome.NEEDS_REVIEW,
        f"{said}, but part of the site could not be seen: " + "; ".join(blind_spots[:3]),
        (),
        {**details, "blind_spots": blind_spots},
    )


@rule(
    id="access.non-voice-channel",
    title="A human channel that needs neither hearing nor speech",
    failure_title="The only human channel found is the telephone",
    description=(
        "Customers who are deaf, hard of hearing or cannot speak cannot use a phone line. At least "
        "one way to a person must work in writing: an email address, a contact form, a staffed "
        "chat, or an SMS, messaging or relay service named on the site. Critical: when the phone "
        "is the only human channel, these customers cannot reach anyone. It fails only when phone "
        "numbers were found and nothing written; a chat whose nature cannot be told, or a site the "
        "tool could not fully see (a language without a lexicon included), needs review."
    ),
    impact=Impact.CRITICAL,
    tags=("access", "human", *clause_tags("access.non-voice-channel")),
    help=(
        "Next to the phone number, offer an email address, a contact form or a staffed chat, and "
        "name any text or relay service."
    ),
    references=clause_references("access.non-voice-channel"),
)
def non_voice_channel(context: LocaleContext) -> Verdict:
    channels = context.channels
    human_chats = [chat for chat in channels.chat if chat.human is True]
    written = [*channels.email, *channels.contact_form, *human_chats]
    counts: dict[str, object] = {
        "phone": len(channels.phone),
        "email": len(channels.email),
        "contact_form": len(channels.contact_form),
        "human_chat": len(human_chats),
    }
    if written:
        return Verdict(
            Outcome.PASS,
            f"A written way to a person is offered ({len(written)} email, form or staffed chat channel(s)).",
            channel_evidence(context, written),
            counts,
        )
    named = [*mentions(context, "text_channel"), *mentions(context, "relay")]
    if named:
        return Verdict(
            Outcome.PASS,
            f"The site names a text or relay channel: “{named[0].text}”.",
            mention_evidence(context, named),
            {**counts, "named": [m.phrase for m in named]},
        )
    unknown_chats = [chat for chat in channels.chat if chat.human is None]
    if unknown_chats:
        return Verdict(
            Outcome.NEEDS_REVIEW,
            "Besides any phone, only a chat was found, and whether a person answers it cannot be "
            "told from the page.",
            channel_evidence(context, unknown_chats),
            counts,
        )
    blind_spots = context.blind_spots()
    if blind_spots:
        return _blind_review(context, "No written channel to a person was found", blind_spots, counts)
    if not channels.phone:
        return Verdict(
            Outcome.NOT_APPLICABLE,
            "No human channel was found at all (human.channel judges that).",
            (),
            counts,
        )
    return Verdict(
        Outcome.FAIL,
        f"The only human channel found is the telephone ({channels.phone[0].display}): no email, "
        f"contact form, staffed chat or text service on the {len(context.seen_pages)} pages visited.",
        channel_evidence(context, channels.phone),
        counts,
    )


@rule(
    id="access.relay",
    title="Relay, text-phone or sign-language access is named",
    failure_title="The relay or sign-language service the site names cannot be opened",
    description=(
        "Deaf customers phone through relay services (Relay UK and its 18001 prefix, 711 in the "
        "US, Tess in Germany), text phones, or a video link to a sign-language interpreter (BSL, "
        "LSF, LIS, LSE, NGT…). A firm that names such access passes. Its absence is never a "
        "failure, since the law does not require it everywhere: it needs review. It fails only "
        "when the site links such a service and every link leads to a page that is gone (404, 410, "
        "a redirect loop); a page that could not be loaded (a timeout, a block, a 500) needs review."
    ),
    impact=Impact.MODERATE,
    tags=("access", "relay", *clause_tags("access.relay")),
    help=(
        "Say how deaf and speech-impaired customers can reach you: a relay prefix, a text phone, "
        "or a sign-language video service."
    ),
    references=clause_references("access.relay"),
)
def relay(context: LocaleContext) -> Verdict:
    found = mentions(context, "relay")
    details: dict[str, object] = {"named": [m.phrase for m in found]}
    if found:
        links = [m for m in found if m.href]
        broken = [
            (m, target) for m in links if (target := context.page_for(m.href)) is not None and not target.ok
        ]
        if links and len(broken) == len(found):
            states = [page_state(context, target) for _, target in broken]
            mention, target = broken[0]
            if all(state == "dead" for state, _ in states):
                return Verdict(
                    Outcome.FAIL,
                    f"The site links “{mention.text}”, but the page does not open ({states[0][1]}).",
                    mention_evidence(context, [m for m, _ in broken]),
                    details,
                )
            # A timeout, a block or a 500 may pass in a minute or answer the crawler alone.
            unsure = next(reason for state, reason in states if state != "dead")
            return Verdict(
                Outcome.NEEDS_REVIEW,
                f"The site links “{mention.text}”, but its page could not be checked: {unsure}.",
                mention_evidence(context, [m for m, _ in broken]),
                details,
            )
        return Verdict(
            Outcome.PASS,
            f"The site names relay or sign-language access: “{found[0].text}”.",
            mention_evidence(context, found),
            details,
        )
    blind_spots = context.blind_spots()
    if blind_spots:
        return _blind_review(
            context, "No relay, text-phone or sign-language access was named", blind_spots, details
        )
    return Verdict(
        Outcome.NEEDS_REVIEW,
        f"No relay, text-phone or sign-language access is named on the {len(context.seen_pages)} pages "
        "visited; not required everywhere, so check whether the firm's market and sector require it.",
        (),
        details,
    )


@rule(
    id="access.statement",
    title="An accessibility statement with a contact for feedback is linked",
    failure_title="No accessibility statement is linked, or it gives no contact for feedback",
    description=(
        "An accessibility statement tells disabled customers what works, what does not, and whom "
        "to tell about a barrier. The European Accessibility Act asks service providers to say how "
        "their service meets the accessibility requirements (Art. 13(2), Annex V), and public "
        "bodies' statements must carry a feedback contact (Directive (EU) 2016/2102, Art. 7). It "
        "passes when a statement is linked and that page offers an email address, phone number or "
        "form; it fails when the statement has no such contact, or when a fully seen site links no "
        "statement. A statement linked but not visited, not loaded or not read whole, or a site not "
        "fully seen (a language without a lexicon included), needs review; every lexicon names the "
        "statement as its language's law does."
    ),
    impact=Impact.MODERATE,
    tags=("access", *clause_tags("access.statement")),
    help=(
        "Link an accessibility statement from every page's footer, and give on it an email address "
        "or form for reporting barriers."
    ),
    references=clause_references("access.statement"),
)
def statement(context: LocaleContext) -> Verdict:
    links = [m for m in mentions(context, "accessibility_statement", links_only=True) if m.href]
    details: dict[str, object] = {"statement_links": [m.href for m in links]}
    if not links:
        blind_spots = context.blind_spots()
        if blind_spots:
            return _blind_review(context, "No accessibility statement was found", blind_spots, details)
        return Verdict(
            Outcome.FAIL,
            f"No link to an accessibility statement on the {len(context.seen_pages)} pages visited.",
            (),
            details,
        )
    visited = [(m, page) for m in links if (page := context.page_for(m.href)) is not None and page.ok]
    unread = _unread_statements(context, links)
    for _, page in visited:
        found = context.page_channels.get(page.url)
        contacts = [*found.email, *found.phone, *found.contact_form] if found else []
        if contacts:
            return Verdict(
                Outcome.PASS,
                f"The accessibility statement ({page.url}) gives a contact for feedback: "
                f"{contacts[0].snippet or contacts[0].url}.",
                channel_evidence(context, contacts),
                {**details, "statement": page.url},
            )
    if visited and not unread:
        page = visited[0][1]
        return Verdict(
            Outcome.FAIL,
            f"The accessibility statement ({page.url}) gives no email address, phone number or form "
            "for feedback.",
            mention_evidence(context, [visited[0][0]]),
            {**details, "statement": page.url},
        )
    return Verdict(
        Outcome.NEEDS_REVIEW,
        f"An accessibility statement is linked (“{links[0].text}”, {links[0].href}) but no contact "
        "for feedback was found, and not every statement page was read: " + "; ".join(unread[:3]),
        mention_evidence(context, links),
        {**details, "unchecked": unread},
    )


def _unread_statements(context: LocaleContext, links: list[Mention]) -> list[str]:
    """Why a linked statement page was not read whole: not visited, not loaded, or partly hidden.

    Its feedback contact may be on what was not read, so no rule may call it missing.
    """
    reasons: list[str] = []
    for href in dict.fromkeys(m.href for m in links):
        page = context.page_for(href)
        if page is None:
            reasons.append(f"{href} was not visited")
        elif not page.ok:
            reasons.append(f"{href} could not be loaded ({page.error or page.error_kind})")
        else:
            reasons.extend(context.unseen_parts(page))
    return list(dict.fromkeys(reasons))
