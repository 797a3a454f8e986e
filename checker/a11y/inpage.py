"""Calls ``extension/a11y.js`` in a frame, injecting it the first time a document needs it."""

from __future__ import annotations

from typing import Any

from playwright.async_api import Frame

from checker.a11y.sources import scope_source

_MISSING = "__supportcheck_a11y_missing__"
_CALL_JS = (
    f"([call, args]) => window.supportcheckA11y ? window.supportcheckA11y[call](...args) : {_MISSING!r}"
)


async def call_in(frame: Frame, call: str, *args: Any) -> Any:
    """``supportcheckA11y.<call>(*args)`` in ``frame``'s document (main world), as JSON."""
    result = await frame.evaluate(_CALL_JS, [call, list(args)])
    if result == _MISSING:
        await frame.evaluate(f"() => {{ {scope_source()}\n; window.supportcheckA11y = supportcheckA11y; }}")
        result = await frame.evaluate(_CALL_JS, [call, list(args)])
    return result
