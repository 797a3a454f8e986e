"""Real ``supportcheck`` scheduler and worker processes for the tests, with a clock the test moves."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from tests.test_cli import COMMAND, supportcheck

__all__ = ["Clock", "Processes", "process_env", "supportcheck", "wait_for"]

HOUR_S = 3600
LOG_TAIL_CHARS = 20_000  # of each process's log, printed when a test ends


class Clock:
    """The ``SUPPORTCHECK_CLOCK_FILE`` every process of a test reads: its offset from real time.

    Tests move it on by whole hours to make hourly schedules due. Moved on from wherever the wall
    clock stands, a test started at 14:59 would stand at 15:59, and the next hour's fire a minute
    later would queue a second run in the middle of the test. So moves count from half past the
    hour of the first move: an hour on, the next fire is always half an hour away.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._to_half_past: float | None = None  # seconds from the first move's time to half past
        self._write(0)

    def set(self, seconds: float) -> None:
        """``seconds`` after half past the hour in which the clock was first moved."""
        if self._to_half_past is None:
            now = time.time()
            self._to_half_past = now // HOUR_S * HOUR_S + HOUR_S / 2 - now
        self._write(self._to_half_past + seconds)

    def set_at(self, when: datetime) -> None:
        """The clock reads ``when`` now, and runs on from there."""
        self._write((when - datetime.now(UTC)).total_seconds())

    def _write(self, offset_s: float) -> None:
        self.path.write_text(f"{offset_s}\n", encoding="utf-8")

    def env(self) -> dict[str, str]:
        return {"SUPPORTCHECK_CLOCK_FILE": str(self.path)}


def process_env(clock: Clock, tmp_path: Path) -> dict[str, str]:
    """The environment of a test's ``supportcheck`` processes: the test's clock and data folder, and
    private targets allowed, since the fixture firms live on loopback."""
    return {
        **clock.env(),
        "SUPPORTCHECK_DATA_DIR": str(tmp_path / "data"),
        "SUPPORTCHECK_ALLOW_PRIVATE_TARGETS": "1",
    }


class Processes:
    """Starts long-running commands in their own process groups and stops what is left of them.

    Each process's standard error (its log) goes to a file in ``logs``, not a pipe: a chatty
    worker never blocks on a full pipe, and the logs are printed when the test ends, so that pytest
    shows them beside a failure.
    """

    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self.env = {**os.environ, **env}
        self.logs = logs
        self.started: list[subprocess.Popen[str]] = []
        self._log_paths: dict[int, Path] = {}

    def start(self, *args: str) -> subprocess.Popen[str]:
        self.logs.mkdir(parents=True, exist_ok=True)
        log_path = self.logs / f"{len(self.started) + 1}-{args[0]}.log"
        with log_path.open("w", encoding="utf-8") as log:
            process = subprocess.Popen(
                [*COMMAND, *args],
                stdout=subprocess.PIPE,
                stderr=log,
                stdin=subprocess.DEVNULL,
                text=True,
                env=self.env,
                start_new_session=True,  # its Chromium children can be killed with it
            )
        self.started.append(process)
        self._log_paths[process.pid] = log_path
        return process

    def stop(self, process: subprocess.Popen[str], timeout: float = 30) -> str:
        """SIGTERM, wait, and return its standard output (fails the test if it does not end)."""
        process.send_signal(signal.SIGTERM)
        stdout, _ = process.communicate(timeout=timeout)
        assert process.returncode == 0, f"exit {process.returncode}: its log is printed below"
        return stdout

    def kill_group(self, process: subprocess.Popen[str]) -> None:
        """SIGKILL the process and everything it started: a machine losing power, for that worker."""
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.communicate(timeout=30)

    def close(self) -> None:
        """Kills what still runs and prints every log (pytest shows them only when the test failed)."""
        for process in self.started:
            if process.poll() is None:
                self.kill_group(process)
        for process in self.started:
            log = self._log_paths[process.pid]
            print(f"----- {log.name} (exit {process.returncode}) -----")
            print(log.read_text(encoding="utf-8", errors="replace")[-LOG_TAIL_CHARS:])


def wait_for(condition: Callable[[], bool], timeout: float = 60, what: str = "the condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.1)
