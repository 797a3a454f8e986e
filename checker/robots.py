"""robots.txt, read as RFC 9309 says: 4xx means allow all, 5xx or unreachable means disallow all."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.robotparser import RobotFileParser

ROBOTS_AGENT = "supportcheck"


@dataclass(frozen=True)
class RobotsPolicy:
    """What one origin's robots.txt allows the supportcheck user agent to fetch."""

    origin: str
    parser: RobotFileParser | None
    disallow_all: bool = False
    note: str = ""
    unreachable_kind: str | None = None  # the fetch error when robots.txt could not be reached at all

    def allows(self, url: str) -> bool:
        if self.disallow_all:
            return False
        if self.parser is None:
            return True
        return self.parser.can_fetch(ROBOTS_AGENT, url)

    def crawl_delay(self) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(ROBOTS_AGENT)
        return float(delay) if delay is not None else None


def policy_from_response(
    origin: str, status: int | None, body: str, error: str | None = None, error_kind: str | None = None
) -> RobotsPolicy:
    """Builds the policy from the robots.txt fetch result.

    Args:
        origin: scheme, host and port the policy is for.
        status: the HTTP status, None when no answer came.
        body: the robots.txt text.
        error: why no answer came (network, TLS, timeout), when ``status`` is None.
        error_kind: the snapshot error kind of that failure.
    """
    if status is None:
        return RobotsPolicy(
            origin,
            None,
            disallow_all=True,
            unreachable_kind=error_kind or "network",
            note=f"the site could not be reached: {error or 'no answer'}",
        )
    if status >= 500:
        return RobotsPolicy(
            origin,
            None,
            disallow_all=True,
            note=f"robots.txt answered HTTP {status}: RFC 9309 says disallow all",
        )
    if status >= 400:
        return RobotsPolicy(origin, None, note=f"no robots.txt (HTTP {status}): all allowed")
    parser = RobotFileParser()
    parser.parse(body.splitlines())
    return RobotsPolicy(origin, parser, note="robots.txt read")


def allow_all(origin: str) -> RobotsPolicy:
    """The policy used with ``--ignore-robots`` (recorded in the report)."""
    return RobotsPolicy(origin, None, note="robots.txt ignored on request")
