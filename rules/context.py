"""What a rule sees: one locale's snapshots with the channels gathered from them.

Building the context runs the pure gatherers over saved snapshots, so a re-judged scan benefits
from better detection as well as from newer rules. No browser, no network.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from checker.aggregate import merge_channels
from checker.channels import Channels, PageChannels
from checker.gather import gather_channels
from checker.snapshot import LocaleSnapshots, PageSnapshot

MAX_CONTACT_DEPTH = 3


def is_login_page(page: PageSnapshot) -> bool:
    """A page whose visible form asks for a password: what lies behind it cannot be seen."""
    if page.probe is None:
        return False
    return any(
        form.visible and any(field.type == "password" for field in form.fields) for form in page.probe.forms
    )


@dataclass
class LocaleContext:
    """One (firm, locale) unit of work, ready to judge."""

    snapshots: LocaleSnapshots
    page_channels: dict[str, PageChannels]
    channels: Channels
    screenshots: dict[str, str] = field(default_factory=dict)

    @property
    def locale(self) -> str:
        return self.snapshots.locale

    @property
    def entry(self) -> PageSnapshot | None:
        return self.snapshots.entry_page

    @property
    def seen_pages(self) -> list[PageSnapshot]:
        return [page for page in self.snapshots.pages if page.ok]

    @property
    def failed_pages(self) -> list[PageSnapshot]:
        return [page for page in self.snapshots.pages if not page.ok]

    def blind_spots(self) -> list[str]:
        """Reasons the crawl may have missed something; empty when it saw all it looked for.

        A rule that would fail on something *missing* must return ``needs_review`` instead when
        this list is not empty: we never accuse a firm of what we could not see.
        """
        reasons: list[str] = []
        entry = self.entry
        if entry is None or not entry.ok:
            reasons.append(f"the entry page could not be read ({entry.error if entry else 'not fetched'})")
        if self.snapshots.status in ("blocked", "error"):
            reasons.append(f"the crawl was {self.snapshots.status}: {self.snapshots.status_reason}")
        for leftover in self.snapshots.unvisited_support_links:
            reasons.append(f"support link not visited ({leftover.reason}): {leftover.url}")
        for page in self.snapshots.pages:
            if page.support_score <= 0:
                continue
            if not page.ok:
                reasons.append(f"a support page could not be read ({page.error_kind}): {page.requested_url}")
            elif is_login_page(page):
                reasons.append(f"a support page asks visitors to log in: {page.requested_url} → {page.url}")
        return reasons

    def screenshot_for(self, url: str) -> str | None:
        return self.screenshots.get(url)


def build_context(locale_snapshots: LocaleSnapshots) -> LocaleContext:
    """Gathers channels from every seen page and merges them for the locale."""
    country = locale_snapshots.locale.split("-")[-1].upper()
    page_channels: dict[str, PageChannels] = {}
    screenshots: dict[str, str] = {}
    for page in locale_snapshots.pages:
        if page.probe is None or page.error is not None:
            continue
        page_channels[page.url] = gather_channels(page.probe, page.url, country)
        if page.screenshot:
            screenshots[page.url] = page.screenshot
    return LocaleContext(
        snapshots=locale_snapshots,
        page_channels=page_channels,
        channels=merge_channels(locale_snapshots, page_channels),
        screenshots=screenshots,
    )
