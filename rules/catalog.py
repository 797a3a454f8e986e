"""Imports every rule module so that each registers its rules; the one list of rule packs."""

from __future__ import annotations

from rules import callback, contact, help_order, human, selfservice  # noqa: F401

RULESET_VERSION = "2026.11.1"
