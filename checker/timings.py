"""Wall-clock phases of one supportcheck process (launch, crawl, gather …), written down when asked.

A benchmark has to say where a user's wait goes, and only the process itself knows where one
phase ends and the next begins. With ``SUPPORTCHECK_TIMINGS`` set to a file path, every phase
appends one JSON line ``{"phase": "crawl", "start": <epoch s>, "end": <epoch s>}`` to it;
phases may repeat (one ``gather`` per locale) and nest (``gather`` inside ``judge``). Unset, the
default, nothing is measured or written.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

TIMINGS_ENV = "SUPPORTCHECK_TIMINGS"


@contextmanager
def phase(name: str) -> Iterator[None]:
    """Times the ``with`` block as phase ``name`` when ``SUPPORTCHECK_TIMINGS`` names a file."""
    path = os.environ.get(TIMINGS_ENV)
    if not path:
        yield
        return
    start = time.time()
    try:
        yield
    finally:
        line = json.dumps({"phase": name, "start": start, "end": time.time()})
        with open(path, "a", encoding="utf-8") as timings:
            timings.write(line + "\n")
