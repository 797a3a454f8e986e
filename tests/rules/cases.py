"""Rule cases: small HTML sites, one folder each, and the outcome a rule must give on them.

Like axe-core's rule test pages: ``tests/rules/cases/<rule id>/<outcome>[-<name>]/`` holds the
pages of one tiny site (``index.html`` is the entry; ``contact.html`` is served at ``/contact``;
a sub-folder ``help/index.html`` at ``/help/``). The folder name starts with the outcome the rule
must give there: ``pass``, ``fail``, ``needs_review`` or ``not_applicable``.

An optional ``case.json`` changes how the site answers or is scanned::

    {"locale": "it-IT",                      # the locale the case is scanned from (default en-US)
     "locales": ["en-US", "es-ES"],         # or several locales (scan rules compare them) ...
     "judge": "es-ES",                      # ... and the one whose finding is checked
     "apps": ["apple:1459000001"],          # apps the firm declares (the fake stores answer)
     "status": {"/contact": 451},           # pages answering with another status
     "language_status": {"de": {"/contact": 403}},  # the same, for one Accept-Language only
     "redirect": {"/contact": "/login"},    # pages answering 302 to another path
     "stall": ["/slow"],                    # pages that never finish loading
     "shared": {"/about": "about-a.html"},  # ordinary pages kept once in cases/_shared/
     "hosts": {"chat-x.test": {"/frame": "widget.html"}},  # other hosts (a cross-origin chat
                                            # frame) and their pages, from the case's folder
     "details": {"depth": 2},               # details the finding must carry
     "message_contains": "Vietnamese (vi)"} # words the finding's message must say

A sub-folder ``_lang-<language>/`` holds pages that visitors of that first Accept-Language get
instead of the case's own (``_lang-es/contact.html``: the Spanish contact page).

Pages that many cases need unchanged (a shop's home, about and products pages) live once in
``cases/_shared/``; a case names the ones it serves, and its own files say what is particular to it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.sites import Firm, Response
from tests.sites._model import Handler, Request

CASES_DIR = Path(__file__).resolve().parent / "cases"
SHARED_DIR = CASES_DIR / "_shared"
OUTCOMES = ("needs_review", "not_applicable", "pass", "fail")
LANG_DIR = "_lang-"


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
        """The locale whose finding the case checks."""
        return str(self.options.get("judge", self.options.get("locale", "en-US")))

    @property
    def locales(self) -> list[str]:
        """Every locale the case is scanned from."""
        return list(self.options.get("locales", [self.locale]))

    @property
    def apps(self) -> list[str]:
        return list(self.options.get("apps", []))

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


def _files(folder: Path) -> dict[str, Any]:
    return {
        _url_path(page, folder): page
        for page in sorted(folder.rglob("*"))
        if page.is_file()
        and page.name != "case.json"
        and not page.relative_to(folder).parts[0].startswith(LANG_DIR)
    }


def _with_status(pages: dict[str, Any], statuses: dict[str, int]) -> dict[str, Any]:
    answered = dict(pages)
    for path, status in statuses.items():
        answered[path] = Response(
            Path(pages[path]).read_text(encoding="utf-8") if path in pages else "", status=status
        )
    return answered


def _as_response(page: Any) -> Response:
    if isinstance(page, Response):
        return page
    return (
        Response(Path(page).read_text(encoding="utf-8")) if page is not None else Response("Not found", 404)
    )


def _by_language(default: dict[str, Any], editions: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Every path answered from the edition of the visitor's first language, else the default."""

    def page_at(path: str) -> Handler:
        def answer(request: Request) -> Response:
            edition = editions.get(request.primary_language(), default)
            return _as_response(edition.get(path))

        return answer

    paths = set(default).union(*editions.values())
    return {path: page_at(path) for path in paths}


def _pages(case: RuleCase) -> dict[str, Any]:
    options = case.options
    pages: dict[str, Any] = {
        path: SHARED_DIR / filename for path, filename in options.get("shared", {}).items()
    }
    pages.update(_files(case.folder))
    language_status: dict[str, dict[str, int]] = options.get("language_status", {})
    languages = {folder.name.removeprefix(LANG_DIR) for folder in case.folder.glob(f"{LANG_DIR}*")}
    editions = {
        language: _with_status(
            {**pages, **_files_of_language(case.folder, language)}, language_status.get(language, {})
        )
        for language in languages | set(language_status)
    }
    pages = _with_status(pages, options.get("status", {}))
    if editions:
        pages = _by_language(pages, editions)
    for path, target in options.get("redirect", {}).items():
        pages[path] = Response(status=302, headers={"Location": target})
    for path in options.get("stall", []):
        pages[path] = Response("<!doctype html><title>Loading</title><p>Loading", stall=True)
    return pages


def _files_of_language(folder: Path, language: str) -> dict[str, Any]:
    edition = folder / f"{LANG_DIR}{language}"
    return _files(edition) if edition.is_dir() else {}


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
    other_hosts: dict[str, dict[str, str]] = case.options.get("hosts", {})
    pages = _pages(case)
    pages.update(
        {
            f"{host}{path}": case.folder / filename
            for host, paths in other_hosts.items()
            for path, filename in paths.items()
        }
    )
    if other_hosts:
        # Served as text, so the server adds its port to the links to the other hosts.
        pages = {
            key: page.read_text(encoding="utf-8") if isinstance(page, Path) else page
            for key, page in pages.items()
        }
    return Firm(name=case.id, title=case.id, hosts=(case.host, *other_hosts), pages=pages)
