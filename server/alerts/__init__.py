"""Alerts: a message when a firm's support gets worse (or better) between two complete runs.

- ``changes``: which differences between two judgements alert, and for which channel.
- ``message``: the subject, text and JSON payload of one message, with the run diff's link.
- ``outbox``: queue one message per (channel, run); deliver due ones with retries and backoff.
- ``smtp`` and ``webhook``: the two ways out (SMTP by URL; JSON with an HMAC-SHA256 signature).

Nothing here blocks a scan: the worker only queues, the scheduler delivers.
"""
