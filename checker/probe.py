"""Runs ``extension/probe.js`` in a page and returns the validated snapshot.

The probe runs in an isolated world (a separate JavaScript realm over the same DOM, as an
extension's content script does), so a hostile page cannot tamper with the built-ins it uses.
Page-defined globals, which widget fingerprints need, can only be read from the main world; that
read is a single ``Object.keys`` whose result is checked to be a list of strings.
"""

from __future__ import annotations

import asyncio
import json
import os
from functools import lru_cache
from pathlib import Path

from playwright.async_api import CDPSession, Page

from checker.snapshot import ProbeResult

PROBE_PATH = Path(__file__).resolve().parent.parent / "extension" / "probe.js"
ISOLATED_WORLD_NAME = "supportcheck-probe"
MAX_GLOBALS = 1500


class ProbeError(RuntimeError):
    """The probe could not run or returned something that is not a snapshot."""


@lru_cache(maxsize=1)
def probe_source() -> str:
    """The probe's JavaScript; ``SUPPORTCHECK_PROBE_PATH`` may point at another copy."""
    path = Path(os.environ.get("SUPPORTCHECK_PROBE_PATH", PROBE_PATH))
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise ProbeError(f"cannot read the probe script at {path}: {error}") from error


def probe_expression(options: dict[str, object] | None = None) -> str:
    """JavaScript that defines the probe, runs it and returns its snapshot as a JSON string."""
    return f"{probe_source()}\n;JSON.stringify(supportcheckProbe({json.dumps(options or {})}))"


async def main_frame_id(cdp: CDPSession) -> str:
    """The page's main frame id; it stays the same across navigations of that page."""
    tree = await cdp.send("Page.getFrameTree")
    return str(tree["frameTree"]["frame"]["id"])


async def isolated_world(cdp: CDPSession, frame_id: str | None = None) -> int:
    """Creates an isolated world over the current document and returns its execution context."""
    frame_id = frame_id or await main_frame_id(cdp)
    world = await cdp.send(
        "Page.createIsolatedWorld", {"frameId": frame_id, "worldName": ISOLATED_WORLD_NAME}
    )
    return int(world["executionContextId"])


async def evaluate_string(cdp: CDPSession, expression: str, context_id: int | None = None) -> str:
    """Evaluates JavaScript that returns a string; ``context_id`` None means the page's main world.

    Raises:
        ProbeError: the script threw or returned something else than a string.
    """
    params: dict[str, object] = {"expression": expression, "returnByValue": True}
    if context_id is not None:
        params["contextId"] = context_id
    response = await cdp.send("Runtime.evaluate", params)
    if "exceptionDetails" in response:
        details = response["exceptionDetails"]
        message = details.get("exception", {}).get("description") or details.get("text", "")
        raise ProbeError(f"script raised: {str(message)[:300]}")
    value = response.get("result", {}).get("value")
    if not isinstance(value, str):
        raise ProbeError("the script returned no string")
    return value


_GLOBALS_JS = (
    "(function(){try{return JSON.stringify(Object.keys(window)"
    f".slice(0,{MAX_GLOBALS}))}}catch(e){{return '[]'}}}})()"
)
_builtin_globals: set[str] = set()


async def _window_keys(cdp: CDPSession, context_id: int | None) -> list[str]:
    try:
        names = json.loads(await evaluate_string(cdp, _GLOBALS_JS, context_id))
    except (ProbeError, ValueError):
        return []  # a page that breaks Object.keys or JSON just has no globals for us
    return [name[:120] for name in names if isinstance(name, str)] if isinstance(names, list) else []


async def page_globals(cdp: CDPSession, context_id: int) -> list[str]:
    """Names the page itself defined on ``window``; hostile values are dropped, never trusted.

    The browser's own enumerable globals (``onclick``, ``webkitURL`` …) are read once from the
    isolated world, which has them but none of the page's, and left out.
    """
    if not _builtin_globals:
        _builtin_globals.update(await _window_keys(cdp, context_id))
    return [name for name in await _window_keys(cdp, None) if name not in _builtin_globals]


async def run_probe(
    page: Page, cdp: CDPSession, timeout_s: float = 10.0, context_id: int | None = None
) -> ProbeResult:
    """Runs the probe on the page's current document.

    Args:
        page: the Playwright page (kept for callers; the work goes through ``cdp``).
        cdp: a CDP session attached to that page (reused across navigations).
        timeout_s: how long the probe may take; a renderer hung by an endless script never answers.
        context_id: an isolated world already made for this document (one is made when None).

    Raises:
        ProbeError: the probe failed, timed out or returned garbage.
    """
    del page
    try:
        if context_id is None:
            context_id = await asyncio.wait_for(isolated_world(cdp), timeout_s)
        raw = await asyncio.wait_for(evaluate_string(cdp, probe_expression(), context_id), timeout_s)
        names = await asyncio.wait_for(page_globals(cdp, context_id), timeout_s)
    except TimeoutError as error:
        raise ProbeError(f"the page did not answer the probe within {timeout_s:.0f} s") from error
    try:
        result = ProbeResult.model_validate_json(raw)
    except ValueError as error:
        raise ProbeError(f"probe output is not a valid snapshot: {str(error)[:200]}") from error
    result.globals = names
    return result
