"""``schedule:`` and ``alerts:`` in firm files: what loads, what defaults add, and mistakes named by line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checker.config import IMPACTS, ConfigError, load_firms
from rules.model import Impact

DOCS = Path(__file__).resolve().parents[2] / "docs" / "config.md"
FIRM = "name: Acme\nurl: https://acme.example/\n"


def _load(tmp_path: Path, text: str) -> list:  # type: ignore[type-arg]
    path = tmp_path / "firms.yaml"
    path.write_text(text, encoding="utf-8")
    return load_firms(path)


def _error(tmp_path: Path, text: str) -> str:
    with pytest.raises(ConfigError) as caught:
        _load(tmp_path, text)
    return str(caught.value).replace(str(tmp_path / "firms.yaml"), "firms.yaml")


def test_the_documented_example_loads_with_defaults_merged(tmp_path: Path) -> None:
    section = DOCS.read_text(encoding="utf-8").split("## Schedules and alerts", 1)[1]
    sample = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert sample is not None
    [fibrax] = _load(tmp_path, sample.group(1))
    assert fibrax.schedule is not None
    assert (fibrax.schedule.cron, fibrax.schedule.timezone, fibrax.schedule.jitter) == (
        "0 6 * * 1",
        "Europe/Rome",
        600,
    )
    email, webhook = fibrax.alerts
    assert (email.kind, email.target, email.min_impact) == ("email", "ops@fibrax.example", "serious")
    assert (webhook.kind, webhook.secret_env, webhook.rules) == ("webhook", "FIBRAX_HOOK_KEY", ("region.*",))


def test_a_default_schedule_fills_what_a_firm_leaves_out(tmp_path: Path) -> None:
    text = (
        "firms:\n  - {name: A, url: 'https://a.example/', schedule: {cron: '0 6 * * *'}}\n"
        "  - {name: B, url: 'https://b.example/'}\n"
        "defaults:\n  schedule: {cron: '0 7 * * *', timezone: Europe/Rome, paused: true}\n"
    )
    a, b = _load(tmp_path, text)
    assert (a.schedule.cron, a.schedule.timezone, a.schedule.paused) == ("0 6 * * *", "Europe/Rome", True)
    assert b.schedule.cron == "0 7 * * *"
    assert _load(tmp_path, FIRM)[0].schedule is None


CRON = "schedule: {cron: '0 6 * * 1'"
MISTAKES = {
    "schedule: {cron: '61 * * * *'}": "3: schedule.cron: bad cron expression '61 * * * *': Bad minute",
    "schedule:\n  cron: '0 6 * * 1'\n  timezone: Mars/Olympus": (
        "5: schedule.timezone: unknown time zone 'Mars/Olympus' (an IANA name, e.g. Europe/Rome)"
    ),
    CRON + ", jitter: -5}": "3: schedule.jitter: input should be greater than or equal to 0",
    "schedule: {timezone: UTC}": "3: schedule.cron: field required",
    "alerts:\n  - {email: ops@example.com}\n  - {email: nobody}": (
        "5: alerts[1].email: 'nobody' is not an e-mail address"
    ),
    "alerts:\n  - {email: a@b.example, webhook: 'https://h.example/'}": (
        "4: alerts[0]: an alert channel needs exactly one of 'email' or 'webhook'"
    ),
    "alerts:\n  - {email: a@b.example, secret_env: KEY}": (
        "4: alerts[0]: 'secret_env' signs webhooks; an e-mail channel has none"
    ),
    "alerts:\n  - {webhook: 'https://h.example/', secret_env: 'my key'}": (
        "4: alerts[0].secret_env: 'my key' is not an environment variable name"
    ),
    "alerts:\n  - {webhook: 'ftp://h.example/'}": (
        "4: alerts[0].webhook: 'ftp://h.example/' is not an http(s) URL"
    ),
    "alerts:\n  - {email: a@b.example, min_impact: huge}": (
        "4: alerts[0].min_impact: unknown impact 'huge' (known: minor, moderate, serious, critical)"
    ),
}


@pytest.mark.parametrize(("block", "expected"), MISTAKES.items())
def test_a_mistake_is_named_with_its_line_and_field(tmp_path: Path, block: str, expected: str) -> None:
    assert _error(tmp_path, FIRM + block + "\n") == f"firms.yaml:{expected}"


def test_the_impacts_are_the_rules_impacts() -> None:
    assert IMPACTS == tuple(impact.value for impact in Impact)
