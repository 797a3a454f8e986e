"""Rules about call-back offers: can a customer ask to be called instead of waiting in a queue?"""

from __future__ import annotations
