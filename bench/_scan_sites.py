"""The sites the scan benchmark crawls: a generated text-heavy site and the real-page corpus, on loopback.

The text-heavy site is the one issue 10 measured: pages of about 50 KB of short lorem-ipsum
paragraphs (``factor`` times as many for the scaling table), 19 links in a ``<nav>``, a "Contact
us" link in the header and the footer, and one contact page with a ``tel:`` link and service
hours. Every paragraph is different, as on a real site, so no cache of repeated texts flatters
the figures. The corpus site is an index page linking the vendored real pages in
``tests/corpus/pages`` (never ``../shared``).
"""

from __future__ import annotations

import random
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS_PAGES = ROOT / "tests" / "corpus" / "pages"
PARAGRAPHS_PER_PAGE = 600
NAV_LINKS = 19
LOREM = (
    "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore"
    " et dolore magna aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris nisi aliquip"
    " ex ea commodo consequat duis aute irure in reprehenderit voluptate velit esse cillum eu fugiat"
    " nulla pariatur excepteur sint occaecat cupidatat non proident sunt culpa qui officia deserunt"
    " mollit anim id est laborum"
).split()
CSS = "body{font:16px/1.5 sans-serif;margin:0}header,footer,nav{padding:.5em}main{max-width:60em}"
CONTACT_BODY = (
    "<h2>Call us</h2><p>Phone: <a href='tel:+12025550123'>(202) 555-0123</a></p>"
    "<p>Our service hours are Monday to Friday 9am-5pm and Saturday 10am-2pm.</p>"
    "<p>Or write to help@bench.test.</p>"
)


def _paragraphs(rng: random.Random, count: int) -> str:
    """``count`` different short paragraphs of about 80 characters each."""
    return "".join(
        "<p>" + " ".join(rng.choice(LOREM) for _ in range(12)).capitalize() + ".</p>" for _ in range(count)
    )


def text_site_paths(pages: int) -> list[str]:
    """The site's page paths: the home page, the contact page, then numbered pages."""
    return ["/", "/contact/", *(f"/p/{number}/" for number in range(1, pages - 1))]


def build_text_site(root: Path, pages: int = 60, factor: int = 1) -> list[str]:
    """Writes the text-heavy site under ``root``; returns its page paths.

    Args:
        root: an empty folder to serve.
        pages: how many HTML pages.
        factor: how many times the usual text (600 paragraphs, about 50 KB) each page carries.
    """
    paths = text_site_paths(pages)
    (root / "site.css").write_text(CSS)
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    for index, path in enumerate(paths):
        # The nav links the next 19 pages round the site, so every page is a few clicks away.
        ring = [paths[(index + step) % len(paths)] for step in range(1, NAV_LINKS + 1)]
        nav = "".join(f'<a href="{target}">Page {paths.index(target)}</a> ' for target in ring)
        rng = random.Random(f"{factor}:{path}")
        body = CONTACT_BODY if path == "/contact/" else ""
        html = (
            f"<!doctype html><html lang=en><head><meta charset=utf-8><title>Bench Co {index}</title>"
            f'<link rel=stylesheet href="/site.css"></head><body>'
            f'<header><a href="/">Bench Co</a> <a href="/contact/">Contact us</a></header>'
            f"<nav>{nav}</nav><main><h1>Page {index}</h1>{body}"
            f"{_paragraphs(rng, PARAGRAPHS_PER_PAGE * factor)}</main>"
            f'<footer><a href="/contact/">Contact us</a> <a href="/">Home</a></footer></body></html>'
        )
        target = root / path.strip("/") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html)
    return paths


def build_corpus_site(root: Path) -> list[str]:
    """An index page linking every vendored corpus page; returns the page paths, index first.

    Raises:
        FileNotFoundError: the corpus is not vendored in ``tests/corpus/pages``.
    """
    pages = sorted(CORPUS_PAGES.glob("*.html"))
    if not pages:
        raise FileNotFoundError(f"no corpus pages in {CORPUS_PAGES}")
    (root / "pages").symlink_to(CORPUS_PAGES, target_is_directory=True)
    links = "".join(f'<li><a href="/pages/{page.name}">{page.stem}</a></li>' for page in pages)
    (root / "index.html").write_text(
        f"<!doctype html><html lang=en><head><meta charset=utf-8><title>Corpus</title></head>"
        f"<body><main><h1>Corpus</h1><ul>{links}</ul></main></body></html>"
    )
    return ["/", *(f"/pages/{page.name}" for page in pages)]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        """Silent: the benchmark prints figures only."""


class QuietServer(ThreadingHTTPServer):
    request_queue_size = 128  # socketserver's 5 drops the SYNs of a browser's parallel connections

    def handle_error(self, request: object, client_address: object) -> None:
        """Silent: a browser that drops a connection mid-answer is no news."""


class LoopbackSite:
    """Serves a folder on 127.0.0.1 for the length of a ``with`` block."""

    def __init__(self, root: Path) -> None:
        self._server = QuietServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(root)))

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> LoopbackSite:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
