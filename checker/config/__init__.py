"""Firm configuration files: which firms to scan, from which locales, and how.

A file holds one firm at the top level, or a ``firms:`` list with optional ``defaults:``; see
``docs/config.md``. :func:`load_firms` returns validated :class:`FirmConfig` objects or raises one
:class:`ConfigError` whose message names the file, the line and the field.
"""

from __future__ import annotations

from checker.config._assert import AssertConfig, AssertLevel, AssertVocabulary, Budget
from checker.config._errors import ConfigError
from checker.config._load import FirmFile, load_assertions, load_firm_file, load_firms
from checker.config._model import FirmConfig, FirmDefaults, SettingsOverrides
from checker.config._schedule import IMPACTS, AlertChannel, ScheduleConfig, TagName, TagSchedule

__all__ = [
    "IMPACTS",
    "AlertChannel",
    "AssertConfig",
    "AssertLevel",
    "AssertVocabulary",
    "Budget",
    "ConfigError",
    "FirmConfig",
    "FirmDefaults",
    "FirmFile",
    "ScheduleConfig",
    "SettingsOverrides",
    "TagName",
    "TagSchedule",
    "load_assertions",
    "load_firm_file",
    "load_firms",
]
