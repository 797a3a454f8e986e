from __future__ import annotations

import pytest

from checker.gather.apps import app_from_url, gather_apps

from .probes import PAGE_URL, build_probe


@pytest.mark.parametrize(
    ("url", "app"),
    [
        ("https://itunes.apple.com/gb/app/dorothy-perkins/id574794585?mt=8", ("apple", "574794585")),
        ("https://apps.apple.com/app/id284882215", ("apple", "284882215")),
        (
            "https://play.google.com/store/apps/details?id=com.dstvmobile.android#?t=W10.%20",
            ("google", "com.dstvmobile.android"),
        ),
        ("https://itunes.apple.com/us/itunes-u/physics/id123456789", None),
        ("https://itunes.apple.com/us/artist/some-band/id987654321", None),
        ("https://play.google.com/store/search?q=perk", None),
        ("https://www.example.com/app/id123456", None),
    ],
)
def test_store_urls(url, app):
    assert app_from_url(url) == app


def test_apps_from_links_areas_meta_and_banner_config():
    probe = build_probe(
        links=[
            {"raw_href": "https://itunes.apple.com/pl/app/brief/id413694021", "name": "App Store"},
            {
                "raw_href": "https://play.google.com/store/apps/details?id=air.com.optizenlabs.brief",
                "visible": False,
            },
        ],
        meta=[
            {"name": "apple-itunes-app", "content": "app-id=335703880, app-argument=x"},
            {"name": "twitter:app:id:googleplay", "content": "org.wordpress.android"},
            {"name": "al:ios:app_store_id", "content": "413694021"},
        ],
        store_urls=["https://play.google.com/store/apps/details?id=com.houzz.app"],
    )
    assert {(app.store, app.id) for app in gather_apps(probe, PAGE_URL)} == {
        ("apple", "413694021"),
        ("google", "air.com.optizenlabs.brief"),
        ("apple", "335703880"),
        ("google", "org.wordpress.android"),
        ("google", "com.houzz.app"),
    }
