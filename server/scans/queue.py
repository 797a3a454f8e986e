"""An in-process queue that runs server-started scans one at a time on a background thread.

One at a time because a scan already drives one Chromium with several locales in parallel; two
would fight for the same cores. Jobs are plain data (:class:`~server.scans.jobs.ScanJob`), so a
task queue such as Celery can replace this class without touching the API.
"""

from __future__ import annotations

import queue
import threading
from pathlib import Path

from checker.scan import scan
from server.scans.jobs import ScanJob, Scanner, run_job
from server.store.db import open_store


class ScanQueue:
    """Runs submitted jobs in order on one daemon thread, started with the first job."""

    def __init__(self, database_url: str, data_dir: Path, scanner: Scanner = scan) -> None:
        self._database_url = database_url
        self._data_dir = data_dir
        self._scanner = scanner
        self._jobs: queue.Queue[ScanJob] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def submit(self, job: ScanJob) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._work, name="supportcheck-scans", daemon=True)
                self._thread.start()
        self._jobs.put(job)

    def wait_idle(self) -> None:
        """Blocks until every submitted job has finished (tests and orderly shutdowns)."""
        self._jobs.join()

    def _work(self) -> None:
        sessions = open_store(self._database_url)
        while True:
            job = self._jobs.get()
            try:
                run_job(job, sessions, self._data_dir, self._scanner)
            finally:
                self._jobs.task_done()
