"""Stores a submission of evidence: the firm it is about, its pages, its screenshot, who and whence.

The body has passed the snapshot schema already (``server.api.browser_pages``); here the firm is
found, the screenshot decoded and checked to be a PNG or JPEG, and everything kept pending review.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.evidence.models import Evidence
from server.store._blobs import pack_json
from server.store.models import Firm

EVIDENCE_DIR = "evidence"
IMAGE_MAGIC = {"png": b"\x89PNG\r\n\x1a\n", "jpeg": b"\xff\xd8\xff"}
IMAGE_SUFFIX = {"png": ".png", "jpeg": ".jpg"}


class EvidenceRefused(ValueError):
    """A submission that cannot be stored; ``field`` names what to fix."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def find_firm(session: Session, wanted: str, page_url: str) -> Firm:
    """The firm by slug or name (any case), else the one whose entry URLs are on the page's host."""
    wanted = wanted.strip()
    if wanted:
        firm = session.scalar(
            select(Firm).where((Firm.slug == wanted) | (func.lower(Firm.name) == wanted.lower()))
        )
        if firm is not None:
            return firm
    host = _host(page_url)
    for firm in session.scalars(select(Firm).order_by(Firm.id)):
        if host and any(_host(str(url)) == host for url in firm.entry_urls or ()):
            return firm
    raise EvidenceRefused(
        "firm", f"no firm is called {wanted[:60]!r} and none has its entry page on {host or 'that host'}"
    )


def store_image(data_url: str, data_dir: Path) -> str:
    """Writes a ``data:image/...;base64`` screenshot under the data directory; returns its path there."""
    header, _, encoded = data_url.partition(",")
    kind = header.removeprefix("data:image/").removesuffix(";base64")
    try:
        image = base64.b64decode(encoded, validate=True)
    except binascii.Error as error:
        raise EvidenceRefused("screenshot", "the screenshot is not valid base64") from error
    if kind not in IMAGE_MAGIC or not image.startswith(IMAGE_MAGIC[kind]):
        raise EvidenceRefused("screenshot", f"the screenshot is not a {kind.upper()} image")
    digest = hashlib.sha256(image).hexdigest()
    relative = f"{EVIDENCE_DIR}/{digest[:2]}/{digest}{IMAGE_SUFFIX[kind]}"
    target = data_dir / relative
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".part")
        partial.write_bytes(image)
        partial.replace(target)
    return relative


def store_evidence(
    session: Session, body: dict[str, Any], locale: str, submitted_by: str, size: int, data_dir: Path
) -> Evidence:
    """Keeps a checked submission as ``pending`` evidence and commits it."""
    pages = body["pages"]
    firm = find_firm(session, str(body.get("firm", "")), pages[0]["url"])
    screenshot = body.get("screenshot")
    evidence = Evidence(
        firm_id=firm.id,
        locale=locale,
        page_url=pages[0]["url"],
        title=str(pages[0]["probe"].get("title", "")),
        pages_zlib=pack_json(json.dumps(pages, ensure_ascii=False)).compressed,
        size=size,
        screenshot_path=store_image(screenshot, data_dir) if screenshot else None,
        note=str(body.get("note", "")),
        languages=list(body.get("languages", [])),
        timezone=str(body.get("timezone", "")),
        signed_in=any(page.get("signed_in") for page in pages),
        submitted_by=submitted_by,
    )
    session.add(evidence)
    session.commit()
    return evidence
