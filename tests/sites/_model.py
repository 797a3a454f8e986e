"""The vocabulary of fixture sites: firms, pages, requests and responses.

A fixture firm is data: a few host names, an entry path and a table of pages. A page is an HTML
string, a file beside the firm's module, a ready ``Response`` or a function of the ``Request``
for behaviour that depends on the visitor (language, cookies, how often it asked). Keeping firms
as plain tables means a reader can see at a glance what a crawler should find on them.

The ``expected`` dict on a firm is the ground truth that tests assert against. Keys used so far
(all optional; absent means "not relevant for this firm"):

- ``contact_depth`` (int | None): clicks from the entry page to the page that lists the contact
  channels; None when an anonymous visitor cannot reach one.
- ``contact_url`` (str | None): that page as ``host/path``.
- ``phones`` / ``emails`` (list[str]): E.164 numbers and addresses a visitor can see.
- ``contact_form``, ``callback``, ``hours``, ``self_service``, ``human_channel`` (bool).
- ``chat`` (list[str]): chat vendor slugs, ``"generic"`` for a launcher of no known vendor;
  ``chat_human`` (bool | None) whether that chat reaches a person.
- ``help_centre`` (str | None): host of the help centre.
- ``js_rendered`` (bool): channels exist only after scripts ran.
- ``consent`` (dict): the cookie wall's button texts and the cookie it sets.
- ``login_wall`` (list[str]): paths that redirect an anonymous visitor to a login form.
- ``blocked`` (dict): ``languages`` answered with ``status`` instead of the site.
- ``robots_disallow`` (list[str]): path prefixes robots.txt forbids.
- ``traps`` (dict[str, str]): robustness trap name -> path, each linked from the entry page.
- ``by_language`` (dict[str, dict]): overrides for visitors whose first language is the key
  (``"it"``, ``"de"``); read them through ``Firm.expected_for(locale_tag)``.

Keys that only one firm has (``bfs_budget_that_fails``, ``parity_gap`` ...) are explained in that
firm's module docstring.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FIRMS_DIR = Path(__file__).parent / "firms"

ALLOW_ALL_ROBOTS = "User-agent: *\nDisallow:\n"


@dataclass
class RequestRecord:
    """One request as the server saw it; the log that politeness tests read.

    ``time`` is ``time.monotonic()`` at arrival, so gaps between records are real intervals.
    Header names are lower-case. ``status`` is filled in once the answer is chosen.
    """

    time: float
    method: str
    host: str
    path: str
    headers: dict[str, str]
    status: int | None = None


@dataclass
class Response:
    """What a page answers.

    Args:
        body: the content; ``str`` is encoded as UTF-8.
        status: HTTP status code.
        headers: extra headers (``Location``, ``Retry-After``, ``Set-Cookie`` ...).
        content_type: the ``Content-Type`` header.
        delay: seconds to wait before answering at all (a slow server).
        stream: chunks to send one by one without ``Content-Length``; with ``stream_interval``
            between them, a page that trickles in.
        stream_interval: seconds between ``stream`` chunks.
        stall: after the body, keep the connection open until the client leaves or the server
            stops: a page that never finishes loading.
    """

    body: str | bytes = ""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "text/html; charset=utf-8"
    delay: float = 0.0
    stream: Iterable[str | bytes] | None = None
    stream_interval: float = 0.0
    stall: bool = False


class Request:
    """A request as a page handler sees it.

    Args:
        method: ``GET``, ``HEAD``, ``POST`` ...
        host: the Host header without port, lower-case.
        path: the path without query string.
        query: the query string without ``?``.
        headers: request headers with lower-case names.
        counters: the server's per-firm counters, so stateful pages (429 then 200) start afresh
            on every ``FixtureServer`` instead of leaking state between tests.
    """

    def __init__(
        self,
        method: str,
        host: str,
        path: str,
        query: str,
        headers: Mapping[str, str],
        counters: _Counters,
    ) -> None:
        self.method = method
        self.host = host
        self.path = path
        self.query = query
        self.headers = dict(headers)
        self._counters = counters

    @property
    def languages(self) -> list[str]:
        """Accept-Language tags, most preferred first, lower-case (``["it-it", "it", "en"]``)."""
        weighted: list[tuple[float, int, str]] = []
        for index, part in enumerate(self.headers.get("accept-language", "").split(",")):
            tag, _, params = part.strip().partition(";")
            if not tag:
                continue
            quality = 1.0
            if params.strip().startswith("q="):
                try:
                    quality = float(params.strip()[2:])
                except ValueError:
                    quality = 0.0
            weighted.append((-quality, index, tag.strip().lower()))
        return [tag for _, _, tag in sorted(weighted)]

    def primary_language(self, default: str = "en") -> str:
        """The first preferred language subtag: ``it`` for ``it-IT,it;q=0.9``."""
        languages = self.languages
        return languages[0].split("-")[0] if languages else default

    @property
    def cookies(self) -> dict[str, str]:
        jar: dict[str, str] = {}
        for pair in self.headers.get("cookie", "").split(";"):
            name, sep, value = pair.strip().partition("=")
            if sep:
                jar[name] = value
        return jar

    def count(self, key: str) -> int:
        """Bumps and returns how many times this firm's ``key`` was hit on this server (1, 2 ...)."""
        return self._counters.bump(key)


class _Counters:
    """Thread-safe named counters owned by one server and one firm."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: dict[str, int] = {}

    def bump(self, key: str) -> int:
        with self._lock:
            self._values[key] = self._values.get(key, 0) + 1
            return self._values[key]


Handler = Callable[[Request], Response]
Page = str | Path | Response | Handler


@dataclass(frozen=True, eq=False)  # identity equality: firms are singletons and usable as dict keys
class Firm:
    """A fixture company.

    Args:
        name: short id, also the folder for its files (``tests/sites/firms/<name>/``).
        title: the company name shown on its pages.
        hosts: host names it answers on; the first is where the entry page lives.
        pages: ``"/path"`` for the first host, ``"other.host/path"`` for the others.
        entry_path: where a crawl starts.
        robots: robots.txt served on every host unless ``pages`` has its own.
        expected: ground truth for tests; see this module's docstring for the keys.
    """

    name: str
    title: str
    hosts: tuple[str, ...]
    pages: Mapping[str, Page] = field(repr=False)
    entry_path: str = "/"
    robots: str = field(default=ALLOW_ALL_ROBOTS, repr=False)
    expected: Mapping[str, Any] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for key in self.pages:
            host = self.hosts[0] if key.startswith("/") else key.partition("/")[0]
            if host not in self.hosts:
                raise ValueError(f"firm {self.name!r}: page {key!r} is on a host not in {self.hosts}")

    @property
    def entry_host(self) -> str:
        return self.hosts[0]

    def page(self, host: str, path: str) -> Page | None:
        """The page served at ``host`` + ``path``, robots.txt included; None when there is none."""
        key = path if host == self.entry_host else f"{host}{path}"
        found = self.pages.get(key)
        if found is None and path == "/robots.txt":
            return Response(self.robots, content_type="text/plain; charset=utf-8")
        return found

    def expected_for(self, locale_tag: str) -> dict[str, Any]:
        """``expected`` with the ``by_language`` overrides for a visitor from ``locale_tag``."""
        merged = {key: value for key, value in self.expected.items() if key != "by_language"}
        language = locale_tag.split("-")[0].lower()
        merged.update(self.expected.get("by_language", {}).get(language, {}))
        return merged


def firm_file(firm_name: str, filename: str) -> Path:
    """A file page kept beside a firm's module, in ``tests/sites/firms/<firm_name>/``."""
    return FIRMS_DIR / firm_name / filename
