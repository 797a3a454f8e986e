"""Runs axe-core over a page's support elements in every frame, as ``@axe-core/playwright`` does.

``axe.runPartial`` runs in each frame (cross-origin chat frames included, which one ``axe.run``
in the top document cannot reach), child frames found by ``axe.utils.getFrameContexts``; then
``axe.finishRun`` joins the partial results in a blank page of a separate browser context, away
from the audited page's scripts. When no frame is in scope, one ``axe.run`` in the page gives the
same results without that second page, which would cost more than the checks themselves. The
context is scoped with ``include`` to the support elements, which also skips axe's page-level
rules: the page's own accessibility is out of scope.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from playwright.async_api import Frame, Page

from checker.a11y.model import AxeNode, AxeRuleResult, AxeRun, SupportElement
from checker.a11y.sources import AXE_VERSION, axe_source

AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21aa", "wcag22aa")  # wcag22aa turns on target-size
AXE_OPTIONS: dict[str, Any] = {
    "runOnly": {"type": "tag", "values": list(AXE_TAGS)},
    "resultTypes": ["violations", "incomplete"],  # passes then carry one node each, not hundreds
}
MAX_NODES = 10
MAX_FRAME_DEPTH = 3

_FRAME_CONTEXTS_JS = "(context) => axe.utils.getFrameContexts(context)"
_RUN_PARTIAL_JS = "([context, options]) => axe.runPartial(context, options)"
_SHADOW_SELECT_JS = "(selector) => axe.utils.shadowSelect(selector)"
_FINISH_RUN_JS = "([partials, options]) => axe.finishRun(partials, options)"
_RUN_JS = "([context, options]) => axe.run(context, options)"


async def _partials(
    frame: Frame, context: dict[str, Any], depth: int, frame_contexts: list[dict[str, Any]]
) -> list[Any]:
    """This frame's partial result, then its child frames' in axe's order; None where one failed.

    axe.finishRun needs one entry per frame in the order getFrameContexts gave them, so a frame
    that could not run still takes its place, as a null. axe is already injected in ``frame``.
    """
    results: list[Any] = [await frame.evaluate(_RUN_PARTIAL_JS, [context, AXE_OPTIONS])]
    for frame_context in frame_contexts:
        child_results: list[Any] = [None]
        try:
            handle = await frame.evaluate_handle(_SHADOW_SELECT_JS, frame_context["frameSelector"])
            element = handle.as_element()
            child = await element.content_frame() if element is not None else None
            if child is not None and depth < MAX_FRAME_DEPTH:
                child_context = frame_context["frameContext"]
                child_frames = await _injected(child, child_context)
                child_results = await _partials(child, child_context, depth + 1, child_frames)
        except Exception:  # noqa: BLE001 - a frame that went away or refused is one missing result
            child_results = [None]
        results.extend(child_results)
    return results


async def _injected(frame: Frame, context: dict[str, Any]) -> list[dict[str, Any]]:
    """Injects axe into ``frame`` and returns the child frames in scope of ``context``."""
    await frame.evaluate(axe_source())
    frame_contexts: list[dict[str, Any]] = await frame.evaluate(_FRAME_CONTEXTS_JS, context)
    return frame_contexts


def _rule_results(raw: list[dict[str, Any]]) -> list[AxeRuleResult]:
    return [
        AxeRuleResult(
            id=str(result.get("id", "")),
            impact=result.get("impact"),
            tags=[str(tag) for tag in result.get("tags", [])],
            help=str(result.get("help", ""))[:300],
            help_url=str(result.get("helpUrl", ""))[:300],
            nodes=[
                AxeNode(
                    target=[str(step) for step in node.get("target", [])],
                    html=str(node.get("html", ""))[:300],
                    failure_summary=str(node.get("failureSummary", ""))[:500],
                )
                for node in result.get("nodes", [])[:MAX_NODES]
            ],
        )
        for result in raw
    ]


async def run_axe(
    page: Page, finisher: Callable[[], Awaitable[Page]], elements: list[SupportElement]
) -> AxeRun:
    """axe-core's violations and incomplete checks within ``elements``, in every frame.

    Args:
        page: the audited page, loaded.
        finisher: gives a blank page in another browser context, with axe-core already
            injected, where ``axe.finishRun`` runs; asked only when a frame is in scope.
        elements: the support elements to scope to; their selectors are the ``include`` list.
    """
    context = {"include": [[element.selector] for element in elements]}
    frame_contexts = await _injected(page.main_frame, context)
    if frame_contexts:
        partials = await _partials(page.main_frame, context, 0, frame_contexts)
        results = await (await finisher()).evaluate(_FINISH_RUN_JS, [partials, AXE_OPTIONS])
    else:
        partials = [True]  # one document, no frame
        results = await page.main_frame.evaluate(_RUN_JS, [context, AXE_OPTIONS])
    return AxeRun(
        version=AXE_VERSION,
        tags=list(AXE_TAGS),
        violations=_rule_results(results.get("violations", [])),
        incomplete=_rule_results(results.get("incomplete", [])),
        passes=sorted(str(result.get("id", "")) for result in results.get("passes", [])),
        frames=len(partials),
        frame_errors=sum(1 for partial in partials if partial is None),
    )
