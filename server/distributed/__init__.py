"""Distributed crawling on Celery, Redis and PostgreSQL (issue 12): more machines, no lost or doubled runs.

- ``settings``: the broker URL that switches the mode on, and the time limits a task gets.
- ``units``: :class:`LocaleUnit`, the serialisable input of one (run, locale) crawl task.
- ``leases``: a lease per (run, locale) in the database: claim, renew, store, fail, settle.
- ``dispatch``: the producer side: queued runs become units and tasks; lost ones are sent again.
- ``politeness``: per-site limits held across workers, in Redis.
- ``chromium``: one Chromium per worker process, launched after fork, relaunched if it died.
- ``execute``: what a crawl task and the final task do, free of Celery.
- ``finish``: the final task's work: cross-locale judging, app stores, the run in one transaction.
- ``beats``: worker heartbeats for ``worker --health`` and ``/api/v1/workers``.
- ``app``: the Celery application, its settings (each with its reason) and its signal handlers.

The database decides, never the broker: a message may be delivered twice, late or never, and
the (run, locale) rows still say what was crawled, by whom, and whether the run may close.
"""
