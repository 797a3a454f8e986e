"""Computed artifacts: what a gatherer made of a page, made once per probe result and reused.

The crawl gathers a page's chats and channels to decide on its screenshot and its accessibility
pass, and the judge gathers them again for the rules; several rules read the same page facts.
As in Lighthouse, a gatherer's answer is a function of the page and its arguments, so it is kept
beside the probe result object (for as long as that object lives, never in its JSON, never in
its equality) and the second caller gets the first caller's answer.

Callers must treat a cached answer as read-only: the next caller gets the same object.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar, cast

from checker.snapshot import ProbeResult

P = ParamSpec("P")
R = TypeVar("R")
ArtifactKey = tuple[str, tuple[Any, ...], tuple[tuple[str, Any], ...]]

# id(probe) -> (a weak reference to it, its artifacts); the entry goes when the probe does.
_ARTIFACTS: dict[int, tuple[weakref.ref[ProbeResult], dict[ArtifactKey, Any]]] = {}


def artifacts_of(probe: ProbeResult) -> dict[ArtifactKey, Any]:
    """The gatherers' answers kept for ``probe`` so far (a live dict: callers may seed it)."""
    key = id(probe)
    entry = _ARTIFACTS.get(key)
    if entry is None or entry[0]() is not probe:
        entry = (weakref.ref(probe, lambda _: _ARTIFACTS.pop(key, None)), {})
        _ARTIFACTS[key] = entry
    return entry[1]


# name -> the undecorated gatherer, whose return annotation says how to save its answers.
GATHERERS: dict[str, Callable[..., Any]] = {}


def per_probe(gatherer: Callable[Concatenate[ProbeResult, P], R]) -> Callable[Concatenate[ProbeResult, P], R]:
    """Memoises ``gatherer(probe, *args, **kwargs)`` beside ``probe`` (arguments must be hashable)."""
    name = f"{gatherer.__module__}.{gatherer.__qualname__}"
    GATHERERS[name] = gatherer

    @functools.wraps(gatherer)
    def cached(probe: ProbeResult, *args: P.args, **kwargs: P.kwargs) -> R:
        key: ArtifactKey = (name, args, tuple(sorted(kwargs.items())))
        answers = artifacts_of(probe)
        if key not in answers:
            answers[key] = gatherer(probe, *args, **kwargs)
        return cast(R, answers[key])

    return cached
