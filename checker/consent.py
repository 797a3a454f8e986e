"""Gets past cookie and consent walls, preferring "reject", and notes what was clicked.

Only a button whose whole label is a clear accept/reject phrase, inside an element that talks
about cookies or consent, is clicked. Submit buttons of forms are never clicked: supportcheck
never submits a form on an audited site.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from playwright.async_api import CDPSession, Page

from checker.probe import evaluate_string
from checker.snapshot import ConsentNote

TERMS_PATH = Path(__file__).with_name("consent_terms.json")
CLICK_TIMEOUT_MS = 2000

# Runs in the isolated world; returns [{action, text, selector}] best first.
_FIND_BUTTONS_JS = r"""
(function (terms) {
  function label(el) { return (el.innerText || el.value || el.getAttribute("aria-label") || "").replace(/\s+/g, " ").trim().toLowerCase(); }
  function visible(el) { return el.checkVisibility ? el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true}) : !!el.getClientRects().length; }
  function talksConsent(el) {
    for (var node = el, steps = 0; node && node !== document.body && steps < 8; node = node.parentElement, steps++) {
      var text = (node.innerText || "").toLowerCase();
      if (text.length > 4000) break;
      for (var i = 0; i < terms.wall.length; i++) if (text.indexOf(terms.wall[i]) >= 0) return true;
    }
    return false;
  }
  var found = [];
  var n = 0;
  document.querySelectorAll("button, [role=button], a[href='#'], a:not([href]), input[type=button]").forEach(function (el) {
    if (el.closest("form") && (el.type === "submit" || el.tagName === "INPUT")) return;
    var text = label(el);
    if (!text || text.length > 60 || !visible(el)) return;
    var action = terms.reject.indexOf(text) >= 0 ? "reject" : (terms.accept.indexOf(text) >= 0 ? "accept" : null);
    if (!action || !talksConsent(el)) return;
    var marker = "sc-consent-" + (n++);
    el.setAttribute("data-supportcheck-consent", marker);
    found.push({action: action, text: text, selector: "[data-supportcheck-consent='" + marker + "']"});
  });
  found.sort(function (a, b) { return (a.action === "reject" ? 0 : 1) - (b.action === "reject" ? 0 : 1); });
  return JSON.stringify(found);
})
"""


@lru_cache(maxsize=1)
def _terms() -> dict[str, list[str]]:
    data = json.loads(TERMS_PATH.read_text(encoding="utf-8"))
    return {key: [term.lower() for term in data[key]] for key in ("wall", "reject", "accept")}


async def dismiss_consent(page: Page, cdp: CDPSession, context_id: int) -> ConsentNote | None:
    """Clicks the best reject (else accept) button of a consent wall; None when there is none.

    Args:
        page: the page, for Playwright's trusted clicks.
        cdp: its CDP session.
        context_id: an isolated world of the current document, where the buttons are looked for.
    """
    expression = f"{_FIND_BUTTONS_JS}({json.dumps(_terms())})"
    candidates = json.loads(await evaluate_string(cdp, expression, context_id))
    for candidate in candidates:
        try:
            await page.locator(candidate["selector"]).first.click(timeout=CLICK_TIMEOUT_MS, no_wait_after=True)
        except Exception:  # noqa: BLE001 - a button that cannot be clicked: try the next one
            continue
        return ConsentNote(action=candidate["action"], button_text=candidate["text"], selector=candidate["selector"])
    return None
