"""Our own keyboard checks of the support path, decided in the browser (WCAG 2.1.1, 2.4.11, 4.1.3).

A walk with the Tab key from the top of the page records which support elements focus reaches
(inside cross-origin chat frames too) and whether a fixed element, such as a chat bubble, hides
the focused one. A chat launcher that focus reached is then pressed with Enter (then Space) and
Escape, to see whether the widget opens, takes focus and closes again. Nothing is ever typed into
a widget or submitted: the only keys are Tab, Enter and Space on the launcher, and Escape.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Any

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Frame, Page

from checker.a11y.inpage import call_in
from checker.a11y.model import FocusStop, KeyboardWalk, LauncherTrial, SupportElement

MAX_TAB_PRESSES = 40
SETTLE_S = 0.4  # how long a widget may take to open or close
SETTLE_STEP_S = 0.05
FRAME_LOAD_TIMEOUT_MS = 3000  # per chat frame still loading when the walk starts
WALKED_KINDS = ("chat_launcher", "chat_frame", "help_link")

# Focus a throwaway element at the very top of the body, so that the next Tab starts the page's own
# tab order from its beginning; it is removed once the first Tab has left it.
_START_JS = """() => {
  const anchor = document.createElement('span');
  anchor.tabIndex = -1;
  anchor.id = 'supportcheck-focus-start';
  document.body.prepend(anchor);
  anchor.focus();
}"""
_END_START_JS = "() => document.getElementById('supportcheck-focus-start')?.remove()"
_FOCUSABLE_JS = """(selectors) => selectors.map((selector) => {
  const element = document.querySelector(selector);
  if (!element) return true;
  if (element.tagName === 'IFRAME' || element.tagName === 'FRAME') return true;
  if (element.tabIndex >= 0) return true;
  const inner = 'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])';
  return Boolean(element.querySelector(inner));
})"""


async def _frame_of(page: Page, selector: str) -> Frame | None:
    handle = await page.query_selector(selector)
    return await handle.content_frame() if handle is not None else None


async def _focus_now(page: Page, selectors: list[str]) -> tuple[dict[str, Any], Frame | None]:
    """Where focus is, followed into the focused frame, and that frame (None: the top document)."""
    state: dict[str, Any] = await call_in(page.main_frame, "focus", selectors)
    if not state["frame"]:
        return state, None
    frame = await _frame_of(page, state["selector"])
    if frame is None:
        return state, None
    inner: dict[str, Any] = await call_in(frame, "focus", [])
    return {**state, "tag": inner["tag"], "name": inner["name"], "inner": inner["selector"]}, frame


async def _shown(page: Page, frame: Frame | None) -> int:
    count: int = await call_in(page.main_frame, "openState")
    return count + (await call_in(frame, "openState") if frame is not None else 0)


async def _settled(page: Page, frame: Frame | None, done: Callable[[int], bool]) -> int:
    """What is showing once ``done`` holds for it, or after ``SETTLE_S`` when it never does."""
    waited = 0.0
    while True:
        shown = await _shown(page, frame)
        if done(shown) or waited >= SETTLE_S:
            return shown
        await asyncio.sleep(SETTLE_STEP_S)
        waited += SETTLE_STEP_S


async def _try_launcher(page: Page, stop: FocusStop, frame: Frame | None) -> LauncherTrial:
    """Enter, then Space if Enter did nothing; then Escape. The launcher has focus when called."""
    trial = LauncherTrial(selector=stop.selector)
    before = await _shown(page, frame)
    for key in ("Enter", "Space"):
        await page.keyboard.press(key)
        if await _settled(page, frame, lambda shown: shown > before) > before:
            trial.opened_by = key  # type: ignore[assignment]
            break
    if not trial.opened_by:
        return trial
    state, _ = await _focus_now(page, [])
    moved_to = state.get("inner", state["selector"])
    trial.focus_moved_in = bool(moved_to) and moved_to != stop.focused_selector
    live = await call_in(page.main_frame, "liveRegions") + (
        await call_in(frame, "liveRegions") if frame else 0
    )
    trial.live_region = live > 0
    await page.keyboard.press("Escape")
    trial.escape_closed = await _settled(page, frame, lambda shown: shown <= before) <= before
    return trial


async def _frames_loaded(page: Page, frames: list[SupportElement]) -> None:
    """Waits, boundedly, for chat frames to load: Tab passes over a frame whose document (a
    cross-origin one in its own process, often) has not arrived yet, and the walk would miss it."""
    for element in frames:
        frame = await _frame_of(page, element.selector)
        if frame is not None:
            with contextlib.suppress(PlaywrightError):
                await frame.wait_for_load_state("load", timeout=FRAME_LOAD_TIMEOUT_MS)


async def walk_keyboard(
    page: Page, elements: list[SupportElement], max_presses: int = MAX_TAB_PRESSES
) -> KeyboardWalk:
    """Tabs through the page until every walked support element was reached or the presses run out."""
    selectors = [element.selector for element in elements]
    wanted = {
        index for index, element in enumerate(elements) if element.kind in WALKED_KINDS and element.visible
    }
    walk = KeyboardWalk(max_presses=max_presses)
    focusable = await page.evaluate(_FOCUSABLE_JS, [elements[index].selector for index in sorted(wanted)])
    walk.not_focusable = [
        elements[index].selector for index, ok in zip(sorted(wanted), focusable, strict=True) if not ok
    ]
    wanted -= {index for index in wanted if elements[index].selector in walk.not_focusable}
    launcher: tuple[FocusStop, Frame | None] | None = None
    await _frames_loaded(
        page, [elements[index] for index in sorted(wanted) if elements[index].kind == "chat_frame"]
    )
    await page.evaluate(_START_JS)
    while wanted and walk.presses < max_presses:
        await page.keyboard.press("Tab")
        walk.presses += 1
        if walk.presses == 1:
            await page.evaluate(_END_START_JS)
        state, frame = await _focus_now(page, selectors)
        index = state["index"]
        if index not in wanted:
            continue
        wanted.discard(index)
        element = elements[index]
        stop = FocusStop(
            kind=element.kind,
            selector=element.selector,
            presses=walk.presses,
            focused=f"{state['tag']} {state['name']}".strip(),
            focused_selector=state.get("inner", state["selector"]),
            obscured_by=state["obscured_by"],
        )
        walk.reached.append(stop)
        # One contact link and one launcher are enough to show that the keyboard gets to help.
        wanted -= {i for i in wanted if (elements[i].kind == "help_link") == (element.kind == "help_link")}
        # A launcher that is a link would navigate away (or open a pop-up) on Enter: not tried.
        if element.kind != "help_link" and state["tag"] != "a":
            launcher = (stop, frame)
    if launcher is not None:
        walk.launcher = await _try_launcher(page, *launcher)
    return walk
