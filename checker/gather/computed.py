"""Computed artifacts: what a gatherer made of a page, made once per probe result and reused.

The crawl gathers a page's chats and channels to decide on its screenshot and its accessibility
pass, and the judge gathers them again for the rules; several rules read the same page facts.
As in Lighthouse, a gatherer's answer is a function of the page and its arguments, so it is kept
on the probe result itself (a private attribute: it lives as long as the snapshot and is never
written to its JSON) and the second caller gets the first caller's answer.

Callers must treat a cached answer as read-only: the next caller gets the same object.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar, cast

from checker.snapshot import ProbeResult

P = ParamSpec("P")
R = TypeVar("R")


def per_probe(gatherer: Callable[Concatenate[ProbeResult, P], R]) -> Callable[Concatenate[ProbeResult, P], R]:
    """Memoises ``gatherer(probe, *args, **kwargs)`` on ``probe`` (arguments must be hashable)."""
    name = f"{gatherer.__module__}.{gatherer.__qualname__}"

    @functools.wraps(gatherer)
    def cached(probe: ProbeResult, *args: P.args, **kwargs: P.kwargs) -> R:
        key = (name, args, tuple(sorted(kwargs.items())))
        answers = probe.computed_artifacts
        if key not in answers:
            answers[key] = gatherer(probe, *args, **kwargs)
        return cast(R, answers[key])

    return cached
