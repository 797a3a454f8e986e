"""Lists the WCAG 2.2 SC 3.2.6 help mechanisms of one page, in document order.

SC 3.2.6 names four kinds of help: human contact details (a phone number, an email address),
a human contact mechanism (a contact form, a chat staffed by people, a callback offer, a link to
the contact page), a self-help option (a help centre, FAQ or help search) and a fully automated
contact mechanism (a bot). This module does not find anything new: it takes the channels the
other gatherers found on the page and places each at its element in the probe snapshot, using
the selector the channel carries and the ``order`` (document order) and ``region`` the probe
recorded for that element. Each mechanism gets a ``key`` that names the same mechanism on another
page (the same number, address, link target or chat vendor), so rules can compare pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from checker.channels import EmailChannel, HelpMechanism, HelpMechanismKind, PageChannels, PhoneChannel
from checker.gather.computed import per_probe
from checker.gather.forms import is_search_field
from checker.gather.lexicon import matcher, normalize
from checker.gather.phrases import url_matcher, url_words
from checker.snapshot import FieldFact, ProbeResult

# Fields a visitor does not type into; a help search is a form whose typed fields all search.
_UNTYPED_FIELDS = frozenset({"hidden", "submit", "button", "image", "reset", "checkbox", "radio"})
MIN_NUMBER_DIGITS = 6


@dataclass(frozen=True)
class _Place:
    """Where an element sits: its document order, landmark region and whether a visitor sees it."""

    order: int
    region: str
    visible: bool


def normalised_href(href: str) -> str:
    """A link target without its fragment or trailing slash, so ``/faq/`` and ``/faq#top`` match."""
    return href.split("#", 1)[0].rstrip("/")


def is_self_service_url(url: str) -> bool:
    """Whether a URL's host or path names a help centre or FAQ (``help.example.com``, ``/faq``)."""
    return bool(url_matcher("self_service_url").search(url_words(url), normalized=True))


@per_probe
def self_service_title(probe: ProbeResult) -> str:
    """The page's title or main ``h1`` when it names a help centre or FAQ ("Domande frequenti"), else ""."""
    headings = [
        block.text for block in probe.text_blocks if block.tag == "h1" and block.visibility == "visible"
    ]
    for text in [probe.title, *headings]:
        if text and matcher("self_service").search(text):
            return text
    return ""


def _places(probe: ProbeResult) -> dict[str, _Place]:
    """Every element the probe located, by selector; the first fact recorded for a selector wins."""
    places: dict[str, _Place] = {}
    for link in probe.links:
        places.setdefault(link.selector, _Place(link.order, link.region, link.visible))
    for button in probe.buttons:
        places.setdefault(button.selector, _Place(button.order, button.region, button.visible))
    for form in probe.forms:
        places.setdefault(form.selector, _Place(form.order, form.region, form.visible))
    for block in probe.text_blocks:
        places.setdefault(block.selector, _Place(block.order, block.region, block.visibility != "hidden"))
    for marker in probe.markers:
        places.setdefault(marker.selector, _Place(marker.order, "other", marker.visible))
    for frame in probe.iframes:
        selector = f"iframe#{frame.id}" if frame.id else "iframe"
        places.setdefault(selector, _Place(frame.order, "other", frame.visible))
    places.pop("", None)
    return places


def _digits(text: str) -> str:
    return "".join(char for char in text if char.isdigit())


def _same_number(raw_href: str, number: str) -> bool:
    """Whether a ``tel:`` href dials ``number`` (E.164), written with or without the country code."""
    dialled, wanted = _digits(raw_href), _digits(number)
    shorter, longer = sorted((dialled, wanted), key=len)
    return len(shorter) >= MIN_NUMBER_DIGITS and longer.endswith(shorter)


def _repeats(probe: ProbeResult, printed: str, dials: Callable[[str], bool]) -> list[str]:
    """Selectors of the other elements showing the same contact detail.

    A channel is reported once per page, at its first element, but a page often shows a number or
    address twice (in the body and in the footer); each place is a place where help is offered.
    The places are the links that dial or write to it and the text blocks that print it, except a
    block that only prints it as the text of such a link.
    """
    links = [link.selector for link in probe.links if link.visible and link.selector and dials(link.raw_href)]
    blocks = [
        block.selector
        for block in probe.text_blocks
        if block.visibility != "hidden"
        and block.selector
        and printed
        and printed in " ".join(block.text.split())
        and not any(link.startswith(block.selector + " > ") for link in links)
    ]
    return [*links, *blocks]


def _phone_repeats(probe: ProbeResult, phone: PhoneChannel) -> list[str]:
    def dials(href: str) -> bool:
        return href.lower().startswith("tel:") and _same_number(href, phone.number)

    return _repeats(probe, phone.display, dials)


def _email_repeats(probe: ProbeResult, email: EmailChannel) -> list[str]:
    def writes_to(href: str) -> bool:
        return href.lower().startswith("mailto:") and email.address.lower() in href.lower()

    return _repeats(probe, email.address, writes_to)


def _typed(field: FieldFact) -> bool:
    return field.visible and field.type not in _UNTYPED_FIELDS


def _help_searches(probe: ProbeResult, page_url: str) -> list[HelpMechanism]:
    """Search forms for help: they say so ("Search help", "How can we help?") or sit in a help centre."""
    on_help_page = is_self_service_url(page_url)
    found = []
    for form in probe.forms:
        fields = [field for field in form.fields if _typed(field)]
        if not (form.visible and fields and all(is_search_field(field) for field in fields)):
            continue
        words = " ".join([form.heading, *form.buttons, *(f"{f.label} {f.placeholder}" for f in fields)])
        if on_help_page or matcher("self_service").search(words) or matcher("help").search(words):
            excerpt = " ".join(words.split())[:160]
            label = form.heading or next(
                (f.label or f.placeholder for f in fields if f.label or f.placeholder), ""
            )
            found.append(
                HelpMechanism(
                    url=page_url,
                    selector=form.selector,
                    snippet=excerpt,
                    kind="self_help",
                    text=" ".join(label.split())[:160] or "help search",
                    key=f"search:{normalised_href(form.action) or normalised_href(page_url)}",
                )
            )
    return found


def _candidates(probe: ProbeResult, page_url: str, channels: PageChannels) -> list[HelpMechanism]:
    """Every help mechanism the page's channels amount to, not yet placed."""

    def mechanism(
        kind: HelpMechanismKind, selector: str, snippet: str, text: str, key: str, href: str = ""
    ) -> HelpMechanism:
        return HelpMechanism(
            url=page_url, selector=selector, snippet=snippet, kind=kind, text=text, key=key, href=href
        )

    found = [
        mechanism("human_contact_details", selector, phone.snippet, phone.display, f"phone:{phone.number}")
        for phone in channels.phone
        for selector in [phone.selector, *_phone_repeats(probe, phone)]
    ]
    found += [
        mechanism(
            "human_contact_details", selector, email.snippet, email.address, f"email:{email.address.lower()}"
        )
        for email in channels.email
        for selector in [email.selector, *_email_repeats(probe, email)]
    ]
    found += [
        *(
            mechanism(
                "automated_contact" if chat.human is False else "human_contact_mechanism",
                chat.selector,
                chat.snippet,
                f"{chat.vendor} chat",
                f"chat:{chat.vendor}",
            )
            for chat in channels.chat
        ),
        *(
            mechanism("human_contact_mechanism", f.selector, f.snippet, "contact form", f"form:{f.selector}")
            for f in channels.contact_form
        ),
        *(
            mechanism(
                "human_contact_mechanism", c.selector, c.snippet, c.text, f"callback:{normalize(c.text)}"
            )
            for c in channels.callback
        ),
    ]
    for support_link in channels.support_links:
        # A link counts as a way to contact when it says so; "Returns" or "Privacy" under a
        # /customer-service/ path is a contact link by its address only, and no help mechanism.
        if support_link.kind == "contact" and matcher("contact").search(support_link.text):
            kind: HelpMechanismKind = "human_contact_mechanism"
        elif support_link.kind == "help":
            kind = "self_help"
        else:
            continue
        if support_link.visible:
            href = normalised_href(support_link.href)
            found.append(
                mechanism(
                    kind, support_link.selector, support_link.snippet, support_link.text, f"link:{href}", href
                )
            )
    contact_selectors = {m.selector for m in found if m.kind == "human_contact_mechanism" and m.href}
    links_by_selector = {link.selector: link for link in probe.links if link.selector}
    for self_service in channels.self_service:
        if self_service.selector in contact_selectors:
            continue
        link = links_by_selector.get(self_service.selector)
        if link is not None:
            href = normalised_href(link.href)
            key = f"link:{href}"
        else:
            href, key = "", f"text:{normalize(self_service.text)}"
        found.append(
            mechanism("self_help", self_service.selector, self_service.snippet, self_service.text, key, href)
        )
    found.extend(_help_searches(probe, page_url))
    return found


def gather_help_mechanisms(probe: ProbeResult, page_url: str, channels: PageChannels) -> list[HelpMechanism]:
    """The page's help mechanisms in document order, one per element and kind.

    Args:
        probe: the page's probe result, whose facts carry ``order`` and ``region``.
        page_url: the page's address, kept as evidence.
        channels: the channels already gathered from this page.

    Mechanisms whose element the probe saw as invisible are left out (a closed mobile menu is not
    where help is offered at this viewport), except chats, whose launcher floats over the page
    whatever its container's state. A mechanism found only through a script (a chat loader) has
    no element in the page: it is placed after everything else, where such widgets attach
    themselves, in no region.
    """
    places = _places(probe)
    last_order = max((place.order for place in places.values()), default=0)
    placed: dict[tuple[str, str], HelpMechanism] = {}
    for candidate in _candidates(probe, page_url, channels):
        place = places.get(candidate.selector)
        if place is None:
            place = _Place(last_order + 1, "other", True)
        elif not place.visible and not candidate.key.startswith("chat:"):
            continue
        # One mechanism per element and kind, but every number and address a block prints.
        detail = candidate.kind == "human_contact_details"
        identity = (candidate.selector or candidate.key, candidate.key if detail else candidate.kind)
        if identity not in placed:
            placed[identity] = candidate.model_copy(update={"order": place.order, "region": place.region})
    return sorted(placed.values(), key=lambda found: (found.order, found.kind, found.key))
