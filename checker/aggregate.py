"""Merges the channels of a locale's pages into the locale's channels, without duplicates."""

from __future__ import annotations

from checker.channels import Channels, ContactPage, PageChannels
from checker.snapshot import LocaleSnapshots, PageSnapshot

# Which field identifies a channel of each list, so the same phone on ten pages counts once.
# Help mechanisms are left out on purpose: their document order is a fact about one page.
_IDENTITY: dict[str, str] = {
    "phone": "number",
    "email": "address",
    "chat": "vendor",
    "contact_form": "url",
    "callback": "url",
    "self_service": "url",
    "hours": "text",
    "wait_times": "text",
    "contact_links": "href",
    "support_links": "href",
    "apps": "id",
}


def _normalised_url(url: str) -> str:
    return url.split("#", 1)[0].rstrip("/")


def find_contact_page(
    locale_snapshots: LocaleSnapshots, page_channels: dict[str, PageChannels]
) -> ContactPage | None:
    """The shallowest visited page that a contact link points to.

    A page counts when its requested or final URL is the target of a contact link found on any
    page of the locale; ties go to the first visited.
    """
    targets = {
        _normalised_url(link.href) for channels in page_channels.values() for link in channels.contact_links
    }
    candidates: list[PageSnapshot] = [
        page
        for page in locale_snapshots.pages
        if page.ok
        and (_normalised_url(page.requested_url) in targets or _normalised_url(page.url) in targets)
    ]
    if not candidates:
        return None
    best = min(candidates, key=lambda page: page.depth)
    return ContactPage(url=best.url, depth=best.depth)


def merge_channels(locale_snapshots: LocaleSnapshots, page_channels: dict[str, PageChannels]) -> Channels:
    """The union of the pages' channels in visit order, the first sighting of each kept."""
    merged = Channels()
    for page in locale_snapshots.pages:
        channels = page_channels.get(page.url)
        if channels is None:
            continue
        for list_name, identity in _IDENTITY.items():
            kept = getattr(merged, list_name)
            seen = {getattr(item, identity) for item in kept}
            for item in getattr(channels, list_name):
                if getattr(item, identity) not in seen:
                    kept.append(item)
                    seen.add(getattr(item, identity))
    merged.contact_page = find_contact_page(locale_snapshots, page_channels)
    return merged
