"""The dashboard blueprint object, apart from ``__init__`` so that view modules can import it.

The store session the views use is closed by the app (``create_app`` registers
``close_store_session``), since the API and the login pages share it.
"""

from __future__ import annotations

from flask import Blueprint

dashboard_blueprint = Blueprint("dashboard", __name__)
