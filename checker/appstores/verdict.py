"""What a parser reads from one store answer: sold here or not, why, and the app's name."""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["Verdict"]


class Verdict(NamedTuple):
    """A parser's reading of one store answer, before the client adds where and when it asked.

    ``available`` is None whenever the answer does not say: an error, a block page or markup
    the parser does not know must never read as "not sold here".
    """

    available: bool | None
    reason: str
    title: str = ""
