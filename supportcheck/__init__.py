"""supportcheck's application layer: the command line and the report writers.

It sits on top of the other packages and wires them together; nothing below imports it. Imports run
one way: ``supportcheck`` → ``server`` (store, dashboard, API) → ``rules`` (judging) → ``checker``
(browser, crawl, snapshots, gatherers).
"""

from __future__ import annotations

from checker import TOOL_NAME, __version__

__all__ = ["TOOL_NAME", "__version__"]
