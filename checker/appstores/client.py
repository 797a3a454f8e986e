"""Asks Apple and Google whether apps are sold in given countries, politely and without guessing.

One :class:`AppStoreClient` serves one scan. It asks each (store, app, country) once, however
many callers want it at the same moment; it spaces requests to each store; it retries what may
pass (timeouts, refused connections, 429, 5xx) with exponential backoff and a capped
``Retry-After``; and when a store still cannot be read it answers ``available=None`` with the
reason, never ``False``: a store that timed out must not read as "not sold here".

The HTTP transport and the clock are injectable, as in encode/httpx, so tests run against a local
fake store and a fixed time.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType

import httpx

from checker import TOOL_NAME, __version__
from checker.politeness import parse_retry_after

from .apple import apple_lookup_url, parse_apple_lookup
from .endpoints import StoreEndpoints, storefront_url
from .google import parse_play_details, play_lookup_url
from .model import STORES, AppAvailability, AppRef, Store, StoreAnswer

__all__ = ["DEFAULT_USER_AGENT", "AppStoreClient"]

DEFAULT_USER_AGENT = f"{TOOL_NAME}/{__version__} (app-store availability lookup)"

_AnswerKey = tuple[Store, str, str]


@dataclass(frozen=True)
class _Fetched:
    """The last response worth parsing, or why there is none (``failure`` set)."""

    status: int | None
    body: bytes = b""
    failure: str = ""


class AppStoreClient:
    """Store lookups for one scan; use as ``async with AppStoreClient(endpoints) as client``.

    Args:
        endpoints: where to ask (``StoreEndpoints.from_env()`` for the real stores or a mirror).
        transport: an httpx transport to use instead of the network (tests, proxies).
        timeout_s: the most one try may take, connection to last byte.
        retries: further tries after the first for timeouts, connection errors, 429 and 5xx.
        backoff_s: the wait before the first retry; it doubles for each later one.
        max_retry_after_s: the longest ``Retry-After`` the client will honour.
        min_interval_s: the least time between two requests to the same store.
        concurrency: lookups in flight at once, across both stores.
        user_agent: sent on every request; stores should see who is asking.
        clock: gives the ``checked_at`` time of each answer.
    """

    def __init__(
        self,
        endpoints: StoreEndpoints,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout_s: float = 10.0,
        retries: int = 2,
        backoff_s: float = 0.5,
        max_retry_after_s: float = 30.0,
        min_interval_s: float = 0.2,
        concurrency: int = 4,
        user_agent: str = DEFAULT_USER_AGENT,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        if timeout_s <= 0 or retries < 0 or backoff_s < 0 or min_interval_s < 0 or concurrency < 1:
            raise ValueError("timeout_s and concurrency must be positive; retries and waits not negative")
        self.endpoints = endpoints
        self._timeout_s = timeout_s
        self._tries = retries + 1
        self._backoff_s = backoff_s
        self._max_retry_after_s = max_retry_after_s
        self._clock = clock
        self._http = httpx.AsyncClient(
            transport=transport,
            timeout=timeout_s,
            headers={"User-Agent": user_agent},
            follow_redirects=True,
        )
        self._pacers = {store: _Pacer(min_interval_s) for store in STORES}
        self._slots = asyncio.Semaphore(concurrency)
        self._answers: dict[_AnswerKey, asyncio.Task[StoreAnswer]] = {}
        # A store that let a whole lookup time out is not asked again in this client's life: a
        # blocked or dead store would otherwise cost every (app, country) the full retry budget.
        self._unreachable: dict[Store, str] = {}

    async def __aenter__(self) -> AppStoreClient:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Cancels lookups nobody waits for any more and closes the connections."""
        for task in self._answers.values():
            task.cancel()
        await self._http.aclose()

    def start(self, app: AppRef, country: str, language: str) -> asyncio.Task[StoreAnswer]:
        """Starts asking whether ``app`` is sold in ``country`` unless that is under way or done,
        so that a later :meth:`check` finds the answer ready; returns the lookup's task.

        Raises:
            ValueError: when ``country`` is not a two-letter code.
        """
        country = _country_code(country)
        key: _AnswerKey = (app.store, app.id, country)
        task = self._answers.get(key)
        if task is None:
            task = asyncio.ensure_future(self._lookup(app, country, language))
            self._answers[key] = task
        return task

    async def check(self, app: AppRef, country: str, language: str) -> StoreAnswer:
        """Whether ``app`` is sold in ``country``'s storefront.

        Args:
            app: the app to look up.
            country: ISO 3166-1 alpha-2 code, any case.
            language: the visitor's language, for the storefront URL a person opens.

        Raises:
            ValueError: when ``country`` is not a two-letter code.
        """
        # shield: one caller giving up must not cancel the lookup others share.
        answer = await asyncio.shield(self.start(app, country, language))
        # The answer is shared per country; the storefront link follows each caller's language.
        return answer.model_copy(update={"storefront_url": storefront_url(app, country, language)})

    async def check_all(
        self, apps: Iterable[AppRef], storefronts: Iterable[tuple[str, str]]
    ) -> AppAvailability:
        """Every app in every storefront, concurrently, answers ordered by app then storefront.

        Args:
            apps: the apps; repeats are asked and listed once.
            storefronts: ``(country, language)`` pairs; a repeated country keeps its first language.
        """
        unique_apps = list(dict.fromkeys(apps))
        languages: dict[str, str] = {}
        for country, language in storefronts:
            languages.setdefault(_country_code(country), language)
        answers = await asyncio.gather(
            *(
                self.check(app, country, language)
                for app in unique_apps
                for country, language in languages.items()
            )
        )
        return AppAvailability(answers=list(answers))

    async def _lookup(self, app: AppRef, country: str, language: str) -> StoreAnswer:
        if app.store == "apple":
            url = apple_lookup_url(self.endpoints.apple_lookup_url, app.id, country)
        else:
            url = play_lookup_url(self.endpoints.play_details_url, app.id, country)
        async with self._slots:
            fetched = await self._fetch(app.store, url)
        if fetched.failure:
            available, reason, title = None, fetched.failure, ""
        elif app.store == "apple":
            available, reason, title = parse_apple_lookup(fetched.status or 0, fetched.body, app.id)
        else:
            available, reason, title = parse_play_details(fetched.status or 0, fetched.body, app.id)
        return StoreAnswer(
            store=app.store,
            id=app.id,
            country=country,
            available=available,
            storefront_url=storefront_url(app, country, language),
            lookup_url=url,
            http_status=fetched.status,
            reason=reason,
            title=title,
            checked_at=self._clock().astimezone(UTC).isoformat(timespec="seconds"),
        )

    async def _fetch(self, store: Store, url: str) -> _Fetched:
        """GETs ``url``, retrying what may pass; gives the answer to parse or why there is none."""
        status: int | None = None
        for attempt in range(self._tries):
            if store in self._unreachable:
                return _Fetched(
                    None, failure=f"not asked: the store {self._unreachable[store]} earlier in this scan"
                )
            await self._pacers[store].wait_turn()
            retry_after: float | None = None
            try:
                async with asyncio.timeout(self._timeout_s):
                    response = await self._http.get(url)
            except (TimeoutError, httpx.TimeoutException):
                problem = "timed out"
            except httpx.TransportError as error:
                problem = _describe(error)
            else:
                status = response.status_code
                if status != 429 and status < 500:
                    return _Fetched(status, response.content)
                problem = f"HTTP {status}"
                retry_after = parse_retry_after(response.headers.get("retry-after"))
            if attempt + 1 < self._tries:
                await asyncio.sleep(self._delay(attempt, retry_after))
        tries = "try" if self._tries == 1 else "tries"
        failure = f"{problem} after {self._tries} {tries}"
        if status is None:  # no HTTP answer at all: timeouts or connection errors only
            self._unreachable.setdefault(store, failure)
        return _Fetched(status, failure=failure)

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(retry_after, self._max_retry_after_s)
        return float(self._backoff_s * 2**attempt)


class _Pacer:
    """Spaces the starts of requests to one store by at least ``interval`` seconds."""

    def __init__(self, interval: float) -> None:
        self._interval = interval
        self._lock = asyncio.Lock()
        self._last_start: float | None = None

    async def wait_turn(self) -> None:
        async with self._lock:
            if self._last_start is not None:
                wait = self._last_start + self._interval - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
            self._last_start = time.monotonic()


def _country_code(country: str) -> str:
    code = country.strip().upper()
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        raise ValueError(f"{country!r}: expected a two-letter ISO 3166-1 country code such as IT")
    return code


def _describe(error: httpx.TransportError) -> str:
    """A short cause for the reason; httpx wraps a refused connection in "All connection attempts failed"."""
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused"
        cause = cause.__cause__ or cause.__context__
    detail = str(error) or type(error).__name__
    return (
        f"could not connect ({detail})"
        if isinstance(error, httpx.ConnectError)
        else f"network error ({detail})"
    )
