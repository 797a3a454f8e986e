"""Evidence: pages a person's browser read where the crawler could not see (behind a login, a
widget that appears after a click, a site that blocks crawlers), sent by the extension.

- ``models``: the ``evidence`` table.
- ``intake``: storing a submission (its snapshot, screenshot, who, when and the browser's vantage).
- ``review``: accepting or rejecting it, and re-judging the firm's latest run with what was accepted.
"""
