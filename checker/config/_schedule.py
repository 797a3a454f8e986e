"""The ``schedule:`` and ``alerts:`` blocks of a firm: when it is crawled again, and who hears of changes.

A cron expression is checked here with cronsim, the same library that computes due times in
``server.schedule.cron``, so a schedule that loads is a schedule the scheduler can run. Alert
channels are only described here; delivering them is the server's job.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cronsim import CronSim, CronSimError
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from checker.config._fields import custom_error

IMPACTS = ("minor", "moderate", "serious", "critical")  # rules.model.Impact; checker may not import rules
MAX_JITTER_S = 7 * 24 * 3600
MAX_CONFIRM_RUNS = 10
_TAG = re.compile(r"^([^=\s][^=]*)=(.+)$")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _cron(expression: str) -> str:
    expression = " ".join(expression.split())
    try:
        CronSim(expression, datetime.now(UTC))
    except CronSimError as error:
        raise custom_error("cron", f"bad cron expression {expression!r}: {error}") from None
    return expression


def _timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise custom_error(
            "timezone", f"unknown time zone {name!r} (an IANA name, e.g. Europe/Rome)"
        ) from None
    return name


def _env_name(name: str) -> str:
    if not _ENV_NAME.match(name):
        raise custom_error("env_name", f"{name!r} is not an environment variable name")
    return name


def _email(address: str) -> str:
    if not _EMAIL.match(address):
        raise custom_error("email", f"{address!r} is not an e-mail address")
    return address


def _webhook(url: str) -> str:
    if not re.match(r"^https?://[^/\s]+", url):
        raise custom_error("url", f"{url!r} is not an http(s) URL")
    return url


def _impact(value: str) -> str:
    if value not in IMPACTS:
        raise custom_error("impact", f"unknown impact {value!r} (known: {', '.join(IMPACTS)})")
    return value


def _tag(text: str) -> str:
    found = _TAG.match(text.strip())
    if not found:
        raise custom_error("tag", f"{text!r} is not a tag: write key=value, e.g. sector=bank")
    return f"{found.group(1).strip()}={found.group(2).strip()}"


CronLine = Annotated[str, AfterValidator(_cron)]
TimeZoneName = Annotated[str, AfterValidator(_timezone)]
Jitter = Annotated[int, Field(ge=0, le=MAX_JITTER_S, description="seconds")]


class ScheduleConfig(BaseModel):
    """``schedule: {cron: "0 6 * * 1", timezone: Europe/Rome, jitter: 600, paused: false}``.

    ``jitter`` spreads firms that share a cron line over that many seconds after it fires, each firm
    at its own fixed offset, so a Monday-morning schedule does not start every crawl at once.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    cron: CronLine
    timezone: TimeZoneName = "UTC"
    jitter: Jitter = 0
    paused: bool = False


class ScheduleDefaults(BaseModel):
    """``defaults: {schedule: ...}``: any part of a schedule, merged key by key into each firm's."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    cron: CronLine | None = None
    timezone: TimeZoneName | None = None
    jitter: Jitter | None = None
    paused: bool | None = None


class AlertChannel(BaseModel):
    """One place to tell about a change: ``{email: ops@example.com}`` or ``{webhook: URL, secret_env: NAME}``.

    ``rules`` (rule ids, or prefixes ending in ``*``) and ``min_impact`` filter what is sent.
    ``confirm_runs: N`` holds a change back until N complete runs of the locale agree on it, so a
    site that flickers for one crawl alerts no one; ``digest: true`` adds a weekly message of what
    changed across every firm the channel follows. The webhook secret is named, never written in
    the file: it is read from the environment.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    email: Annotated[str, AfterValidator(_email)] | None = None
    webhook: Annotated[str, AfterValidator(_webhook)] | None = None
    secret_env: Annotated[str, AfterValidator(_env_name)] | None = None
    rules: tuple[str, ...] = ()
    min_impact: Annotated[str, AfterValidator(_impact)] | None = None
    confirm_runs: Annotated[int, Field(ge=1, le=MAX_CONFIRM_RUNS)] = 1
    digest: bool = False

    @model_validator(mode="before")
    @classmethod
    def _one_target(cls, data: Any) -> Any:
        if isinstance(data, dict) and ("email" in data) == ("webhook" in data):
            raise custom_error("alert_target", "an alert channel needs exactly one of 'email' or 'webhook'")
        return data

    @model_validator(mode="after")
    def _secret_for_webhooks_only(self) -> AlertChannel:
        if self.secret_env is not None and self.webhook is None:
            raise custom_error("secret_env", "'secret_env' signs webhooks; an e-mail channel has none")
        return self

    @property
    def kind(self) -> str:
        return "email" if self.email is not None else "webhook"

    @property
    def target(self) -> str:
        return self.email or self.webhook or ""


TagName = Annotated[str, AfterValidator(_tag)]


class TagSchedule(BaseModel):
    """``tag_schedules: [{tag: sector=bank, schedule: ..., alerts: ...}]``: what a tag's firms share.

    Every firm carrying the tag and no ``schedule:`` of its own follows the tag's schedule (each at
    its own jitter offset, so the tag's firms do not start at once); the tag's alert channels hear
    of every such firm, besides the firm's own channels.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    tag: TagName
    schedule: ScheduleConfig | None = None
    alerts: tuple[AlertChannel, ...] = ()

    @property
    def key_value(self) -> tuple[str, str]:
        key, _, value = self.tag.partition("=")
        return key, value
