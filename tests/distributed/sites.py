"""Small fixture firms for the distributed tests: each on its own registrable domain, and slow
enough (each page takes :data:`PAGE_DELAY_S` to answer) that page loads from different workers
overlap. :data:`PAGE_LOADS` counts the page loads in flight per site (favicons and other requests
the browser makes on its own are not page loads, so they are not counted)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from tests.sites import Firm, Request, Response

PAGE_DELAY_S = 0.25


class PageLoads:
    """The most page loads seen in flight at once, per host."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._now: dict[str, int] = {}
        self.most: dict[str, int] = {}

    def in_flight(self) -> int:
        """Page loads being answered right now, on every host."""
        with self._lock:
            return sum(self._now.values())

    def clear(self) -> None:
        with self._lock:
            self.most = dict(self._now)

    def answer(self, host: str, html: str) -> Response:
        with self._lock:
            self._now[host] = self._now.get(host, 0) + 1
            self.most[host] = max(self.most.get(host, 0), self._now[host])
        try:
            time.sleep(PAGE_DELAY_S)
        finally:
            with self._lock:
                self._now[host] -= 1
        return Response(html)


PAGE_LOADS = PageLoads()


def _page(title: str, body: str) -> Callable[[Request], Response]:
    html = (
        f"<!doctype html><html lang='en'><head><title>{title}</title></head><body><main>"
        f"<h1>{title}</h1>{body}</main><footer><a href='/contact'>Contact us</a> "
        "<a href='/help'>Help centre</a> <a href='/about'>About us</a></footer></body></html>"
    )
    return lambda request: PAGE_LOADS.answer(request.host, html)


def chain_firm(number: int) -> Firm:
    """``chain<N>``: an entry page, a contact page with a phone and an e-mail, a help page."""
    name = f"chain{number}"
    phone = f"+1 212 555 01{number:02d}"
    return Firm(
        name=name,
        title=f"Chain {number}",
        hosts=(f"www.{name}.test",),
        pages={
            "/": _page(f"Chain {number}", "<p>Shop for chains and more.</p>"),
            "/contact": _page(
                "Contact us",
                f"<p>Call us: <a href='tel:{phone.replace(' ', '')}'>{phone}</a>, Monday to Friday "
                f"9:00-17:00.</p><p>Email <a href='mailto:care@{name}.test'>care@{name}.test</a></p>",
            ),
            "/help": _page("Help centre", "<p>Answers to common questions about your order.</p>"),
            "/about": _page("About us", "<p>We make chains.</p>"),
        },
    )


CHAIN_FIRMS = [chain_firm(number) for number in range(10)]
