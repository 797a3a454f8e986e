"""Rules about self-service: a help centre exists, and it does not trap customers in articles."""

from __future__ import annotations
