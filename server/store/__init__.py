"""The store: firms, runs and their judgements in SQLite or PostgreSQL, screenshots on disk.

Import from the module that does the job (this package imports nothing itself, so that every
``supportcheck`` command does not pay for SQLAlchemy and Alembic):

- ``server.store.db``: ``open_store(url)`` (a session factory), ``upgrade(url)``, ``database_url()``,
  ``data_dir()``.
- ``server.store.models``: the tables.
- ``server.store.writer``: ``save_scan``, ``ensure_firm``, ``start_run``/``finish_scan``, ``mark_stale_runs``.
- ``server.store.importer``: ``import_report``.
- ``server.store.rejudge``: ``rejudge_run``.
- ``server.store.queries``: ``latest_judgements``, ``firm_runs``, ``judgement_findings``,
  ``judgement_detail``, ``run_pages``.
- ``server.store.diff``: ``diff_judgements``.
"""
