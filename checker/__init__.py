"""supportcheck's gathering side: drives Chromium from several locales and turns pages into snapshots.

The public surface is small: :func:`checker.scan.scan_site` runs a whole scan, and
:class:`checker.models.ScanRequest` describes one. Nothing here judges; rules live in :mod:`rules`.
"""

from __future__ import annotations

__version__ = "0.1.0"
TOOL_NAME = "supportcheck"

__all__ = ["TOOL_NAME", "__version__"]
