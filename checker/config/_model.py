"""What a firm configuration holds once validated: ``FirmConfig``, ``FirmDefaults`` and their fields.

Every field accepts what a person writes in YAML (locale tags, ``apple:123`` app specs, URLs) and
holds the typed value the crawler needs. Problems are raised as pydantic errors located at the
exact list item or mapping key, so the loader can turn them into a file line.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from checker.appstores.model import AppRef, parse_app_spec
from checker.config._assert import AssertConfig
from checker.config._fields import LocaleTag, custom_error, locale_tag, located_error
from checker.config._schedule import AlertChannel, ScheduleConfig, ScheduleDefaults
from checker.job import CrawlSettings, ScanRequest
from checker.locales import LocaleProfile, resolve_locale

DEFAULT_LOCALE_TAGS = ("en-US",)
ENTRY_URL_SCHEMES = ("http", "https")
PROXY_SCHEMES = ("http", "https", "socks5", "socks4")
ASSERT_KEY = "assert"  # a Python keyword: the field is `assertions`, the file's key its alias
ENTRY_URL_ALIAS = "url"  # one entry URL may be written `url: ...` instead of `entry_urls: [...]`


def _locale_profile(value: Any) -> Any:
    return resolve_locale(locale_tag(value)) if isinstance(value, str) else value


def _app_ref(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        return parse_app_spec(value)
    except ValueError as error:
        raise custom_error("app_spec", str(error)) from None


def _each_once(locales: tuple[LocaleProfile, ...]) -> tuple[LocaleProfile, ...]:
    tags = [locale.tag for locale in locales]
    for index, tag in enumerate(tags):
        if tag in tags[:index]:
            # pydantic puts the field name in front of this location: ("locales", index).
            raise located_error((index,), "locale_twice", f"{tag!r} is already locales[{tags.index(tag)}]")
    return locales


def _url_check(schemes: tuple[str, ...], what: str) -> AfterValidator:
    def check(url: str) -> str:
        parts = urlsplit(url)
        if parts.scheme.lower() not in schemes or not parts.hostname:
            expected = ", ".join(f"{scheme}://" for scheme in schemes)
            raise custom_error("url", f"{url!r} is not {what} (expected {expected} and a host)")
        return url

    return AfterValidator(check)


Locale = Annotated[LocaleProfile, BeforeValidator(_locale_profile)]
Locales = Annotated[tuple[Locale, ...], Field(min_length=1), AfterValidator(_each_once)]
App = Annotated[AppRef, BeforeValidator(_app_ref)]
EntryUrl = Annotated[str, _url_check(ENTRY_URL_SCHEMES, "an http(s) URL")]
ProxyUrl = Annotated[str, _url_check(PROXY_SCHEMES, "a proxy URL")]
FirmName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class SettingsOverrides(CrawlSettings):
    """Crawl settings as a file gives them: only the fields it sets override, unknown names are errors."""

    model_config = ConfigDict(extra="forbid")

    def overrides(self) -> dict[str, Any]:
        """The settings the file named, whatever their value (naming a default still pins it)."""
        return {name: getattr(self, name) for name in self.model_fields_set}


class FirmDefaults(BaseModel):
    """The ``defaults:`` block: values every firm in the file gets unless it sets its own."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    locales: Locales | None = None
    proxies: dict[LocaleTag, ProxyUrl] = Field(default_factory=dict)
    tags: dict[str, str] = Field(default_factory=dict)
    settings: SettingsOverrides = SettingsOverrides()
    schedule: ScheduleDefaults | None = None
    alerts: tuple[AlertChannel, ...] = ()


class FirmConfig(BaseModel):
    """One firm to scan, as a configuration file describes it."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    input_aliases: ClassVar[dict[str, str]] = {"entry_urls": ENTRY_URL_ALIAS}

    name: FirmName
    entry_urls: tuple[EntryUrl, ...] = Field(min_length=1)
    # Proxies come before locales so the locales validator can hand each profile its proxy.
    proxies: dict[LocaleTag, ProxyUrl] = Field(
        default_factory=dict, description="locale tag → proxy URL the visits from that locale go through"
    )
    locales: Locales = Field(DEFAULT_LOCALE_TAGS, validate_default=True)
    apps: tuple[App, ...] = ()
    tags: dict[str, str] = Field(default_factory=dict, description="free labels for reports and filters")
    settings: SettingsOverrides = SettingsOverrides()
    schedule: ScheduleConfig | None = Field(None, description="when the scheduler crawls the firm again")
    alerts: tuple[AlertChannel, ...] = Field((), description="where changes between runs are reported")
    assertions: AssertConfig | None = Field(
        None, alias=ASSERT_KEY, description="what 'supportcheck scan --assert' demands of this firm's report"
    )

    @model_validator(mode="before")
    @classmethod
    def _single_url(cls, data: Any) -> Any:
        if not isinstance(data, dict) or ENTRY_URL_ALIAS not in data:
            return data
        if "entry_urls" in data:
            raise located_error(
                (ENTRY_URL_ALIAS,), "url_twice", "give either 'url' or 'entry_urls', not both"
            )
        rest = {key: value for key, value in data.items() if key != ENTRY_URL_ALIAS}
        return {**rest, "entry_urls": [data[ENTRY_URL_ALIAS]]}

    @field_validator("locales")
    @classmethod
    def _apply_proxies(
        cls, locales: tuple[LocaleProfile, ...], info: ValidationInfo
    ) -> tuple[LocaleProfile, ...]:
        proxies: dict[str, str] = info.data.get("proxies", {})
        return tuple(locale.with_proxy(proxies.get(locale.tag, locale.proxy)) for locale in locales)

    @model_validator(mode="after")
    def _proxies_are_for_scanned_locales(self) -> FirmConfig:
        scanned = [locale.tag for locale in self.locales]
        for tag in self.proxies:
            if tag not in scanned:
                raise located_error(
                    ("proxies", tag),
                    "proxy_unscanned",
                    f"proxy for {tag!r}, which this firm does not scan (locales: {', '.join(scanned)})",
                )
        return self

    @model_validator(mode="after")
    def _budgets_are_for_scanned_locales(self) -> FirmConfig:
        scanned = [locale.tag for locale in self.locales]
        for name, tag in self.assertions.budget_locales() if self.assertions else ():
            if tag not in scanned:
                raise located_error(
                    (ASSERT_KEY, name, "locales", tag),
                    "budget_unscanned",
                    f"budget for {tag!r}, which this firm does not scan (locales: {', '.join(scanned)})",
                )
        return self

    def scan_request(self, base_settings: CrawlSettings | None = None) -> ScanRequest:
        """The scan this firm asks for; the file's settings override ``base_settings`` (CLI, env)."""
        base = base_settings or CrawlSettings()
        return ScanRequest(
            firm=self.name,
            entry_urls=self.entry_urls,
            locales=self.locales,
            settings=base.model_copy(update=self.settings.overrides()),
            apps=self.apps,
        )
