"""Recognises chat widgets by vendor, whether or not the vendor's script managed to load.

A page names its chat vendor in many places: the loader's script URL, a host inside an inline
snippet, a global the snippet defines, a dns-prefetch hint, a container id, the pop-up link of a
"Live help" button. Any of them is enough, which is what makes detection work on a saved page
(or behind a blocker) where the widget itself never renders. The fingerprints are data, in
``checker/fingerprints/chat_vendors.json``. When no vendor is named but the page shows a visible
chat launcher, the chat is reported as ``generic``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from checker.channels import ChatChannel
from checker.gather._page import HIDDEN_NAME_SOURCES, element_labels, host_of, link_label, visible_blocks
from checker.gather.computed import per_probe
from checker.gather.lexicon import matcher, normalize
from checker.snapshot import ButtonFact, LinkFact, ProbeResult

FINGERPRINTS_PATH = Path(__file__).resolve().parent.parent / "fingerprints" / "chat_vendors.json"
GENERIC_VENDOR = "generic"
MAX_LAUNCHER_WORDS = 6
# Class or id tokens of a chat launcher, independent of vendor.
_LAUNCHER_MARKER = re.compile(
    r"(^|[\s_-])(live-?chat|chat-?(launcher|button|widget|now|link|icon|bubble)|web-?chat|text-chat)([\s_-]|$)",
    re.IGNORECASE,
)
_SCHEMELESS_HOST = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?/{0,2}([a-z0-9-]+(?:\.[a-z0-9-]+)+)", re.IGNORECASE)


@dataclass(frozen=True)
class ChatVendor:
    """One vendor's fingerprint, compiled."""

    slug: str
    name: str
    human: bool | None
    hosts: tuple[str, ...]
    urls: tuple[re.Pattern[str], ...]
    inline: tuple[re.Pattern[str], ...]
    globals: frozenset[str]
    markers: tuple[re.Pattern[str], ...]


@lru_cache(maxsize=1)
def load_vendors(path: Path = FINGERPRINTS_PATH) -> tuple[ChatVendor, ...]:
    """The chat-vendor fingerprints, compiled once."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    return tuple(
        ChatVendor(
            slug=entry["slug"],
            name=entry["name"],
            human=entry["human"],
            hosts=tuple(host.lower() for host in entry["hosts"]),
            urls=tuple(re.compile(pattern, re.IGNORECASE) for pattern in entry["urls"]),
            inline=tuple(re.compile(pattern) for pattern in entry["inline"]),
            globals=frozenset(entry["globals"]),
            markers=tuple(re.compile(pattern, re.IGNORECASE) for pattern in entry["markers"]),
        )
        for entry in raw["vendors"]
    )


@dataclass
class _Evidence:
    """Where the page names URLs, script text, globals and element names, each with a selector."""

    urls: list[tuple[str, str]]
    inline: list[str]
    globals: frozenset[str]
    markers: list[tuple[str, str]]
    hosts: dict[str, str] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        # Parsed once per page, not once per vendor: the vendor loop is the hot path.
        self.hosts = {url: _url_host(url) for url, _where in self.urls}


def _evidence(probe: ProbeResult) -> _Evidence:
    urls: list[tuple[str, str]] = []
    inline: list[str] = []
    for script in probe.scripts:
        if script.src:
            urls.append((script.src, "script"))
        urls.extend((url, "script") for url in script.urls)
        if script.inline_excerpt:
            inline.append(script.inline_excerpt)
    urls.extend(
        (frame.src, f"iframe#{frame.id}" if frame.id else "iframe") for frame in probe.iframes if frame.src
    )
    for link in probe.links:
        urls.append((link.href, link.selector))
        if link.raw_href.lower().startswith("javascript:"):
            urls.extend(
                (match, link.selector) for match in re.findall(r"(?:https?:)?//[^\s'\"()]+", link.raw_href)
            )
    urls.extend((form.action, form.selector) for form in probe.forms if form.action)
    urls.extend((meta.content, "link") for meta in probe.meta if meta.name.startswith("link:"))
    markers = [(f"{marker.id} {marker.classes}".strip(), marker.selector) for marker in probe.markers]
    markers.extend((f"{frame.id} {frame.name}".strip(), "iframe") for frame in probe.iframes)
    markers.extend(
        (form.selector.rsplit("#", 1)[-1].split(" ")[0], form.selector)
        for form in probe.forms
        if "#" in form.selector
    )
    return _Evidence(urls, inline, frozenset(probe.globals), markers)


def _url_host(url: str) -> str:
    host = host_of(url)
    if host:
        return host
    match = _SCHEMELESS_HOST.match(url.strip())
    return match.group(1).lower() if match else ""


def _host_matches(host: str, suffixes: tuple[str, ...]) -> str:
    return next((suffix for suffix in suffixes if host == suffix or host.endswith("." + suffix)), "")


def _match_vendor(vendor: ChatVendor, evidence: _Evidence) -> tuple[list[str], str]:
    """What identified ``vendor`` on the page, and the selector of the first element involved."""
    found: list[str] = []
    selector = ""
    for url, where in evidence.urls:
        suffix = _host_matches(evidence.hosts[url], vendor.hosts)
        pattern = next((p for p in vendor.urls if p.search(url)), None)
        if suffix or pattern:
            found.append(f"url:{suffix or (pattern.pattern if pattern else '')}")
            selector = selector or where
    for text in evidence.inline:
        pattern = next((p for p in vendor.inline if p.search(text)), None)
        if pattern:
            found.append(f"inline:{pattern.pattern}")
    found.extend(f"global:{name}" for name in sorted(vendor.globals & evidence.globals))
    for names, where in evidence.markers:
        tokens = names.split()
        pattern = next((p for p in vendor.markers for token in tokens if p.search(token)), None)
        if pattern:
            found.append(f"marker:{pattern.pattern}")
            selector = selector or where
    return list(dict.fromkeys(found)), selector


def _chat_context(probe: ProbeResult) -> list[str]:
    """Visible texts about chat: launcher labels and text blocks mentioning chat."""
    chat_words = matcher("chat")
    texts = [marker.text for marker in probe.markers if marker.visible and marker.text]
    texts.extend(
        link_label(link) for link in probe.links if link.visible and chat_words.search(link_label(link))
    )
    texts.extend(block.text for block in visible_blocks(probe) if chat_words.search(block.text))
    return texts


def _names_a_person(text: str) -> bool:
    """The text says a person answers, beyond a launcher label such as "Live chat"."""
    normalized = normalize(text)
    launcher_words = {normalize(phrase) for phrase in matcher("chat").phrases}
    return any(match.group(0) not in launcher_words for match in matcher("human_agent").finditer(normalized))


def judge_human(default: bool | None, context: list[str]) -> bool | None:
    """A person answers (True), a bot (False), or cannot tell (None), from the vendor and page text.

    "Live chat" is how most launchers are labelled, bots included, so it only counts for a vendor
    whose product is not bot-first; a bot vendor needs the page to name a person (agent, advisor).
    """
    generic = any(matcher("human_agent").search(text) for text in context)
    named = any(_names_a_person(text) for text in context)
    says_bot = any(matcher("bot").search(text) for text in context)
    if named or (generic and default is not False):
        return True
    if says_bot:
        return False
    return default


def _launcher_label(text: str) -> bool:
    return bool(text) and len(text.split()) <= MAX_LAUNCHER_WORDS and bool(matcher("chat").search(text))


def _generic_launcher(probe: ProbeResult) -> tuple[str, str] | None:
    """A visible link, button or launcher element that opens a chat, as (selector, evidence).

    An icon launcher is often named only by its aria-label or title ("Chat with us"), as a screen
    reader or a hovering visitor meets it; the evidence then says where the words came from.
    """
    elements: list[LinkFact | ButtonFact] = [*probe.links, *probe.buttons]
    for element in elements:
        if not element.visible or (
            isinstance(element, LinkFact) and element.raw_href.lower().startswith(("mailto:", "tel:"))
        ):
            continue
        label = next((label for label in element_labels(probe, element) if _launcher_label(label.text)), None)
        if label is not None:
            return element.selector, label.evidence
    for marker in probe.markers:
        if not marker.visible:
            continue
        if _LAUNCHER_MARKER.search(f"{marker.id} {marker.classes}"):
            return marker.selector, marker.text or marker.name or marker.classes
        if not marker.text and _launcher_label(marker.name):
            return (
                marker.selector,
                f"{marker.name} ({HIDDEN_NAME_SOURCES.get(marker.name_from, 'from its name')})",
            )
    return None


@per_probe
def gather_chats(probe: ProbeResult, page_url: str) -> list[ChatChannel]:
    """Chat channels on the page, one per vendor, with what identified each."""
    evidence = _evidence(probe)
    # selector, snippet, vendor slug, whether the vendor is human by default, markers
    found: list[tuple[str, str, str, bool | None, list[str]]] = []
    for vendor in load_vendors():
        markers, selector = _match_vendor(vendor, evidence)
        if markers:
            found.append((selector, vendor.name, vendor.slug, vendor.human, markers))
    if not found and (launcher := _generic_launcher(probe)):
        selector, label = launcher
        found.append((selector, label[:160], GENERIC_VENDOR, None, ["launcher"]))
    # Most pages have no chat: the page's chat words are only looked for when one was found.
    context = _chat_context(probe) if found else []
    return [
        ChatChannel(
            url=page_url,
            selector=selector,
            snippet=snippet,
            vendor=vendor_slug,
            human=judge_human(default, context),
            markers=markers,
        )
        for selector, snippet, vendor_slug, default, markers in found
    ]
