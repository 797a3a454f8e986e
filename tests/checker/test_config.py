"""Firm configuration files: good files load as documented, each mistake is named on its own line."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from checker.appstores.model import AppRef
from checker.config import ConfigError, FirmConfig, load_firms
from checker.job import CrawlSettings
from checker.locales import BUILTIN_PROFILES

CONFIGS = Path(__file__).parent / "configs"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "config.md"

WriteConfig = Callable[[str], Path]


@pytest.fixture
def write_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> WriteConfig:
    """Writes ``firms.yaml`` in a working folder of its own, so messages start ``firms.yaml:``."""
    monkeypatch.chdir(tmp_path)

    def write(text: str) -> Path:
        path = Path("firms.yaml")
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write


def error_for(path: Path) -> str:
    with pytest.raises(ConfigError) as caught:
        load_firms(path)
    return str(caught.value)


# Good files


def test_one_firm_at_the_top_level_with_one_url_and_default_locale(write_config: WriteConfig) -> None:
    (firm,) = load_firms(write_config("name: Acme\nurl: https://acme.example/\n"))
    assert firm.name == "Acme"
    assert firm.entry_urls == ("https://acme.example/",)
    assert [locale.tag for locale in firm.locales] == ["en-US"]
    assert (firm.apps, firm.proxies, firm.tags, firm.settings.overrides()) == ((), {}, {}, {})


def test_the_documented_one_firm_sample() -> None:
    (firm,) = load_firms(CONFIGS / "one-firm.yaml")
    assert [locale.tag for locale in firm.locales] == ["it-IT", "en-GB"]
    assert firm.apps == (AppRef(store="apple", id="1459000001"),)


def test_firms_list_takes_defaults_where_a_firm_sets_nothing() -> None:
    fibrax, nordlicht, acme = load_firms(CONFIGS / "firms.yaml")
    assert [locale.tag for locale in fibrax.locales] == ["it-IT", "de-DE", "en-GB"]
    assert [locale.tag for locale in nordlicht.locales] == ["en-US", "de-DE"]
    assert [locale.tag for locale in acme.locales] == ["en-US"]
    assert fibrax.settings.overrides() == {
        "max_pages": 30,
        "max_depth": 4,
        "page_timeout_s": 15.0,
        "deadline_s": 600.0,
    }
    assert nordlicht.settings.overrides() == {"max_pages": 20, "deadline_s": 600.0}
    assert fibrax.tags == {"campaign": "2025-spring", "sector": "telecom", "country": "IT"}
    assert acme.tags == {"campaign": "2025-spring"}


def test_proxies_reach_only_their_own_locale_and_a_firms_own_proxy_beats_the_default() -> None:
    fibrax, nordlicht, acme = load_firms(CONFIGS / "firms.yaml")
    assert {locale.tag: locale.proxy for locale in fibrax.locales} == {
        "it-IT": "socks5://127.0.0.1:1080",
        "de-DE": "http://proxy.de.example:3128",
        "en-GB": None,
    }
    assert {locale.tag: locale.proxy for locale in nordlicht.locales} == {
        "en-US": None,
        "de-DE": "http://proxy.de.example:3128",
    }
    assert acme.proxies == {}
    assert acme.locales[0].proxy is None


def test_a_firms_own_proxy_for_a_locale_wins_over_the_default(write_config: WriteConfig) -> None:
    (firm,) = load_firms(
        write_config(
            """
            firms:
              - name: A
                url: https://a.example/
                locales: [it_it]
                proxies: {it-IT: socks5://own:1080}
            defaults:
              proxies: {it-IT: http://default:3128}
            """
        )
    )
    assert firm.locales[0].tag == "it-IT"
    assert firm.locales[0].proxy == firm.proxies["it-IT"] == "socks5://own:1080"


def test_apps_are_parsed_into_app_refs() -> None:
    fibrax = load_firms(CONFIGS / "firms.yaml")[0]
    assert fibrax.apps == (
        AppRef(store="apple", id="1459000001"),
        AppRef(store="google", id="it.fibrax.assistenza"),
    )


def test_file_settings_override_the_base_and_the_rest_of_the_base_stays() -> None:
    acme = load_firms(CONFIGS / "firms.yaml")[2]
    base = CrawlSettings(max_pages=50, max_depth=2, ignore_robots=True, screenshots=False)
    request = acme.scan_request(base)
    assert request.settings.max_pages == 10
    assert request.settings.deadline_s == 600.0
    assert request.settings.ignore_robots is False, "a setting the file names wins even at its default"
    assert (request.settings.max_depth, request.settings.screenshots) == (2, False)
    assert type(request.settings) is CrawlSettings


def test_scan_request_carries_the_firm_and_its_proxied_locales() -> None:
    fibrax = load_firms(CONFIGS / "firms.yaml")[0]
    request = fibrax.scan_request()
    assert request.firm == "Fibrax"
    assert request.entry_urls == ("https://www.fibrax.it/", "https://www.fibrax.it/assistenza")
    assert [job.locale.proxy for job in request.jobs()] == [
        "socks5://127.0.0.1:1080",
        "http://proxy.de.example:3128",
        None,
    ]
    assert request.settings.max_pages == 30
    assert request.apps == fibrax.apps


def test_a_firm_config_can_be_built_in_python_too() -> None:
    firm = FirmConfig(
        name="Acme",
        entry_urls=("https://acme.example/",),
        locales=["de-AT"],
        proxies={"de-at": "socks5://127.0.0.1:1080"},
    )
    assert firm.locales[0].proxy == "socks5://127.0.0.1:1080"
    assert firm.locales[0].tag == "de-AT"


def test_the_docs_show_the_tested_samples_every_setting_and_every_locale() -> None:
    docs = DOCS.read_text(encoding="utf-8")
    for sample in ("firms.yaml", "one-firm.yaml"):
        assert (CONFIGS / sample).read_text(encoding="utf-8") in docs, f"docs/config.md lacks {sample}"
    for setting in CrawlSettings.model_fields:
        assert f"| `{setting}` |" in docs, setting
    for tag in BUILTIN_PROFILES:
        assert f"`{tag}`" in docs, tag


# Bad files: each message names the file, the line and the field path


FIBRAX = """
firms:
  - name: Fibrax
    entry_urls: [https://www.fibrax.it/]
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            FIBRAX + "  - name: Other\n    url: https://o.example/\n    locales: [en-GB, xx-YY]\n",
            "firms.yaml:6: firms[1].locales[1]: unknown locale 'xx-YY' (known: "
            + ", ".join(sorted(BUILTIN_PROFILES))
            + ")",
            id="unknown-locale",
        ),
        pytest.param(
            "firms:\n  - name: Fibrax\n    locales: [it-IT]\n",
            "firms.yaml:2: firms[0].entry_urls: field required",
            id="missing-field-on-the-mapping-line",
        ),
        pytest.param(
            FIBRAX + "    entry_url: https://www.fibrax.it/\n",
            "firms.yaml:4: firms[0].entry_url: unknown field 'entry_url'; did you mean 'entry_urls'?",
            id="typo-in-a-field-name",
        ),
        pytest.param(
            "firms:\n  - name: Fibrax\n    entry_url:\n      - https://www.fibrax.it/\n",
            "firms.yaml:3: firms[0].entry_url: unknown field 'entry_url'; did you mean 'entry_urls'?",
            id="typo-wins-over-the-missing-field-it-causes",
        ),
        pytest.param(
            FIBRAX + "    colour: blue\n",
            "firms.yaml:4: firms[0].colour: unknown field 'colour' (known: name, entry_urls, url, proxies,"
            " locales, apps, tags, settings, schedule, alerts, assert)",
            id="unknown-field-without-a-close-match",
        ),
        pytest.param(
            FIBRAX + "    settings:\n      max_depth: 2\n      max_page: 10\n",
            "firms.yaml:6: firms[0].settings.max_page: unknown field 'max_page'; did you mean 'max_pages'?",
            id="unknown-setting",
        ),
        pytest.param(
            FIBRAX + "    settings: {max_pages: 0}\n",
            "firms.yaml:4: firms[0].settings.max_pages: input should be greater than or equal to 1",
            id="setting-out-of-range",
        ),
        pytest.param(
            FIBRAX + "  - name: fibrax\n    url: https://fibrax.example/\n",
            "firms.yaml:4: firms[1].name: duplicate firm name 'fibrax' (first on line 2)",
            id="duplicate-firm-name",
        ),
        pytest.param(
            FIBRAX + "    locales: [it-IT]\n    proxies:\n      de-DE: socks5://127.0.0.1:1080\n",
            "firms.yaml:6: firms[0].proxies.de-DE: proxy for 'de-DE', which this firm does not scan"
            " (locales: it-IT)",
            id="proxy-for-a-locale-not-scanned",
        ),
        pytest.param(
            FIBRAX + "    locales: [it-IT]\n    proxies:\n      it-IT: ftp://127.0.0.1:21\n",
            "firms.yaml:6: firms[0].proxies.it-IT: 'ftp://127.0.0.1:21' is not a proxy URL (expected"
            " http://, https://, socks5://, socks4:// and a host)",
            id="proxy-with-a-wrong-scheme",
        ),
        pytest.param(
            FIBRAX + "    proxies: {zz-ZZ: socks5://127.0.0.1:1080}\n",
            "firms.yaml:4: firms[0].proxies.zz-ZZ: unknown locale 'zz-ZZ' (known: "
            + ", ".join(sorted(BUILTIN_PROFILES))
            + ")",
            id="proxy-for-an-unknown-locale",
        ),
        pytest.param(
            FIBRAX + "    locales: [it-IT, de-DE, it_it]\n",
            "firms.yaml:4: firms[0].locales[2]: 'it-IT' is already locales[0]",
            id="locale-twice",
        ),
        pytest.param(
            FIBRAX + "    apps:\n      - apple:284882215\n      - apple:com.fibrax\n",
            "firms.yaml:6: firms[0].apps[1]: 'apple:com.fibrax': apple app ids are a numeric id",
            id="bad-app-spec",
        ),
        pytest.param(
            "name: Fibrax\nurl: ftp://fibrax.it/\n",
            "firms.yaml:2: url: 'ftp://fibrax.it/' is not an http(s) URL"
            " (expected http://, https:// and a host)",
            id="single-url-not-http",
        ),
        pytest.param(
            "name: Fibrax\nentry_urls: []\n",
            "firms.yaml:2: entry_urls: needs at least 1 item",
            id="no-entry-urls",
        ),
        pytest.param(
            "name: Fibrax\nentry_urls: [https://a.example/]\nurl: https://b.example/\n",
            "firms.yaml:3: url: give either 'url' or 'entry_urls', not both",
            id="url-and-entry-urls",
        ),
        pytest.param(
            "name: '  '\nurl: https://a.example/\n",
            "firms.yaml:1: name: must not be empty",
            id="blank-name",
        ),
        pytest.param(
            FIBRAX + "    tags: {sector: telecom, founded: 1998}\n",
            "firms.yaml:4: firms[0].tags.founded: expected text, not a number; put it in quotes",
            id="tag-value-not-text",
        ),
        pytest.param(
            FIBRAX + "defaults:\n  locales: [en-US, en-XX]\n",
            "firms.yaml:5: defaults.locales[1]: unknown locale 'en-XX' (known: "
            + ", ".join(sorted(BUILTIN_PROFILES))
            + ")",
            id="bad-default",
        ),
        pytest.param(
            FIBRAX + "defaults:\n  locales: [en-US, de-DE, en_us]\n",
            "firms.yaml:5: defaults.locales[2]: 'en-US' is already locales[0]",
            id="default-locale-twice",
        ),
        pytest.param(
            FIBRAX + "defaults:\n  locales: []\n",
            "firms.yaml:5: defaults.locales: needs at least 1 item",
            id="no-default-locales",
        ),
        pytest.param(
            'name: Fibrax\nurl: https://www.fibrax.it/\ntags: {bell: "\x07"}\n',
            "firms.yaml:3: character U+0007 is not allowed in YAML",
            id="control-character",
        ),
        pytest.param(
            FIBRAX + "defaults:\n  apps: [apple:284882215]\n",
            "firms.yaml:5: defaults.apps: unknown field 'apps' (known: locales, proxies, tags, settings,"
            " schedule, alerts)",
            id="field-defaults-cannot-set",
        ),
        pytest.param(
            FIBRAX + "defaults:\n  proxies:\n    fr-FR: socks5://127.0.0.1:1080\n",
            "firms.yaml:6: defaults.proxies.fr-FR: proxy for 'fr-FR', which no firm scans",
            id="default-proxy-no-firm-uses",
        ),
        pytest.param(
            "firms: []\n",
            "firms.yaml:1: firms: needs at least 1 item",
            id="empty-firms-list",
        ),
        pytest.param(
            "defaults:\n  locales: [it-IT]\n",
            "firms.yaml:1: firms: field required",
            id="defaults-without-firms",
        ),
        pytest.param(
            FIBRAX + "firm_defaults: {}\n",
            "firms.yaml:4: firm_defaults: unknown field 'firm_defaults'; did you mean 'defaults'?",
            id="unknown-top-level-key",
        ),
        pytest.param(
            "frims:\n  - name: Fibrax\n    url: https://www.fibrax.it/\n",
            "firms.yaml:1: frims: unknown field 'frims'; did you mean 'firms'?",
            id="misspelt-firms-list",
        ),
        pytest.param(
            "- name: Fibrax\n  url: https://www.fibrax.it/\n",
            "firms.yaml:1: expected one firm (name, entry_urls, ...) or a 'firms:' list, not a list;"
            " put a list of firms under 'firms:'",
            id="top-level-list",
        ),
        pytest.param(
            "# a comment\nhttps://www.fibrax.it/\n",
            "firms.yaml:2: expected one firm (name, entry_urls, ...) or a 'firms:' list, not text",
            id="top-level-scalar",
        ),
        pytest.param(
            "",
            "firms.yaml:1: the file is empty; expected one firm (name, entry_urls, ...) or a 'firms:' list",
            id="empty-file",
        ),
        pytest.param(
            "# only a comment\n",
            "firms.yaml:1: the file is empty; expected one firm (name, entry_urls, ...) or a 'firms:' list",
            id="comments-only",
        ),
    ],
)
def test_a_mistake_is_named_with_its_line_and_field(
    write_config: WriteConfig, text: str, expected: str
) -> None:
    assert error_for(write_config(text)) == expected


def test_duplicate_key_is_caught_although_yaml_would_keep_the_last(write_config: WriteConfig) -> None:
    path = write_config(
        FIBRAX + "    settings:\n      max_pages: 10\n      max_depth: 2\n      max_pages: 20\n"
    )
    assert (
        error_for(path)
        == "firms.yaml:7: firms[0].settings.max_pages: duplicate key 'max_pages' (first on line 5)"
    )


def test_duplicate_firm_key_inside_a_flow_mapping(write_config: WriteConfig) -> None:
    path = write_config("firms:\n  - {name: A, url: 'https://a.example/', name: B}\n")
    assert error_for(path) == "firms.yaml:2: firms[0].name: duplicate key 'name' (first on line 2)"


def test_yaml_syntax_error_gives_line_and_column(write_config: WriteConfig) -> None:
    path = write_config("firms:\n  - name: Fibrax\n    locales: [it-IT\n  - name: Other\n")
    assert error_for(path) == (
        "firms.yaml:4:9: while parsing a flow sequence that starts on line 3, expected ',' or ']',"
        " but got ':'"
    )


def test_bad_indentation_is_a_syntax_error_on_its_line(write_config: WriteConfig) -> None:
    path = write_config("name: Fibrax\n url: https://www.fibrax.it/\n")
    assert error_for(path).startswith("firms.yaml:2:")


def test_python_tags_are_refused_by_the_safe_loader(write_config: WriteConfig) -> None:
    path = write_config("name: !!python/object/apply:os.system ['true']\nurl: https://a.example/\n")
    message = error_for(path)
    assert message.startswith("firms.yaml:1:7: could not determine a constructor for the tag")


def test_more_than_one_yaml_document_is_refused(write_config: WriteConfig) -> None:
    path = write_config("name: A\nurl: https://a.example/\n---\nname: B\nurl: https://b.example/\n")
    assert error_for(path) == (
        "firms.yaml:3:1: expected a single document in the stream that starts on line 1,"
        " but found another document"
    )


def test_a_file_that_is_not_utf8_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "firms.yaml"
    path.write_bytes(b"name: A\nurl: https://a.example/\ntags: {city: M\xfcnchen}\n")
    assert error_for(path) == f"{path}:3: the file is not UTF-8 text"


def test_config_error_is_a_value_error_with_its_parts(write_config: WriteConfig) -> None:
    with pytest.raises(ValueError) as caught:
        load_firms(write_config("name: Fibrax\n"))
    error = caught.value
    assert isinstance(error, ConfigError)
    assert (error.source, error.line, error.column, error.field) == (
        Path("firms.yaml"),
        1,
        None,
        "entry_urls",
    )
    assert error.problem == "field required"
    assert "\n" not in str(error)
