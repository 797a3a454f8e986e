"""Bulky things kept out of the way: JSON compressed for the database, screenshots as files.

Screenshot files are content-addressed (``screenshots/<first two hex digits>/<sha256>.<ext>``
under the data directory), so a picture seen in many runs is stored once and a file copied by a
write that later rolled back is harmless: the next write of the same picture reuses it.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import zlib
from dataclasses import dataclass
from pathlib import Path

SCREENSHOT_DIR = "screenshots"


@dataclass(frozen=True)
class PackedJson:
    compressed: bytes
    sha256: str
    size: int


def pack_json(text: str) -> PackedJson:
    """Compresses a JSON document and fingerprints the uncompressed bytes."""
    raw = text.encode("utf-8")
    return PackedJson(zlib.compress(raw, 6), hashlib.sha256(raw).hexdigest(), len(raw))


def unpack_json(compressed: bytes) -> str:
    return zlib.decompress(compressed).decode("utf-8")


@dataclass(frozen=True)
class StoredFile:
    path: str  # relative to the data directory, with forward slashes
    sha256: str
    size: int


def store_screenshot(source: Path, data_dir: Path) -> StoredFile:
    """Copies ``source`` into the data directory under its hash, unless it is already there."""
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    relative = f"{SCREENSHOT_DIR}/{digest[:2]}/{digest}{source.suffix.lower()}"
    target = data_dir / relative
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        # A partial file of this writer's own: two workers sharing the data directory may copy the
        # same picture at once, and neither may move the other's half-written copy into place.
        partial = target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.part")
        try:
            shutil.copyfile(source, partial)
            partial.replace(target)  # atomic: a reader never sees half a picture
        finally:
            partial.unlink(missing_ok=True)
    return StoredFile(relative, digest, target.stat().st_size)
