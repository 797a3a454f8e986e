"""WCAG 2.2 SC 3.2.6 Consistent Help: help mechanisms appear in the same relative order on pages."""

from __future__ import annotations
