"""Serves stored screenshots by their hash, and nothing else from the disk.

The URL carries only a SHA-256; the file's path comes from the store's own row for that hash and
must resolve inside the data directory's ``screenshots`` folder. No part of the URL is ever
joined to a path, so ``..`` or an absolute path in a request cannot reach another file.
"""

from __future__ import annotations

import re

from flask import Response, abort, send_file
from flask.typing import ResponseReturnValue

from server.dashboard._blueprint import dashboard_blueprint
from server.dashboard.queries import screenshot_by_digest
from server.store._blobs import SCREENSHOT_DIR
from server.store.blobs import database_blob
from server.store_session import store_data_dir, store_session

# Raster formats only: an SVG is a document that can carry script.
IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp"}
SHA256 = re.compile(r"[0-9a-f]{64}")


@dashboard_blueprint.get("/screenshots/<digest>")
def screenshot(digest: str) -> ResponseReturnValue:
    if not SHA256.fullmatch(digest):
        abort(404)
    stored = screenshot_by_digest(store_session(), digest)
    if stored is None:
        abort(404)
    root = (store_data_dir() / SCREENSHOT_DIR).resolve()
    path = (root.parent / stored.path).resolve()
    mime_type = IMAGE_TYPES.get(path.suffix.lower())
    if not path.is_relative_to(root) or mime_type is None:
        abort(404)
    if path.is_file():
        return send_file(path, mimetype=mime_type, max_age=86400)
    # Distributed workers keep screenshots in the database (server.store.blobs).
    content = database_blob(store_session(), stored.path)
    if content is None:
        abort(404)
    return Response(content, mimetype=mime_type, headers={"Cache-Control": "public, max-age=86400"})
