"""supportcheck's gathering side: drives Chromium from several locales and turns pages into snapshots.

The public surface is small: :class:`checker.job.ScanRequest` describes a scan,
:func:`checker.scan.scan` runs it and saves snapshots, :func:`checker.gather.gather_channels` turns
a snapshot into channels. The crawl and gather modules judge nothing; rules live in :mod:`rules`.
It imports nothing from the packages above it: :mod:`rules` judges what it gathers.
"""

from __future__ import annotations

__version__ = "0.1.0"
TOOL_NAME = "supportcheck"
PROJECT_URL = "https://github.com/supportcheck/supportcheck"
"""Where the project and its documentation live: named in the user agent and in SARIF reports."""

__all__ = ["PROJECT_URL", "TOOL_NAME", "__version__"]
