"""The report writers: a judged :class:`rules.report.model.Report` as table, JSON, HTML or JUnit."""
