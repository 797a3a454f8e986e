"""Imports every rule module so that each registers its rules; the one list of rule packs."""

from __future__ import annotations

from rules import (  # noqa: F401
    callback,
    contact,
    help_order,
    human,
    region_apps,
    region_sites,
    selfservice,
)

RULESET_VERSION = "2026.11.3"
