"""robots.txt is read as RFC 9309 says."""

from __future__ import annotations

from checker.robots import allow_all, policy_from_response

ROBOTS = (
    "User-agent: *\nDisallow: /private/\n\nUser-agent: supportcheck\nDisallow: /no-audits/\nCrawl-delay: 2\n"
)


def test_disallowed_paths_for_our_agent() -> None:
    policy = policy_from_response("https://a.test", 200, ROBOTS)
    assert policy.allows("https://a.test/contact")
    assert not policy.allows("https://a.test/no-audits/x")
    assert policy.crawl_delay() == 2.0


def test_missing_robots_allows_all_and_server_error_disallows_all() -> None:
    assert policy_from_response("https://a.test", 404, "").allows("https://a.test/private/x")
    assert not policy_from_response("https://a.test", 503, "").allows("https://a.test/")
    assert not policy_from_response("https://a.test", None, "").allows("https://a.test/")


def test_ignore_robots_allows_everything() -> None:
    assert allow_all("https://a.test").allows("https://a.test/private/x")
