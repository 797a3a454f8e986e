"""Tells what kind of page a visitor met (an error page dressed as a normal one, a login wall) and
which of its contact links cannot work as written.

Pure facts from one probe result, for the rules to judge: a "page not found" title or heading on a
page that answered 200 (a soft 404), a visible password form or a "sign in to contact us" notice,
``tel:`` and ``mailto:`` links without a usable number or address, "Contact" links that lead
nowhere (``href="#"``, ``javascript:void(0)``), ``tel:`` numbers no country's numbering plan
allows, and hours stated without a time range ("open 24/7", "every day, 8am to midnight"). Detection is
cautious: only the title and the page's main heading, as shown (not in a collapsed FAQ), can call a
page "not found"; a sign-in notice must be about contacting; and only visible links count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import unquote

import phonenumbers

from checker.channels import HoursChannel
from checker.gather._page import link_label, sentence_around, snippet, visible_blocks
from checker.gather.computed import per_probe
from checker.gather.lexicon import PhraseMatch, matcher, normalize, repair_mojibake
from checker.gather.phones import MIN_DIGITS, regions_to_try
from checker.gather.phrases import may_state_a_time, url_matcher
from checker.snapshot import LinkFact, ProbeResult, TextBlock

MAX_HEADING_WORDS = 12
HEADING_TAGS = ("h1", "h2")
MIN_TEL_DIGITS = 3
# Regions where a form on the page is the page's own content, not a sign-in box in the chrome.
CONTENT_REGIONS = ("main", "other")
# Regions that can hold a page's main heading (a hero banner may sit in the header).
HEADING_REGIONS = ("main", "other", "header")
# A page with at most this many shown text blocks in its content is short: an error or notice page.
SHORT_PAGE_BLOCKS = 8
# Lexicon concepts whose words make a sign-in notice about contacting the firm.
CONTACTING_CONCEPTS = ("contact", "contact_form", "message_field", "chat")
_DIGIT = re.compile(r"\d")
_EMAIL = re.compile(
    r"[^@\s,;:?&=/]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)*\.[a-z]{2,}", re.IGNORECASE
)
# One clock time (8am, 18 Uhr, 9:30, 0800, 1800 hrs, noon, midnight), for hours stated with a single
# time. Four digits count only with "hrs"/"h" or a leading zero ("since 1945" is a year) and not
# followed by more digits ("0800 123 4567" is a phone number).
_CLOCK = re.compile(
    r"(?<![\d.,:/])(?:[01]?\d|2[0-4])(?:[:.h][0-5]\d)?\s?(?:a\.?m\b\.?|p\.?m\b\.?|uhr\b|h\b|uur\b)"
    r"|(?<![\d.,:/])(?:[01]\d|2[0-3])[0-5]\d\s?(?:hrs|h)\b"
    r"|(?<![\d.,:/-])0\d(?:00|15|30|45)(?!\d|\s?[-–/]?\s?\d)"
    r"|(?<![\d.,:/])(?:[01]?\d|2[0-4])[:.][0-5]\d(?![\d:])|\b(?:noon|midnight|mezzanotte|mezzogiorno|mitternacht)\b"
)
_BARE_ERROR = re.compile(r"^\W*(?:404|not found|404 not found)\W*$")

LinkProblemKind = Literal[
    "malformed_tel", "malformed_mailto", "no_target", "invalid_number", "unknown_country"
]


@dataclass(frozen=True)
class PageSignal:
    """Where a page shows a fact: the element and the text a person can check."""

    url: str
    selector: str
    snippet: str
    region: str = "other"


@dataclass(frozen=True)
class LinkProblem:
    """A visible link that cannot work as written, and why.

    ``number`` is the E.164 form (or the digits) for ``tel:`` problems, else empty.
    """

    url: str
    selector: str
    snippet: str
    href: str
    problem: LinkProblemKind
    number: str = ""


@dataclass(frozen=True)
class PageFacts:
    """The facts of one page that rules about dead ends, login walls, numbers and hours need."""

    soft_404: PageSignal | None = None
    login_form: PageSignal | None = None
    login_required: PageSignal | None = None
    login_titled: bool = False
    link_problems: tuple[LinkProblem, ...] = ()
    loose_hours: tuple[HoursChannel, ...] = ()


def _says_not_found(text: str) -> bool:
    normal = normalize(text)
    if not normal or len(normal.split()) > MAX_HEADING_WORDS:
        return False
    return bool(_BARE_ERROR.match(normal) or matcher("not_found").search(normal, normalized=True))


def shown_blocks(probe: ProbeResult) -> list[TextBlock]:
    """Text blocks shown without a click: collapsed accordion answers and hidden text left out."""
    return [block for block in probe.text_blocks if block.visibility == "visible"]


def main_heading(shown: list[TextBlock]) -> TextBlock | None:
    """The first shown ``h1``, else the first shown ``h2``, outside the footer, menus and sidebars."""
    for tags in (("h1",), HEADING_TAGS):
        for block in shown:
            if block.tag in tags and block.region in HEADING_REGIONS:
                return block
    return None


def is_short(shown: list[TextBlock]) -> bool:
    return sum(1 for block in shown if block.region in CONTENT_REGIONS) <= SHORT_PAGE_BLOCKS


def soft_404(probe: ProbeResult, page_url: str) -> PageSignal | None:
    """The page's title or its main heading says the page was not found.

    Only the title and the main heading as shown count: the first ``h1``, or on a short page
    without one the first ``h2``. A help article or a collapsed FAQ question that mentions "page
    not found" is not an error page.
    """
    shown = shown_blocks(probe)
    heading = main_heading(shown)
    if heading is not None and (heading.tag == "h1" or is_short(shown)):
        text = repair_mojibake(heading.text)
        if _says_not_found(text):
            return PageSignal(page_url, heading.selector, snippet(text), heading.region)
    if _says_not_found(probe.title):
        return PageSignal(page_url, "title", snippet(probe.title))
    return None


def login_form(probe: ProbeResult, page_url: str) -> PageSignal | None:
    """The first visible form that asks for a password."""
    for form in probe.forms:
        if form.visible and any(field.type == "password" for field in form.fields):
            text = " ".join([form.heading, *form.buttons]).strip() or "a form asking for a password"
            return PageSignal(page_url, form.selector, snippet(text), form.region)
    return None


@per_probe
def is_login_page(probe: ProbeResult) -> bool:
    """A page whose visible form asks for a password: what lies behind it cannot be seen."""
    return login_form(probe, probe.url) is not None


def login_titled(probe: ProbeResult) -> bool:
    """The page's title or a top heading names it a sign-in page ("Sign in", "Anmelden", "Accedi")."""
    headings = [block.text for block in visible_blocks(probe) if block.tag in HEADING_TAGS]
    return any(
        len(normalize(text).split()) <= MAX_HEADING_WORDS and matcher("login_form").search(text)
        for text in [probe.title, *headings]
    )


def _about_contacting(normal: str) -> bool:
    """``normal`` (normalised text) names a way of contacting the firm: contact, message, chat."""
    return any(matcher(concept).search(normal, normalized=True) for concept in CONTACTING_CONCEPTS) or bool(
        url_matcher("contact_url").search(normal, normalized=True)
    )


def _under_contact_heading(blocks: list[TextBlock], index: int) -> bool:
    """The shown block at ``index`` comes right under a heading that names contacting ("Kontakt")."""
    before = [
        block for block in blocks[:index] if block.visibility == "visible" and block.region in CONTENT_REGIONS
    ]
    return bool(before) and before[-1].tag in HEADING_TAGS and _about_contacting(normalize(before[-1].text))


def _has_login_form(probe: ProbeResult) -> bool:
    form = login_form(probe, probe.url)
    return form is not None and (form.region == "main" or login_titled(probe))


def login_required(probe: ProbeResult, page_url: str) -> PageSignal | None:
    """Page content (not the header or footer) saying the visitor must sign in to contact the firm.

    "Please sign in" alone is common in help articles ("to start a return, please sign in"), so a
    notice counts only when its sentence names contacting ("sign in to send us a message"), when it
    is shown right under a contact heading, or when the page shows a sign-in form of its own.
    """
    blocks = probe.text_blocks
    for index, block in enumerate(blocks):
        if block.visibility == "hidden" or block.region not in CONTENT_REGIONS:
            continue
        match = matcher("login_required").search(block.text)
        if not match:
            continue
        normal = normalize(block.text)
        if (
            _about_contacting(sentence_around(normal, match.start(), match.end()))
            or (block.visibility == "visible" and _under_contact_heading(blocks, index))
            or _has_login_form(probe)
        ):
            return PageSignal(
                page_url, block.selector, snippet(normal, match.start(), match.end()), block.region
            )
    return None


def _tel_value(link: LinkFact) -> str:
    return unquote(link.raw_href.strip()[4:]).split("?")[0].split(";")[0].strip()


def _tel_problem(link: LinkFact, page_url: str, regions: list[str]) -> LinkProblem | None:
    """A ``tel:`` link with no usable number, or with a number no numbering plan allows."""
    value = _tel_value(link)
    digits = "".join(_DIGIT.findall(value))
    label = link_label(link) or link.raw_href

    def problem(kind: LinkProblemKind, number: str = "") -> LinkProblem:
        return LinkProblem(page_url, link.selector, snippet(label), link.raw_href, kind, number or digits)

    if len(digits) < MIN_TEL_DIGITS or set(digits) == {"0"}:
        return problem("malformed_tel")
    if len(digits) < MIN_DIGITS or matcher("fax").search(label):
        return None  # short service codes and fax lines are not judged here
    if value.startswith("00"):
        value = "+" + value[2:]
    international = value.startswith("+")
    parsed = None
    for region in ["ZZ"] if international else regions:
        try:
            parsed = phonenumbers.parse(value, region)
        except phonenumbers.NumberParseException:
            return problem("malformed_tel")
        if phonenumbers.is_valid_number(parsed):
            return None
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) if parsed else ""
    if not international and _valid_somewhere(value):
        # A national number of another country: the page does not say which, so neither can we.
        return problem("unknown_country", e164)
    return problem("invalid_number", e164)


def _valid_somewhere(value: str) -> bool:
    for region in phonenumbers.SUPPORTED_REGIONS:
        try:
            if phonenumbers.is_valid_number(phonenumbers.parse(value, region)):
                return True
        except phonenumbers.NumberParseException:
            return False
    return False


def _mailto_problem(link: LinkFact, page_url: str) -> LinkProblem | None:
    """A ``mailto:`` link with no well-formed address, in its path or its ``to=`` field."""
    if _EMAIL.search(unquote(link.raw_href.strip()[7:])):
        return None
    label = link_label(link) or link.raw_href
    return LinkProblem(page_url, link.selector, snippet(label), link.raw_href, "malformed_mailto")


def _goes_nowhere(link: LinkFact) -> bool:
    raw = link.raw_href.strip().lower()
    return raw in ("", "#") or raw.startswith("javascript:")


def link_problems(probe: ProbeResult, page_url: str, country: str) -> list[LinkProblem]:
    """Visible contact links that cannot work as written: bad ``tel:``/``mailto:`` or no target.

    Args:
        probe: the page's probe result.
        page_url: the page's address, kept as evidence.
        country: the locale's ISO country code, for reading national-format numbers.
    """
    found: list[LinkProblem] = []
    regions: list[str] | None = None
    for link in probe.links:
        if not link.visible:
            continue
        raw = link.raw_href.strip().lower()
        if raw.startswith("tel:"):
            regions = regions if regions is not None else regions_to_try(probe, page_url, country)
            problem = _tel_problem(link, page_url, regions)
        elif raw.startswith("mailto:"):
            problem = _mailto_problem(link, page_url)
        elif _goes_nowhere(link) and matcher("contact").search(link_label(link)):
            label = link_label(link)
            problem = LinkProblem(page_url, link.selector, snippet(label), link.raw_href, "no_target")
        else:
            problem = None
        if problem is not None:
            found.append(problem)
    return found


def _availability(normal: str) -> PhraseMatch | None:
    """Where ``normal`` says when help is there without a full time range: 24/7, or a day and a time."""
    around_the_clock = matcher("always_open").search(normal, normalized=True)
    if around_the_clock:
        return around_the_clock
    day = matcher("days").search(normal, normalized=True) or matcher("daily").search(normal, normalized=True)
    return day if day and may_state_a_time(normal) and _CLOCK.search(normal) else None


def loose_hours(probe: ProbeResult, page_url: str) -> list[HoursChannel]:
    """Hours stated without a plain time range: "open 24/7", "every day, 8am to midnight".

    The hours gatherer wants two clock times; these statements are service hours too, and a rule
    must not call them missing. Delivery and order cut-off times are skipped.
    """
    found = []
    for block in visible_blocks(probe):
        normal = normalize(block.text)
        match = _availability(normal)
        if match is None or matcher("not_hours").search(normal, normalized=True):
            continue
        excerpt = snippet(normal, match.start(), match.end())
        found.append(HoursChannel(url=page_url, selector=block.selector, snippet=excerpt, text=excerpt))
    return found


@per_probe
def page_facts(probe: ProbeResult, page_url: str, country: str) -> PageFacts:
    """Every fact of this module for one page."""
    return PageFacts(
        soft_404=soft_404(probe, page_url),
        login_form=login_form(probe, page_url),
        login_required=login_required(probe, page_url),
        login_titled=login_titled(probe),
        link_problems=tuple(link_problems(probe, page_url, country)),
        loose_hours=tuple(loose_hours(probe, page_url)),
    )
