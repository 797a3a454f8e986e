"""Reports of a judged scan: the ``supportcheck.report/v1`` model and its writers."""
