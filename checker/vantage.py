"""What a visitor from one locale looks like to a site: user agent, language, timezone, position.

Playwright's ``locale`` option alone sends a bare ``Accept-Language: it-IT``; :class:`checker.tab.Tab`
completes the header on every request, and this module sets up the rest of the context.
"""

from __future__ import annotations

from playwright.async_api import Browser, BrowserContext

from checker.job import LocaleJob
from checker.locales import LocaleProfile


def user_agent_for(browser_version: str, suffix: str) -> str:
    """A normal desktop Chrome user agent, plus supportcheck's identifying suffix."""
    major = browser_version.split(".")[0]
    return (
        f"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        f"Chrome/{major}.0.0.0 Safari/537.36 {suffix}"
    ).strip()


async def new_locale_context(browser: Browser, job: LocaleJob, user_agent: str) -> BrowserContext:
    """A browser context that looks like a visitor from the job's locale."""
    locale = job.locale
    options: dict[str, object] = {
        "locale": locale.tag,
        "timezone_id": locale.timezone,
        "geolocation": {"latitude": locale.geolocation.latitude, "longitude": locale.geolocation.longitude},
        "permissions": ["geolocation"],
        "user_agent": user_agent,
        "accept_downloads": False,
        "viewport": {"width": 1280, "height": 800},
        "service_workers": "block",
    }
    if locale.proxy:
        options["proxy"] = {"server": locale.proxy}
    return await browser.new_context(**options)  # type: ignore[arg-type]


def vantage_signals(locale: LocaleProfile) -> dict[str, str]:
    """What a locale's visits showed the sites, as the report's ``vantage`` records it."""
    return {
        "accept_language": locale.accept_language,
        "navigator_language": locale.tag,
        "timezone": locale.timezone,
        "geolocation": f"{locale.geolocation.latitude},{locale.geolocation.longitude}",
        "ip": f"proxy {locale.proxy}" if locale.proxy else "this machine (no proxy)",
    }
