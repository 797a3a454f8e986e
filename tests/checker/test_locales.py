"""Built-in locale profiles and lookups."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from checker.gather.language import has_lexicon, primary_subtag
from checker.job import ScanRequest
from checker.locales import BUILTIN_PROFILES, UnknownLocale, resolve_locale

REQUIRED = "en-US en-GB en-IE en-AU en-CA it-IT de-DE de-AT fr-FR es-ES es-MX pt-PT pt-BR nl-NL ja-JP".split()


@pytest.mark.parametrize("tag", REQUIRED)
def test_required_profiles_exist_with_matching_country(tag: str) -> None:
    profile = BUILTIN_PROFILES[tag]
    assert profile.country == tag.split("-")[1]
    assert profile.languages[0] == tag
    assert profile.timezone


def test_accept_language_header_lists_fallbacks_with_falling_q() -> None:
    assert resolve_locale("it-IT").accept_language == "it-IT,it;q=0.9,en;q=0.8"


def test_lookup_is_case_insensitive_and_unknown_names_the_known() -> None:
    assert resolve_locale("de_at").tag == "de-AT"
    with pytest.raises(UnknownLocale, match="en-US"):
        resolve_locale("xx-YY")


def test_a_scan_splits_into_serialisable_locale_jobs() -> None:
    request = ScanRequest(
        firm="acme",
        entry_urls=("https://a.test/",),
        locales=(resolve_locale("en-US"), resolve_locale("it-IT")),
    )
    jobs = request.jobs()
    assert [job.locale.tag for job in jobs] == ["en-US", "it-IT"]
    assert type(jobs[1]).model_validate_json(jobs[1].model_dump_json()) == jobs[1]


EU_MEMBER_STATES = "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split()


def test_every_eu_member_state_has_a_profile_whose_storefront_is_that_country() -> None:
    countries = {profile.country for profile in BUILTIN_PROFILES.values()}
    assert sorted(set(EU_MEMBER_STATES) - countries) == []


@pytest.mark.parametrize("tag", sorted(BUILTIN_PROFILES))
def test_every_profile_visits_in_a_language_the_lexicons_read(tag: str) -> None:
    profile = BUILTIN_PROFILES[tag]
    assert profile.country == tag.split("-")[1]
    assert has_lexicon(primary_subtag(profile.language))
    ZoneInfo(profile.timezone)
