"""A judged scan: the ``supportcheck.report/v1`` model, how a scan becomes one, and its shared views.

The report is the judging room's output; the writers that print it (table, JSON, HTML, JUnit, SARIF)
live above, in :mod:`supportcheck.report`, and the store and dashboard read it from :mod:`server`.
"""
