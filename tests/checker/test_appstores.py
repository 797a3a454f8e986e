"""App-store lookups: the parsers on real answers, the client against fake stores on loopback."""

from __future__ import annotations

import asyncio
import json
import socket
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from checker import __version__
from checker.appstores.apple import apple_lookup_url, parse_apple_lookup
from checker.appstores.client import AppStoreClient
from checker.appstores.endpoints import (
    APPLE_LOOKUP_ENV,
    PLAY_DETAILS_ENV,
    StoreEndpoints,
    apple_storefront_url,
    play_storefront_url,
)
from checker.appstores.google import parse_play_details, play_lookup_url
from checker.appstores.model import AppAvailability, AppRef, StoreAnswer, parse_app_spec
from tests.corpus import APPSTORE_DIR
from tests.sites.stores import (
    DEFAULT_CATALOGUE,
    FakeAppStores,
    StoreListing,
    StoreRequest,
)

FAST = {"timeout_s": 0.3, "backoff_s": 0.05, "min_interval_s": 0.0}
STOREFRONTS = [("IT", "it"), ("DE", "de"), ("US", "en"), ("FR", "fr")]


def _corpus(name: str) -> bytes:
    return (APPSTORE_DIR / name).read_bytes()


def _check_all(
    endpoints: StoreEndpoints, apps: Iterable[AppRef], storefronts: Iterable[tuple[str, str]], **options: Any
) -> AppAvailability:
    async def run() -> AppAvailability:
        async with AppStoreClient(endpoints, **options) as client:
            return await client.check_all(apps, storefronts)

    return asyncio.run(run())


def _check(endpoints: StoreEndpoints, spec: str, country: str = "IT", **options: Any) -> StoreAnswer:
    return _check_all(endpoints, [parse_app_spec(spec)], [(country, "en")], **options).answers[0]


# -- Apple parser, on the real iTunes answers ---------------------------------------------------


def test_apple_one_result_with_the_asked_trackid_is_sold() -> None:
    verdict = parse_apple_lookup(200, _corpus("itunesLookup-284882215.json"), "284882215")
    assert verdict == (True, "listed in this storefront", "Facebook")


def test_apple_empty_result_is_not_sold() -> None:
    verdict = parse_apple_lookup(200, _corpus("itunesLookup-0.json"), "284882215")
    assert verdict.available is False
    assert "resultCount 0" in verdict.reason


def test_apple_error_message_is_unknown() -> None:
    verdict = parse_apple_lookup(200, _corpus("itunesLookup-invalid.json"), "abc")
    assert verdict.available is None
    assert "Invalid value" in verdict.reason


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (503, b'{"resultCount":0,"results":[]}'),
        (404, b""),
        (200, b"<html>Service Unavailable</html>"),
        (200, b"[]"),
        (200, b'{"resultCount":0}'),
        (200, b'{"resultCount":1,"results":[{"trackId":999,"trackName":"Another app"}]}'),
    ],
    ids=["5xx", "404", "html", "not-an-object", "no-results-list", "another-app"],
)
def test_apple_surprises_are_unknown_never_false(status: int, body: bytes) -> None:
    assert parse_apple_lookup(status, body, "284882215").available is None


def test_apple_lookup_url() -> None:
    url = apple_lookup_url("https://itunes.apple.com/lookup", "1459000001", "IT")
    assert url == "https://itunes.apple.com/lookup?id=1459000001&country=it"


# -- Google Play parser, on real-looking details pages ----------------------------------------

PLAY_PAGE = """<!doctype html><html lang="en-US" dir="ltr"><head>
<meta property="og:type" content="website">
<meta property="og:title" content="Fibrax Assistenza - Apps on Google Play">
<meta property="og:url" content="https://play.google.com/store/apps/details?id=it.fibrax.assistenza&amp;hl=en_US">
<title>Fibrax Assistenza - Apps on Google Play</title>
<script type="application/ld+json" nonce="x1">{"@context":"https://schema.org","@type":"SoftwareApplication",
"name":"Fibrax Assistenza","url":"https://play.google.com/store/apps/details/Fibrax?id=it.fibrax.assistenza&hl=en_US",
"operatingSystem":"ANDROID","applicationCategory":"TOOLS","contentRating":"Everyone"}</script>
<script nonce="x2">AF_initDataCallback({key: 'ds:5',
data:["This item isn't available in your country."]});</script>
</head><body><div class="tU8Y5c"><div class="Il7kR">
<h1 class="Fd93Bb" itemprop="name"><span>Fibrax Assistenza</span></h1>
<div class="Vbfug auoIOc"><a href="/store/apps/dev?id=1"><span>Fibrax S.p.A.</span></a></div></div>
<div class="u4ICaf">{notice}</div></div></body></html>"""


def _play_page(notice: str = '<button class="VfPpkd">Install</button>') -> str:
    return PLAY_PAGE.replace("{notice}", notice)


def test_play_details_page_is_sold_with_its_title() -> None:
    # The country phrase in the inline script data is not shown to the visitor: it must not count.
    verdict = parse_play_details(200, _play_page(), "it.fibrax.assistenza")
    assert verdict == (True, "listed in this country", "Fibrax Assistenza")


def test_play_404_is_not_sold() -> None:
    verdict = parse_play_details(404, "<title>Not Found</title>", "it.fibrax.assistenza")
    assert verdict.available is False


@pytest.mark.parametrize(
    "notice",
    [
        "This item isn't available in your country.",
        "This item isn\u2019t available in your country.",
        "This item is not available in your country",
        "This app isn't available in your country",
        "This item isn't available in your country or on your carrier.",
    ],
)
def test_play_country_notice_is_not_sold(notice: str) -> None:
    verdict = parse_play_details(200, _play_page(f"<div>{notice}</div>"), "it.fibrax.assistenza")
    assert verdict.available is False
    assert verdict.title == "Fibrax Assistenza"


@pytest.mark.parametrize(
    "notice",
    [
        "This app isn't available for your device",
        "This app isn\u2019t available for any of your devices",
        "Your device isn't compatible with this version.",
        "This item isn't available on your carrier.",
    ],
)
def test_play_device_or_carrier_notice_is_not_a_country_lock(notice: str) -> None:
    assert (
        parse_play_details(200, _play_page(f"<div>{notice}</div>"), "it.fibrax.assistenza").available is True
    )


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (429, "<title>Too Many Requests</title>"),
        (500, "<title>Error</title>"),
        (503, ""),
        (200, "<title>Before you continue to Google</title><form action='https://consent.google.com/save'>"),
        (200, "<p>Our systems have detected unusual traffic from your computer network.</p>"),
        (200, "<html><body><div id='root'></div></body></html>"),
    ],
    ids=["429", "500", "503", "consent", "captcha", "unknown-markup"],
)
def test_play_surprises_are_unknown_never_false(status: int, body: str) -> None:
    assert parse_play_details(status, body, "it.fibrax.assistenza").available is None


def test_play_page_about_another_package_is_unknown() -> None:
    verdict = parse_play_details(200, _play_page(), "com.example.other")
    assert verdict.available is None
    assert "it.fibrax.assistenza" in verdict.reason


def test_play_lookup_url_asks_in_english_by_default() -> None:
    url = play_lookup_url("https://play.google.com/store/apps/details", "it.fibrax.assistenza", "it")
    assert url == "https://play.google.com/store/apps/details?id=it.fibrax.assistenza&hl=en&gl=IT"


# -- endpoints --------------------------------------------------------------------------------


def test_endpoints_default_to_the_real_stores() -> None:
    endpoints = StoreEndpoints.from_env({})
    assert endpoints.apple_lookup_url == "https://itunes.apple.com/lookup"
    assert endpoints.play_details_url == "https://play.google.com/store/apps/details"


def test_endpoints_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(APPLE_LOOKUP_ENV, "http://127.0.0.1:9/lookup")
    monkeypatch.setenv(PLAY_DETAILS_ENV, "http://127.0.0.1:9/store/apps/details")
    endpoints = StoreEndpoints.from_env()
    assert endpoints.apple_lookup_url == "http://127.0.0.1:9/lookup"
    assert endpoints.play_details_url == "http://127.0.0.1:9/store/apps/details"


def test_endpoints_reject_a_url_that_is_not_http() -> None:
    with pytest.raises(ValueError, match="itunes.apple.com/lookup"):
        StoreEndpoints.from_env({APPLE_LOOKUP_ENV: "itunes.apple.com/lookup"})


def test_storefront_urls() -> None:
    assert apple_storefront_url("1459000001", "IT") == "https://apps.apple.com/it/app/id1459000001"
    assert (
        play_storefront_url("it.fibrax.assistenza", "it", "IT")
        == "https://play.google.com/store/apps/details?id=it.fibrax.assistenza&hl=it&gl=IT"
    )


# -- the client against the fake stores -------------------------------------------------------


def test_answers_follow_the_catalogue_in_every_storefront(app_stores: FakeAppStores) -> None:
    apps = [
        parse_app_spec(spec) for spec, listing in DEFAULT_CATALOGUE.items() if listing.behaviour == "normal"
    ]
    availability = _check_all(app_stores.endpoints, apps, STOREFRONTS, **FAST)
    assert [(a.store, a.id, a.country) for a in availability.answers] == [
        (app.store, app.id, country) for app in apps for country, _ in STOREFRONTS
    ]
    for answer in availability.answers:
        listing = DEFAULT_CATALOGUE[str(answer.app)]
        assert answer.available is listing.sold_in(answer.country), answer
        assert answer.title == (listing.title if answer.available or listing.not_sold_as == "notice" else "")


def test_the_italian_only_app_is_unavailable_elsewhere_with_reasons(app_stores: FakeAppStores) -> None:
    apps = [parse_app_spec("apple:1459000001"), parse_app_spec("google:it.fibrax.assistenza")]
    availability = _check_all(app_stores.endpoints, apps, [("IT", "it"), ("DE", "de")], **FAST)
    apple_it, apple_de, google_it, google_de = availability.answers
    assert (apple_it.available, apple_it.title, apple_it.http_status) == (True, "Fibrax Assistenza", 200)
    assert (apple_de.available, apple_de.reason) == (False, "resultCount 0: not sold in this storefront")
    assert (google_it.available, google_de.available, google_de.http_status) == (True, False, 404)
    assert apple_de.lookup_url == f"{app_stores.apple_lookup_url}?id=1459000001&country=de"


def test_a_play_country_notice_reads_as_not_sold(app_stores: FakeAppStores) -> None:
    answer = _check(app_stores.endpoints, "google:com.example.regional", "IT", **FAST)
    assert (answer.available, answer.http_status) == (False, 200)
    assert "not available in your country" in answer.reason.replace("isn't", "not")


def test_an_invalid_apple_id_is_unknown(app_stores: FakeAppStores) -> None:
    answer = _check(app_stores.endpoints, "apple:1459000001", **FAST)
    invalid = _check_all(app_stores.endpoints, [AppRef(store="apple", id="fibrax")], [("IT", "it")], **FAST)
    assert answer.available is True
    assert invalid.answers[0].available is None
    assert "Invalid value" in invalid.answers[0].reason


@pytest.mark.parametrize("spec", ["apple:1459000002", "google:com.slowstore.help"])
def test_a_stalled_store_is_unknown_within_timeout_times_tries(app_stores: FakeAppStores, spec: str) -> None:
    started = time.monotonic()
    answer = _check(app_stores.endpoints, spec, "IT", **FAST)
    elapsed = time.monotonic() - started
    assert answer.available is None
    assert answer.reason == "timed out after 3 tries"
    assert elapsed < 0.3 * 3 + 0.05 + 0.1 + 1.0  # three tries, two backoffs, slack for a busy machine


TROUBLED_CATALOGUE = {
    "google:com.example.flaky": StoreListing("Flaky Help", behaviour="flaky", flaky_failures=2),
    "google:com.example.broken": StoreListing("Broken Help", behaviour="error"),
    "google:com.example.busy": StoreListing("Busy", behaviour="flaky", flaky_failures=1, retry_after="1"),
    "google:com.example.patient": StoreListing(
        "Patient", behaviour="flaky", flaky_failures=1, retry_after="30"
    ),
}


@pytest.fixture(scope="module")
def troubled_stores() -> Iterator[FakeAppStores]:
    """Apps whose store fails at first or for ever; each test clears the log and failure counts."""
    with FakeAppStores(TROUBLED_CATALOGUE) as stores:
        yield stores


def _troubled(stores: FakeAppStores, spec: str, **options: Any) -> tuple[StoreAnswer, list[StoreRequest]]:
    stores.clear_log()
    answer = _check(stores.endpoints, spec, **{**FAST, **options})
    return answer, stores.lookups_for(parse_app_spec(spec))


def test_a_flaky_store_succeeds_after_retries(troubled_stores: FakeAppStores) -> None:
    answer, lookups = _troubled(troubled_stores, "google:com.example.flaky")
    assert (answer.available, answer.title) == (True, "Flaky Help")
    assert [lookup.status for lookup in lookups] == [503, 503, 200]


def test_a_store_failing_forever_is_unknown(troubled_stores: FakeAppStores) -> None:
    answer, lookups = _troubled(troubled_stores, "google:com.example.broken")
    assert (answer.available, answer.http_status, answer.reason) == (None, 503, "HTTP 503 after 3 tries")
    assert len(lookups) == 3


def test_retry_after_is_honoured(troubled_stores: FakeAppStores) -> None:
    answer, (first, second) = _troubled(troubled_stores, "google:com.example.busy", backoff_s=0.0)
    assert answer.available is True
    assert second.time - first.time >= 0.95


def test_retry_after_is_capped(troubled_stores: FakeAppStores) -> None:
    options = {"backoff_s": 0.0, "max_retry_after_s": 0.2}
    answer, (first, second) = _troubled(troubled_stores, "google:com.example.patient", **options)
    assert answer.available is True
    assert 0.18 <= second.time - first.time < 2.0


def test_a_refused_connection_is_unknown() -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    endpoints = StoreEndpoints(
        apple_lookup_url=f"http://127.0.0.1:{port}/lookup",
        play_details_url=f"http://127.0.0.1:{port}/store/apps/details",
    )
    answer = _check(endpoints, "apple:284882215", **{**FAST, "retries": 1})
    assert (answer.available, answer.http_status) == (None, None)
    assert answer.reason == "connection refused after 2 tries"


def test_each_app_is_asked_once_per_storefront(app_stores: FakeAppStores) -> None:
    worldwide, regional = (
        parse_app_spec("google:com.example.worldwide"),
        parse_app_spec("google:com.example.regional"),
    )

    async def run() -> tuple[AppAvailability, list[StoreAnswer]]:
        async with AppStoreClient(app_stores.endpoints, **FAST) as client:
            storefronts = [("IT", "it"), ("it", "en"), ("DE", "de")]
            return await asyncio.gather(
                client.check_all([worldwide, regional, worldwide], storefronts),
                asyncio.gather(*(client.check(regional, "DE", "de") for _ in range(5))),
            )

    app_stores.clear_log()
    availability, concurrent = asyncio.run(run())
    asked = [(lookup.app_id, lookup.country) for lookup in app_stores.lookups]
    assert sorted(asked) == sorted(
        {(app.id, country) for app in (worldwide, regional) for country in ("IT", "DE")}
    )
    assert [(a.id, a.country) for a in availability.answers] == [
        (worldwide.id, "IT"),
        (worldwide.id, "DE"),
        (regional.id, "IT"),
        (regional.id, "DE"),
    ]
    assert availability.answers[0].storefront_url.endswith("hl=it&gl=IT")  # the first language for IT wins
    assert all(answer.available is True for answer in concurrent)


def test_a_cached_answer_links_the_storefront_in_each_callers_language(app_stores: FakeAppStores) -> None:
    regional = parse_app_spec("google:com.example.regional")

    async def run() -> list[StoreAnswer]:
        async with AppStoreClient(app_stores.endpoints, **FAST) as client:
            return [await client.check(regional, "DE", "de"), await client.check(regional, "DE", "en")]

    german, english = asyncio.run(run())
    assert german.storefront_url.endswith("hl=de&gl=DE") and english.storefront_url.endswith("hl=en&gl=DE")
    assert german.lookup_url == english.lookup_url
    assert "hl=en" in german.lookup_url  # Play is read in the language its notices are parsed in


def test_requests_to_one_store_are_spaced(app_stores: FakeAppStores) -> None:
    apple = parse_app_spec("apple:284882215")
    app_stores.clear_log()
    storefronts = [(country, "en") for country in ("US", "GB", "DE", "IT", "FR")]
    _check_all(
        app_stores.endpoints, [apple], storefronts, **{**FAST, "min_interval_s": 0.2, "concurrency": 5}
    )
    times = sorted(lookup.time for lookup in app_stores.lookups_for(apple))
    assert len(times) == 5
    # Arrival times carry the server's own jitter (a connection set up late shortens the next gap),
    # so check the span of all five and that no two came together.
    gaps = [later - earlier for earlier, later in zip(times, times[1:], strict=False)]
    assert times[-1] - times[0] >= 4 * 0.2 - 0.05
    assert min(gaps) >= 0.1


def test_lookups_in_flight_are_bounded(app_stores: FakeAppStores) -> None:
    # A stalled answer never ends server-side, so count arrivals: with two slots only the first
    # two lookups reach the store before their tries run out; the store is then given up on.
    stalled = parse_app_spec("apple:1459000002")
    app_stores.clear_log()
    storefronts = [(country, "en") for country in ("US", "GB", "DE", "IT", "FR", "ES")]
    options = {**FAST, "timeout_s": 0.4, "retries": 0, "concurrency": 2}
    availability = _check_all(app_stores.endpoints, [stalled], storefronts, **options)
    reasons = [answer.reason for answer in availability.answers]
    assert reasons.count("timed out after 1 try") == 2
    assert all(reason.startswith("not asked") for reason in reasons if reason != "timed out after 1 try")
    assert len(app_stores.lookups_for(stalled)) == 2


def test_requests_identify_supportcheck(app_stores: FakeAppStores) -> None:
    app_stores.clear_log()
    _check_all(app_stores.endpoints, [parse_app_spec("apple:284882215")], [("GB", "en")], **FAST)
    (lookup,) = app_stores.lookups
    assert lookup.headers["user-agent"].startswith(f"supportcheck/{__version__}")


def test_checked_at_is_iso_utc_from_the_injected_clock(app_stores: FakeAppStores) -> None:
    rome = timezone(timedelta(hours=2))
    answer = _check(
        app_stores.endpoints, "apple:284882215", clock=lambda: datetime(2026, 6, 1, 12, 0, tzinfo=rome)
    )
    assert answer.checked_at == "2026-06-01T10:00:00+00:00"
    assert datetime.fromisoformat(answer.checked_at).tzinfo == UTC


def test_a_country_that_is_not_a_code_is_refused(app_stores: FakeAppStores) -> None:
    with pytest.raises(ValueError, match="Italy"):
        _check(app_stores.endpoints, "apple:284882215", "Italy")


def test_availability_survives_save_and_load(app_stores: FakeAppStores, tmp_path: Path) -> None:
    availability = _check_all(app_stores.endpoints, [parse_app_spec("apple:1459000001")], STOREFRONTS, **FAST)
    availability.save(tmp_path / "apps.json")
    assert AppAvailability.load(tmp_path / "apps.json") == availability
    assert json.loads((tmp_path / "apps.json").read_text())["answers"][0]["country"] == "IT"


def test_a_store_that_timed_out_is_not_asked_again_in_the_same_scan(app_stores: FakeAppStores) -> None:
    app_stores.clear_log()
    apps = [
        AppRef(store="google", id="com.slowstore.help"),
        AppRef(store="google", id="com.example.worldwide"),
    ]
    availability = _check_all(app_stores.endpoints, apps, [("US", "en")], **{**FAST, "concurrency": 1})
    stalled, skipped = availability.answers
    assert stalled.reason == "timed out after 3 tries"
    assert skipped.available is None and skipped.reason.startswith("not asked: the store timed out")
    assert app_stores.lookups_for(apps[1]) == []
