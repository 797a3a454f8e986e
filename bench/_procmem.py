"""Peak proportional memory (PSS) of the Chromium processes below a process, sampled from /proc.

PSS shares each shared page among the processes that map it, so summing it over a browser's
renderer, GPU and utility processes counts shared libraries once, unlike RSS.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

SAMPLE_S = 0.2


def _children() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                parent = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    return children


def _pss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0


def tree_pss_kib(root_pid: int) -> int:
    """PSS of every Chromium process descending from ``root_pid``."""
    children = _children()
    total, stack = 0, list(children.get(root_pid, []))
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, []))
        try:
            if b"chrom" in Path(f"/proc/{pid}/cmdline").read_bytes():
                total += _pss_kib(pid)
        except OSError:
            continue  # the process ended between the listing and the read
    return total


class PeakPss:
    """Samples the tree's PSS in a thread while the ``with`` block runs; ``peak_mib`` after it."""

    def __init__(self, root_pid: int) -> None:
        self.root_pid = root_pid
        self.peak_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_kib = max(self.peak_kib, tree_pss_kib(self.root_pid))
            self._stop.wait(SAMPLE_S)

    def __enter__(self) -> PeakPss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def peak_mib(self) -> float:
        return self.peak_kib / 1024
