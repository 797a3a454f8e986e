"""Where the real-page corpus lives: the one path the tests, the demo's fake stores and the benchmarks use.

The pages, hand labels and app-store answers beside this file are vendored into the repository
(README.md here says what they hold, NOTICE at the top of the repository where each comes from
and under which licence), so any clone has them; nothing reads a corpus outside the repository.
"""

from __future__ import annotations

from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parent
APPSTORE_DIR = CORPUS_DIR / "appstore"
