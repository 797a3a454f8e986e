"""Users, sessions, API tokens and CSRF: who may read and who may write.

Import from the module that does the job (this package imports nothing itself, so that the
``supportcheck user`` and ``token`` commands do not load Flask):

- ``server.auth.hooks``: ``init_app(app)``, the access and CSRF checks on every request.
- ``server.auth.access``: ``current_principal()``, ``require(scope)``, ``needs(scope)`` for views.
- ``server.auth.accounts``: creating and checking users and tokens.
- ``server.auth.csrf``: ``csrf_token()`` for forms.
- ``server.auth.models``: the ``users`` and ``api_tokens`` tables.
"""
