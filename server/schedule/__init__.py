"""Scheduled crawls: each firm on its cron line, claimed from the database, never twice at once.

- ``clock``: the time every part of scheduling reads; tests move it in real subprocesses.
- ``cron``: due times from a firm's cron line, time zone and jitter (cronsim).
- ``firms``: ``supportcheck firms import`` and ``firms list`` (schedules and alert channels).
- ``ledger``: the run ledger's operations: queue a run, claim one under a lease, renew, reap the dead.
- ``scheduler``: turns due schedules into queued runs (one per firm, missed runs merged).
- ``worker``: claims queued runs and crawls them, within global and per-site limits.

The database decides everything: schedules are claimed by compare-and-set (``FOR UPDATE SKIP
LOCKED`` on PostgreSQL), and a partial unique index allows one active run per firm. A run is
the unit of work here; in distributed mode (``server.distributed``) the scheduler sends each
queued run on as (run, locale) units, each with a lease of its own in ``run_locales``.
"""
