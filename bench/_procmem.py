"""Peak proportional memory (PSS) and CPU time of a process tree, sampled from /proc.

PSS shares each shared page among the processes that map it, so summing it over a browser's
renderer, GPU and utility processes counts shared libraries once, unlike RSS. CPU seconds
(user + system) are what a change costs whatever else runs on the machine, where wall time on a
loaded machine is not: each process's last sample counts, so up to one sampling interval of a
process's end may be missed.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

SAMPLE_S = 0.2
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _processes() -> tuple[dict[int, list[int]], dict[int, float]]:
    """Each process's children, and each process's CPU seconds so far."""
    children: dict[int, list[int]] = {}
    cpu_s: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                parent, ticks = int(fields[1]), int(fields[11]) + int(fields[12])  # ppid, utime + stime
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
            cpu_s[int(entry)] = ticks / CLOCK_TICKS
    return children, cpu_s


def _pss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0


def _descendants(root_pid: int, children: dict[int, list[int]]) -> list[int]:
    found, stack = [], list(children.get(root_pid, []))
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, []))
    return found


def tree_pss_kib(pids: list[int]) -> int:
    """PSS of the Chromium processes among ``pids``."""
    total = 0
    for pid in pids:
        try:
            if b"chrom" in Path(f"/proc/{pid}/cmdline").read_bytes():
                total += _pss_kib(pid)
        except OSError:
            continue  # the process ended between the listing and the read
    return total


class PeakPss:
    """Samples the tree in a thread while the ``with`` block runs: ``peak_mib`` of its browser
    processes, ``cpu_s`` of the root and ``descendants_cpu_s`` of everything below it, after it."""

    def __init__(self, root_pid: int) -> None:
        self.root_pid = root_pid
        self.peak_kib = 0
        self._cpu_s: dict[int, float] = {}
        self._start_cpu_s: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        children, cpu_s = _processes()
        below = _descendants(self.root_pid, children)
        for pid in [self.root_pid, *below]:
            if pid in cpu_s:
                # This process was running before the block; any other started just before or in it.
                self._start_cpu_s.setdefault(pid, cpu_s[pid] if pid == os.getpid() else 0.0)
                self._cpu_s[pid] = cpu_s[pid]
        self.peak_kib = max(self.peak_kib, tree_pss_kib(below))

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(SAMPLE_S)

    def _used_s(self, pid: int) -> float:
        return self._cpu_s[pid] - self._start_cpu_s[pid]

    @property
    def cpu_s(self) -> float:
        """CPU seconds of the root process itself while sampled."""
        return self._used_s(self.root_pid) if self.root_pid in self._cpu_s else 0.0

    @property
    def descendants_cpu_s(self) -> float:
        """CPU seconds of every process below the root (driver, browser, renderers)."""
        return sum(self._used_s(pid) for pid in self._cpu_s if pid != self.root_pid)

    def __enter__(self) -> PeakPss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def peak_mib(self) -> float:
        return self.peak_kib / 1024
