"""The in-page side of the crawler: finds ``extension/probe.js`` and talks to the page over CDP.

The probe runs in an isolated world (a separate JavaScript realm over the same DOM, as an
extension's content script does), so a hostile page cannot tamper with the built-ins it uses.
Page-defined globals, which widget fingerprints need, can only be read from the main world; that
read is a single ``Object.keys`` whose result is checked to be a list of strings.
"""

from __future__ import annotations

import json
import os
import re
import sys
from functools import lru_cache
from pathlib import Path

from playwright.async_api import CDPSession

from checker.gather.chat import load_vendors

# In a checkout (and an editable install) the probe sits in extension/; a wheel installs a copy of
# that one file under <prefix>/share/supportcheck/ (see pyproject.toml's data-files).
PROBE_CANDIDATES = (
    Path(__file__).resolve().parent.parent / "extension" / "probe.js",
    Path(sys.prefix) / "share" / "supportcheck" / "probe.js",
)
ISOLATED_WORLD_NAME = "supportcheck-probe"
MAX_GLOBALS = 1500


class ProbeError(RuntimeError):
    """The probe could not run or returned something that is not a snapshot."""


@lru_cache(maxsize=1)
def probe_source() -> str:
    """The probe's JavaScript; ``SUPPORTCHECK_PROBE_PATH`` may point at another copy.

    Raises:
        ProbeError: no readable probe script (a broken install): every page would fail.
    """
    configured = os.environ.get("SUPPORTCHECK_PROBE_PATH")
    candidates = (Path(configured),) if configured else PROBE_CANDIDATES
    for path in candidates:
        if path.is_file():
            return path.read_text(encoding="utf-8")
    raise ProbeError(f"the probe script is missing; looked in {', '.join(str(path) for path in candidates)}")


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


_IDENTIFIER = re.compile(r"[A-Za-z_$][\w$]*")


@lru_cache(maxsize=1)
def globals_script() -> str:
    """JavaScript listing the window's own keys, plus the fingerprinted widget globals the page has.

    ``Object.keys`` misses what a first-party wrapper declares with ``const``/``class`` or
    ``defineProperty``, and a page with many globals pushes late ones past the cap; so each
    global a chat-vendor fingerprint names is also asked about by name (``typeof zE``).
    """
    names = sorted(
        {name for vendor in load_vendors() for name in vendor.globals if _IDENTIFIER.fullmatch(name)}
    )
    checks = ",".join(f"[{json.dumps(name)},function(){{return typeof {name}}}]" for name in names)
    return (
        "(function(){var found=[];"
        f"[{checks}].forEach(function(c){{try{{if(c[1]()!=='undefined')found.push(c[0])}}catch(e){{}}}});"
        f"try{{return JSON.stringify(Object.keys(window).slice(0,{MAX_GLOBALS}).concat(found))}}"
        "catch(e){return JSON.stringify(found)}})()"
    )


_builtin_globals: set[str] = set()


async def _window_keys(cdp: CDPSession, context_id: int | None) -> list[str]:
    try:
        names = json.loads(await evaluate_string(cdp, globals_script(), context_id))
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
    return list(dict.fromkeys(name for name in await _window_keys(cdp, None) if name not in _builtin_globals))
