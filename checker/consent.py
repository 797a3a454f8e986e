"""Gets past cookie and consent walls, preferring "reject", and notes what was clicked.

Only a button whose whole label is a clear accept/reject phrase, inside an element that talks
about cookies or consent, is clicked. Submit buttons of forms are never clicked: supportcheck
never submits a form on an audited site.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from playwright.async_api import Page

from checker.snapshot import ConsentNote

TERMS_PATH = Path(__file__).with_name("consent_terms.json")
CLICK_TIMEOUT_MS = 2000

# A function expression of the consent terms (composed into the page reader's script); returns
# [{action, text, selector}] best first, marking each button so Playwright can click it.
FIND_BUTTONS_JS = r"""
function (terms) {
  function label(el) {
    var text = el.innerText || el.value || el.getAttribute("aria-label") || "";
    return text.replace(/\s+/g, " ").trim().toLowerCase();
  }
  function visible(el) {
    if (!el.checkVisibility) return !!el.getClientRects().length;
    return el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true});
  }
  function talksConsent(el) {
    var node = el;
    for (var steps = 0; node && node !== document.body && steps < 8; node = node.parentElement, steps++) {
      var text = (node.innerText || "").toLowerCase();
      if (text.length > 4000) break;
      for (var i = 0; i < terms.wall.length; i++) if (text.indexOf(terms.wall[i]) >= 0) return true;
    }
    return false;
  }
  var found = [];
  var n = 0;
  var clickable = "button, [role=button], a[href='#'], a:not([href]), input[type=button]";
  document.querySelectorAll(clickable).forEach(function (el) {
    if (el.closest("form") && (el.type === "submit" || el.tagName === "INPUT")) return;
    var text = label(el);
    if (!text || text.length > 60 || !visible(el)) return;
    var action = null;
    if (terms.reject.indexOf(text) >= 0) action = "reject";
    else if (terms.accept.indexOf(text) >= 0) action = "accept";
    if (!action || !talksConsent(el)) return;
    var marker = "sc-consent-" + (n++);
    el.setAttribute("data-supportcheck-consent", marker);
    found.push({action: action, text: text, selector: "[data-supportcheck-consent='" + marker + "']"});
  });
  found.sort(function (a, b) { return (a.action === "reject" ? 0 : 1) - (b.action === "reject" ? 0 : 1); });
  return found;
}
"""


@lru_cache(maxsize=1)
def consent_terms() -> dict[str, list[str]]:
    """The wall, reject and accept phrases, lower-cased, as the finder script takes them."""
    data = json.loads(TERMS_PATH.read_text(encoding="utf-8"))
    return {key: [term.lower() for term in data[key]] for key in ("wall", "reject", "accept")}


async def click_consent(page: Page, candidates: list[dict[str, str]]) -> ConsentNote | None:
    """Clicks the first candidate that can be clicked (reject ones come first); None if none can."""
    for candidate in candidates:
        try:
            await page.locator(candidate["selector"]).first.click(
                timeout=CLICK_TIMEOUT_MS, no_wait_after=True
            )
        except Exception:  # noqa: BLE001 - a button that cannot be clicked: try the next one
            continue
        return ConsentNote(
            action=candidate["action"], button_text=candidate["text"], selector=candidate["selector"]
        )
    return None
