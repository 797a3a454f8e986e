"""Finds what a page says in words: callback offers, service hours, self-service and contact links.

Only what a visitor reads counts: visible (or expandable) text, link and button labels, image
alts, form headings, and the paths of visible links. Raw markup never does, so ``callback=`` in a
script URL is not a callback offer and a ``#contact`` anchor on the same page is not a contact
page. Phrases come from the lexicons, in every language at once.
"""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import urlsplit

from checker.channels import CallbackChannel, ContactLink, HoursChannel, SelfServiceChannel, WaitTimeChannel
from checker.gather._page import element_labels, labelled_texts, snippet, visible_blocks
from checker.gather.lexicon import PhraseMatcher, all_lexicons, matcher, normalize
from checker.snapshot import LinkFact, ProbeResult

MAX_LABEL_WORDS = 6
HOURS_WINDOW = 90
NEIGHBOUR_BLOCKS = 3
# A word of two or more letters glued to a number; "9h00" and "17.30u" stay whole.
_GLUED = re.compile(r"(?<=[^\W\d_]{2})(?=\d)|(?<=\d)(?=[^\W\d_]{2})")
_URL_SEPARATORS = re.compile(r"[/_.?=&#+%-]+")
# A clock time: 8, 8am, 8:30, 08.00, 8h30, 8 a.m., 18 Uhr, midnight. Hours and minutes only.
_NAMED_TIMES = (
    r"midnight|noon|midday|mezzanotte|mezzogiorno|mitternacht|mittag|medianoche|mediodia|minuit|midi"
    r"|meia-noite|meio-dia|middernacht"
)
# A 24-hour time written as four digits (0800, 1730), on the quarter hour: "1-800-555-0199" is no time.
_FOUR_DIGIT_TIME = r"(?:[01]\d|2[0-3])(?:00|15|30|45)"
_TIME = (
    rf"(?:(?<![\d.,:/]){_FOUR_DIGIT_TIME}(?![\d])"
    r"|(?<![\d.,:/])(?:[01]?\d|2[0-4])(?:[:.h][0-5]\d)?"
    r"(?:\s?(?:a\.?\s?m\.?|p\.?\s?m\.?|uhr|hrs|h|u|uur|godz\.?|ч\.?|kl\.?)(?![a-z]))?(?![\d])"
    rf"|(?<![a-z])(?:{_NAMED_TIMES})(?![a-z]))"
)
_RANGE_SYMBOLS = ("-", "–", "—", "~", "〜", "～", "－")


@cache
def _time_range() -> re.Pattern[str]:
    """Two clock times joined by a dash or by a language's range word ("9 bis 17", "8:00 do 16:00").

    The words are the lexicons' ``range_word`` lists, matched with or without their accents
    ("até", "ate") and not inside a longer word.
    """
    words = {word for lexicon in all_lexicons() for word in lexicon.range_word if word not in _RANGE_SYMBOLS}
    alternation = "|".join(sorted((_any_accent(word) for word in words), key=len, reverse=True))
    symbols = "|".join(re.escape(symbol) for symbol in _RANGE_SYMBOLS)
    join = rf"\s*(?:{symbols}|(?<![^\W\d_])(?:{alternation})(?![^\W\d_]))\s*"
    return re.compile(rf"({_TIME}){join}({_TIME})", re.IGNORECASE)


def _any_accent(word: str) -> str:
    """A pattern for ``word`` in which each Latin letter may carry any accent ("ate" finds "até")."""
    letters = _accented()
    return "".join(
        f"[{re.escape(letters[char])}]" if char in letters else re.escape(char) for char in normalize(word)
    )


@cache
def _accented() -> dict[str, str]:
    """Each base Latin letter and the letters of Latin-1 and Latin Extended-A that fold to it."""
    letters: dict[str, str] = {}
    for code in range(0x61, 0x17F + 1):
        base = normalize(chr(code))
        if len(base) == 1 and "a" <= base <= "z":
            letters[base] = letters.get(base, "") + chr(code)
    return letters


_CLOCKISH = re.compile(rf"[:.h]\d\d|[ap]\.?\s?m|uhr|hrs|uur|godz|ч|kl|{_NAMED_TIMES}", re.IGNORECASE)
# Around a range of bare numbers ("9-5", "0800-1800"): what makes it a price, a date, a phone
# number or a count instead of hours.
_MONEY_OR_NUMBER_BEFORE = re.compile(r"(?:[$€£¥#+]|\d[-/.,]|\bno\.?)\s?$")
_MONEY_OR_NUMBER_AFTER = re.compile(r"\s?(?:[-/.,]?\d|%|[$€£¥]|x\b)")
_COUNT_AFTER = re.compile(
    r"\s*(?:min\w*|sec\w*|hours?|days?|weeks?|months?|years?|nights?|items?|pieces?|pcs|people"
    r"|persons?|guests?|units?|kg|km|cm|mm|kr|eur|usd|gbp|chf|[kmg]b)\b"
)
_YEAR = re.compile(r"(?:19|20)\d\d")


_DIGIT = re.compile(r"\d")
NAMED_TIME_WORDS = tuple(_NAMED_TIMES.split("|"))


def may_state_a_time(text: str) -> bool:
    """Whether ``text`` holds a digit or a named time ("noon"): most text states no time at all,
    and this check is far cheaper than the time patterns it spares."""
    if _DIGIT.search(text):
        return True
    lowered = text.lower()
    return any(word in lowered for word in NAMED_TIME_WORDS)


def gather_callback_text(probe: ProbeResult, page_url: str) -> list[CallbackChannel]:
    """Offers to call the visitor back, stated in text, links or buttons."""
    found: dict[str, CallbackChannel] = {}
    for text, selector in labelled_texts(probe):
        match = matcher("callback").search(text)
        if match:
            normal = normalize(text)
            excerpt = snippet(normal, match.start(), match.end())
            found.setdefault(
                excerpt, CallbackChannel(url=page_url, selector=selector, snippet=excerpt, text=excerpt)
            )
    return list(found.values())


def _spaced(text: str) -> str:
    """Separates words glued to numbers ("Maandag19:00", "02Ежедневно") so word boundaries hold."""
    return _GLUED.sub(" ", text)


def _says_hours(normalized_text: str) -> bool:
    return any(
        matcher(concept).search(normalized_text, normalized=True) for concept in ("days", "daily", "hours")
    )


def _bare_range_is_hours(text: str, match: re.Match[str]) -> bool:
    """A range of bare numbers ("Mon–Fri 9–5", "0800-1800") reads as hours in ``text``.

    Only with a day or "every day" word close by, and not when the numbers are part of a price,
    a date, a phone number or a count ("Order 2 to 3 items"). Joined by a word of one or two
    letters ("7 e 8", "9 a 17"), which is as often "and" as "to", the range must open with a range
    word too: "de 9 a 17" is hours, "artt. 7 e 8" is not.
    """
    first, second = match.group(1), match.group(2)
    if _YEAR.fullmatch(first) and _YEAR.fullmatch(second):
        return False
    join = text[match.end(1) : match.start(2)].strip()
    if join.isalpha() and len(join) <= 2 and not _opens_a_range(text[: match.start()]):
        return False
    if _MONEY_OR_NUMBER_BEFORE.search(text[: match.start()]):
        return False
    rest = text[match.end() :]
    if _MONEY_OR_NUMBER_AFTER.match(rest) or _COUNT_AFTER.match(rest):
        return False
    window = normalize(text[max(0, match.start() - HOURS_WINDOW) : match.end() + HOURS_WINDOW])
    return any(matcher(concept).search(window, normalized=True) for concept in ("days", "daily"))


def _opens_a_range(before: str) -> bool:
    """The last word of ``before`` is a range word of some language ("de", "od", "from")."""
    words = normalize(before).split()
    return bool(words) and words[-1] in _range_words()


@cache
def _range_words() -> frozenset[str]:
    return frozenset(normalize(word) for lexicon in all_lexicons() for word in lexicon.range_word)


def is_time_range(text: str) -> bool:
    """``text`` is two clock times joined ("9.00–17.00"), which phone-number parsers may take for a number."""
    match = _time_range().fullmatch(text.strip().lower())
    return bool(match and (_CLOCKISH.search(match.group(1)) or _CLOCKISH.search(match.group(2))))


def _hours_in(text: str, neighbours: str) -> tuple[int, int] | None:
    """Span of a stated opening time in ``text``: a time range near a day or hours word.

    Timetables often put the day in one table cell and the times in the next, so the text of the
    neighbouring blocks counts as context too. A range of bare numbers ("9-17") needs a day word
    in the same block.
    """
    if not may_state_a_time(text):
        return None
    lowered = _spaced(text.lower())
    for match in _time_range().finditer(lowered):
        clockish = _CLOCKISH.search(match.group(1)) or _CLOCKISH.search(match.group(2))
        if not (clockish or _bare_range_is_hours(lowered, match)):
            continue
        window = normalize(lowered[max(0, match.start() - HOURS_WINDOW) : match.end() + HOURS_WINDOW])
        if matcher("not_hours").search(window, normalized=True):
            continue
        if _says_hours(window) or _says_hours(normalize(_spaced(neighbours))):
            return match.start(), match.end()
    return None


def gather_hours(probe: ProbeResult, page_url: str) -> list[HoursChannel]:
    """Stated service or opening hours, including those in collapsed accordions."""
    found = []
    blocks = list(visible_blocks(probe))
    for index, block in enumerate(blocks):
        neighbours = " | ".join(
            b.text[-HOURS_WINDOW:] for b in blocks[max(0, index - NEIGHBOUR_BLOCKS) : index]
        )
        span = _hours_in(block.text, neighbours)
        if span is None:
            continue
        excerpt = snippet(_spaced(block.text), *span)
        found.append(HoursChannel(url=page_url, selector=block.selector, snippet=excerpt, text=excerpt))
    return found


_DURATION = re.compile(
    r"\d+\s*(?:-|–|to|bis|a)?\s*\d*\s*(?:min|mins|minutes?|minut[io]s?|minuten|minuto|分|sec|seconds?|h\b|hours?|ore|stunden?|horas?|heures?|uur)",
    re.IGNORECASE,
)


def gather_wait_times(probe: ProbeResult, page_url: str) -> list[WaitTimeChannel]:
    """Stated queue wait times: a wait-time phrase with a duration in the same block of text."""
    found = []
    for block in visible_blocks(probe):
        phrase = matcher("wait_time").search(block.text)
        if phrase is None or not _DURATION.search(block.text):
            continue
        excerpt = " ".join(block.text.split())[:200]
        found.append(WaitTimeChannel(url=page_url, selector=block.selector, snippet=excerpt, text=excerpt))
    return found


@cache
def url_matcher(concept: str) -> PhraseMatcher:
    """A matcher for a lexicon's URL-path words (``contact_url``, ``self_service_url``) in all languages."""
    phrases: list[str] = []
    for lexicon in all_lexicons():
        phrases.extend(_URL_SEPARATORS.sub(" ", phrase).strip() for phrase in getattr(lexicon, concept))
    return PhraseMatcher(phrases)


def url_words(href: str) -> str:
    """The host and path of a link as normalised words, for matching URL-path phrases."""
    try:
        parts = urlsplit(href)
    except ValueError:
        return ""
    # Help sites often live on their own host: homeloanhelp.example.com, support.example.com.
    host_words = parts.hostname.split(".")[0] if parts.hostname else ""
    host_words = re.sub(
        r"(help|support|faq|hilfe|ajuda|ayuda|aide|aiuto|hjelp|hjalp|hulp)", r" \1 ", host_words
    )
    return _URL_SEPARATORS.sub(" ", f"{host_words} {parts.path} {parts.query}").lower()


def _short(label: str) -> bool:
    return 0 < len(label.split()) <= MAX_LABEL_WORDS


def _same_page(link: LinkFact, page_urls: set[str]) -> bool:
    raw = link.raw_href.strip()
    if raw.startswith("#") or not raw:
        return True
    return "#" in link.href and link.href.split("#", 1)[0] in page_urls


def _followable(link: LinkFact) -> bool:
    return not link.raw_href.strip().lower().startswith(("mailto:", "tel:", "javascript:", "sms:", "callto:"))


def _names_self_service(label: str, href: str) -> bool:
    """A link saying ``label`` and going to ``href`` leads to a help centre, FAQ or knowledge base."""
    if not _short(label):
        return False
    strong = matcher("self_service").search(label)
    if not strong and (matcher("contact").search(label) or matcher("chat").search(label)):
        return False
    help_word = matcher("help").search(label)
    by_path = url_matcher("self_service_url").search(url_words(href), normalized=True)
    few_words = len(label.split()) <= 3
    return bool(strong or (help_word and (by_path or few_words)) or (by_path and few_words))


def gather_self_service(probe: ProbeResult, page_url: str) -> list[SelfServiceChannel]:
    """Help-centre, FAQ and knowledge-base links, and FAQ content on the page itself.

    A link counts by its visible text, or by the title or aria-label a visitor hovering it or a
    screen reader reads; the evidence says which.
    """
    found: dict[str, SelfServiceChannel] = {}
    for link in probe.links:
        if not (link.visible and _followable(link)) or link.href in found:
            continue
        label = next(
            (label for label in element_labels(probe, link) if _names_self_service(label.text, link.href)),
            None,
        )
        if label is not None:
            found[link.href] = SelfServiceChannel(
                url=page_url, selector=link.selector, snippet=label.evidence, text=label.text
            )
    for block in visible_blocks(probe):
        # A short block is a title ("Frequently asked questions" over an on-page FAQ), whatever its tag.
        if _short(block.text) and matcher("self_service").search(block.text):
            found.setdefault(
                block.selector,
                SelfServiceChannel(
                    url=page_url, selector=block.selector, snippet=block.text, text=block.text
                ),
            )
    return list(found.values())


def _support_kind(label: str, href: str) -> str | None:
    """``contact`` or ``help`` when a link saying ``label`` and going to ``href`` leads there, else None."""
    if not _short(label):
        return None
    by_label = matcher("contact").search(label)
    by_path = url_matcher("contact_url").search(url_words(href), normalized=True)
    is_help = bool(matcher("help").search(label))
    if by_label or (by_path and (is_help or len(label.split()) <= 3)):
        return "contact"
    return "help" if is_help else None


def gather_support_links(probe: ProbeResult, page_url: str) -> list[ContactLink]:
    """Links to a contact page (``kind`` contact) or to help and support (``kind`` help), hidden ones too.

    Hidden links (a closed menu) are kept with ``visible`` False: a rule can then tell "no link"
    from "a link a visitor may not see". In-page anchors and mailto:/tel: links are not included.
    A link's title or aria-label counts as its text does (an envelope icon titled "Contact us"),
    and the evidence says where the words came from.
    """
    page_urls = {page_url.split("#", 1)[0], probe.url.split("#", 1)[0]}
    found: dict[str, ContactLink] = {}
    for link in probe.links:
        if not _followable(link) or _same_page(link, page_urls):
            continue
        kinds = ((label, _support_kind(label.text, link.href)) for label in element_labels(probe, link))
        label, kind = next(((label, kind) for label, kind in kinds if kind), (None, None))
        if label is None or kind is None:
            continue
        previous = found.get(link.href)
        # One entry per target: the most telling sighting wins (visible first, then "contact").
        if previous is None or (link.visible, kind == "contact") > (
            previous.visible,
            previous.kind == "contact",
        ):
            found[link.href] = ContactLink(
                url=page_url,
                selector=link.selector,
                snippet=label.evidence,
                href=link.href,
                text=label.text,
                region=link.region,
                visible=link.visible,
                kind=kind,
            )
    return list(found.values())


def visible_contact_links(support_links: list[ContactLink]) -> list[ContactLink]:
    """The visible links to a contact or customer-service page among the support links."""
    return [link for link in support_links if link.visible and link.kind == "contact"]


def gather_contact_links(probe: ProbeResult, page_url: str) -> list[ContactLink]:
    """Visible links to a contact or customer-service page (not in-page anchors, not mailto:)."""
    return visible_contact_links(gather_support_links(probe, page_url))
