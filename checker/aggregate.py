"""Merges the channels of a locale's pages into the locale's channels, without duplicates."""

from __future__ import annotations

from checker.channels import Channels, ContactPage, PageChannels
from checker.site import normalise_url
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
    "app_support": "text",
}


def find_contact_page(
    locale_snapshots: LocaleSnapshots, page_channels: dict[str, PageChannels]
) -> ContactPage | None:
    """The visited page a contact link points to that lists contact channels, the shallowest first.

    A page counts when its requested or final URL is the target of a contact link found on any
    page of the locale. "Customer care" hubs are contact links too, so a target that itself offers
    a phone, email, chat or form wins over one that only links onward; ties go to the first visited.
    """
    targets = {
        normalise_url(link.href) for channels in page_channels.values() for link in channels.contact_links
    }
    candidates: list[PageSnapshot] = [
        page
        for page in locale_snapshots.pages
        if page.ok and (normalise_url(page.requested_url) in targets or normalise_url(page.url) in targets)
    ]
    if not candidates:
        return None

    def lists_channels(page: PageSnapshot) -> bool:
        channels = page_channels.get(page.url)
        return channels is not None and channels.human_channel_count > 0

    best = min(candidates, key=lambda page: (not lists_channels(page), page.depth))
    return ContactPage(url=best.url, depth=best.depth)


def _human_wins(first: bool | None, second: bool | None) -> bool | None:
    """One page showing that a person answers a chat is enough: True over None over False."""
    if True in (first, second):
        return True
    return None if None in (first, second) else False


def merge_channels(locale_snapshots: LocaleSnapshots, page_channels: dict[str, PageChannels]) -> Channels:
    """The union of the pages' channels in visit order, the first sighting of each kept.

    A chat seen on several pages keeps the most human reading of it: a widget called a virtual
    assistant on the home page may be staffed by agents on the contact page.
    """
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
    sightings = [sighting for channels in page_channels.values() for sighting in channels.chat]
    for index, chat in enumerate(merged.chat):
        human = chat.human
        for sighting in sightings:
            if sighting.vendor == chat.vendor:
                human = _human_wins(human, sighting.human)
        merged.chat[index] = chat.model_copy(update={"human": human})
    merged.contact_page = find_contact_page(locale_snapshots, page_channels)
    return merged
