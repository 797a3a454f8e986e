"""The ``supportcheck`` subcommands that manage the store, its users and the server.

:mod:`supportcheck.cli` calls each module's ``register`` and hands it the parsed arguments of its
``COMMANDS``; each imports its heavy dependencies only when its command runs.
"""
