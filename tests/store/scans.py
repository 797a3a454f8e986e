"""Scan folders made by hand, laid out as the crawler leaves them: snapshots, screenshots, scan.json.

The pages are small but real probe results, so the real gatherers and rules judge them: a firm
with a phone on its contact page passes ``human.phone-valid``; one without a phone and email fails
``human.channel``.
"""

from __future__ import annotations

from pathlib import Path

from checker.appstores.model import AppAvailability, AppRef, StoreAnswer
from checker.job import ScanRequest
from checker.locales import resolve_locale
from checker.scan import (
    APPS_NAME,
    MANIFEST_NAME,
    BrowserInfo,
    ScanManifest,
    ScanResult,
    load_scan,
    snapshot_path,
)
from checker.snapshot import LinkFact, LocaleSnapshots, PageSnapshot, ProbeResult, TextBlock

PHONE = "+12025550143"
APP = AppRef(store="apple", id="1459000001")
EMAIL = "support@acme.test"
# Content is never decoded by the store; distinct bytes per locale give distinct hashes.
FAKE_JPEG = b"\xff\xd8\xff\xe0 not really a picture "


def _app_answers(locales: tuple[str, ...], sold: bool, checked_at: str) -> AppAvailability:
    """Each locale's storefront saying whether ``APP`` is sold there, in the iTunes lookup's words."""
    answers = []
    for tag in locales:
        country = resolve_locale(tag).country
        answers.append(
            StoreAnswer(
                store=APP.store,
                id=APP.id,
                country=country,
                available=sold,
                storefront_url=f"https://apps.apple.com/{country.lower()}/app/id{APP.id}",
                reason="resultCount 1" if sold else "resultCount 0",
                title="Acme Support" if sold else "",
                checked_at=checked_at,
            )
        )
    return AppAvailability(answers=answers)


def _link(text: str, href: str, region: str = "main", selector: str = "") -> LinkFact:
    return LinkFact(text=text, href=href, raw_href=href, region=region, visible=True, selector=selector)  # type: ignore[arg-type]


def locale_snapshots(
    locale: str, host: str, *, phone: bool = True, email: bool = True, status: str = "complete"
) -> LocaleSnapshots:
    """An entry page linking to a contact page that lists the channels asked for."""
    entry, contact = f"https://{host}/", f"https://{host}/contact"
    channel_links = []
    if phone:
        channel_links.append(_link("+1 202 555 0143", f"tel:{PHONE}", selector="#phone"))
    if email:
        channel_links.append(_link(EMAIL, f"mailto:{EMAIL}", selector="#mail"))
    pages = [
        PageSnapshot(
            locale=locale,
            requested_url=entry,
            final_url=entry,
            http_status=200,
            depth=0,
            screenshot=f"screenshots/{locale}/000.jpg",
            probe=ProbeResult(
                url=entry,
                title=f"{host} home",
                links=[_link("Home", entry, "header"), _link("Contact us", contact, "footer")],
                text_blocks=[TextBlock(text="Welcome to our shop", tag="p", region="main")],
            ),
        ),
        PageSnapshot(
            locale=locale,
            requested_url=contact,
            final_url=contact,
            http_status=200,
            depth=1,
            found_via="Contact us",
            support_score=1.0,
            parent_url=entry,
            screenshot=f"screenshots/{locale}/001.jpg",
            probe=ProbeResult(
                url=contact,
                title="Contact us",
                links=[_link("Home", entry, "header"), *channel_links],
                text_blocks=[
                    TextBlock(text="Contact us", tag="h1", region="main"),
                    TextBlock(text="Call us Monday to Friday 9:00-17:00", tag="p", region="main"),
                ],
            ),
        ),
    ]
    return LocaleSnapshots(locale=locale, entry_url=entry, status=status, pages=pages)  # type: ignore[arg-type]


def write_scan(
    scan_dir: Path,
    firm: str = "Acme",
    locales: tuple[str, ...] = ("en-US", "de-DE"),
    *,
    host: str = "www.acme.test",
    started_at: str = "2026-11-01T10:00:00+00:00",
    phone: bool = True,
    email: bool = True,
    silent: tuple[str, ...] = (),
    app_sold: bool | None = None,
) -> ScanResult:
    """Writes a whole scan folder and reads it back with :func:`checker.scan.load_scan`.

    Args:
        phone, email: whether the contact pages list them.
        silent: locales whose contact page lists neither, whatever ``phone`` and ``email`` say.
        app_sold: when given, the firm declares the app ``APP`` and every locale's storefront
            answers that it is (True) or is not (False) sold there.
    """
    snapshots = [
        locale_snapshots(tag, host, phone=phone and tag not in silent, email=email and tag not in silent)
        for tag in locales
    ]
    for locale in snapshots:
        path = snapshot_path(scan_dir, locale.locale)
        path.parent.mkdir(parents=True, exist_ok=True)
        locale.save(path)
        for page in locale.pages:
            assert page.screenshot is not None
            picture = scan_dir / page.screenshot
            picture.parent.mkdir(parents=True, exist_ok=True)
            picture.write_bytes(FAKE_JPEG + page.screenshot.encode())
    apps_file = None
    if app_sold is not None:
        _app_answers(locales, app_sold, started_at).save(scan_dir / APPS_NAME)
        apps_file = APPS_NAME
    manifest = ScanManifest(
        tool={"name": "supportcheck", "version": "0.1.0"},
        browser=BrowserInfo(version="120.0.6099.224"),
        request=ScanRequest(
            firm=firm,
            entry_urls=(f"https://{host}/",),
            locales=tuple(resolve_locale(t) for t in locales),
            apps=(APP,) if app_sold is not None else (),
        ),
        started_at=started_at,
        finished_at=started_at.replace("10:00:00", "10:05:00"),
        snapshot_files={
            tag: snapshot_path(scan_dir, tag).relative_to(scan_dir).as_posix() for tag in locales
        },
        apps_file=apps_file,
    )
    (scan_dir / MANIFEST_NAME).write_text(manifest.model_dump_json(indent=1), encoding="utf-8")
    return load_scan(scan_dir)
