"""Locale profiles: what "visiting from Italy" means to the crawler.

A profile fixes the language tag, the ``Accept-Language`` list sent on every request, the
timezone, a geolocation in the country's capital and the app-store storefront. A profile may
name a proxy so that the visit also comes from a real IP address in that country.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Geolocation(BaseModel):
    """Coordinates reported to pages that ask for the visitor's position."""

    model_config = ConfigDict(frozen=True)
    latitude: float
    longitude: float


class LocaleProfile(BaseModel):
    """Everything that makes one vantage point; serialisable so a scan job can carry it."""

    model_config = ConfigDict(frozen=True)
    tag: str = Field(description="BCP 47 tag such as it-IT")
    languages: tuple[str, ...] = Field(description="Accept-Language order, most preferred first")
    timezone: str
    geolocation: Geolocation
    country: str = Field(description="ISO 3166-1 alpha-2 country, also the app-store storefront")
    proxy: str | None = Field(default=None, description="http://, https:// or socks5:// proxy URL")

    @property
    def language(self) -> str:
        """The primary language subtag, e.g. ``it`` for ``it-IT``."""
        return language_of(self.tag)

    @property
    def accept_language(self) -> str:
        """The header value Chromium sends, with q-values falling by 0.1 per entry."""
        parts = [self.languages[0]]
        for index, language in enumerate(self.languages[1:], start=1):
            parts.append(f"{language};q={max(0.1, 1 - index / 10):.1f}")
        return ",".join(parts)

    def with_proxy(self, proxy: str | None) -> LocaleProfile:
        return self.model_copy(update={"proxy": proxy})


def _profile(tag: str, timezone: str, lat: float, lon: float, *fallbacks: str) -> LocaleProfile:
    language = tag.split("-")[0]
    languages = (tag, language, *fallbacks) if language != "en" else (tag, "en")
    return LocaleProfile(
        tag=tag,
        languages=languages,
        timezone=timezone,
        geolocation=Geolocation(latitude=lat, longitude=lon),
        country=tag.split("-")[1],
    )


BUILTIN_PROFILES: dict[str, LocaleProfile] = {
    profile.tag: profile
    for profile in (
        _profile("en-US", "America/New_York", 38.9072, -77.0369),
        _profile("en-GB", "Europe/London", 51.5074, -0.1278),
        _profile("en-IE", "Europe/Dublin", 53.3498, -6.2603),
        _profile("en-AU", "Australia/Sydney", -33.8688, 151.2093),
        _profile("en-CA", "America/Toronto", 45.4215, -75.6972),
        _profile("it-IT", "Europe/Rome", 41.9028, 12.4964, "en"),
        _profile("de-DE", "Europe/Berlin", 52.5200, 13.4050, "en"),
        _profile("de-AT", "Europe/Vienna", 48.2082, 16.3738, "de-DE", "en"),
        _profile("de-CH", "Europe/Zurich", 46.9480, 7.4474, "de-DE", "en"),
        _profile("fr-FR", "Europe/Paris", 48.8566, 2.3522, "en"),
        _profile("fr-BE", "Europe/Brussels", 50.8503, 4.3517, "fr-FR", "en"),
        _profile("fr-CA", "America/Toronto", 45.5017, -73.5673, "en"),
        _profile("es-ES", "Europe/Madrid", 40.4168, -3.7038, "en"),
        _profile("es-MX", "America/Mexico_City", 19.4326, -99.1332, "en"),
        _profile("pt-PT", "Europe/Lisbon", 38.7223, -9.1393, "en"),
        _profile("pt-BR", "America/Sao_Paulo", -23.5505, -46.6333, "en"),
        _profile("nl-NL", "Europe/Amsterdam", 52.3676, 4.9041, "en"),
        _profile("nl-BE", "Europe/Brussels", 50.8503, 4.3517, "nl-NL", "en"),
        _profile("sv-SE", "Europe/Stockholm", 59.3293, 18.0686, "en"),
        _profile("da-DK", "Europe/Copenhagen", 55.6761, 12.5683, "en"),
        _profile("pl-PL", "Europe/Warsaw", 52.2297, 21.0122, "en"),
        _profile("ja-JP", "Asia/Tokyo", 35.6762, 139.6503, "en"),
        # Every EU member state not covered above, by its main language.
        _profile("cs-CZ", "Europe/Prague", 50.0755, 14.4378, "en"),
        _profile("sk-SK", "Europe/Bratislava", 48.1486, 17.1077, "cs", "en"),
        _profile("hu-HU", "Europe/Budapest", 47.4979, 19.0402, "en"),
        _profile("ro-RO", "Europe/Bucharest", 44.4268, 26.1025, "en"),
        _profile("bg-BG", "Europe/Sofia", 42.6977, 23.3219, "en"),
        _profile("el-GR", "Europe/Athens", 37.9838, 23.7275, "en"),
        _profile("el-CY", "Asia/Nicosia", 35.1856, 33.3823, "en"),
        _profile("fi-FI", "Europe/Helsinki", 60.1699, 24.9384, "sv", "en"),
        _profile("et-EE", "Europe/Tallinn", 59.4370, 24.7536, "en"),
        _profile("lv-LV", "Europe/Riga", 56.9496, 24.1052, "en"),
        _profile("lt-LT", "Europe/Vilnius", 54.6872, 25.2797, "en"),
        _profile("sl-SI", "Europe/Ljubljana", 46.0569, 14.5058, "en"),
        _profile("hr-HR", "Europe/Zagreb", 45.8150, 15.9819, "en"),
        _profile("ga-IE", "Europe/Dublin", 53.3498, -6.2603, "en"),
        _profile("mt-MT", "Europe/Malta", 35.8989, 14.5146, "en"),
        _profile("fr-LU", "Europe/Luxembourg", 49.6116, 6.1319, "de", "en"),
        # The main countries of the other languages with a lexicon.
        _profile("nb-NO", "Europe/Oslo", 59.9139, 10.7522, "no", "en"),
        _profile("is-IS", "Atlantic/Reykjavik", 64.1466, -21.9426, "en"),
        _profile("tr-TR", "Europe/Istanbul", 39.9334, 32.8597, "en"),
        _profile("ru-RU", "Europe/Moscow", 55.7558, 37.6173, "en"),
        _profile("ru-BY", "Europe/Minsk", 53.9006, 27.5590, "be", "en"),
        _profile("uk-UA", "Europe/Kyiv", 50.4501, 30.5234, "en"),
        _profile("zh-CN", "Asia/Shanghai", 39.9042, 116.4074, "en"),
        _profile("zh-TW", "Asia/Taipei", 25.0330, 121.5654, "en"),
        _profile("zh-HK", "Asia/Hong_Kong", 22.3193, 114.1694, "en"),
        _profile("ko-KR", "Asia/Seoul", 37.5665, 126.9780, "en"),
        _profile("ar-SA", "Asia/Riyadh", 24.7136, 46.6753, "en"),
        _profile("ar-AE", "Asia/Dubai", 24.4539, 54.3773, "en"),
        _profile("ar-EG", "Africa/Cairo", 30.0444, 31.2357, "en"),
        _profile("he-IL", "Asia/Jerusalem", 31.7683, 35.2137, "en"),
    )
}


class UnknownLocale(ValueError):
    """A locale tag with no built-in profile and no definition in the config."""


def resolve_locale(tag: str, custom: dict[str, LocaleProfile] | None = None) -> LocaleProfile:
    """Looks a tag up, case-insensitively, in custom then built-in profiles.

    Raises:
        UnknownLocale: with the list of tags that do exist.
    """
    profiles = {**BUILTIN_PROFILES, **(custom or {})}
    for known_tag, profile in profiles.items():
        if known_tag.lower() == tag.replace("_", "-").lower():
            return profile
    raise UnknownLocale(f"Unknown locale {tag!r}. Built-in locales: {', '.join(sorted(profiles))}.")


def language_of(locale_tag: str) -> str:
    """The primary language subtag of a locale tag (``it-IT`` → ``it``)."""
    return locale_tag.split("-")[0].lower()


def country_of(locale_tag: str) -> str:
    """The ISO country of a locale tag (``it-IT`` → ``IT``), the app-store storefront too."""
    return locale_tag.split("-")[-1].upper()
