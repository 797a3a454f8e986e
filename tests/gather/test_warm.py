"""What gathering needs first is made once, even when a warm-up thread and a page ask together."""

from __future__ import annotations

import threading
import time

from checker.gather._warm import MadeOnce


def test_made_once_when_a_warm_up_and_a_caller_race() -> None:
    made: list[int] = []

    def slow_make() -> int:
        time.sleep(0.05)
        made.append(1)
        return 42

    thing = MadeOnce("test-thing", slow_make)
    thing.warm_up()
    thing.warm_up()  # a second locale asking starts no second thread
    answers: list[int] = []
    callers = [threading.Thread(target=lambda: answers.append(thing.get())) for _ in range(3)]
    for caller in callers:
        caller.start()
    for caller in callers:
        caller.join()
    assert answers == [42, 42, 42]
    assert made == [1]


def test_warm_up_makes_it_in_the_background() -> None:
    started = threading.Event()

    def make() -> str:
        started.set()
        return "ready"

    thing = MadeOnce("test-thing", make)
    thing.warm_up()
    assert started.wait(5), "the warm-up thread made the object without anyone asking"
    assert thing.get() == "ready"
