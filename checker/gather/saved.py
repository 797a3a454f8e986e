"""A locale's gathered page facts, made during the crawl and saved beside its snapshots.

Gathering (matching every lexicon phrase against every block of text, identifying languages) is
most of the cost of judging a page. The crawl does it while its other tab loads the next page,
and writes the answers to ``snapshots/<locale>.gathered.json``; ``rejudge`` reads them back
instead of gathering again. The file is stamped with a fingerprint of the gathering code, its
data files and the libraries it leans on: after any change to them the file is ignored and the
pages are gathered afresh, so a saved answer is never one that today's code would not give.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any, get_type_hints

from pydantic import TypeAdapter

import checker
from checker.gather import gather_channels
from checker.gather.computed import GATHERERS, artifacts_of
from checker.gather.language import page_language
from checker.gather.pagekind import page_facts
from checker.snapshot import LocaleSnapshots, PageSnapshot

FORMAT = "supportcheck.gathered/v1"
LIBRARIES = ("phonenumbers", "py3langid", "ftfy", "tldextract", "pyahocorasick", "pydantic")


def gather_page(page: PageSnapshot, country: str) -> None:
    """Makes now what the judge will read of ``page`` (``rules.context.build_context``)."""
    if page.probe is None:
        return
    page_facts(page.probe, page.url, country)
    if page.error is None:
        gather_channels(page.probe, page.url, country)
        page_language(page.probe, page.content_language)


@cache
def gatherer_fingerprint() -> str:
    """A digest of the ``checker`` package's code and data and of the libraries' versions."""
    digest = hashlib.sha256()
    package = Path(checker.__file__).parent
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".json") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    for library in LIBRARIES:
        try:
            digest.update(f"{library}={metadata.version(library)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{library}=none".encode())
    return digest.hexdigest()


@cache
def _adapter(name: str) -> TypeAdapter[Any]:
    return TypeAdapter(get_type_hints(GATHERERS[name])["return"])


def saved_path(snapshot_file: Path) -> Path:
    return snapshot_file.with_name(snapshot_file.stem + ".gathered.json")


def save_gathered(locale: LocaleSnapshots, snapshot_file: Path) -> None:
    """Writes the answers gathered so far for the locale's pages beside its snapshot file."""
    pages = []
    for index, page in enumerate(locale.pages):
        if page.probe is None:
            continue
        answers = [
            {
                "gatherer": name,
                "args": list(args),
                "kwargs": dict(kwargs),
                "value": _adapter(name).dump_python(value, mode="json"),
            }
            for (name, args, kwargs), value in artifacts_of(page.probe).items()
        ]
        if answers:
            pages.append({"page": index, "url": page.url, "answers": answers})
    document = {"format": FORMAT, "fingerprint": gatherer_fingerprint(), "pages": pages}
    target = saved_path(snapshot_file)
    temporary = target.with_suffix(".part")
    temporary.write_text(json.dumps(document, separators=(",", ":")), encoding="utf-8")
    temporary.replace(target)


def load_gathered(locale: LocaleSnapshots, snapshot_file: Path) -> int:
    """Seeds the locale's pages with the saved answers; how many pages were seeded.

    A missing, unreadable or stale file (other code or data) seeds nothing: the judge gathers.
    """
    path = saved_path(snapshot_file)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 0
    if document.get("format") != FORMAT or document.get("fingerprint") != gatherer_fingerprint():
        return 0
    seeded = 0
    for entry in document.get("pages", []):
        index = entry.get("page")
        if not isinstance(index, int) or not 0 <= index < len(locale.pages):
            continue
        page = locale.pages[index]
        if page.probe is None or page.url != entry.get("url"):
            continue
        answers = artifacts_of(page.probe)
        for answer in entry.get("answers", []):
            name = answer["gatherer"]
            if name not in GATHERERS:
                continue
            key = (name, tuple(answer["args"]), tuple(sorted(answer["kwargs"].items())))
            answers[key] = _adapter(name).validate_python(answer["value"])
        seeded += 1
    return seeded
