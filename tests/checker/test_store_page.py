"""The store-page reader: an App Store or Google Play page a person's browser read, as the probe
reports it, gives a person-seen answer only when the page itself tells (the store's notice, or the
app's own page in a language whose notice we can read)."""

from __future__ import annotations

from typing import Any

import pytest

from checker.appstores.store_page import read_store_page, storefront_country
from checker.snapshot import PageSnapshot, ProbeResult

APPLE_ID = "1459000001"
APPLE_URL = f"https://apps.apple.com/it/app/fibrax-assistenza/id{APPLE_ID}"
PACKAGE = "it.fibrax.assistenza"
PLAY_URL = "https://play.google.com/store/apps/details"  # the query dropped, as the popup sends it
XSS = '"><script>window.__pwned=1</script><img src=x onerror=alert(1)>'


def apple_probe(*texts: str, lang: str = "en-US", app_id: str = APPLE_ID, **extra: Any) -> dict[str, Any]:
    """An App Store app page as ``extension/probe.js`` reports it: title, heading, banner and canonical."""
    return {
        "url": APPLE_URL,
        "title": "\u200eFibrax Assistenza on the App Store",
        "lang": lang,
        "meta": [
            {"name": "apple-itunes-app", "content": f"app-id={app_id}"},
            {"name": "canonical", "content": f"https://apps.apple.com/it/app/fibrax-assistenza/id{app_id}"},
        ],
        "text_blocks": [
            {"text": "Fibrax Assistenza", "tag": "h1", "region": "main"},
            {"text": "Fibrax S.p.A.", "tag": "h2", "region": "main"},
            *({"text": text, "tag": "p", "region": "main"} for text in texts),
        ],
        **extra,
    }


def play_probe(*texts: str, lang: str = "en", package: str = PACKAGE) -> dict[str, Any]:
    """A Google Play details page: its share address names the package, ``itemprop=name`` the app."""
    return {
        "url": PLAY_URL,
        "title": "Fibrax Assistenza - Apps on Google Play",
        "lang": lang,
        "meta": [
            {"name": "og:url", "content": f"https://play.google.com/store/apps/details?id={package}"},
            {"name": "og:title", "content": "Fibrax Assistenza - Apps on Google Play"},
        ],
        "text_blocks": [
            {"text": "Fibrax Assistenza", "tag": "h1", "region": "main"},
            *({"text": text, "tag": "div", "region": "main"} for text in texts),
        ],
    }


def page(url: str, probe: dict[str, Any], http_status: int = 200) -> PageSnapshot:
    return PageSnapshot(
        locale="it-IT",
        requested_url=url,
        final_url=url,
        http_status=http_status,
        fetched_at="2026-12-02T18:00:00Z",
        probe=ProbeResult.model_validate(probe),
        supplied_by="evidence #7 from token alice",
    )


def test_an_apple_page_that_shows_the_app_is_sold_in_the_storefront_its_path_names() -> None:
    answer = read_store_page(page(APPLE_URL, apple_probe("Get", "Ratings and Reviews")), "DE")
    assert answer is not None
    assert (answer.store, answer.id, answer.country, answer.available) == ("apple", APPLE_ID, "IT", True)
    assert answer.title == "Fibrax Assistenza"
    assert answer.supplied_by == "evidence #7 from token alice"
    assert answer.storefront_url == APPLE_URL and answer.checked_at == "2026-12-02T18:00:00Z"


def test_apples_notice_is_not_sold() -> None:
    notice = "This app is currently not available in your country or region."
    answer = read_store_page(page(APPLE_URL, apple_probe(notice)), "DE")
    assert answer is not None and answer.available is False and answer.country == "IT"
    assert f"“{notice}”" in answer.reason


@pytest.mark.parametrize(
    "notice",
    ["This item is not available in your country.", "This item isn\u2019t available in your country."],
)
def test_plays_notice_is_not_sold_in_the_country_gl_names(notice: str) -> None:
    url = f"{PLAY_URL}?id={PACKAGE}&gl=AT"
    answer = read_store_page(page(url, play_probe(notice)), "IT")
    assert answer is not None
    assert (answer.store, answer.id, answer.country, answer.available) == ("google", PACKAGE, "AT", False)


def test_a_play_page_without_its_query_names_its_app_itself_and_takes_the_locales_country() -> None:
    answer = read_store_page(page(PLAY_URL, play_probe("Install", "About this app")), "it")
    assert answer is not None
    assert (answer.id, answer.country, answer.available, answer.title) == (
        PACKAGE,
        "IT",
        True,
        "Fibrax Assistenza",
    )


def test_a_page_about_another_app_than_its_address_tells_nothing() -> None:
    assert read_store_page(page(APPLE_URL, apple_probe("Get", app_id="999000111")), "IT") is None
    notice = "This item is not available in your country."
    other = read_store_page(
        page(f"{PLAY_URL}?id={PACKAGE}", play_probe(notice, package="com.other.app")), "IT"
    )
    assert other is None


@pytest.mark.parametrize(
    ("url", "probe", "status"),
    [
        pytest.param(APPLE_URL, apple_probe(), 404, id="error page"),
        pytest.param(
            "https://accounts.google.com/signin",
            {"url": "https://accounts.google.com/signin", "title": "Sign in - Google Accounts", "lang": "en"},
            200,
            id="sign-in page",
        ),
        pytest.param(APPLE_URL, {"url": APPLE_URL, "title": "", "lang": "en"}, 200, id="unreadable page"),
        pytest.param(
            APPLE_URL, apple_probe("Ottieni", lang="it"), 200, id="a language whose notice is unknown"
        ),
    ],
)
def test_pages_that_do_not_tell_give_no_answer(url: str, probe: dict[str, Any], status: int) -> None:
    assert read_store_page(page(url, probe, status), "IT") is None


def test_a_hostile_page_gives_no_answer_and_its_text_stays_text() -> None:
    notice = "This app is currently not available in your country or region."
    # Off the stores' hosts: a look-alike address naming the app counts for nothing.
    lookalike = f"https://apps.apple.com.evil.test/it/app/x/id{APPLE_ID}"
    assert read_store_page(page(lookalike, apple_probe(notice)), "IT") is None
    # On the store's host, a notice the visitor was not shown is no notice, and a page that never
    # names its app is no app page, whatever its title says.
    hidden = apple_probe(title=XSS)
    hidden["text_blocks"].append({"text": notice, "tag": "p", "region": "main", "visibility": "hidden"})
    hidden["meta"] = []
    assert read_store_page(page(APPLE_URL, hidden), "IT") is None
    # With its own address, it is the app's page: the hostile title is only a string.
    hidden["meta"] = apple_probe()["meta"]
    hidden["text_blocks"][0]["text"] = XSS
    answer = read_store_page(page(APPLE_URL, hidden), "IT")
    assert answer is not None and answer.available is True and answer.title == XSS


def test_the_storefront_is_the_url_s_country_else_the_locale_s() -> None:
    assert storefront_country("https://apps.apple.com/de/app/x/id1459000001", "IT") == "DE"
    assert storefront_country("https://apps.apple.com/app/x/id1459000001", "it") == "IT"
    assert storefront_country(f"{PLAY_URL}?id={PACKAGE}&hl=de&gl=ch", "IT") == "CH"
    assert storefront_country(f"{PLAY_URL}?id={PACKAGE}&gl=<script>", "IT") == "IT"
