"""Same-site checks follow registrable domains, including subdomains and unknown suffixes."""

from __future__ import annotations

import pytest

from checker.site import is_crawlable, normalise_url, registrable_domain, same_site


@pytest.mark.parametrize(
    ("host", "domain"),
    [
        ("help.example.com", "example.com"),
        ("www.bbc.co.uk", "bbc.co.uk"),
        ("support.acme.test", "acme.test"),
        ("127.0.0.1", "127.0.0.1"),
        ("acme.github.io", "acme.github.io"),
        ("shop.myshopify.com", "shop.myshopify.com"),
        ("EXAMPLE.com.", "example.com"),
    ],
)
def test_registrable_domain(host: str, domain: str) -> None:
    assert registrable_domain(host) == domain


def test_subdomains_are_the_same_site_and_lookalikes_are_not() -> None:
    site = frozenset({"acme.test"})
    assert same_site("http://help.acme.test:8080/x", site)
    assert same_site("https://support.acme.test/", site)
    assert not same_site("https://acme.test.evil.test/", site)
    assert not same_site("https://notacme.test/", site)


def test_normalise_drops_fragment_and_default_port() -> None:
    assert normalise_url("HTTP://Example.com:80/a#top") == "http://example.com/a"
    assert normalise_url("https://example.com") == "https://example.com/"


def test_only_pages_are_crawlable() -> None:
    assert is_crawlable("https://a.test/contact")
    assert not is_crawlable("mailto:x@a.test")
    assert not is_crawlable("https://a.test/logo.png")
