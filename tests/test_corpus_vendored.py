"""The vendored corpus is complete, unaltered and accounted for: every clone tests on the same bytes.

Git, an editor or a copy step that normalises line endings or encodings would quietly change what
detection is measured on; a page added without a label or a provenance line would break the
NOTICE's promise.
"""

from __future__ import annotations

import hashlib
import json

from tests.corpus import CORPUS_DIR

ROOT = CORPUS_DIR.parent.parent
THIRD_PARTY_FOLDERS = ("pages", "appstore")
LABEL_FILES = ("labels.json", "labels-more-languages.json")


def _listed_checksums() -> dict[str, str]:
    lines = (CORPUS_DIR / "SHA256SUMS").read_text(encoding="ascii").splitlines()
    return {name: digest for digest, name in (line.split(maxsplit=1) for line in lines)}


def test_third_party_files_are_the_bytes_that_were_copied() -> None:
    present = {
        path.relative_to(CORPUS_DIR).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for folder in THIRD_PARTY_FOLDERS
        for path in sorted((CORPUS_DIR / folder).iterdir())
    }
    assert len(present) == 60 + 3  # pages and app-store answers: none may go missing
    assert present == _listed_checksums()


def test_every_page_has_one_label_whose_source_the_notice_names() -> None:
    labels = [label for name in LABEL_FILES for label in json.loads((CORPUS_DIR / name).read_text("utf-8"))]
    pages = sorted(path.stem for path in (CORPUS_DIR / "pages").glob("*.html"))
    assert sorted(label["id"] for label in labels) == pages
    notice = (ROOT / "NOTICE").read_text(encoding="utf-8")
    for label in labels:
        source = label["source"]
        assert f"| {source['repo']} |" in notice and source["commit"] in notice, label["id"]
