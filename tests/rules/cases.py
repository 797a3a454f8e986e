"""Rule cases: small HTML sites, one folder each, and the outcome a rule must give on them.

Like axe-core's rule test pages: ``tests/rules/cases/<rule id>/<outcome>[-<name>]/`` holds the
pages of one tiny site (``index.html`` is the entry; ``contact.html`` is served at ``/contact``;
a sub-folder ``help/index.html`` at ``/help/``). The folder name starts with the outcome the rule
must give there: ``pass``, ``fail``, ``needs_review`` or ``not_applicable``.

An optional ``case.json`` changes how the site answers or is scanned::

    {"locale": "it-IT",                      # the locale the case is scanned from (default en-US)
     "status": {"/contact": 451},           # pages answering with another status
     "redirect": {"/contact": "/login"},    # pages answering 302 to another path
     "stall": ["/slow"],                    # pages that never finish loading
     "shared": {"/about": "about-a.html"},  # ordinary pages kept once in cases/_shared/
     "details": {"depth": 2}}               # details the finding must carry

Pages that many cases need unchanged (a shop's home, about and products pages) live once in
``cases/_shared/``; a case names the ones it serves, and its own files say what is particular to it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.sites import Firm, Response

CASES_DIR = Path(__file__).resolve().parent / "cases"
SHARED_DIR = CASES_DIR / "_shared"
OUTCOMES = ("needs_review", "not_applicable", "pass", "fail")


@dataclass(frozen=True)
class RuleCase:
    rule: str
    name: str
    folder: Path
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def outcome(self) -> str:
        return next(outcome for outcome in OUTCOMES if self.name.startswith(outcome))

    @property
    def host(self) -> str:
        return f"www.{self.name.replace('_', '-')}.{self.rule.replace('.', '-')}.test"

    @property
    def locale(self) -> str:
        return str(self.options.get("locale", "en-US"))

    @property
    def id(self) -> str:
        return f"{self.rule}/{self.name}"


def _url_path(page: Path, folder: Path) -> str:
    relative = page.relative_to(folder).as_posix()
    if relative == "index.html":
        return "/"
    if relative.endswith("/index.html"):
        return "/" + relative[: -len("index.html")]
    return "/" + relative.removesuffix(".html")


def _pages(case: RuleCase) -> dict[str, Any]:
    pages: dict[str, Any] = {
        path: SHARED_DIR / filename for path, filename in case.options.get("shared", {}).items()
    }
    for page in sorted(case.folder.rglob("*")):
        if page.is_file() and page.name != "case.json":
            pages[_url_path(page, case.folder)] = page
    for path, status in case.options.get("status", {}).items():
        pages[path] = Response(
            Path(pages[path]).read_text(encoding="utf-8") if path in pages else "", status=status
        )
    for path, target in case.options.get("redirect", {}).items():
        pages[path] = Response(status=302, headers={"Location": target})
    for path in case.options.get("stall", []):
        pages[path] = Response("<!doctype html><title>Loading</title><p>Loading", stall=True)
    return pages


def load_cases() -> list[RuleCase]:
    cases = []
    for folder in sorted(
        path for path in CASES_DIR.glob("*/*") if path.is_dir() and not path.parent.name.startswith("_")
    ):
        options_file = folder / "case.json"
        options = json.loads(options_file.read_text(encoding="utf-8")) if options_file.is_file() else {}
        cases.append(RuleCase(rule=folder.parent.name, name=folder.name, folder=folder, options=options))
    return cases


def case_firm(case: RuleCase) -> Firm:
    return Firm(name=case.id, title=case.id, hosts=(case.host,), pages=_pages(case))
