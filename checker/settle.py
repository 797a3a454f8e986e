"""Waits for script-rendered pages to draw their content before the probe reads them.

Most pages are ready at DOMContentLoaded, and waiting for network idle on every page would cost
more than the probe itself. Only a page that still looks like an empty application shell
(scripts, but hardly any links or text) is watched until its DOM stops changing.
"""

from __future__ import annotations

import asyncio

from playwright.async_api import CDPSession, Page
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

LOAD_WAIT_S = 3.0
SHELL_MAX_LINKS = 3
SHELL_MAX_TEXT = 200
FIRST_CHANGE_MS = 1500
QUIET_MS = 300
MAX_SETTLE_MS = 4000

# A function expression (composed into the page reader's script): true for an application shell.
LOOKS_LIKE_SHELL_JS = f"""
function () {{
  var body = document.body;
  if (!document.scripts.length) return false;
  if (!body) return true;
  var links = document.querySelectorAll("a[href]").length;
  var text = (body.innerText || "").trim().length;
  return links <= {SHELL_MAX_LINKS} || text <= {SHELL_MAX_TEXT};
}}
"""

# Resolves once the DOM has been quiet for QUIET_MS after a change (or never changed for
# FIRST_CHANGE_MS), and at the latest after MAX_SETTLE_MS.
_SETTLE_JS = f"""
new Promise(function (resolve) {{
  var quiet;
  var observer = new MutationObserver(function () {{
    clearTimeout(quiet);
    quiet = setTimeout(done, {QUIET_MS});
  }});
  var latest = setTimeout(done, {MAX_SETTLE_MS});
  function done() {{
    observer.disconnect();
    clearTimeout(quiet);
    clearTimeout(latest);
    resolve("settled");
  }}
  observer.observe(document, {{subtree: true, childList: true, characterData: true}});
  quiet = setTimeout(done, {FIRST_CHANGE_MS});
}})
"""


async def wait_for_render(page: Page, cdp: CDPSession, context_id: int) -> None:
    """Waits, boundedly, for the load event and then for the DOM to stop changing."""
    try:
        await page.wait_for_load_state("load", timeout=LOAD_WAIT_S * 1000)
    except (PlaywrightTimeoutError, PlaywrightError):
        pass  # a page that never finishes loading is read as it is
    await asyncio.wait_for(
        cdp.send(
            "Runtime.evaluate",
            {"expression": _SETTLE_JS, "contextId": context_id, "awaitPromise": True, "returnByValue": True},
        ),
        MAX_SETTLE_MS / 1000 + 1,
    )
