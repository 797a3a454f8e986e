"""The ``assert:`` section of a firm file and of ``supportcheck.yml``: loads as documented, and each
mistake is one line naming the file, the line and the field, as the rest of the config's errors."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from checker.config import ConfigError, load_assertions, load_firms
from supportcheck.assertions import vocabulary

CONFIGS = Path(__file__).parent / "configs"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "config.md"

FIRM = """
firms:
  - name: Fibrax
    url: https://www.fibrax.it/
    locales: [it-IT, en-GB]
    assert:
      rules:
        human.channel: error
        help.consistent-order: off
      max_contact_depth: 2
      required_channels:
        locales: {it-IT: [phone]}
"""


def test_the_documented_sample_loads_with_short_forms_and_yaml_off() -> None:
    config = load_assertions(CONFIGS / "supportcheck.yml", vocabulary())
    assert config.rules == {"human.channel": "error", "human.hours": "warn", "help.consistent-order": "off"}
    assert config.min_score is not None and config.min_score.level == "warn"
    assert (config.min_score.for_locale("it-IT"), config.min_score.for_locale("de-DE")) == (85, 70)
    assert config.max_contact_depth is not None
    assert (config.max_contact_depth.level, config.max_contact_depth.value) == ("error", 2)
    assert config.required_channels is not None
    assert config.required_channels.for_locale("it-IT") == ("phone", "email")
    assert config.required_channels.for_locale("en-US") == ("email",)
    assert (CONFIGS / "supportcheck.yml").read_text(encoding="utf-8") in DOCS.read_text(encoding="utf-8")


def test_a_firm_carries_its_section(tmp_path: Path) -> None:
    path = tmp_path / "firms.yaml"
    path.write_text(textwrap.dedent(FIRM).lstrip())
    (firm,) = load_firms(path, vocabulary())
    assert firm.assertions is not None and firm.assertions.rules["help.consistent-order"] == "off"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("human.channel: error", "human.chanel: error"),
            "firms.yaml:7: firms[0].assert.rules.human.chanel: unknown rule 'human.chanel'; "
            "did you mean 'human.channel'?",
        ),
        (
            ("help.consistent-order: off", "help.consistent-order: fatal"),
            "firms.yaml:8: firms[0].assert.rules.help.consistent-order: "
            "input should be 'off', 'warn' or 'error'",
        ),
        (
            ("it-IT: [phone]", "it-IT: [fone]"),
            "firms.yaml:11: firms[0].assert.required_channels.locales.it-IT[0]: unknown channel kind 'fone'; "
            "did you mean 'phone'?",
        ),
        (
            ("it-IT: [phone]", "de-DE: [phone]"),
            "firms.yaml:11: firms[0].assert.required_channels.locales.de-DE: budget for 'de-DE', "
            "which this firm does not scan (locales: it-IT, en-GB)",
        ),
        (
            ("max_contact_depth: 2", "max_contact_depth: -1"),
            "firms.yaml:9: firms[0].assert.max_contact_depth.value: "
            "input should be greater than or equal to 0",
        ),
        (
            ("max_contact_depth: 2", "max_contact_dept: 2"),
            "firms.yaml:9: firms[0].assert.max_contact_dept: unknown field 'max_contact_dept'; "
            "did you mean 'max_contact_depth'?",
        ),
        (
            ("max_contact_depth: 2", "max_contact_depth: {level: warn}"),
            "firms.yaml:9: firms[0].assert.max_contact_depth: give a 'value' for every locale, or 'locales'",
        ),
    ],
)
def test_each_mistake_names_file_line_and_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: tuple[str, str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("firms.yaml").write_text(textwrap.dedent(FIRM).lstrip().replace(*change))
    with pytest.raises(ConfigError) as caught:
        load_firms(Path("firms.yaml"), vocabulary())
    assert str(caught.value) == message


def test_a_supportcheck_yml_without_its_section_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("supportcheck.yml").write_text("asert:\n  max_contact_depth: 2\n")
    with pytest.raises(ConfigError) as caught:
        load_assertions(Path("supportcheck.yml"), vocabulary())
    assert str(caught.value) == "supportcheck.yml:1: asert: unknown field 'asert'; did you mean 'assert'?"
