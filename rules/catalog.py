"""Imports every rule module so that each registers its rules; the one list of rule packs."""

from __future__ import annotations

from rules import (  # noqa: F401
    access,
    accessibility,
    accessibility_own,
    callback,
    contact,
    help_order,
    human,
    region_apps,
    region_sites,
    selfservice,
)

RULESET_VERSION = "2026.12.5"
