"""Finds the in-page scripts of the accessibility pass: the vendored axe-core and ``a11y.js``.

Both live once in ``extension/`` (the extension packages them too); a wheel installs copies under
``<prefix>/share/supportcheck/`` (pyproject.toml's data-files), as it does the probe.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

AXE_VERSION = "4.14.1"
_CHECKOUT = Path(__file__).resolve().parent.parent.parent / "extension"
_INSTALLED = Path(sys.prefix) / "share" / "supportcheck"


class A11ySourceMissing(RuntimeError):
    """A script of the accessibility pass is not where a checkout or an install puts it."""


def _read(relative: str) -> str:
    candidates = (_CHECKOUT / relative, _INSTALLED / relative)
    for path in candidates:
        if path.is_file():
            return path.read_text(encoding="utf-8")
    raise A11ySourceMissing(f"{relative} is missing; looked in {', '.join(map(str, candidates))}")


@lru_cache(maxsize=1)
def axe_source() -> str:
    """axe-core, configured to collect results from frames of any origin (as @axe-core/playwright does)."""
    return _read("vendor/axe.min.js") + "\n;axe.configure({allowedOrigins: ['<unsafe_all_origins>']});"


@lru_cache(maxsize=1)
def scope_source() -> str:
    """``extension/a11y.js``, which defines ``supportcheckA11y`` in the document it runs in."""
    return _read("a11y.js")
