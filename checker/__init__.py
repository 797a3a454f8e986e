"""supportcheck's gathering side: drives Chromium from several locales and turns pages into snapshots.

The public surface is small: :class:`checker.job.ScanRequest` describes a scan,
:func:`checker.scan.scan` runs it and saves snapshots, :func:`checker.gather.gather_channels` turns
a snapshot into channels. The crawl and gather modules judge nothing; rules live in :mod:`rules`.
It imports nothing from the packages above it: :mod:`rules` judges what it gathers.
"""

from __future__ import annotations

__version__ = "0.1.0"
TOOL_NAME = "supportcheck"

__all__ = ["TOOL_NAME", "__version__"]
