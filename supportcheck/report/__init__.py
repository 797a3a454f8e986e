"""The report writers: a judged :class:`rules.report.model.Report` as table, JSON, HTML, JUnit or SARIF."""
