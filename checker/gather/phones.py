"""Finds the phone numbers a page offers for reaching the company, from tel: links and visible text.

Numbers are found and validated with ``phonenumbers`` (Google's libphonenumber metadata), so
postcodes, dates, prices and order numbers that merely look numeric fail validation. What
validation cannot tell, the words in front of a number can: a number after "Fax", "VAT", "CVR" or
"KvK" is not a phone line, whatever its digits. National-format numbers are read in the page's
own country first (from its domain, language and addresses), then in the locale's country.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

import phonenumbers
from phonenumbers import Leniency, PhoneNumber, PhoneNumberFormat, PhoneNumberMatcher, PhoneNumberType

from checker.channels import PhoneChannel, PhoneKind
from checker.gather._page import link_label, page_regions, snippet, visible_blocks
from checker.gather.lexicon import matcher, normalize
from checker.gather.phrases import is_time_range
from checker.snapshot import ProbeResult

LABEL_WINDOW = 40
SUFFIX_WINDOW = 14
THIRD_PARTY_WINDOW = 240  # a paragraph's lead-in: "Cards are administered by X. For … contact X on"
MIN_DIGITS = 6
# A bare run of digits with no separator is a phone only when a label says so (ids, SKUs, CVRs).
_BARE_DIGITS = re.compile(r"^\+?\d+$")
_DIGIT = re.compile(r"\d")
# "123 456 (fax)" labels the number before it; "123 456 Fax: 789" labels the one after.
_FAX_AFTER = re.compile(r"^\W{0,3}(?:fax|telefax|faks|факс)\b(?!\W{0,4}\d)", re.IGNORECASE)
_KINDS: dict[int, PhoneKind] = {
    PhoneNumberType.TOLL_FREE: "toll_free",
    PhoneNumberType.PREMIUM_RATE: "premium_rate",
    PhoneNumberType.SHARED_COST: "shared_cost",
    PhoneNumberType.FIXED_LINE: "geographic",
    PhoneNumberType.FIXED_LINE_OR_MOBILE: "geographic",
    PhoneNumberType.MOBILE: "mobile",
    PhoneNumberType.VOIP: "voip",
    PhoneNumberType.UAN: "uan",
}


def phone_kind(number: PhoneNumber) -> PhoneKind:
    """Tariff class of a number; NANP numbers that may be mobile count as geographic."""
    return _KINDS.get(phonenumbers.number_type(number), "unknown")


def _label_before(prefix: str) -> str:
    """Which kind of label stands before a number: ``phone``, ``fax``, ``other`` or ``""``.

    A fax label anywhere between the previous number and this one wins ("Fax: dial 1-253-…");
    otherwise the label nearest the number decides.
    """
    text = normalize(prefix)
    if matcher("fax").search(text, normalized=True):
        return "fax"
    best_end, best_kind = -1, ""
    for kind, concept in (("phone", "phone_label"), ("fax", "fax"), ("other", "not_phone")):
        for match in matcher(concept).finditer(text):
            if match.end() > best_end or (match.end() == best_end and kind != "phone"):
                best_end, best_kind = match.end(), kind
    return best_kind


def _after_third_party(before: str) -> bool:
    """Words before a number hand it to another party ("cards administered by Santander … on")."""
    return bool(matcher("third_party").search(before))


def _international_regions(texts: list[str]) -> list[str]:
    """Countries of numbers written with a country code (``+44 …``), most frequent first."""
    counts: dict[str, int] = {}
    for text in texts:
        if "+" not in text and "00" not in text:
            continue
        for match in PhoneNumberMatcher(text, "ZZ", leniency=Leniency.VALID):
            region = phonenumbers.region_code_for_number(match.number)
            if region and region != "001":
                counts[region] = counts.get(region, 0) + 1
    return sorted(counts, key=lambda region: -counts[region])


def regions_to_try(probe: ProbeResult, page_url: str, country: str) -> list[str]:
    """Regions in which national-format numbers on this page are read, best first."""
    texts = [block.text for block in visible_blocks(probe)]
    regions = page_regions(probe, page_url)
    for region in [*_international_regions(texts), country.upper()]:
        if region and region not in regions:
            regions.append(region)
    return regions


def _channel(
    number: PhoneNumber, display: str, url: str, selector: str, excerpt: str, source: str
) -> PhoneChannel:
    return PhoneChannel(
        url=url,
        selector=selector,
        snippet=excerpt,
        number=phonenumbers.format_number(number, PhoneNumberFormat.E164),
        display=" ".join(display.split()),
        kind=phone_kind(number),
        valid=phonenumbers.is_valid_number(number),
        region=phonenumbers.region_code_for_number(number) or "",
        source=source,  # type: ignore[arg-type]
    )


def _parse_tel(value: str, regions: list[str]) -> PhoneNumber | None:
    for region in regions:
        try:
            number = phonenumbers.parse(value, region)
        except phonenumbers.NumberParseException:
            return None
        if phonenumbers.is_valid_number(number):
            return number
    return None


def phones_from_tel_links(probe: ProbeResult, page_url: str, regions: list[str]) -> list[PhoneChannel]:
    """Numbers behind ``tel:`` links, unless the link is labelled as a fax."""
    found = []
    for link in probe.links:
        if not link.raw_href.lower().startswith("tel:"):
            continue
        value = unquote(link.raw_href[4:]).split("?")[0].strip()
        if len(_DIGIT.findall(value)) < MIN_DIGITS or "@" in value:
            continue
        label = link_label(link)
        if matcher("fax").search(label):
            continue
        number = _parse_tel(value, regions)
        if number is not None:
            found.append(
                _channel(
                    number,
                    label if _DIGIT.search(label) else value,
                    page_url,
                    link.selector,
                    label or value,
                    "tel",
                )
            )
    return found


def phones_from_text(probe: ProbeResult, page_url: str, regions: list[str]) -> list[PhoneChannel]:
    """Valid numbers in visible text whose label (if any) is a phone label."""
    found = []
    previous_text = ""
    for block in visible_blocks(probe):
        text, preceding = block.text, previous_text
        previous_text = block.text
        if len(_DIGIT.findall(text)) < MIN_DIGITS:
            continue
        spans: list[tuple[int, int]] = []
        for region in regions:
            for match in PhoneNumberMatcher(text, region, leniency=Leniency.VALID):
                start, end = match.start, match.end
                if any(start < taken_end and end > taken_start for taken_start, taken_end in spans):
                    continue
                spans.append((start, end))
                previous_end = max((e for s, e in spans if e <= start), default=-1)
                prefix = text[max(previous_end, start - LABEL_WINDOW, 0) : start]
                if previous_end < 0 and start < LABEL_WINDOW and not prefix.strip():
                    # A number alone in its block is labelled by the block before ("Via Fax:" / "716-…").
                    prefix = preceding[-LABEL_WINDOW:]
                label = _label_before(prefix)
                if label in ("fax", "other") or _FAX_AFTER.search(text[end : end + SUFFIX_WINDOW]):
                    continue
                if _BARE_DIGITS.match(match.raw_string) and label != "phone":
                    continue
                if is_time_range(match.raw_string) or _after_third_party(
                    text[max(0, start - THIRD_PARTY_WINDOW) : start]
                ):
                    continue
                found.append(
                    _channel(
                        match.number,
                        match.raw_string,
                        page_url,
                        block.selector,
                        snippet(text, start, end),
                        "text",
                    )
                )
    return found


def gather_phones(probe: ProbeResult, page_url: str, country: str) -> list[PhoneChannel]:
    """Phone channels on the page, one per E.164 number, tel: links first."""
    regions = regions_to_try(probe, page_url, country)
    unique: dict[str, PhoneChannel] = {}
    for channel in [
        *phones_from_tel_links(probe, page_url, regions),
        *phones_from_text(probe, page_url, regions),
    ]:
        unique.setdefault(channel.number, channel)
    return list(unique.values())
