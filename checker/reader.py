"""Reads a loaded page: waits for script-rendered content, gets past a consent wall, runs the probe.

A page is read in two evaluations. The first gets the page ready and returns its links, all a
crawler needs to choose the next page, so that page can start loading while this one is probed
in full by the second (the whole snapshot, links included, taken at one moment).

Each browser round trip costs as much as a small probe, so the common case (a rendered page with
no consent wall) needs no more: the first evaluation is a script composed of the shell check, the
consent-button search and the link reading, which stops at the first step that needs Python to
act (wait, or click) and is then run again with that step done.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from functools import lru_cache

from playwright.async_api import CDPSession, Page

from checker.consent import FIND_BUTTONS_JS, click_consent, consent_terms
from checker.probe import ProbeError, evaluate_string, isolated_world, page_globals, probe_source
from checker.settle import LOOKS_LIKE_SHELL_JS, wait_for_render
from checker.snapshot import ConsentNote, LinkFact, ProbeResult

MAX_STEPS = 4
CONSENT_SETTLE_S = 0.3


@dataclass
class PageReading:
    probe: ProbeResult
    consent: ConsentNote | None


@dataclass
class LinkReading:
    """A page made ready to probe, and its links: the first half of a reading."""

    url: str
    links: list[LinkFact]
    consent: ConsentNote | None
    world: int  # the isolated world of the document that was read


@lru_cache(maxsize=4)
def _reader_script(check_shell: bool, find_consent: bool) -> str:
    return f"""
(function () {{
  if ({json.dumps(check_shell)} && ({LOOKS_LIKE_SHELL_JS})()) return JSON.stringify({{step: "render"}});
  if ({json.dumps(find_consent)}) {{
    var buttons = ({FIND_BUTTONS_JS})({json.dumps(consent_terms())});
    if (buttons.length) return JSON.stringify({{step: "consent", buttons: buttons}});
  }}
  {probe_source()}
  return JSON.stringify({{step: "links", found: supportcheckProbe.links({{}})}});
}})()
"""


@lru_cache(maxsize=1)
def _probe_script() -> str:
    return f"(function () {{ {probe_source()}\n return JSON.stringify(supportcheckProbe({{}})); }})()"


async def read_links(
    page: Page, cdp: CDPSession, frame_id: str | None, timeout_s: float, world: int | None = None
) -> LinkReading:
    """The links of the page's current document, once it is rendered and past any consent wall.

    ``world`` is an isolated world of the current document when the caller already has one.

    Raises:
        ProbeError: the page did not answer in time or the reader failed.
    """
    check_shell = find_consent = True
    consent: ConsentNote | None = None
    try:
        if world is None:
            world = await asyncio.wait_for(isolated_world(cdp, frame_id), timeout_s)
        for _ in range(MAX_STEPS):
            raw = await asyncio.wait_for(
                evaluate_string(cdp, _reader_script(check_shell, find_consent), world), timeout_s
            )
            step = json.loads(raw)
            if step["step"] == "render":
                await wait_for_render(page, cdp, world)
                check_shell = False
            elif step["step"] == "consent":
                buttons = step["buttons"]
                # A wall whose buttons could not be clicked is noted: the page behind it was not seen.
                consent = await click_consent(page, buttons) or ConsentNote(
                    action="none", button_text=str(buttons[0].get("text", ""))[:120]
                )
                find_consent = False
                await asyncio.sleep(CONSENT_SETTLE_S)  # let the overlay go (or the page reload)
                world = await asyncio.wait_for(isolated_world(cdp, frame_id), timeout_s)
            else:
                found = step["found"]
                links = [LinkFact.model_validate(link) for link in found["links"]]
                return LinkReading(str(found["url"]), links, consent, world)
    except TimeoutError as error:
        raise ProbeError(f"the page did not answer within {timeout_s:.0f} s") from error
    except (ValueError, KeyError, TypeError) as error:
        raise ProbeError(f"the page reader returned garbage: {str(error)[:200]}") from error
    raise ProbeError("the page kept changing while it was read")


async def read_probe(cdp: CDPSession, world: int, timeout_s: float) -> ProbeResult:
    """The whole snapshot of the document ``world`` belongs to, which :func:`read_links` made ready.

    Raises:
        ProbeError: the page did not answer in time (or navigated away) or the probe failed.
    """
    try:
        # Page globals come from the main world; asking for them alongside saves a round trip.
        raw, names = await asyncio.wait_for(
            asyncio.gather(evaluate_string(cdp, _probe_script(), world), page_globals(cdp, world)),
            timeout_s,
        )
        probe = ProbeResult.model_validate(json.loads(raw))
    except TimeoutError as error:
        raise ProbeError(f"the page did not answer within {timeout_s:.0f} s") from error
    except ValueError as error:
        raise ProbeError(f"the page reader returned garbage: {str(error)[:200]}") from error
    probe.globals = names
    return probe


async def read_page(
    page: Page, cdp: CDPSession, frame_id: str | None, timeout_s: float, world: int | None = None
) -> PageReading:
    """The probe result of the page's current document, and the consent wall dismissed on the way.

    Raises:
        ProbeError: the page did not answer in time or the probe failed.
    """
    ready = await read_links(page, cdp, frame_id, timeout_s, world)
    return PageReading(await read_probe(cdp, ready.world, timeout_s), ready.consent)
