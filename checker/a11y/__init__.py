"""The accessibility pass of the crawl: axe-core and our own keyboard checks on the support path.

It runs on the pages that matter (the entry page, the contact and help pages, pages with a
contact form or a chat launcher), scoped to their support elements, and saves what it saw in the
page's snapshot (``PageSnapshot.accessibility``), so rules and ``rejudge`` need no browser.
"""
