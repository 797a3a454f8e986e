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


async def _main_frame_id(cdp: CDPSession) -> str:
    tree = await cdp.send("Page.getFrameTree")
    return str(tree["frameTree"]["frame"]["id"])


async def evaluate_isolated(cdp: CDPSession, expression: str) -> str:
    """Evaluates JavaScript that returns a string in a fresh isolated world of the main frame."""
    frame_id = await _main_frame_id(cdp)
    world = await cdp.send(
        "Page.createIsolatedWorld", {"frameId": frame_id, "worldName": ISOLATED_WORLD_NAME}
    )
    response = await cdp.send(
        "Runtime.evaluate",
        {"expression": expression, "contextId": world["executionContextId"], "returnByValue": True},
    )
    if "exceptionDetails" in response:
        details = response["exceptionDetails"]
        message = details.get("exception", {}).get("description") or details.get("text", "")
        raise ProbeError(f"probe raised: {str(message)[:300]}")
    value = response.get("result", {}).get("value")
    if not isinstance(value, str):
        raise ProbeError("probe returned no snapshot")
    return value


async def _page_globals(page: Page) -> list[str]:
    """Names the page defined on ``window``; hostile values are dropped, never trusted."""
    try:
        names = await page.evaluate(f"Object.keys(window).slice(0, {MAX_GLOBALS})")
    except Exception:  # noqa: BLE001 - a page that breaks Object.keys just has no globals for us
        return []
    if not isinstance(names, list):
        return []
    return [name[:120] for name in names if isinstance(name, str)]


async def run_probe(page: Page, cdp: CDPSession, timeout_s: float = 10.0) -> ProbeResult:
    """Runs the probe on the page's current document.

    Args:
        page: the Playwright page.
        cdp: a CDP session attached to that page (reused across navigations).
        timeout_s: how long the probe may take; a renderer hung by an endless script never answers.

    Raises:
        ProbeError: the probe failed, timed out or returned garbage.
    """
    try:
        raw = await asyncio.wait_for(evaluate_isolated(cdp, probe_expression()), timeout_s)
        names = await asyncio.wait_for(_page_globals(page), timeout_s)
    except TimeoutError as error:
        raise ProbeError(f"the page did not answer the probe within {timeout_s:.0f} s") from error
    try:
        result = ProbeResult.model_validate_json(raw)
    except ValueError as error:
        raise ProbeError(f"probe output is not a valid snapshot: {str(error)[:200]}") from error
    result.globals = names
    return result
