"""Scans started from the dashboard or the API: the SSRF check, the run, and a background queue.

- ``server.scans.jobs``: ``ScanJob`` (the unit of work), ``queue_scan``, ``run_job``.
- ``server.scans.queue``: ``ScanQueue``, the in-process worker.

The SSRF guard itself is :mod:`checker.ssrf`, because the crawler applies it to every request.
"""
