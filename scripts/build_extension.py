"""Packs the browser extension into a zip for Chrome, byte for byte the same on every build.

``make extension`` runs it: ``dist/supportcheck-extension.zip`` holds every file of
``extension/`` that Chrome loads (not the README), in sorted order, each dated 1980-01-01 with
the same permissions and compression, so two builds of the same sources are identical whatever
the files' times, the umask or the order the file system lists them in.

Usage: ``python scripts/build_extension.py [--source extension] [--output dist/supportcheck-extension.zip]``
"""

from __future__ import annotations

import argparse
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEFT_OUT = frozenset({"README.md"})  # documentation for people, not part of the extension
FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry
FILE_MODE = 0o100644  # a regular file, rw-r--r--


def package_files(source: Path) -> list[Path]:
    """The files that go into the package, sorted by their path inside it."""
    files = [
        path
        for path in source.rglob("*")
        if path.is_file() and path.name not in LEFT_OUT and not path.name.startswith(".")
    ]
    return sorted(files, key=lambda path: path.relative_to(source).as_posix())


def build(source: Path, output: Path) -> list[str]:
    """Writes the package; returns the names of its entries."""
    if not (source / "manifest.json").is_file():
        raise FileNotFoundError(f"{source} has no manifest.json: is it the extension folder?")
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".part")
    names = []
    with zipfile.ZipFile(partial, "w") as package:
        for path in package_files(source):
            entry = zipfile.ZipInfo(path.relative_to(source).as_posix(), date_time=FIXED_TIME)
            entry.external_attr = FILE_MODE << 16
            entry.create_system = 3  # Unix, whatever system builds it
            entry.compress_type = zipfile.ZIP_DEFLATED
            package.writestr(entry, path.read_bytes(), compresslevel=9)
            names.append(entry.filename)
    partial.replace(output)
    return names


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=ROOT / "extension")
    parser.add_argument("--output", type=Path, default=ROOT / "dist" / "supportcheck-extension.zip")
    args = parser.parse_args(argv)
    try:
        names = build(args.source, args.output)
    except (OSError, zipfile.BadZipFile) as error:
        print(f"build_extension: {error}", file=sys.stderr)
        return 1
    print(f"{args.output}: {len(names)} files, {args.output.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
