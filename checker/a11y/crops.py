"""Screenshot crops of what our own checks found wanting, saved beside the page's screenshot.

A finding that says "the chat bubble hides the focused link" is believed at a glance when it
shows the bubble over the link. After the accessibility pass, the page is cut around each
launcher or contact link that cannot take focus, each focused element a fixed element hid
(focused again, so the picture shows what the walk saw, the hiding element included) and each
CAPTCHA without an alternative. Crops are evidence, so they are best-effort: each has a short
timeout, a bounded size and a capped count, and one that fails is left out.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from pathlib import Path

from playwright.async_api import FloatRect, Page

from checker.a11y.model import CropSubject, ElementCrop, PageAccessibility

MAX_CROPS = 4
CROP_TIMEOUT_S = 2.0  # each step of one crop: focus or scroll, measure
# Shooting waits for the tab's next frame: a crawl tab behind another gets one about every second
# (measured here: 0.03, 1.03 or 2.04 s). A page's screenshot and its crops get this long.
SHOT_TIMEOUT_S = 5.0
CROPS_BUDGET_S = 6.0  # all of a page's crops together
MAX_CROP_WIDTH = 800
MAX_CROP_HEIGHT = 600
MARGIN = 12  # CSS pixels around the element, so the crop shows where it sits
JPEG_QUALITY = 70


@dataclass(frozen=True)
class CropPlace:
    """Where a page's crops go: ``<scan_dir>/<stem>-<what>.jpg``, ``stem`` relative to the scan folder
    (``screenshots/en-GB/003``, beside that page's ``003.jpg``)."""

    scan_dir: Path
    stem: str


@dataclass(frozen=True)
class _Wanted:
    what: CropSubject
    selector: str
    framed: tuple[str, ...]  # the elements the picture must hold
    focus: bool = False  # focus the element first, as the Tab walk did


def _wanted(result: PageAccessibility) -> list[_Wanted]:
    """The own findings worth a picture, at most ``MAX_CROPS``."""
    wanted: list[_Wanted] = []
    walk = result.keyboard
    if walk is not None:
        wanted += [_Wanted("not_focusable", selector, (selector,)) for selector in walk.not_focusable]
        wanted += [
            _Wanted("focus_obscured", stop.selector, (stop.selector, stop.obscured_by), focus=True)
            for stop in walk.reached
            if stop.obscured_by
        ]
    wanted += [
        _Wanted("captcha", captcha.form, (captcha.challenge or captcha.form,))
        for captcha in result.captchas
        if not captcha.alternative and captcha.form
    ]
    return wanted[:MAX_CROPS]


def _clip(boxes: list[FloatRect], viewport: tuple[float, float]) -> FloatRect | None:
    """The boxes' union with a margin, inside the viewport, and no larger than the maximum crop."""
    width, height = viewport
    left = max(0.0, min(box["x"] for box in boxes) - MARGIN)
    top = max(0.0, min(box["y"] for box in boxes) - MARGIN)
    right = min(width, max(box["x"] + box["width"] for box in boxes) + MARGIN, left + MAX_CROP_WIDTH)
    bottom = min(height, max(box["y"] + box["height"] for box in boxes) + MARGIN, top + MAX_CROP_HEIGHT)
    if right - left < 1 or bottom - top < 1:
        return None
    return {"x": left, "y": top, "width": right - left, "height": bottom - top}


async def _viewport(page: Page) -> tuple[float, float]:
    size = page.viewport_size
    if size is not None:
        return float(size["width"]), float(size["height"])
    measured: list[float] = await page.evaluate("() => [innerWidth, innerHeight]")
    return measured[0], measured[1]


async def _crop(page: Page, wanted: _Wanted, target: Path) -> bool:
    """Cuts the viewport around ``wanted``'s elements into ``target``; whether a file was written."""
    timeout_ms = CROP_TIMEOUT_S * 1000
    first = page.locator(wanted.framed[0]).first
    if wanted.focus:
        await first.focus(timeout=timeout_ms)
    else:
        await first.scroll_into_view_if_needed(timeout=timeout_ms)
    boxes = [await page.locator(framed).first.bounding_box(timeout=timeout_ms) for framed in wanted.framed]
    found = [box for box in boxes if box is not None]
    clip = _clip(found, await _viewport(page)) if found else None
    if clip is None:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    await page.screenshot(
        path=str(target), type="jpeg", quality=JPEG_QUALITY, clip=clip, timeout=SHOT_TIMEOUT_S * 1000
    )
    return True


async def save_crops(page: Page, result: PageAccessibility, place: CropPlace) -> list[ElementCrop]:
    """Crops of the page's own findings, saved under ``place``; never raises.

    Files are named ``<stem>-<what>.jpg`` (``003-focus-obscured.jpg``), numbered from the second
    of a kind on (``003-captcha-2.jpg``).
    """
    crops: list[ElementCrop] = []
    taken: dict[str, int] = {}
    deadline = time.monotonic() + CROPS_BUDGET_S
    for wanted in _wanted(result):
        left = deadline - time.monotonic()
        if left <= 0:
            break
        taken[wanted.what] = taken.get(wanted.what, 0) + 1
        count = taken[wanted.what]
        relative = f"{place.stem}-{wanted.what.replace('_', '-')}{'' if count == 1 else f'-{count}'}.jpg"
        target = place.scan_dir / relative
        try:
            written = await asyncio.wait_for(_crop(page, wanted, target), left)
        except Exception:  # noqa: BLE001 - evidence is best-effort; the finding stands without it
            continue
        if written:
            crops.append(ElementCrop(what=wanted.what, selector=wanted.selector, path=relative))
    return crops
