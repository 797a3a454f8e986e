"""One Chromium per worker process: launched once, relaunched when it was killed."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from server.distributed.chromium import ProcessBrowser

pytestmark = pytest.mark.browser


def _browser_processes() -> list[int]:
    """The Chromium main processes below this test process (not their renderers and helpers)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue

    def ours(pid: int) -> bool:
        while pid > 1:
            pid = parents.get(pid, 0)
            if pid == os.getpid():
                return True
        return False

    found = []
    for pid in parents:
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"chrom" in command and b"--type=" not in command and ours(pid):
            found.append(pid)
    return found


def test_a_killed_chromium_is_launched_again_for_the_next_task() -> None:
    holder = ProcessBrowser()
    try:
        first = holder.run(lambda: holder.browser(None))
        assert holder.run(lambda: holder.browser(None)) is first  # one per process, reused
        (launched,) = _browser_processes()
        os.kill(launched, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while first.is_connected() and time.monotonic() < deadline:
            time.sleep(0.05)
        second = holder.run(lambda: holder.browser(None))
        assert second is not first and second.is_connected() and holder.launches == 2
    finally:
        holder.close()
