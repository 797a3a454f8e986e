"""A costly object made once per process, on first use or ahead of it in a background thread.

A crawl spends most of its time waiting for the browser. What gathering needs before its first
page (the language identifier's model, the phrase automaton) is made meanwhile, so the first
page is not held up; a process that never gathers only loses the CPU.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class MadeOnce(Generic[T]):
    """``get()`` makes the object once (other threads wait for it); ``warm_up()`` starts making it."""

    def __init__(self, name: str, make: Callable[[], T]) -> None:
        self._name = name
        self._make = make
        self._made: list[T] = []
        self._lock = threading.Lock()
        self._warming = threading.Event()  # set once a warm-up started: each locale of a scan asks

    def get(self) -> T:
        with self._lock:
            if not self._made:
                self._made.append(self._make())
            return self._made[0]

    def warm_up(self) -> None:
        if not self._warming.is_set():
            self._warming.set()
            threading.Thread(target=self.get, name=self._name, daemon=True).start()
