"""py3langid's language model, read from an unpacked copy in the user's cache when there is one.

py3langid ships its model as an xz-compressed ``.npz``: every process that identifies a language
spends about 1.8 s of CPU decompressing and copying 68 MB of tables before its first answer, on a
two-core machine as much as a tenth of a whole scan. The unpacked tables are written once to
``<cache>/py3langid-<key>/`` as raw files and then memory-mapped: loading costs a few
milliseconds, the pages of the tables a text touches are read on demand, and every process on
the machine shares them in the page cache. The key digests the library's version and the model
file, so another release never reads a stale copy.

Cache is an optimisation only: without a writable cache folder, or with a damaged copy, the
model is read from the package as py3langid reads it.

Each copy names the model file it was unpacked from. Every clone's virtual environment has its
own, so a machine that runs CI from fresh clones would gather 68 MB a clone; whenever a copy is
written, the copies whose model file is gone or has changed, and staging folders a killed
process left, are removed.
"""

from __future__ import annotations

import hashlib
import json
import mmap
import os
import shutil
import tempfile
import time
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

CACHE_ENV = "SUPPORTCHECK_CACHE_DIR"
FORMAT = "2"  # bump when the files written here change shape
INTEGER_TYPECODES = ("H", "I", "L", "i")
COPY_PREFIX = "py3langid-"
STAGING_PREFIX = ".unpacking-"
STAGING_MAX_AGE_S = 3600.0  # a staging folder this old belongs to a process that died


def cache_root() -> Path:
    """``$SUPPORTCHECK_CACHE_DIR``, else ``$XDG_CACHE_HOME/supportcheck``, else ``~/.cache/supportcheck``."""
    if configured := os.environ.get(CACHE_ENV):
        return Path(configured)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "supportcheck"


def _model_file() -> Path:
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    return Path(MODEL_DIR) / MODEL_FILE


def unpacked_dir(root: Path) -> Path:
    """Where the unpacked copy of the installed model lives under ``root``."""
    model = _model_file()
    stat = model.stat()
    key = f"{FORMAT}:{metadata.version('py3langid')}:{model}:{stat.st_size}:{stat.st_mtime_ns}"
    return root / f"{COPY_PREFIX}{hashlib.sha256(key.encode()).hexdigest()[:16]}"


def load_identifier(root: Path | None = None) -> LanguageIdentifier:
    """The identifier with normalised probabilities, from the unpacked copy when it can be had."""
    from py3langid.langid import LanguageIdentifier

    folder = unpacked_dir(root or cache_root())
    try:
        return _identifier_from(folder)
    except (OSError, ValueError, KeyError):
        shutil.rmtree(folder, ignore_errors=True)  # missing or damaged: unpacked afresh below
    identifier = LanguageIdentifier.from_model_file(_model_file(), norm_probs=True)
    try:
        _unpack(identifier, folder)
    except OSError:
        return identifier  # a read-only home: every process reads the packed model
    prune_stale_copies(folder.parent)
    return identifier


def prune_stale_copies(root: Path, now: float | None = None) -> list[Path]:
    """Removes the copies under ``root`` whose model file is gone or changed (or that do not say
    which it was), and staging folders older than ``STAGING_MAX_AGE_S``; returns what it removed.

    A process still reading a removed copy keeps its mapping (the files go when it closes them).
    """
    now = time.time() if now is None else now
    removed = []
    for entry in root.iterdir():
        if entry.name.startswith(COPY_PREFIX):
            stale = not _source_unchanged(entry)
        elif entry.name.startswith(STAGING_PREFIX):
            try:
                stale = now - entry.stat().st_mtime > STAGING_MAX_AGE_S
            except OSError:
                continue  # published or removed by its process meanwhile
        else:
            continue
        if stale:
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def _source_unchanged(copy: Path) -> bool:
    """Whether the model file ``copy`` was unpacked from is still there, as it was."""
    try:
        source = json.loads((copy / "model.json").read_text(encoding="utf-8"))["source"]
        stat = Path(source["path"]).stat()
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return (stat.st_size, stat.st_mtime_ns) == (source["size"], source["mtime_ns"])


def _identifier_from(folder: Path) -> LanguageIdentifier:
    import numpy as np
    from py3langid.langid import LanguageIdentifier

    header = json.loads((folder / "model.json").read_text(encoding="utf-8"))
    nextmove = _mapped(folder / "nextmove.bin", header["nextmove_type"])
    rows = _mapped(folder / "rows.bin", header["rows_type"])
    output = _mapped(folder / "output.bin", "i")
    if len(rows) != len(output) or len(nextmove) != header["nextmove_len"]:
        raise ValueError(f"{folder}: the unpacked model is incomplete")
    return LanguageIdentifier(
        np.load(folder / "ptc.npy", mmap_mode="r"),
        np.load(folder / "pc.npy"),
        header["classes"],
        nextmove,
        output,
        norm_probs=True,
        tk_row=rows,
    )


def _mapped(path: Path, typecode: str) -> memoryview:
    """A read-only view of a file of machine integers; the mapping lives as long as the view."""
    if typecode not in INTEGER_TYPECODES:
        raise ValueError(f"{path}: unexpected item type {typecode!r}")
    with path.open("rb") as handle:
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    return memoryview(mapped).cast(typecode)  # type: ignore[call-overload]


def _unpack(identifier: Any, folder: Path) -> None:
    """Writes the identifier's tables to ``folder``, whole or not at all (a rename publishes them)."""
    import numpy as np

    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=folder.parent))
    model = _model_file()
    model_stat = model.stat()
    try:
        np.save(staging / "ptc.npy", np.ascontiguousarray(identifier.nb_ptc))
        np.save(staging / "pc.npy", np.asarray(identifier.nb_pc))
        (staging / "nextmove.bin").write_bytes(identifier.tk_nextmove.tobytes())
        (staging / "rows.bin").write_bytes(identifier.tk_row.tobytes())
        (staging / "output.bin").write_bytes(np.asarray(identifier.tk_output, dtype=np.intc).tobytes())
        header = {
            "classes": list(identifier.nb_classes),
            "nextmove_type": identifier.tk_nextmove.typecode,
            "nextmove_len": len(identifier.tk_nextmove),
            "rows_type": identifier.tk_row.typecode,
            "source": {"path": str(model), "size": model_stat.st_size, "mtime_ns": model_stat.st_mtime_ns},
        }
        (staging / "model.json").write_text(json.dumps(header), encoding="utf-8")
        try:
            staging.rename(folder)
        except OSError:
            if not folder.is_dir():
                raise  # not another process's copy in the way: a real failure
    finally:
        shutil.rmtree(staging, ignore_errors=True)
