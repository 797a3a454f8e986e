"""Rules about reaching a person: a human channel, not only a bot, numbers that work, stated hours."""

from __future__ import annotations

from checker.channels import PhoneChannel
from checker.gather.pagekind import LinkProblem
from rules._contact_links import blind_evidence, signal_evidence
from rules.context import LocaleContext
from rules.evidence import MAX_EVIDENCE, channel_evidence, page_evidence
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
        "customers with problems a bot cannot solve. A site that sends customers to its mobile "
        "app for help needs review: the app may reach a person, and region.app-only-support "
        "judges whether customers can get the app."
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
    if channels.app_support:
        return Verdict(
            Outcome.NEEDS_REVIEW,
            "No human channel on the website, but it sends customers to the mobile app for help, "
            "and what the app offers cannot be seen from the site (see region.app-only-support).",
            channel_evidence(context, channels.app_support),
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
    # The pages a customer looking for help would open come first in the evidence.
    support_first = sorted(pages, key=lambda page: (-page.support_score, page.depth))
    return Verdict(
        Outcome.FAIL,
        f"No phone, email, human chat or contact form on the {len(pages)} pages visited, "
        "including every support-like link found.",
        tuple(
            page_evidence(context, page.url, page.probe.title if page.probe else "")
            for page in support_first[:5]
        ),
        {**counts, "pages_visited": [page.url for page in pages]},
    )


@rule(
    id="human.bot-only",
    title="A chat bot is not the only way to reach the firm",
    failure_title="The only channel offered is a bot, with no visible way to a person",
    description=(
        "A bot answers the easy questions; the customer whose problem it cannot solve needs a way "
        "to a person. Critical: when the bot is the only channel, that customer cannot reach "
        "anyone. The EU DSA requires points of contact that do not rely solely on automated tools, "
        "and Spain's Ley 10/2025 a right to personal attention. It fails when every chat found is "
        "a known bot and no phone, email, human chat or contact form is shown; a chat whose nature "
        "cannot be told, or a site the tool could not fully see, is left for review. A hand-over to "
        "a person inside the bot's conversation cannot be seen from the page."
    ),
    impact=Impact.CRITICAL,
    tags=("human", "eu-dsa:art12", "es-ley10-2025:art8"),
    help=(
        "Next to the bot, show a way to a person: a phone number, an email address or a contact "
        "form, or a visible 'talk to a person' option in the chat."
    ),
    references=(
        "EU Digital Services Act, Art. 12(1) (means of communication not solely relying on automated tools)",
        "Spain, Ley 10/2025 de servicios de atención a la clientela, art. 8 (personal attention)",
    ),
)
def bot_only(context: LocaleContext) -> Verdict:
    channels = context.channels
    if not channels.chat:
        return Verdict(Outcome.NOT_APPLICABLE, "No chat was found on the pages visited.")
    details: dict[str, object] = {"chats": [{"vendor": c.vendor, "human": c.human} for c in channels.chat]}
    people = [
        *channels.phone,
        *channels.email,
        *channels.contact_form,
        *(chat for chat in channels.chat if chat.human is True),
    ]
    if people:
        return Verdict(
            Outcome.PASS,
            f"Besides the chat, {len(people)} way(s) to a person are shown.",
            channel_evidence(context, people),
            details,
        )
    unknown = [chat for chat in channels.chat if chat.human is None]
    if unknown:
        return Verdict(
            Outcome.NEEDS_REVIEW,
            f"The only channel is a chat ({unknown[0].vendor}) and whether a person answers it cannot be "
            "told from the page.",
            channel_evidence(context, unknown),
            details,
        )
    bots = ", ".join(sorted({chat.vendor for chat in channels.chat}))
    blind_spots = context.blind_spots()
    if blind_spots:
        return Verdict(
            Outcome.NEEDS_REVIEW,
            f"Only a bot ({bots}) was found, but part of the site could not be seen: {blind_spots[0]}",
            channel_evidence(context, channels.chat),
            {**details, "blind_spots": blind_spots},
        )
    return Verdict(
        Outcome.FAIL,
        f"The only channel is a bot ({bots}); no phone, email, human chat or contact form is shown.",
        channel_evidence(context, channels.chat),
        details,
    )


def _number(phone: PhoneChannel) -> dict[str, object]:
    return {
        "number": phone.number,
        "display": phone.display,
        "kind": phone.kind,
        "valid": phone.valid,
        "region": phone.region,
        "url": phone.url,
    }


def _link_number(problem: LinkProblem) -> dict[str, object]:
    valid = None if problem.problem == "unknown_country" else False
    return {
        "number": problem.number,
        "display": problem.href,
        "kind": "unknown",
        "valid": valid,
        "region": "",
        "url": problem.url,
    }


@rule(
    id="human.phone-valid",
    title="Phone numbers are valid and not premium-rate",
    failure_title="A phone number is invalid for its country or premium-rate",
    description=(
        "A number that no numbering plan allows cannot be called, and a premium-rate number makes "
        "customers pay extra to complain. Serious: the first stops callers outright, the second "
        "breaks the EU Consumer Rights Directive (Art. 21), under which calls about a contract may "
        "cost no more than a basic-rate call. Numbers are checked with Google's libphonenumber "
        "metadata. A tel: link written without a country code that is invalid in the page's and "
        "locale's countries but valid elsewhere is left for review."
    ),
    impact=Impact.SERIOUS,
    tags=("human", "phone", "eu-crd:art21"),
    help=(
        "Publish numbers in international format (+country code) that dial as written, and give "
        "customers a toll-free, geographic or mobile number rather than a premium-rate one."
    ),
    references=(
        "EU Consumer Rights Directive 2011/83/EU, Art. 21 (communication by telephone at basic rate)",
        "CJEU C-568/15 comtech (basic rate: the cost of an ordinary geographic or mobile call)",
        "ITU-T E.164; Google libphonenumber metadata",
    ),
)
def phone_valid(context: LocaleContext) -> Verdict:
    phones = list(context.channels.phone)
    problems = [p for p in context.link_problems() if p.problem in ("invalid_number", "unknown_country")]
    invalid_labels = {
        **{p.number: f"{p.display} ({p.number})" for p in phones if not p.valid},
        **{p.number: f"{p.href!r} ({p.number})" for p in problems if p.problem == "invalid_number"},
    }
    invalid = list(invalid_labels)
    premium = [phone for phone in phones if phone.kind == "premium_rate"]
    details: dict[str, object] = {
        "numbers": [*map(_number, phones), *map(_link_number, problems)],
        "invalid": invalid,
        "premium_rate": [phone.number for phone in premium],
    }
    if not phones and not problems:
        blind_spots = context.blind_spots()
        if blind_spots:
            return Verdict(
                Outcome.NEEDS_REVIEW,
                "No phone number was found, but part of the site could not be seen: " + blind_spots[0],
                blind_evidence(context),
                {**details, "blind_spots": blind_spots},
            )
        return Verdict(Outcome.NOT_APPLICABLE, "No phone number was found.", (), details)
    bad_evidence = [
        *channel_evidence(context, [p for p in phones if not p.valid or p.kind == "premium_rate"]),
        *signal_evidence(context, [p for p in problems if p.problem == "invalid_number"]),
    ]
    if invalid or premium:
        said = [f"{label} is not a valid number" for label in invalid_labels.values()]
        said += [f"{phone.display} ({phone.number}, {phone.region}) is premium-rate" for phone in premium]
        return Verdict(Outcome.FAIL, "; ".join(said) + ".", tuple(bad_evidence[:MAX_EVIDENCE]), details)
    unknown = [p for p in problems if p.problem == "unknown_country"]
    if unknown:
        return Verdict(
            Outcome.NEEDS_REVIEW,
            f"The number in {unknown[0].href!r} has no country code and is not valid in "
            f"{context.country}; which country it belongs to cannot be told from the page.",
            signal_evidence(context, unknown),
            details,
        )
    kinds = ", ".join(sorted({phone.kind.replace("_", " ") for phone in phones}))
    return Verdict(
        Outcome.PASS,
        f"The {len(phones)} phone number(s) found are valid ({kinds}); none is premium-rate.",
        channel_evidence(context, phones),
        details,
    )


@rule(
    id="human.hours",
    title="Service hours are stated for phone and chat",
    failure_title="Phone or chat is offered without saying when it is answered",
    description=(
        "A customer who calls at the wrong time waits on hold or gives up. Moderate: the channel "
        "works, but customers cannot tell when. WCAG 2.2 Understanding SC 3.2.6 lists hours of "
        "operation with human contact details, and Spain's Ley 10/2025 requires customers to be "
        "told the customer service's hours. It applies when a phone number or a chat that may reach "
        "a person is found (a known bot is always on); hours stated anywhere on the pages visited "
        "count, and so does 'open 24/7'. When part of the site could not be seen it asks for review."
    ),
    impact=Impact.MODERATE,
    tags=("human", "wcag22:3.2.6", "es-ley10-2025"),
    help="State when the phone line and the chat are staffed (days, times and time zone) next to them.",
    references=(
        "WCAG 2.2 Understanding SC 3.2.6 Consistent Help (hours of operation)",
        "Spain, Ley 10/2025 de servicios de atención a la clientela (information on the service's hours)",
    ),
)
def hours(context: LocaleContext) -> Verdict:
    channels = context.channels
    answered = [*channels.phone, *(chat for chat in channels.chat if chat.human is not False)]
    if not answered:
        return Verdict(Outcome.NOT_APPLICABLE, "No phone number or chat that may reach a person was found.")
    stated = [
        *channels.hours,
        *(h for page in context.seen_pages for h in context.facts_of(page).loose_hours),
    ]
    if stated:
        return Verdict(
            Outcome.PASS,
            f"Service hours are stated: '{stated[0].text.rstrip('. ')}'.",
            channel_evidence(context, stated),
            {"hours": [h.text for h in stated]},
        )
    blind_spots = context.blind_spots()
    if blind_spots:
        return Verdict(
            Outcome.NEEDS_REVIEW,
            "No service hours were found, but part of the site could not be seen: " + blind_spots[0],
            channel_evidence(context, answered),
            {"hours": [], "blind_spots": blind_spots},
        )
    return Verdict(
        Outcome.FAIL,
        f"A phone or chat is offered ({answered[0].snippet or answered[0].url}), but no page visited "
        "says when it is answered.",
        channel_evidence(context, answered),
        {"hours": []},
    )
