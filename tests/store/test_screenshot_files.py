"""Screenshot files in the data directory, content-addressed and written whole."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from server.store import _blobs
from server.store._blobs import StoredFile, store_screenshot


def test_two_writers_of_the_same_picture_at_once_both_store_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two workers sharing a data directory store the same page's screenshot at the same moment."""
    source = tmp_path / "shot.jpg"
    source.write_bytes(b"\xff\xd8 the same picture")
    data = tmp_path / "data"
    copy = shutil.copyfile
    by_the_other: list[StoredFile] = []

    def copy_while_another_writes(src: Path, dst: Path) -> Path:
        copied = copy(src, dst)
        monkeypatch.setattr(_blobs.shutil, "copyfile", copy)
        by_the_other.append(store_screenshot(source, data))  # the other writer, start to end
        return copied

    monkeypatch.setattr(_blobs.shutil, "copyfile", copy_while_another_writes)
    stored = store_screenshot(source, data)  # before the fix: FileNotFoundError, the .part was moved

    assert by_the_other == [stored]
    assert (data / stored.path).read_bytes() == source.read_bytes()
    assert [path.name for path in (data / stored.path).parent.iterdir()] == [Path(stored.path).name]
